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



# The geocoder's answer cache is a file of its own (a cache of online answers, not the event store).
_OWN_DATABASES = {"geo/geocode/cached.py"}
_SQL = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE)\b.+\b(?:FROM|INTO|SET)\b|\.execute(?:many)?\(")


def test_sql_lives_only_in_the_store():
    offenders = []
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "geo").rglob("*.py")]:
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("geo/store/") or rel in _OWN_DATABASES:
            continue
        offenders += [f"{rel}:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                      if _SQL.search(line)]
    assert offenders == []


def test_no_select_star_whose_row_would_be_read_by_position():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "geo").rglob("*.py")
                 if re.search(r"SELECT\s+\*", p.read_text(encoding="utf-8"), re.I)]
    assert offenders == []

# -- the stages' order ------------------------------------------------------------------------------
# Data flows one way. A module may import from its own layer and the layers above it in this list,
# never from a later one; the base layer sits below everything. Top-level modules and packages of
# geo/ are named by their first component (geo.resolve.places -> "resolve").
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "models", "errors", "config"),  # base: the model, the exception tree, the settings
    ("gazetteer",),  # offline names and coordinates, read by recognition and resolution
    ("ingest",),  # files or collections -> Article
    ("extract",),  # sentences -> mentions -> Event, places unresolved
    ("geocode",),  # geopy-shaped backends the resolver may ask
    ("resolve",),  # every place mention -> coordinates, precision, extent, reason
    ("toponyms",),  # the geoparser of running text, over the resolver's ranker
    ("sorties",),  # reported events -> real occurrences
    ("review",),  # analysts' corrections as a pure model: validate, apply, undo, preview a form's changes
    ("store",),  # SQLite; all SQL lives here
    ("pipeline",),  # ingest -> extract -> resolve -> store over many files
    ("query",),  # pandas views of stored events
    ("render",),  # folium layers, popups, exports
    ("ui",),  # Streamlit helpers for the pages
    ("cli", "__main__"),  # python -m geo
)


def _module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_graph(root: Path = ROOT / "geo") -> dict[str, set[str]]:
    """Module -> the geo modules it imports (anywhere in the file, function-level imports included)."""
    files = {_module_name(p, root.parent): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                for a in node.names:
                    deps.add(f"{base}.{a.name}" if f"{base}.{a.name}" in files else base)
        graph[mod] = {d for d in deps if d in files and d != mod}
    return graph


def layer_of(module: str) -> int:
    """Index in LAYERS of a geo module ("geo.resolve.places" -> the resolve layer)."""
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    for i, names in enumerate(LAYERS):
        if head in names:
            return i
    raise AssertionError(f"geo module {module!r} is in no layer of LAYERS; add {head!r} where it belongs")


def backward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import that runs back up the flow: 'geo.store.x -> geo.render.y'."""
    return sorted(f"{m} -> {d}" for m, deps in graph.items() for d in deps if layer_of(d) > layer_of(m))


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def test_no_import_runs_back_up_the_flow():
    assert backward_imports(import_graph()) == []


def test_no_import_circles():
    assert import_cycles(import_graph()) == []


def test_every_geo_module_has_a_layer():
    for mod in import_graph():
        layer_of(mod)


def test_the_checks_catch_a_backward_import_and_a_circle(tmp_path):
    # A tiny library with one import back up the flow (store -> render) and one circle (a <-> b).
    lib = tmp_path / "geo"
    for rel, body in {
        "__init__.py": "", "store/__init__.py": "", "render/__init__.py": "",
        "store/sqlite.py": "from geo.render import popups\n", "render/popups.py": "",
        "query/__init__.py": "", "query/a.py": "from geo.query import b\n",
        "query/b.py": "def f():\n    from geo.query import a\n",
    }.items():
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        (lib / rel).write_text(body, encoding="utf-8")
    graph = import_graph(lib)
    assert backward_imports(graph) == ["geo.store.sqlite -> geo.render.popups"]
    assert import_cycles(graph) == [["geo.query.a", "geo.query.b"]]


def readme_layout_paths() -> set[str]:
    """The files and folders the README's generated layout block lists, as paths ("geo/extract/dates.py")."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- layout:start -->", 1)[1].split("<!-- layout:end -->", 1)[0]
    stack: list[str] = []
    paths = set()
    for line in block.strip().strip("`").strip("\n").splitlines():
        if not line.strip() or line.startswith("```"):
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        name = line.split()[0]
        if depth == 1 and stack and stack[0] == "tests/":
            paths.update("tests/" + n.rstrip("/") for n in line.split())  # the test folders, on one line
            continue
        stack = stack[:depth] + [name]
        paths.add("".join(stack))
    return paths


def test_the_readme_layout_lists_every_module_in_flow_order():
    listed = readme_layout_paths()
    modules = {p.relative_to(ROOT).as_posix() for p in [*(ROOT / "geo").rglob("*.py"), *(ROOT / "pages").glob("*.py")]
               if p.name != "__init__.py" and "__pycache__" not in p.parts}
    packages = {p.parent.relative_to(ROOT).as_posix() + "/" for p in (ROOT / "geo").rglob("__init__.py")} - {"geo/"}
    missing = sorted((modules | packages) - listed)
    assert missing == [], f"README.md's layout misses {missing}: run `python scripts/readme_layout.py --write`"
    gone = sorted(p for p in listed - modules - packages if p.startswith(("geo/", "pages/")) and p not in
                  ("geo/", "pages/"))
    assert gone == [], f"README.md's layout lists modules that no longer exist: {gone}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    geo = readme.split("<!-- layout:start -->", 1)[1].split("\ngeo/", 1)[1]
    top = [line.split()[0] for line in geo.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    top = [n.removesuffix(".py").removesuffix("/") for n in top]
    layer = {n: i for i, names in enumerate(LAYERS) for n in names}
    assert top == sorted(top, key=lambda n: layer.get(n, len(LAYERS))), "geo/ is not listed in flow order"


def test_every_stage_has_a_test_folder_that_mirrors_it():
    stages = {p.parent.name for p in (ROOT / "geo").glob("*/__init__.py")}
    missing = sorted(s for s in stages if not (ROOT / "tests" / s).is_dir())
    assert missing == []
    assert {f"tests/{s}" for s in stages} <= readme_layout_paths()
