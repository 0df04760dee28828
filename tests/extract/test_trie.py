"""Tests of geo/extract/trie.py: one prefix-tree regex finds what the flat, longest-first alternation found."""
from __future__ import annotations

import csv
import random
import re

from geo.config import DATA_DIR
from geo.extract.curated import flexible_char
from geo.extract.trie import trie_pattern


MILITARY = DATA_DIR / "gazetteer" / "military.csv"


def _flat(names, token=re.escape) -> str:
    return "|".join("".join(token(c) for c in n) for n in sorted(names, key=len, reverse=True))


def _spans(pattern: str, text: str, flags: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, flags)]


def test_longest_name_wins_and_a_shorter_one_is_the_fallback():
    p = trie_pattern(["Sea", "Sea of Japan", "Sea of Japan Coast"])
    assert [text[s:e] for text in ["the Sea of Japan, the Sea of Okhotsk"] for s, e in _spans(p, text)] == [
        "Sea of Japan", "Sea"]


def test_random_names_and_texts_give_the_spans_of_the_flat_alternation():
    rng = random.Random(11)
    alphabet = "ab -c"
    for _ in range(500):
        names = {"".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 6))).strip() or "a" for _ in range(12)}
        text = "".join(rng.choice(alphabet + "  ") for _ in range(120))
        assert _spans(trie_pattern(names), text) == _spans(_flat(names), text)


def test_every_curated_place_name_in_every_spelling_gives_the_spans_of_the_flat_alternation():
    # The place finder's names tolerate any dash and run of spaces; with such tokens a tree could in
    # principle prefer another name than the flat, longest-first alternation: on the gazetteer it does not.
    names = {n.strip() for row in csv.DictReader(open(MILITARY, encoding="utf-8", newline=""))
             for n in [row["name"], *row["aliases"].split("|")] if n.strip()}
    spellings = [v for n in sorted(names) for v in (n, n.lower(), n.upper(), n.replace(" ", "  "),
                                                    n.replace("-", " "), n.replace(" ", "\n"), n + "s")]
    text = ", ".join(spellings) + " " + " ".join(spellings)
    flat = _spans(_flat(names, flexible_char), text, re.I)
    assert _spans(trie_pattern(names, flexible_char, fold=str.lower), text, re.I) == flat
    assert len(flat) > 5_000


def test_folded_names_match_in_any_case_including_dotted_capital_i():
    p = trie_pattern(["İncirlik Air Base", "Korean Peninsula", "korean peninsula"], fold=str.lower)
    text = "İncirlik Air Base, INCIRLIK AIR BASE and the korean PENINSULA"
    assert _spans(p, text, re.I) == _spans(_flat(["İncirlik Air Base", "Korean Peninsula"]), text, re.I)
    assert len(_spans(p, text, re.I)) == 3


def test_no_names_never_match():
    assert re.search(trie_pattern([]), "anything") is None


def test_a_scouted_pattern_finds_exactly_the_flat_patterns_matches_on_every_catalogue_spelling():
    # With optional dashes a bare tree prefers other names than the flat alternation ("H5" before
    # "H5 bomber"); scouted, the tree only says where a match starts and the flat pattern says which.
    from geo.extract.aircraft import _surface_regex, load_catalogue
    from geo.extract.trie import ScoutedPattern
    forms = load_catalogue()._forms
    spellings = [v for f in forms for v in (f, f.replace("-", " "), f.replace("-", ""), f + "s", f.replace(" ", "-"),
                                            f.upper(), f.replace("-", "–"))]
    text = ", ".join(spellings) + " " + " ".join(spellings)
    flat = re.compile(rf"(?<!\w)(?:{_flat(forms, _surface_regex)})(?!\w)")
    scout = re.compile(rf"(?<!\w)(?:{trie_pattern(forms, _surface_regex)})(?!\w)")
    found = [m.span() for m in ScoutedPattern(flat, scout).finditer(text)]
    assert found == [m.span() for m in flat.finditer(text)] and len(found) > 10_000
