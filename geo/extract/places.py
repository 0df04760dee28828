"""Finds place mentions in a sentence and tells origins ("based in Guam") from event areas ("over the DMZ")."""
from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Reversible
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.extract.countries import Country, CountryIndex, load_countries
from geo.extract.trie import trie_pattern
from geo.gazetteer import GazetteerEntry, load_gazetteer
from geo.models import Place, Span

_GEO_NOUNS = r"(?:waters|airspace|territory|territorial waters|coast|coastline|coasts|shores?|skies|soil|border|borders|mainland|islands?|peninsula|east coast|west coast|north coast|south coast|eastern coast|western coast|northern coast|southern coast|side)"
# A possessive followed by one of these is the place itself ("North Korea's coast"); otherwise the
# name stands for its government or people ("Pyongyang's weapons programs") and is not a location.
_GEO_POSSESSIVE = re.compile(rf"^[’']s\s+(?:(?:own|eastern|western|northern|southern|east|west|north|south)\s+)?{_GEO_NOUNS}\b", re.I)
_POSSESSIVE = re.compile(r"^[’']s?\b")
_DEMONYM_AREA = re.compile(rf"^\s+{_GEO_NOUNS}\b", re.I)
_DIRECTION = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1), "northeast": (0.7, 0.7),
              "northwest": (0.7, -0.7), "southeast": (-0.7, 0.7), "southwest": (-0.7, -0.7)}
_COAST_BEFORE = re.compile(r"\b(?P<dir>north|south|east|west)(?:ern)?\s+(?:coast|coastline|shores?|side|part|region)\s+of\s+(?:the\s+)?$", re.I)
_COAST_AFTER = re.compile(r"^[’']s\s+(?P<dir>north|south|east|west)(?:ern)?\s+(?:coast|coastline|shores?|side)\b", re.I)
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][\w’'.-]*(?:\s+(?:of\s+|de\s+|the\s+|al-|-)?[A-Z][\w’'.-]*)*")
_ANAPHOR = re.compile(r"\bthe\s+(?P<head>peninsula|island|islands|strait|sea|base|air base|North|South|region|border)\b(?![\w-])")
_CLAUSE_CUT = re.compile(r"[;:.!?]|,\s+(?:and|but|while|which|who|as|after|before|when)\b|\s--\s|\s—\s")
# A name used as a modifier of these nouns stands for a state or its forces, not a place.
_ADJECTIVAL = re.compile(r"^\s+(?:[a-z]+-?)?(?:forces|troops|military|moves|officials?|government|authorities|president|"
                         r"leader|ministry|army|navy|allies|alliance|aircraft|jets|bombers|fighters|warships|drills|"
                         r"exercises|pressure|threats?|policy|sanctions|embassy|envoy|counterparts?|side|nuclear|"
                         r"missiles?|weapons?|defen[cs]e|intelligence|media|citizens|soldiers|commanders?|"
                         r"administration|provocations?|aggression|hostility|demands?|statements?)\b")
_CONTAINED = re.compile(r"^\s*,?\s*(?:in|on)\s+(?:the\s+)?$")
_COORDINATED = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or|as well as)\s+(?:the\s+)?$")
_QUALIFIER = re.compile(r"^,\s*(?P<q>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_US_STATE_ABBR = {"Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.",
                  "Kan.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.",
                  "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.", "Pa.", "R.I.", "S.C.", "S.D.",
                  "Tenn.", "Tex.", "Va.", "Vt.", "Wash.", "W.Va.", "Wis.", "Wyo."}
# Capitalised words that open sentences or name people and organisations, never places on their own.
_LEADING_NOISE = {"The", "A", "An", "In", "On", "At", "But", "And", "Of", "This", "That", "These", "Those", "It",
                  "He", "She", "They", "We", "Since", "During", "After", "Before", "Meanwhile", "While", "When",
                  "From", "To", "Near", "Over", "Off", "Both", "Other", "Some", "Many", "Most", "All", "Each"}
# Capitalised single words that are never meant as places in news prose: calendar words and compass points
# ("North" alone is an anaphor handled separately, "June" a month, "Sunday" a day).
_NEVER_PLACE = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                "Sunday", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
                "President", "General", "Gen", "Army", "Navy", "Air", "Force", "Forces", "Ministry", "Minister",
                "War", "Sea", "Ocean", "Island", "City", "State", "States", "Union", "Republic", "Pentagon"}
