"""Writes the README's layout of pages/, geo/ and tests/ from the modules' own one-line docstrings, in flow order.

    python scripts/readme_layout.py           print the layout
    python scripts/readme_layout.py --write   replace the block between the README's layout markers

``tests/test_architecture.py`` checks that the README lists every module, so run ``--write`` after adding,
moving or removing one.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_architecture import LAYERS  # noqa: E402 - the flow order is kept there, once

START, END = "<!-- layout:start -->", "<!-- layout:end -->"
NAME_WIDTH = 26


def summary(path: Path) -> str:
    """The first line of a module's docstring ("" when it has none)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().split("\n")[0].strip()


def _line(indent: int, name: str, text: str) -> str:
    head = "  " * indent + name
    return f"{head:<{NAME_WIDTH}} {text}".rstrip() if text else head


def _package(folder: Path, indent: int) -> list[str]:
    """A package's modules, then its sub-packages, each with its summary."""
    lines = []
    for path in sorted(folder.glob("*.py")):
        if path.name != "__init__.py":
            lines.append(_line(indent, path.name, summary(path)))
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        lines.append(_line(indent, sub.name + "/", summary(sub / "__init__.py")))
        lines.extend(_package(sub, indent + 1))
    return lines


def flow_order() -> list[str]:
    """geo's modules and packages in the order data flows through them (tests/test_architecture.py LAYERS)."""
    names = [n for layer in LAYERS for n in layer if n != "__init__"]
    present = {p.stem if p.is_file() else p.name for p in (ROOT / "geo").iterdir()
               if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").exists()}
    return [n for n in names if n in present] + sorted(present - set(names))


def layout() -> str:
    """The layout block: pages/, geo/ in flow order, tests/ (its folders mirror geo's)."""
    lines = [_line(0, "pages/", "thin Streamlit pages: read widgets, call geo, render")]
    lines += [_line(1, p.name, summary(p)) for p in sorted((ROOT / "pages").glob("*.py"))]
    lines.append(_line(0, "geo/", summary(ROOT / "geo" / "__init__.py")))
    for name in flow_order():
        folder = ROOT / "geo" / name
        if folder.is_dir():
            lines.append(_line(1, name + "/", summary(folder / "__init__.py")))
            lines.extend(_package(folder, 2))
        else:
            lines.append(_line(1, name + ".py", summary(folder.with_suffix(".py"))))
    lines.append(_line(0, "tests/", "mirrors geo/: one folder per stage, plus app/ (AppTest) and e2e/ (Playwright "
                                    "in Debian Chromium)"))
    folders = sorted(p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith("__"))
    lines.append("  " + "/ ".join(folders) + "/")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="replace the README's layout block")
    args = parser.parse_args(argv)
    block = layout()
    if not args.write:
        print(block)
        return 0
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md has no {START} ... {END} markers in its Layout section; add them where the block goes",
              file=sys.stderr)
        return 2
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(f"{head}{START}\n```\n{block}\n```\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
