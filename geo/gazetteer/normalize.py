"""Name normalisation shared by the gazetteer index and every lookup: one key per spelling family."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Abbreviations that place names use interchangeably with the full word ("St. Louis", "Saint Louis").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_TOKEN = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"['’`ʼ‘]")


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Fold a place name to its index key.

    Case-folded, accents stripped, apostrophes removed, other punctuation, hyphens and spaces
    ignored, a leading "the" dropped and "St"/"Mt"/"Ft" expanded.

    Parameters
    ----------
    name : str
        A place name as written.

    Returns
    -------
    str
        The key; "" when the name has no letters or digits.

    Examples
    --------
    >>> normalize_name("the Korean Peninsula") == normalize_name("Korean peninsula")
    True
    >>> normalize_name("U.S.") == normalize_name("US")
    True
    >>> normalize_name("St. Louis") == normalize_name("Saint-Louis")
    True
    >>> normalize_name("Zürich")
    'zurich'
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _APOSTROPHES.sub("", s)
    tokens = _TOKEN.findall(s)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return "".join(_ABBREVIATIONS.get(t, t) for t in tokens)
