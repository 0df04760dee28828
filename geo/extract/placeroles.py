"""Tells a place mention's role (origin or location) from the cue before it, with the cues of data/patterns/place_roles.jsonl."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from geo.config import DATA_DIR
from geo.extract.patterns import load_patterns
from geo.extract.vocab import place_words


@dataclass(frozen=True)
class PlaceRules:
    """Role cues loaded from ``data/patterns/place_roles.jsonl``.

    ``origin_weak`` cues ("from") mark an origin only when the clause speaks of aircraft or flying:
    "escorts from Okinawa" is an origin, "pressure from North Korea" is not.
    """

    origin: re.Pattern[str]
    origin_weak: re.Pattern[str]
    origin_weak_needs: re.Pattern[str]
    location: re.Pattern[str]
    connector: re.Pattern[str]

    @classmethod
    def load(cls, path: Path | None = None) -> "PlaceRules":
        """Read the validated cue rows of ``place_roles.jsonl`` (label = role; ``needs`` is a regex).

        Raises
        ------
        ConfigurationError
            When the file is invalid (see ``geo.extract.patterns``).
        """
        rows = load_patterns(path or DATA_DIR / "patterns" / "place_roles.jsonl", regex_keys=("needs",)).rows
        pats: dict[str, list[str]] = {"origin": [], "origin_weak": [], "location": [], "connector": []}
        needs: list[str] = []
        for row in rows:
            pats[row.label].append(row.regex.pattern)
            if "needs" in row.extra_regex:
                needs.append(row.extra_regex["needs"].pattern)

        def comp(ps: list[str]) -> re.Pattern[str]:
            return re.compile("|".join(ps) or "(?!)", re.I)
        return cls(comp(pats["origin"]), comp(pats["origin_weak"]), comp(needs), comp(pats["location"]),
                   comp(pats["connector"]))

def clause_before(text: str, start: int) -> str:
    """The clause that ends at ``start`` (at most 80 characters back, cut at the place words' clause cuts)."""
    before = text[max(0, start - 80): start]
    parts = place_words().clause_cut.split(before)
    return parts[-1] if parts else before

# "to monitor North Korea", "to counter Iran": "to" before a verb is a purpose, not a destination.
_TO_VERB = re.compile(r"\bto\s+(?!the\b|a\b|an\b)[a-z]+\s+(?:the\s+)?$")

# "a message of pressure to the North", "a warning to Pyongyang": "to" names who hears it, not where.
_TO_RECIPIENT = re.compile(r"\b(?:message|warning|signal|pressure|threat|response|reply|letter|notice|appeal|"
                           r"call|offer|protest|complaint|ultimatum)s?\b[^.;,]{0,40}\bto\s+(?:the\s+)?$", re.I)

# "breached its air defense identification zone (KADIZ)": the acronym names the zone just described.
_DESCRIBED = re.compile(r"(?:\b(?:its|the|their|his|her)\s+)?(?:[a-z][\w-]*\s+){0,4}(?:zone|area|sea|strait|airspace|"
                        r"islands?|base|airfield|peninsula)\s*\($")

def cue_role(text: str, start: int, rules: PlaceRules) -> str:
    """The role the cue before ``text[start:]`` gives a place: "origin", "location" or "" (no cue)."""
    before = clause_before(text, start)
    before = _DESCRIBED.sub("", before)
    # "in the open waters of the East Sea", "from the vicinity of Pyongyang": the cue is before the connector.
    before = rules.connector.sub("", before) if rules.connector.search(before) else before
    if rules.origin.search(before):
        return "origin"
    if rules.origin_weak.search(before) and rules.origin_weak_needs.search(before):
        return "origin"
    if rules.location.search(before) and not _TO_VERB.search(before) and not _TO_RECIPIENT.search(before):
        return "location"
    return ""


__all__ = ["PlaceRules", "clause_before", "cue_role"]
