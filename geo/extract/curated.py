"""Regexes over the curated names of the military gazetteer, scouted by a prefix tree, as the place finder matches them."""
from __future__ import annotations

import csv
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.extract.trie import ScoutedPattern, trie_pattern


def flexible_char(ch: str) -> str:
    """The regex for one character of a name: line breaks, double spaces and any dash are tolerated."""
    if ch in "'’":
        return "['’]"
    if ch == " ":
        return r"\s+"
    if ch in "-\u2010\u2011\u2012\u2013\u2014":
        return r"[-\u2010-\u2014\s]"
    return re.escape(ch)

@lru_cache(maxsize=2)
def curated_names(path: Path | None = None) -> tuple[ScoutedPattern, ScoutedPattern]:
    """Regexes over curated names: multi-word ones case-insensitive ("korean peninsula"), acronyms exact."""
    path = path or DATA_DIR / "gazetteer" / "military.csv"
    loose, exact = set(), set()
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for name in [row["name"], *row["aliases"].split("|")]:
                    name = name.strip()
                    if not name:
                        continue
                    (loose if (" " in name or "-" in name) and not name.isupper() else exact).add(name)

    def alt(names: set[str]) -> str:
        return "|".join("".join(map(flexible_char, n)) for n in sorted(names, key=len, reverse=True)) or "(?!)"

    def scouted(names: set[str], flags: int, fold: Callable[[str], str] | None) -> ScoutedPattern:
        # The flat alternation tried every name at every position (1.2 s a megabyte); a prefix tree over the
        # same names finds where matches start, and the flat pattern, matched there, says which name it is.
        return ScoutedPattern(re.compile(rf"(?<![\w-])(?:{alt(names)})(?![\w-])", flags),
                              re.compile(rf"(?<![\w-])(?:{trie_pattern(names, flexible_char, fold=fold)})(?![\w-])",
                                         flags))
    return scouted(loose, re.I, str.lower), scouted(exact, 0, None)


__all__ = ["curated_names", "flexible_char"]
