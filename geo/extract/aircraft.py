"""Finds aircraft types in text using the catalogue in ``data/aircraft.csv``, with counts and hedges."""
from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from geo.config import DATA_DIR
from geo.errors import ConfigurationError
from geo.extract.dates import mask_month_may
from geo.extract.patterns import PatternRow, load_patterns
from geo.extract.trie import ScoutedPattern, trie_pattern

ROLES = ("bomber", "fighter", "tanker", "isr", "awacs", "transport", "drone", "helicopter", "patrol", "trainer")
_COLUMNS = ("id", "family", "aliases", "role", "operators", "source")
_HYPHENS = "-‐‑‒–—"
_HY = r"\-‐‑‒–—"  # the same, safe inside a regex character class

_HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|can|should|plans? to|planning to|planned to|threaten(?:s|ed)? to|vow(?:s|ed)? to|"
    r"if|unless|capable of|able to|intends? to|consider(?:s|ed|ing)?|propos(?:e|ed|al)|wants? to|hopes? to|"
    r"seeks? to|set to|expected to|scheduled to|will|won't|not)\b[^,;:.]{0,60}$", re.I)
# Designations that are also the names of other things in the news: flu subtypes ("H5N1", "the H5
# virus"), vaccines, lanes. Tried around every match before it counts as an aircraft.
_NOT_AN_AIRCRAFT_AFTER = re.compile(r"(?:N\d|\s*(?:virus|viruses|flu|influenza|strain|subtype|vaccine|avian)\b)", re.I)
_NOT_AN_AIRCRAFT_BEFORE = re.compile(r"\b(?:subtype|strain|bird flu|avian flu|avian influenza|influenza|virus)\s+$",
                                     re.I)
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


def _surface_regex(form: str) -> str:
    """Regex for one surface form: hyphens and spaces in designators are interchangeable."""
    out = []
    for ch in form:
        if ch in _HYPHENS:
            out.append(f"[{_HY} ]?")
        elif ch == " ":
            out.append(r"[\s" + _HY + "]+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


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
        alternation = "|".join(_surface_regex(f) for f in sorted(forms, key=len, reverse=True))
        # The look-ahead on the first letters changes no match; it lets the scan skip every position where
        # no name can start instead of trying each of the alternatives there (4-5 times faster at 275 types).
        firsts = "".join(sorted({re.escape(f[0]) if f[0] not in _HYPHENS + " " else _HY + " " for f in forms}))
        flat = re.compile(
            rf"(?=[{firsts}])(?<![\w{_HY}/])(?P<form>{alternation})(?:s|es|’s|'s)?(?![\w{_HY}])")
        # A prefix tree over the same names finds where each match starts several times faster; the flat
        # pattern, matched only there, keeps its longest-name-first choice (see ScoutedPattern).
        tree = trie_pattern(forms, _surface_regex)  # per character, _surface_regex gives one token
        self._pattern = ScoutedPattern(flat, re.compile(
            rf"(?<![\w{_HY}/])(?:{tree})(?:s|es|’s|'s)?(?![\w{_HY}])"))

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
            if not row["id"].strip():
                raise ConfigurationError(f"{path}:{n}: empty id; every row needs its type designation in 'id'")
            types.append(AircraftType(
                id=row["id"].strip(), family=row["family"].strip() or row["id"].strip(),
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()), role=role,
                operators=tuple(o.strip() for o in row["operators"].split("|") if o.strip()),
                source=row["source"].strip()))
        _check_names(path, types)
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
            if _NOT_AN_AIRCRAFT_AFTER.match(text, m.end()) or _NOT_AN_AIRCRAFT_BEFORE.search(before):
                continue  # "the H5 virus", "bird flu subtype H5": a name that is also a designation
            out.append(AircraftMention(m.start() + offset, m.end() + offset, m.group(0), t,
                                       count_before(before), _hedge(before)))
        return _merge_adjacent(out)


def _check_names(path: Path, types: list[AircraftType]) -> None:
    """Every id and alias names one row only (ignoring case, spaces and hyphens) and every family is a row.

    An alias that spells another row's id would silently take that row's mentions, so it is an error
    of its own; so is a shared alias, which would make a mention's type depend on row order.
    """
    ids: dict[str, tuple[int, str]] = {}
    for n, t in enumerate(types, 2):
        key = AircraftCatalogue._key(t.id)
        if key in ids:
            raise ConfigurationError(f"{path}:{n}: id {t.id!r} repeats row {ids[key][1]!r} (line {ids[key][0]}); "
                                     f"give each type one row")
        ids[key] = (n, t.id)
    names: dict[str, tuple[int, str]] = {key: v for key, v in ids.items()}
    for n, t in enumerate(types, 2):
        if AircraftCatalogue._key(t.family) not in ids or ids[AircraftCatalogue._key(t.family)][1] != t.family:
            raise ConfigurationError(f"{path}:{n}: row {t.id!r}: family {t.family!r} is not the id of a row; "
                                     f"add a row for the family or correct the family")
        for alias in t.aliases:
            key = AircraftCatalogue._key(alias)
            owner_line, owner = names.get(key, (n, t.id))
            if owner == t.id:
                names[key] = (n, t.id)
                continue
            what = "the id of" if key in ids else "also an alias of"
            raise ConfigurationError(f"{path}:{n}: row {t.id!r}: alias {alias!r} is {what} row {owner!r} "
                                     f"(line {owner_line}); an alias must name one type only, so drop it or "
                                     f"move it to the family row")


