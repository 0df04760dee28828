"""What the resolver is asked about one place name: its words, its normalised key and how it was found."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo.gazetteer import normalize_name

_SUFFIXES = re.compile(r"\s+(?:county|province|prefecture|district|region|governorate|oblast|municipality|"
                       r"state|city|department|parish|territory)$", re.IGNORECASE)


@dataclass
class NameQuery:
    """A candidate place-name span before resolution, from the geoparser or from event extraction."""

    start: int
    end: int
    text: str
    key: str
    label: str = ""  # spaCy label when NER found it
    curated: list[str] = field(default_factory=list)  # curated entry ids the matcher found it with
    anaphor: str = ""  # feature word of "the peninsula"-style references
    hint_for: int | None = None  # index of the mention this one qualifies ("Okinawa, Japan")
    abbrev: bool = False  # matched as a region abbreviation ("Mo.", "B.C.")
    weak: bool = False  # needs support from the rest of the text (a bare "NSW" needs Australia)
    cityish: bool = False  # a capitalised name NER missed that matches a GeoNames city
    sentence_initial: bool = False



def suffix_key(text: str) -> str:
    """Key of a name without its administrative suffix ("Metcalfe County" -> "metcalfe")."""
    stripped = _SUFFIXES.sub("", text)
    return normalize_name(stripped) if stripped != text else ""