# Ship prefixes: "USS Michigan" is a submarine, not the state.
_SHIP = re.compile(r"^(?:USS|USNS|HMS|HMAS|ROKS|JS|INS|HMCS|FS|PLANS|RFS)\s")


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
        """Read the cue patterns (one JSON object a line: role, pattern, optional needs)."""
        path = path or DATA_DIR / "patterns" / "place_roles.jsonl"
        pats: dict[str, list[str]] = {"origin": [], "origin_weak": [], "location": [], "connector": []}
        needs: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                pats[row["role"]].append(row["pattern"])
                if row.get("needs"):
                    needs.append(row["needs"])

        def comp(ps: list[str]) -> re.Pattern[str]:
            return re.compile("|".join(ps) or "(?!)", re.I)
        return cls(comp(pats["origin"]), comp(pats["origin_weak"]), comp(needs), comp(pats["location"]),
                   comp(pats["connector"]))


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence, with its role and where it resolves to."""

    start: int
    end: int
    text: str
    entry: GazetteerEntry | None
    country: Country | None
    role: str  # origin, location, qualifier ("Japan" in "Okinawa, Japan") or "" (an actor or a metonym)
    direction: str = ""  # "east" for "off the east coast of North Korea"
    area_of: str = ""  # "waters" for "South Korean waters"


@lru_cache(maxsize=2)
def _curated_names(path: Path | None = None) -> tuple[re.Pattern[str], re.Pattern[str]]:
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

    return (re.compile(rf"(?<![\w-])(?:{trie_pattern(loose, fold=str.lower)})(?![\w-])", re.I),
            re.compile(rf"(?<![\w-])(?:{trie_pattern(exact)})(?![\w-])"))


_SIZE = {"point": 0, "area": 1, "region": 2, "country": 3}


def _larger(entry: GazetteerEntry | None, country: Country | None, prev: "PlaceMention") -> bool:
    """Is this place a container of the previous one (a country or region around a base or city)?"""
    mine = 3 if country is not None and entry is None else _SIZE.get(entry.precision, 0) if entry else 0
    theirs = _SIZE.get(prev.entry.precision, 0) if prev.entry else 3
    return mine > theirs


# A small town named like a common word or surname ("Kim", India; "Buffalo" is big enough) is only taken
# when the article speaks of its country.
_SMALL_TOWN = 100_000


def _unlikely_town(entry: GazetteerEntry, context: set[str]) -> bool:
    return entry.source == "geonames" and entry.population < _SMALL_TOWN and entry.country not in context


def _choose(entries: list[GazetteerEntry], context: set[str]) -> GazetteerEntry | None:
    """Pick the candidate that fits the article: curated and country entries first, then context and size."""
    if not entries:
        return None
    prior = {"military": 3.0, "country": 3.0, "admin1": 1.5, "geonames": 1.0}

    def score(e: GazetteerEntry) -> float:
        return prior.get(e.source, 0) + (2.0 if e.country and e.country in context else 0) + \
            math.log10(e.population + 1) / 10
    return max(entries, key=score)


def _clause_before(text: str, start: int) -> str:
    before = text[max(0, start - 80): start]
    parts = _CLAUSE_CUT.split(before)
    return parts[-1] if parts else before


def _role(text: str, start: int, rules: PlaceRules) -> str:
    before = _clause_before(text, start)
    # "in the open waters of the East Sea", "from the vicinity of Pyongyang": the cue is before the connector.
    before = rules.connector.sub("", before) if rules.connector.search(before) else before
    if rules.origin.search(before):
        return "origin"
    if rules.origin_weak.search(before) and rules.origin_weak_needs.search(before):
        return "origin"
    if rules.location.search(before):
        return "location"
    return ""


class PlaceFinder:
    """Finds places in sentences with the gazetteer, the curated names and the role cues."""

    def __init__(self, countries: CountryIndex | None = None, rules: PlaceRules | None = None):
        self.countries = countries or load_countries()
        self.rules = rules or PlaceRules.load()
        self.gazetteer = load_gazetteer()
        self._loose, self._exact = _curated_names()

    def _qualifier_countries(self, after: str) -> set[str]:
        """{"Japan"} for the ", Japan" after "Okinawa": the country a qualifier names, if any."""
        q = _QUALIFIER.match(after)
        if not q:
            return set()
        found = self.countries.find(q.group("q"))
        return {found[0].country.name} if found and not found[0].demonym else set()

    def find(self, text: str, offset: int = 0, *, context: set[str] | None = None,
             previous: Reversible[PlaceMention] | None = None) -> list[PlaceMention]:
        """Places in ``text`` (one sentence); ``previous`` mentions of the article resolve "the peninsula".

        ``context`` holds the names of countries the article mentions, used to choose among namesakes.
        """
        context = context or set()
        spans: list[tuple[int, int, str]] = []  # (start, end, kind) in sentence offsets

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b, _ in spans)

        for pat in (self._loose, self._exact):
            for m in pat.finditer(text):
                if free(m.start(), m.end()):
                    spans.append((m.start(), m.end(), "curated"))
        for cm in self.countries.find(text):
            if free(cm.start, cm.end):
                spans.append((cm.start, cm.end, "demonym" if cm.demonym else "country"))
        for m in _ANAPHOR.finditer(text):
            if free(m.start(), m.end()):
                spans.append((m.start(), m.end(), "anaphor"))
        for m in _CAPITALISED.finditer(text):
            for s, e in _name_candidates(text, m.start(), m.end()):
                if free(s, e) and self.gazetteer.lookup(text[s:e]):
                    spans.append((s, e, "name"))
        spans.sort()

        out: list[PlaceMention] = []
        qualifiers: set[int] = set()
        for i, (s, e, kind) in enumerate(spans):
            is_qualifier = s in qualifiers
            surface = text[s:e]
            after = text[e:e + 40]
            entry, country, area_of = None, None, ""
            if kind == "demonym":
                dm = _DEMONYM_AREA.match(after)
                if not dm:
                    continue  # "North Korean leader": a demonym, not a place
                country = self.countries.find(surface)[0].country
                area_of = dm.group(0).strip()
                e += len(dm.group(0))
                surface = text[s:e]
            elif kind == "country":
                country = self.countries.find(surface)[0].country
                entry = _choose(self.gazetteer.lookup(country.name), context)
            elif kind == "anaphor":
                head = re.match(_ANAPHOR, surface).group("head").lower()
                ref = next((p for p in reversed(previous or []) if head in p.text.lower() and
                            (p.entry or p.country)), None)
                if ref is None:
                    continue
                entry, country = ref.entry, ref.country
            else:
                hints = context | self._qualifier_countries(after)
                entry = _choose(self.gazetteer.lookup(surface), hints)
                if entry is None or _unlikely_town(entry, hints):
                    continue
            if is_qualifier:
                role = "qualifier"  # "Japan" in "Okinawa, Japan" only says which Okinawa
            elif _ADJECTIVAL.match(after):
                role = ""  # "a response to U.S. moves": the name qualifies a noun, it is not a place here
            elif _POSSESSIVE.match(after) and not _GEO_POSSESSIVE.match(after):
                role = ""  # "Pyongyang's weapons programs": the government, not the place
            else:
                role = _role(text, s, self.rules)
            q = _QUALIFIER.match(after) if kind != "demonym" and not is_qualifier else None
            if q:
                qtext = q.group("q")
                qs = e + q.start("q")
                if qtext in _US_STATE_ABBR or self.gazetteer.lookup(qtext):
                    qualifiers.add(qs)
                    for j in range(i + 1, len(spans)):
                        if spans[j][0] >= qs and spans[j][0] < qs + len(qtext):
                            qualifiers.add(spans[j][0])
            prev = out[-1] if out else None
            if prev is not None:
                gap = text[prev.end - offset: s]
                if _CONTAINED.match(gap) and prev.role in ("origin", "location") and _larger(entry, country, prev):
                    role = "qualifier"  # "Andersen Air Force Base in Guam": Guam says where the base is
                elif _COORDINATED.match(gap) and not role and prev.role in ("origin", "location"):
                    role = prev.role  # "over the Sea of Japan and the East China Sea"
            direction = ""
            mb = _COAST_BEFORE.search(text[max(0, s - 40): s])
            ma = _COAST_AFTER.match(after)
            if mb or ma:
                direction = (mb or ma).group("dir").lower()
                if ma:
                    e += len(ma.group(0))
                if not role:
                    role = _role(text, s - (len(mb.group(0)) if mb else 0), self.rules)
            out.append(PlaceMention(s + offset, e + offset, text[s:e], entry, country, role, direction, area_of))
        return out


def _name_candidates(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a capitalised run worth looking up: the run itself, without leading function
    words or a trailing possessive. Its inner words are not looked up on their own: "Korean War" is
    not "War", "President Donald Trump" is not "Donald"."""
    run = text[start:end]
    if _SHIP.match(run):
        return []
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", run)]
    while words and text[words[0][0]:words[0][1]] in _LEADING_NOISE:
        words.pop(0)
    if not words:
        return []
    s, e = words[0][0], words[-1][1]
    m = re.search(r"(?:[’']s?|[.,])$", text[s:e])
    if m and not re.fullmatch(r"(?:[A-Z]\.)+", text[s:e]):
        e -= len(m.group(0))
    if e <= s or (len(words) == 1 and text[s:e] in _NEVER_PLACE):
        return []
    return [(s, e)]


def to_place(m: PlaceMention) -> Place | None:
    """Turn a resolved mention into a ``Place``; directional phrases shift the point toward that side."""
    if m.entry is not None:
        lat, lon, precision = m.entry.lat, m.entry.lon, m.entry.precision
        radius, gid, kind = m.entry.radius_km, m.entry.id, m.entry.kind
    elif m.country is not None:
        lat, lon, precision = m.country.lat, m.country.lon, "country"
        radius, gid, kind = m.country.radius_km, f"country:{m.country.iso2}", "country"
    else:
        return None
    if m.area_of:
        precision, kind = "area", f"{kind}:{m.area_of}"
    if m.direction and radius:
        dy, dx = _DIRECTION[m.direction]
        shift = 0.6 * radius
        lat += dy * shift / 111.0
        lon += dx * shift / (111.0 * max(0.2, math.cos(math.radians(lat))))
        radius *= 0.5
        precision = "area"
    return Place(name=m.text, lat=round(lat, 5), lon=round(lon, 5), precision=precision, gazetteer_id=gid,
                 feature_kind=kind, role="origin" if m.role == "origin" else "location", radius_km=radius,
                 span=Span(m.start, m.end, m.text))
