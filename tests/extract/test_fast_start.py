"""Tests of geo/extract/fast_start.py: the look-ahead on first characters changes no match of any vocabulary pattern."""
from __future__ import annotations

import json
import random
import re
import string

import pytest

from geo.config import DATA_DIR
from geo.extract.fast_start import fast_start


def _rows():
    for path in sorted((DATA_DIR / "patterns").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if isinstance(row.get("pattern"), str):
                yield path.name, row


def _text(rows) -> str:
    rng = random.Random(4)
    said = [s for _, r in rows for s in (*r.get("examples", []), *r.get("counter_examples", []))]
    noise = "".join(rng.choice(string.ascii_letters + " .,;-'’") for _ in range(5_000))
    return " ".join(said) + " " + noise + " " + " ".join(s.upper() for s in said)


ROWS = list(_rows())
TEXT = _text(ROWS)


@pytest.mark.parametrize("flags", [0, re.I])
def test_every_vocabulary_pattern_finds_the_same_matches_with_the_look_ahead(flags):
    assert len(ROWS) > 50
    sped = 0
    for name, row in ROWS:
        plain = re.compile(row["pattern"], flags)
        fast = fast_start(plain)
        sped += fast is not plain
        assert [m.span() for m in fast.finditer(TEXT)] == [m.span() for m in plain.finditer(TEXT)], (name, row["id"])
    assert sped > len(ROWS) // 2  # most patterns get the look-ahead


@pytest.mark.parametrize("pattern", [r"\w+", r"(?:a|)b", r"x?", r"[^a]b", r".b", r"(?=a)\w", r"\d+"])
def test_a_pattern_whose_first_characters_are_unknown_is_left_alone(pattern):
    p = re.compile(pattern)
    assert fast_start(p) is p or [m.span() for m in fast_start(p).finditer("a ab b1 xb")] == [
        m.span() for m in p.finditer("a ab b1 xb")]


def test_case_insensitive_first_characters_include_unicode_case_folds():
    # Under re.I a "k" also matches the Kelvin sign; the look-ahead is compiled with the same flags.
    p = re.compile(r"\bkilo\b", re.I)
    assert [m.group(0) for m in fast_start(p).finditer("KILO kilo \u212Ailo")] == ["KILO", "kilo", "\u212Ailo"]
