"""normalize_name folds the spellings of one name to one key."""
from __future__ import annotations

import pytest

from geo.gazetteer import normalize_name


@pytest.mark.parametrize("a, b", [
    ("Korean Peninsula", "the korean peninsula"),
    ("U.S.", "US"),
    ("Punggye-ri", "Punggye ri"),
    ("Zürich", "Zurich"),
    ("St. Louis", "Saint-Louis"),
    ("Côte d'Ivoire", "Cote d’Ivoire"),
])
def test_spelling_variants_share_a_key(a, b):
    assert normalize_name(a) == normalize_name(b)


def test_different_names_keep_different_keys():
    assert normalize_name("North Korea") != normalize_name("South Korea")


def test_the_alone_is_not_dropped():
    assert normalize_name("The") == "the"


def test_punctuation_only_gives_empty_key():
    assert normalize_name(" - . ") == ""
