"""Finds aircraft types in text using the catalogue in ``data/aircraft.csv``, with counts and hedges."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.extract.dates import mask_month_may
from geo.errors import ConfigurationError
from geo.extract.trie import trie_pattern

ROLES = ("bomber", "fighter", "tanker", "isr", "awacs", "transport", "drone", "helicopter", "patrol", "trainer")
_COLUMNS = ("id", "family", "aliases", "role", "operators", "source")
_HYPHENS = "-‐‑‒–—"
_HY = r"\-‐‑‒–—"  # the same, safe inside a regex character class

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "pair": 2, "a pair of": 2,
                 "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "eleven": 11, "twelve": 12, "a dozen": 12, "dozen": 12, "fifteen": 15, "twenty": 20}
# Words that may stand between a number and the type: "two U.S. Air Force B-1B", "four stealth F-35A".
_NOT_MODIFIERS = {"and", "or", "of", "with", "by", "the", "to", "from", "were", "was", "is", "are", "that", "which",
                  "in", "on", "at", "as", "for", "than", "other", "its", "their", "his", "her", "showed", "times"}
_HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|can|should|plans? to|planning to|planned to|threaten(?:s|ed)? to|vow(?:s|ed)? to|"
    r"if|unless|capable of|able to|intends? to|consider(?:s|ed|ing)?|propos(?:e|ed|al)|wants? to|hopes? to|"
    r"seeks? to|set to|expected to|scheduled to|will|won't|not)\b[^,;:.]{0,60}$", re.I)
_COMPARISON = re.compile(
    r"\b(?:similar to|such as|like (?:the|a)|compared (?:with|to)|than (?:the|a)|unlike|equivalent of|"
    r"version of|counterpart to|rival(?:s|ing)?|modell?ed on|copy of|answer to)\s+(?:[\w.\-’']+\s+){0,3}$", re.I)


@dataclass(frozen=True)
class AircraftType:
    """A catalogue row: one aircraft type and how news refers to it."""

    id: str
    family: str
    aliases: tuple[str, ...]
    role: str
    operators: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class AircraftMention:
    """An aircraft type named in text."""

    start: int
    end: int
    text: str
    type: AircraftType
    count: int | None
    hedge: str = ""  # "", "hypothetical" or "comparison"


def _surface_token(ch: str) -> str:
    """Regex for one character of a surface form: hyphens and spaces in designators are interchangeable."""
    if ch in _HYPHENS:
        return f"[{_HY} ]?"
    if ch == " ":
        return r"[\s" + _HY + "]+"
    return re.escape(ch)


class AircraftCatalogue:
    """The aircraft types of ``data/aircraft.csv`` and a matcher over their names."""

    def __init__(self, types: list[AircraftType]):
        if not types:
            raise ConfigurationError("aircraft catalogue is empty; expected rows in data/aircraft.csv")
        self.types = types
        self.by_id = {t.id: t for t in types}
        forms: dict[str, AircraftType] = {}
        for t in types:
            for form in (t.id, *t.aliases):
                forms.setdefault(form, t)
        self._forms = forms
        self._by_key = {self._key(f): t for f, t in forms.items()}
        alternation = trie_pattern(forms, _surface_token)
        self._pattern = re.compile(rf"(?<![\w{_HY}/])(?P<form>{alternation})(?:s|es|’s|'s)?(?![\w{_HY}])")

    @staticmethod
    def _key(form: str) -> str:
        return re.sub(rf"[\s{_HY}]", "", form).lower()

    @classmethod
    def load(cls, path: Path | None = None) -> "AircraftCatalogue":
        """Read the catalogue CSV.

        Raises
        ------
        ConfigurationError
            When the file is missing, lacks a column or has an unknown role.
        """
        path = path or DATA_DIR / "aircraft.csv"
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as err:
            raise ConfigurationError(f"cannot read aircraft catalogue {path}: {err}") from err
        types = []
        for n, row in enumerate(rows, 2):
            missing = [c for c in _COLUMNS if row.get(c) is None]
            if missing:
                raise ConfigurationError(f"{path}:{n}: missing column(s) {missing}; expected {list(_COLUMNS)}")
            role = row["role"].strip().lower()
            if role not in ROLES:
                raise ConfigurationError(f"{path}:{n}: role {row['role']!r} is not one of {list(ROLES)}")
            types.append(AircraftType(
                id=row["id"].strip(), family=row["family"].strip() or row["id"].strip(),
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()), role=role,
                operators=tuple(o.strip() for o in row["operators"].split("|") if o.strip()),
                source=row["source"].strip()))
        return cls(types)

    def __len__(self) -> int:
        return len(self.types)

    def lookup(self, name: str) -> AircraftType | None:
        """The type a name refers to ("b-1b", "Lancer", "F15K"), or None."""
        return self._by_key.get(self._key(name))

    def find(self, text: str, offset: int = 0) -> list[AircraftMention]:
        """Every aircraft type named in ``text``, with counts from the words before it.

        >>> cat = AircraftCatalogue([AircraftType("B-1B", "B-1", ("Lancer",), "bomber", ("United States",), "")])
        >>> [(m.type.id, m.count) for m in cat.find("Two B-1B Lancer bombers and a B-1B")]
        [('B-1B', 2), ('B-1B', 1)]
        """
        out = []
        for m in self._pattern.finditer(text):
            t = self._by_key.get(self._key(m.group("form")))
            if t is None:
                continue
            before = text[max(0, m.start() - 80): m.start()]
            out.append(AircraftMention(m.start() + offset, m.end() + offset, m.group(0), t,
                                       _count(before), _hedge(before)))
        return _merge_adjacent(out)


def _count(before: str) -> int | None:
    """The number in the words just before a type: "two U.S. Air Force B-1B" -> 2, "bombers and four F-16s" -> 4.

    Walks back over at most four modifier words; a function word ("and", "of", "with") ends the
    noun phrase, so a number before it belongs to something else.
    """
    words = before.split()
    for i in range(len(words) - 1, max(-1, len(words) - 6), -1):
        w = words[i].lower().strip(".,;:()\"'“”")
        if w in ("pair", "dozen") and i > 0 and words[i - 1].lower() in ("a", "one"):
            return 2 if w == "pair" else 12
        if w == "of" and i > 1 and words[i - 1].lower() in ("pair", "dozen") and words[i - 2].lower() == "a":
            return 2 if words[i - 1].lower() == "pair" else 12
        if w.isdigit() and len(w) <= 3:
            return int(w)
        if w in _NUMBER_WORDS:
            return _NUMBER_WORDS[w]
        if w in _NOT_MODIFIERS or not w:
            return None
    return None


def _hedge(before: str) -> str:
    before = mask_month_may(before)
    clause = re.split(r"[.;:!?]|,\s+(?:and|but|while|as)\b|\s--\s|\s—\s", before)[-1]
    if _COMPARISON.search(clause):
        return "comparison"
    if _HYPOTHETICAL.search(clause):
        return "hypothetical"
    return ""


def _merge_adjacent(mentions: list[AircraftMention]) -> list[AircraftMention]:
    """Join "B-1B Lancer" written as designator then name into one mention of one type."""
    out: list[AircraftMention] = []
    for m in mentions:
        if out and out[-1].type.id == m.type.id and 0 <= m.start - out[-1].end <= 1:
            prev = out.pop()
            m = AircraftMention(prev.start, m.end, prev.text + " " + m.text, m.type, prev.count, prev.hedge)
        out.append(m)
    return out


@lru_cache(maxsize=4)
def load_catalogue(path: Path | None = None) -> AircraftCatalogue:
    """The catalogue, loaded once per process."""
    return AircraftCatalogue.load(path)
