"""Tests of geo/extract/trie.py: one prefix-tree regex finds what the flat, longest-first alternation found."""
from __future__ import annotations

import random
import re

from geo.extract.aircraft import _surface_token, load_catalogue
from geo.extract.trie import trie_pattern


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


def test_every_catalogue_form_in_every_spelling_gives_the_spans_of_the_flat_alternation():
    # With optional dashes a flat alternation is first-name-wins, not longest-match; on names such as
    # "b--a" and "ba-b" the two differ, but on the catalogue's designators and names they agree.
    catalogue = load_catalogue()
    spellings = [v for f in catalogue._forms for v in (f, f.replace("-", " "), f.replace("-", ""), f + "s",
                                                        f.replace(" ", "-"), f.upper(), f.replace("-", "–"))]
    text = ", ".join(spellings) + " " + " ".join(spellings)
    flat = _spans(_flat(catalogue._forms, _surface_token), text)
    assert _spans(trie_pattern(catalogue._forms, _surface_token), text) == flat
    assert len(flat) > 5_000


def test_folded_names_match_in_any_case_including_dotted_capital_i():
    p = trie_pattern(["İncirlik Air Base", "Korean Peninsula", "korean peninsula"], fold=str.lower)
    text = "İncirlik Air Base, INCIRLIK AIR BASE and the korean PENINSULA"
    assert _spans(p, text, re.I) == _spans(_flat(["İncirlik Air Base", "Korean Peninsula"]), text, re.I)
    assert len(_spans(p, text, re.I)) == 3


def test_no_names_never_match():
    assert re.search(trie_pattern([]), "anything") is None
