"""The layout promises: the library never imports Streamlit outside geo/ui, and the README documents what users set."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from geo.config import setting_help

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_library_does_not_import_streamlit_outside_ui():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "geo").rglob("*.py")
                 if "ui" not in p.relative_to(ROOT / "geo").parts[:1] and
                 {"streamlit", "streamlit_folium"} & _imports(p)]
    assert offenders == []


def test_every_library_module_starts_with_a_docstring():
    missing = [str(p.relative_to(ROOT)) for p in (ROOT / "geo").rglob("*.py")
               if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert missing == []


def test_pages_stay_thin():
    for page in (ROOT / "pages").glob("*.py"):
        assert len(page.read_text(encoding="utf-8").splitlines()) < 200, f"{page.name} holds logic for geo/"


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in setting_help() if f"GEO_{name.upper()}" not in readme]
    assert missing == []


def test_readme_lists_the_bad_input_limits_and_their_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Bad input\n", 1)[1].split("\n## ", 1)[0]
    for words in ("GEO_MAX_FILE_MB", "GEO_EARLIEST_DATE", "GEO_YEARS_AHEAD", "not a regular file", "symbolic link loop",
                  "unsupported file type", "same text as", "outside the accepted window", "cannot read folder"):
        assert words in section, words


def test_readme_commands_match_the_makefile_and_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_requirements_are_pinned():
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r"):
            assert "==" in line, f"unpinned requirement: {line}"


def test_no_material_icons_because_streamlit_fetches_their_font_from_google():
    offenders = [str(p.relative_to(ROOT)) for p in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"),
                                                    *(ROOT / "geo").rglob("*.py")]
                 if ":material/" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_no_emoji_icons_because_an_offline_laptop_may_have_no_colour_emoji_font():
    # Seen on this machine: the download buttons' emoji drew as empty boxes.
    emoji_icon = re.compile(r"""icon\s*=\s*["'][^"'\x00-\x7f]""")
    offenders = [str(p.relative_to(ROOT)) for p in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"),
                                                    *(ROOT / "geo").rglob("*.py")]
                 if emoji_icon.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# The flow of the README and the brief: a stage imports only from stages on its left (or its own).
STAGES = (("errors", "models"), ("config",), ("gazetteer",), ("ingest",), ("extract", "geocode", "toponyms"),
          ("resolve",), ("store",), ("pipeline",), ("query",), ("render",), ("ui",), ("cli", "__main__"))
_RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}


def _geo_imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """The ``geo.*`` modules a file imports (anywhere in it, or only at module level).

    ``from geo.render import popups`` imports the submodule ``geo.render.popups``; any other name
    imported that way comes from the package's ``__init__``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("geo."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("geo.") and not node.level:
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                out.add(sub if sub in GEO_MODULES else node.module)
    return out


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


GEO_MODULES = {_module_name(p) for p in (ROOT / "geo").rglob("*.py")}


def test_every_library_package_has_a_stage():
    packages = {p.relative_to(ROOT / "geo").parts[0].removesuffix(".py") for p in (ROOT / "geo").rglob("*.py")}
    assert packages - {"__init__"} <= set(_RANK), sorted(packages - set(_RANK) - {"__init__"})


def test_imports_only_go_to_earlier_stages():
    offenders = []
    for path in (ROOT / "geo").rglob("*.py"):
        own = path.relative_to(ROOT / "geo").parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for module in _geo_imports(path):
            other = module.split(".")[1]
            if other != own and _RANK[other] > _RANK[own]:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_no_import_circles_between_modules():
    files = {_module_name(p): p for p in (ROOT / "geo").rglob("*.py")}
    graph = {name: {m for m in _geo_imports(path, top_level_only=True) if m in files and m != name}
             for name, path in files.items()}
    cycles, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for nxt in sorted(graph[name]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