@dataclass(frozen=True)
class CountVocabulary:
    """The rows of ``data/patterns/count_words.jsonl`` that the count reader uses, by label."""

    numbers: Mapping[str, int]
    digits: tuple[re.Pattern[str], ...]
    forms: tuple[PatternRow, ...]
    not_counts: tuple[PatternRow, ...]
    stops: frozenset[str]


@lru_cache(maxsize=2)
def load_count_words(path: Path | None = None) -> CountVocabulary:
    """Read the count vocabulary (number words, count forms, numbers that are not counts, phrase stops).

    Raises
    ------
    ConfigurationError
        When the file is invalid (see ``geo.extract.patterns``), a ``number`` or fixed ``count_form`` row
        lacks an integer ``value``, a ``count_form`` has neither ``value`` nor an ``n`` group, or a
        ``not_count`` row's ``effect`` is not ``stop`` or ``skip``.
    """
    rows = load_patterns(path or DATA_DIR / "patterns" / "count_words.jsonl").rows
    numbers: dict[str, int] = {}
    for r in rows:
        fail = _row_error(r)
        value = r.get("value")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise fail(f"'value' must be a positive integer, got {value!r}")
        if r.label == "number":
            if value is None:
                raise fail("a number row needs an integer 'value'")
            numbers.update({t.lower(): value for t in r.terms})
        elif r.label == "count_form" and value is None and "n" not in r.regex.groupindex:
            raise fail("a count_form needs a 'value' or a regex group (?P<n>...) holding the number")
        elif r.label == "not_count" and r.get("effect") not in ("stop", "skip"):
            raise fail(f"'effect' must be 'stop' or 'skip', got {r.get('effect')!r}")
    return CountVocabulary(
        numbers=MappingProxyType(numbers), digits=tuple(r.regex for r in rows if r.label == "digits"),
        forms=tuple(r for r in rows if r.label == "count_form"),
        not_counts=tuple(r for r in rows if r.label == "not_count"),
        stops=frozenset(t.lower() for r in rows if r.label == "phrase_stop" for t in r.terms))


def _row_error(row: PatternRow):
    return lambda what: ConfigurationError(f"{row.where}: row {row.id!r}: {what}; fix the row in {row.path.name}")


_PUNCT = ".,;:()\"'“”"


def count_before(before: str) -> int | None:
    """The number in the words just before a type: "two U.S. Air Force B-1B" -> 2, "a four-ship of F-16s" -> 4.

    Walks back over at most five words. At each word it tries, in this order, the count forms of
    ``count_words.jsonl`` on the text up to that word ("a pair of"), the numbers that are not counts
    ("On September 20," stops, "the 7th" is skipped), the number words and digits; a phrase stop ("and",
    "of", "including") ends the noun phrase, so a number before it belongs to something else.

    >>> count_before("On September 20, 2017, "), count_before("a pair of "), count_before("32 aircraft, including ")
    (None, 2, None)
    """
    vocab = load_count_words()
    words = list(re.finditer(r"\S+", before))
    for m in reversed(words[-5:]):
        prefix = before[:m.end()].rstrip(_PUNCT)
        for form in vocab.forms:
            fm = form.regex.search(prefix)
            if fm:
                return _form_count(form, fm, vocab)
        skip = False
        for row in vocab.not_counts:
            if row.regex.search(prefix):
                if row.get("effect") == "stop":
                    return None
                skip = True
        if skip:
            continue
        w = m.group(0).lower().strip(_PUNCT)
        if w in vocab.numbers:
            return vocab.numbers[w]
        if any(d.search(w) for d in vocab.digits):
            return int(w)
        if w in vocab.stops or not w:
            return None
    return None


def _form_count(form: PatternRow, match: re.Match[str], vocab: CountVocabulary) -> int | None:
    if form.get("value") is not None:
        return int(form.get("value"))
    n = match.group("n").lower()
    number = int(n) if n.isdigit() else vocab.numbers.get(n)
    factor = form.get("factor", 1)
    return number * factor if number is not None and isinstance(factor, int) else None


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
