"""Finds place mentions in a sentence and tells origins ("based in Guam") from event areas ("over the DMZ"); no coordinates."""
from __future__ import annotations

import re
from collections.abc import Reversible
from dataclasses import dataclass, replace

from geo.extract.countries import CountryIndex, load_countries
from geo.extract.curated import curated_names
from geo.extract.placeroles import PlaceRules, clause_before, cue_role
from geo.extract.vocab import PlaceWords, place_words
from geo.gazetteer import load_gazetteer, normalize_name
from geo.models import Place, Span

_POSSESSIVE = re.compile(r"^[’']s?\b")
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][\w’'.-]*(?:\s+(?:of\s+|de\s+|the\s+|al-|-)?[A-Z][\w’'.-]*)*")
_CONTAINED = re.compile(r"^\s*,?\s*(?:in|on)\s+(?:the\s+)?$")
_COORDINATED = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or|as well as|,?\s*and\s+as)\s+(?:the\s+)?$")
_QUALIFIER = re.compile(r"^,\s*(?P<q>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
# "deployed from Whiteman AFB", "home-stationed at", "of the 9th Bomb Squadron at": where the unit lives,
# which is not the origin of a mission the text says was flown from somewhere else.
_HOME_ORIGIN = re.compile(r"\b(?:deployed (?:here |forward )?from|home[- ]?(?:base|station)(?:ed)?(?:\s+(?:at|in|of))?|"
                          r"(?:Squadron|Wing|Group|Regiment)\s+(?:at|from|out of)|assigned to\b[^,;]{0,60}\bat)\s+(?:the\s+)?$",
                          re.I)
_BASE_AFTER = re.compile(r"\s+(?:air\s*)?base\b(?!\s+(?:of|for))")
# Lower-case on purpose: "Osan Air Base in Pyeongtaek" names its base; "the U.S. air base in Guam" does not.
_BASE_PHRASE = re.compile(r"(?:\bthe\s+)?(?:[A-Z][\w.]*\s+)?\b(?:(?:air|naval|military|army|marine)\s+)?bases?\s+"
                          r"(?:in|on|at)\s+(?:the\s+)?$")
_AREA_WORDS = frozenset({"airspace", "skies", "waters", "territory", "territorial waters"})


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence and its role there; where it is, is the resolve stage's question.

    ``kind`` says how it was recognised: ``curated`` (a name of the military gazetteer), ``country``,
    ``demonym`` ("South Korean waters"), ``anaphor`` ("the peninsula"), ``name`` (a capitalised name
    the gazetteer knows) or ``based`` ("the Guam-based bombers").
    """

    start: int
    end: int
    text: str
    kind: str
    role: str  # origin, location, qualifier ("Japan" in "Okinawa, Japan") or "" (an actor or a metonym)
    country: str = ""  # ISO code when the words name a country ("U.S.", "South Korean waters")
    direction: str = ""  # "east" for "off the east coast of North Korea" or "100 km east of Hainan"
    distance_km: float = 0.0
    area_of: str = ""  # "waters" for "South Korean waters"
    qualifier: str = ""  # "Japan" for "Okinawa, Japan"; "Guam" for "Andersen AFB in Guam"
    relation: str = ""  # same_as, between, route, off (see geo.models.Place)
    parts: tuple["PlaceMention", ...] = ()
    home: bool = False  # an origin named as the unit's home ("deployed from Whiteman AFB"), not the mission's

    def to_place(self) -> Place:
        """The mention as an unresolved :class:`~geo.models.Place`: words, role and shape, no coordinates."""
        role = "origin" if self.role == "origin" else "location"
        return Place(name=self.text, lat=None, lon=None, role=role, span=Span(self.start, self.end, self.text),
                     direction=self.direction, distance_km=self.distance_km, qualifier=self.qualifier,
                     area_of=self.area_of, country=self.country, relation=self.relation,
                     parts=tuple(p.to_place() for p in self.parts))


# "islands known as the Dokdo islands", "a zone called the ADIZ": another name of the place just described.
_KNOWN_AS = re.compile(r"\b(?:known|referred to|called|named)\s+as\s+(?:the\s+)?$|\b(?:called|named)\s+(?:the\s+)?$", re.I)


_UNITS_KM = {"km": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometre": 1.0,
             "miles": 1.609, "mile": 1.609, "nautical miles": 1.852, "nautical mile": 1.852, "nm": 1.852}
# "about 135 miles east of", "200 km (124 miles) northeast of", "south of", "off the east coast of"
_OFFSET_BEFORE = re.compile(
    r"(?:(?:about|some|around|roughly|nearly|approximately|almost|more than|less than)\s+)?"
    r"(?:(?P<num>\d[\d,]*(?:\.\d+)?)\s*-?\s*(?P<unit>km|kilometers?|kilometres?|nautical miles?|miles?|nm)\b"
    r"(?:\s*\([^)]{0,30}\))?\s+)?"
    r"(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest)(?:ern|erly)?\s+of\s+(?:the\s+)?"
    r"(?:(?:country|nation|island|state|peninsula)[’']s\s+)?(?:(?:capital|city of|port of|town of)\s+)?$",
    re.I)
# "Taiwan's southwestern ADIZ", "the southwest corner of the ADIZ", "the northern part of"
_PART_BEFORE = re.compile(r"\b(?:the\s+)?(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest)"
                          r"(?:ern)?\s+(?:part|corner|end|tip|edge|side|portion|section|half|reaches)\s+of\s+(?:the\s+)?$",
                          re.I)
# "the Chinese island of Hainan", "South Korea's southern port of Busan": the name after "of" is the place.
_APPOSITION = re.compile(r"^(?:[’']s)?\s+(?:[A-Za-z][\w-]+\s+){0,2}?"
                         r"(?:island|port|port city|city|town|province|prefecture|region|county|state|territory|"
                         r"islands|archipelago)\s+of\s+(?:the\s+)?$", re.I)
# "the Chinese island of Hainan": the demonym only says whose island the named one is.
_DEMONYM_OF = re.compile(r"^\s+(?:[a-z][\w-]+\s+)?(?:island|islands|port|city|town|province|prefecture|region|"
                         r"county|state|territory|archipelago)\s+of\s+(?:the\s+)?[A-Z]")
# Last words that make a capitalised name a place even when the gazetteer does not know it.
_FEATURE_NAME = re.compile(r"\s(?:Air Base|Air Force Base|AFB|Air Station|Airport|Airfield|Naval Base|Naval Station|"
                           r"Base|Island|Islands|Sea|Strait|Bay|Gulf|Peninsula|Province|Prefecture|County|Range|"
                           r"Test Site|Launch Site|Harbo(?:u)?r)$")
_ZONE_AFTER = re.compile(r"^(?:[’']s)?\s+(?:(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|central)"
                         r"(?:ern)?|,|and|\s)+\s+)?(?:air\s+defen[cs]e\s+identification\s+zone|ADIZ)(?:\s+\(\w+\))?",
                         re.I)
_BASED = re.compile(r"(?<![\w-])(?P<name>[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*){0,3})[-\u2010-\u2013]based\b")
_OFF_APPOSITION = re.compile(r"\s+(?:[A-Za-z][\w-]+\s+){0,2}?(?:island|islands|port|city|town|province|prefecture|"
                             r"region|county|state|territory|archipelago)\s+of\s+(?:the\s+)?$", re.I)
# "the KADIZ over the Sea of Japan", "the East Sea near the islets of Dokdo": an area narrowed by another place.
_NEAR_GAP = re.compile(r"^\s*(?:\([^)]{1,12}\)\s*)?\s+(?:over|above|near|around|within)\s+(?:the\s+)?"
                       r"(?:(?:eastern|western|northern|southern|disputed|tiny|remote)\s+)?"
                       r"(?:(?:islets?|islands?|rocks?)\s+of\s+(?:the\s+)?)?$", re.I)
_AREA_NAME = re.compile(r"\b(?:Sea|Ocean|Strait|Gulf|Bay|Zone|ADIZ|KADIZ|JADIZ|CADIZ|airspace|waters)\b", re.I)
# "South Korea's airspace off the country's east coast": one side of the area just named.
_COAST_TRAIL = re.compile(r"^\s+off\s+(?:the\s+(?:country|nation|peninsula|island)[’']s|its|their)\s+"
                          r"(?P<dir>north|south|east|west)(?:ern)?\s+coast(?:line)?", re.I)
# Base words after a curated name: "Andersen Airbase", "Osan AB", "Kadena Air Base".
_FEATURE_TAIL = re.compile(r"\s*(?:Air\s?[Bb]ase|Air Force Base|AFB|AB|Air Station|Naval Air Station|Naval Base|"
                           r"Airfield|Air Field|Airport)\b")
# "some 70 km south of capital Seoul", "40 miles (64 kilometers) off Seoul": a point the place before is measured from.
_MEASURED_FROM = re.compile(r"^\s*,?\s*(?:(?:about|some|around|roughly|nearly|approximately)\s+)?\d[\d,.]*\s*-?\s*"
                            r"(?:km|kilometers?|kilometres?|miles?|nautical miles?)(?:\s*\([^)]{0,30}\))?\s+"
                            r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|off|from|"
                            r"outside|away from)\s+(?:the\s+)?(?:(?:capital|city of|port of|town of)\s+)?$", re.I)
# "simulated bombing raids on North Korea": the target of a simulated strike is not where the aircraft flew.
_SIMULATED_TARGET = re.compile(r"\b(?:simulated|mock|practice|simulating)\s+(?:[\w-]+\s+){0,3}(?:raids?|attacks?|strikes?|"
                               r"bombings?|bombing runs?|targets?)\s+(?:on|against|of)\s+(?:the\s+)?$", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:main|southern|northern|eastern|western)\s+)?"
                             r"(?:(?:island|islands|port|city|coast)\s+of\s+(?:the\s+)?)?$", re.I)
_AND_GAP = re.compile(r"^\s+and\s+(?:the\s+)?$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
_TO_GAP = re.compile(r"^\s+(?:to|toward|towards|into)\s+(?:the\s+)?$", re.I)
_OFF_GAP = re.compile(r"^\s+(?:just\s+)?off\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?"
                      r"(?:(?:coast|shores?|coastline)\s+of\s+(?:the\s+)?)?$", re.I)
_BASED_AFTER = re.compile(r"^[-\u2010-\u2013]based\b", re.I)
_ANAPHOR_DIRECTION = {"North": "north", "South": "south"}


class PlaceFinder:
    """Finds place mentions in sentences with the curated names, the country index and the role cues.

    The gazetteer is used to recognise names only (does some entry answer to these words?); which
    entry they mean, and where it is, is decided by :mod:`geo.resolve`.
    """

    def __init__(self, countries: CountryIndex | None = None, rules: PlaceRules | None = None,
                 words: PlaceWords | None = None):
        self.countries = countries or load_countries()
        self.rules = rules or PlaceRules.load()
        self.words = words or place_words()
        self.gazetteer = load_gazetteer()
        self._loose, self._exact = curated_names()

    def _known(self, name: str) -> bool:
        return bool(name) and self.gazetteer.has_key(normalize_name(name))

    def _nationality(self, text: str, start: int) -> bool:
        """A large country after a bare "from" names whose aircraft they are; an island territory (Guam) is a base."""
        before = clause_before(text, start)
        if not self.rules.origin_weak.search(before) or self.rules.origin.search(before):
            return False
        found = self.countries.find(text[start:start + 60])
        return bool(found) and found[0].start == 0 and found[0].country.radius_km > 150

    @staticmethod
    def _coordinated_role(text: str, prev: PlaceMention | None, phrase: int, offset: int) -> str:
        """The role of the place before, when this one is coordinated with it ("the Sea of Japan and the western part of...")."""
        if prev is not None and prev.role in ("origin", "location") and _COORDINATED.match(text[prev.end - offset: phrase]):
            return prev.role
        return ""

    def _qualifier_words(self, words: str) -> str:
        """The longest start of ``words`` that can say where a place is: "South Korea" from "South Korea —",
        "Japan" from "Japan.", "Mo." from "Mo., on"; "" when none can ("Smith said")."""
        parts = words.split()
        for n in (2, 1):
            if len(parts) < n:
                continue
            cand = " ".join(parts[:n])
            if cand.endswith(".") and cand not in self.words.us_state_abbr and not re.fullmatch(r"(?:[A-Z]\.)+", cand):
                cand = cand[:-1]  # "Okinawa, Japan." ends a sentence; "Mo." is the abbreviation
            if cand in self.words.us_state_abbr or (cand not in self.words.never_place and self._qualifier_name(cand)):
                return cand
        return ""

    def _qualifier_name(self, name: str) -> bool:
        """Can ``name`` say where the place before it is ("Okinawa, Japan", "Whiteman AFB, Missouri")?"""
        key = normalize_name(name)
        return key in self.gazetteer.abbrevs or any(
            e.source in ("country", "admin1", "military") for e in self.gazetteer.lookup_key(key)[:5])

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """Candidate name spans (start, end, kind) in sentence offsets, longest names first, no overlaps."""
        spans: list[tuple[int, int, str]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b, _ in spans)

        for pat in (self._loose, self._exact):
            for m in pat.finditer(text):
                end = m.end()
                tail = _FEATURE_TAIL.match(text, end)
                if tail and self._known(text[m.start():tail.end()]):
                    end = tail.end()  # "Andersen Airbase", "Osan AB": the base word belongs to the name
                if free(m.start(), end):
                    spans.append((m.start(), end, "curated"))
        for cm in self.countries.find(text):
            if free(cm.start, cm.end):
                spans.append((cm.start, cm.end, "demonym" if cm.demonym else "country"))
        for m in self.words.anaphor.finditer(text):
            if free(m.start(), m.end()):
                spans.append((m.start(), m.end(), "anaphor"))
        for m in _BASED.finditer(text):
            # "the Guam-based bombers": the hyphen hides the name from the other matchers.
            s, e = m.span("name")
            while text[s:e].split(" ", 1)[0] in self.words.leading_noise and " " in text[s:e]:
                s += len(text[s:e].split(" ", 1)[0]) + 1
            if free(s, e) and self._known(text[s:e]):
                spans.append((s, e, "based"))
        for m in _CAPITALISED.finditer(text):
            for s, e in _name_candidates(text, m.start(), m.end()):
                if free(s, e) and self._known(text[s:e]):
                    spans.append((s, e, "name"))
                elif free(s, e) and _FEATURE_NAME.search(text[s:e]) and " " in text[s:e]:
                    # "Zorblatt Air Base": a name the gazetteer lacks, but plainly a place. The resolver
                    # asks the online geocoder when one is configured, or keeps it unresolved.
                    spans.append((s, e, "unknown"))
        spans.sort()
        return spans

    def find(self, text: str, offset: int = 0, *, previous: Reversible[PlaceMention] | None = None
             ) -> list[PlaceMention]:
        """Places in ``text`` (one sentence); ``previous`` mentions of the article give "the peninsula" its referent."""
        spans = self._spans(text)
        out: list[PlaceMention] = []
        qualifiers: set[int] = set()
        for i, (s, e, kind) in enumerate(spans):
            is_qualifier = s in qualifiers
            surface = text[s:e]
            after = text[e:e + 80]
            country, area_of, parts, relation = "", "", (), ""
            if kind == "demonym":
                dm = self.words.demonym_area.match(after)
                if not dm or _DEMONYM_OF.match(after):
                    continue  # "North Korean leader": a demonym, not a place
                country = self.countries.find(surface)[0].country.iso2
                area_of = dm.group(0).strip()
                e += len(dm.group(0))
                surface = text[s:e]
            elif kind == "country":
                country = self.countries.find(surface)[0].country.iso2
            elif kind == "anaphor":
                head = self.words.anaphor.match(surface).group("head")
                ref = next((p for p in reversed(previous or []) if p.kind != "anaphor" and
                            head.lower() in p.text.lower()), None)
                if ref is None:
                    ref = next((p.parts[0] for p in reversed(previous or []) if p.kind == "anaphor" and p.parts
                                and head.lower() in p.parts[0].text.lower()), None)
                if ref is not None:
                    parts, relation = (ref,), "same_as"
                elif head not in _ANAPHOR_DIRECTION:
                    relation = "same_as"  # "the base" with nothing named before: the resolver says so
            actor = False  # the name stands for a state or its forces here, whatever the words around it
            gp = self.words.geo_possessive.match(after) if kind in ("country", "name", "curated") else None
            if gp and not _ZONE_AFTER.match(after) and gp.group(0).split()[-1].lower() in _AREA_WORDS:
                # "South Korea's airspace": the area itself, so what follows it ("off its east coast") applies
                area_of = gp.group(0).split()[-1].lower()
                e += len(gp.group(0))
                after = text[e:e + 80]
            zone = _ZONE_AFTER.match(after) if kind in ("country", "name", "curated") or (
                kind == "anaphor" and surface.split()[-1] in _ANAPHOR_DIRECTION) else None
            if zone:
                # "South Korea's air defense identification zone", "Taiwan's southwestern ADIZ": the zone.
                area_of = "adiz"
                sides = re.findall(r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?=ern\b)",
                                   zone.group(0), re.I)
                zone_side = sides[0].lower() if len(sides) == 1 else ""
                e += len(zone.group(0))
                after = text[e:e + 80]
                role = cue_role(text, s, self.rules) or "location"
            elif self.words.said_after.match(after) and kind in ("name", "unknown"):
                role, actor = "", True  # "..., Kirby said": a speaker, not a place
            elif kind == "based" or _BASED_AFTER.match(after):
                role = "origin"  # "the Guam-based bombers"
            elif is_qualifier:
                role = "qualifier"  # "Japan" in "Okinawa, Japan" only says which Okinawa
            elif self.words.adjectival.match(after) or self.words.organisation_after.match(after):
                role, actor = "", True  # "a response to U.S. moves": the name qualifies a noun, not a place here
            elif _POSSESSIVE.match(after) and not self.words.geo_possessive.match(after):
                role, actor = "", True  # "Pyongyang's weapons programs": the government, not the place
            elif _SIMULATED_TARGET.search(text[max(0, s - 60): s]):
                role, actor = "", True  # "simulated bombing raids on North Korea": the target, not the place
            else:
                role = cue_role(text, s, self.rules)
                if not role and _KNOWN_AS.search(text[max(0, s - 30): s]):
                    role = cue_role(text, text.rfind(",", 0, s) if "," in text[max(0, s - 40): s] else s - 1,
                                 self.rules) or "location"  # "islands in the Sea of Japan, known as the Dokdo islands"
                if role == "origin" and kind == "country" and self._nationality(text, s):
                    role = ""  # "F-15 fighters from the Republic of Korea": whose jets, not where from
            base_after = _BASE_AFTER.match(text, e) if kind in ("curated", "name", "country") and not area_of else None
            owner_of = re.match(r"\s+(?:in|on|at)\s+(?:the\s+)?(?P<n>[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*)*)",
                                text[base_after.end():]) if base_after else None
            if owner_of and owner_of.group("n") not in self.words.never_place and self._known(owner_of.group("n")):
                # "the U.S. air base in Guam": the name before says whose base it is; the one after, where.
                base_after, role, actor = None, "", True
            bb = _BASE_PHRASE.search(text[max(0, s - 60): s]) if not base_after else None
            if base_after or (kind in ("curated", "name", "country") and not area_of and bb):
                # "the Guam base", "the U.S. air base in Guam": the base there, which the resolver looks up.
                area_of = "air base" if re.search(r"air\s*base", (base_after.group(0) if base_after else
                                                                   text[max(0, s - 40): s]), re.I) else "base"
                role = (cue_role(text, s - len(bb.group(0)), self.rules) if bb else "") or role or cue_role(text, s, self.rules)
            if role == "origin" and area_of and area_of.split()[-1] in _AREA_WORDS:
                role = "location"  # "returned to South Korean airspace": back over an area, not to a base
            qualifier = ""
            q = _QUALIFIER.match(after) if kind not in ("demonym", "based") and not is_qualifier else None
            if q:
                qtext, qs = self._qualifier_words(q.group("q")), e + q.start("q")
                tail = text[qs + len(qtext):]
                if qtext and not self.words.said_after.match(tail) and not re.match(r"[’']s\b", tail):
                    qualifier = qtext
                    qualifiers.add(qs)
                    for j in range(i + 1, len(spans)):
                        if qs <= spans[j][0] < qs + len(qtext):
                            qualifiers.add(spans[j][0])
            prev = out[-1] if out else None
            gap = text[prev.end - offset: s] if prev is not None else ""
            lead = next((p for p in reversed(out) if p.role != "qualifier"), None)
            if prev is not None and prev.role == "qualifier" and lead is not None and not role and not actor \
                    and lead.role in ("origin", "location") and _COORDINATED.match(text[prev.end - offset: s]):
                role = lead.role  # "in the vicinity of Kyushu, Japan, and the East China Sea"
            if prev is not None and _CONTAINED.match(gap) and prev.role in ("origin", "location") and not is_qualifier:
                # "Andersen Air Force Base in Guam": Guam probably says where the base is; the resolver
                # checks that it contains the base and otherwise keeps it as a place of its own.
                out[-1] = replace(prev, qualifier=prev.qualifier or surface)
                role = "qualifier"
            elif prev is not None and _COORDINATED.match(gap) and not role and not actor and \
                    prev.role in ("origin", "location"):
                role = prev.role  # "over the Sea of Japan and the East China Sea"
            direction, distance, offset_phrase = (zone_side if zone else ""), 0.0, ""
            before40 = text[max(0, s - 60): s]
            mb = self.words.coast_before.search(before40)
            ma = self.words.coast_after.match(after) or _COAST_TRAIL.match(after)
            mo = _OFFSET_BEFORE.search(before40)
            mp = _PART_BEFORE.search(before40)
            if mb or ma:
                direction = (mb or ma).group("dir").lower()
                if ma:
                    e += len(ma.group(0))
                if not role:
                    phrase = s - (len(mb.group(0)) if mb else 0)
                    role = cue_role(text, phrase, self.rules) or self._coordinated_role(text, prev, phrase, offset)
            elif mo or mp:
                m_ = mo or mp
                direction = m_.group("dir").lower()
                offset_phrase = m_.group(0).strip()
                if mo and mo.group("num"):
                    distance = float(mo.group("num").replace(",", "")) * _UNITS_KM[mo.group("unit").lower()]
                if not role or role == "qualifier":
                    phrase = s - len(m_.group(0))
                    role = (cue_role(text, phrase, self.rules) or self._coordinated_role(text, prev, phrase, offset)
                            or "location")
            elif kind == "anaphor" and surface.split()[-1] in _ANAPHOR_DIRECTION and not parts:
                relation = "same_as"
            home = bool(_HOME_ORIGIN.search(clause_before(text, s)))
            if home and role in ("", "location"):
                role = "origin"  # "B-52s from the 20th Bomber Squadron at Barksdale AFB": where the unit is based
            mention = PlaceMention(s + offset, e + offset, text[s:e], kind, role, country, direction, distance,
                                   area_of, qualifier, relation, parts, home=home and role == "origin")
            # Compounds: "between A and B", "from A to B", "the South China Sea off Hainan".
            if prev is not None and role != "qualifier":
                before_prev = text[max(0, prev.start - offset - 40): prev.start - offset]
                compound = ""
                if _AND_GAP.match(gap) and _BETWEEN_BEFORE.search(before_prev) and not (
                        prev.kind == "country" and kind == "country" and not prev.area_of):
                    compound = "between"  # "drills between South Korea and the U.S." name its sides, not a place
                elif _TO_GAP.match(gap) and _FROM_BEFORE.search(before_prev):
                    compound = "route"
                elif _OFF_GAP.match(gap) or _OFF_GAP.match(_OFF_APPOSITION.sub(" ", gap)):
                    compound = "off"
                elif _NEAR_GAP.match(gap) and prev.role in ("origin", "location") and (
                        prev.area_of or _AREA_NAME.search(prev.text)):
                    compound = "near"  # "the ADIZ over the Sea of Japan", "the East Sea near the islets of Dokdo"
                if compound == "" and _AND_GAP.match(gap) and _BETWEEN_BEFORE.search(before_prev):
                    out[-1] = replace(prev, role="")
                    out.append(replace(mention, role=""))
                    continue
                if compound:
                    joined = PlaceMention(prev.start, e + offset, text[prev.start - offset: e], "compound",
                                          "location" if compound != "off" or prev.role != "origin" else prev.role,
                                          relation=compound, parts=(replace(prev, role="location"),
                                                                    replace(mention, role="location")))
                    out[-1] = joined
                    continue
            if lead is not None and lead.role in ("origin", "location") and \
                    _MEASURED_FROM.match(_drop_qualifiers(text[lead.end - offset: s], out, lead, offset)):
                continue  # "Osan Air Base, some 40 miles off Seoul": Seoul only says where Osan is
            if prev is not None and offset_phrase and prev.role in ("origin", "location") and \
                    gap.strip().endswith(offset_phrase) and len(gap.strip()) <= len(offset_phrase) + 2:
                # "the ADIZ southwest of Jeju island": the part of the zone that lies off Jeju.
                out[-1] = replace(mention, role=prev.role)
                continue
            if prev is not None and _APPOSITION.search(gap) and kind in ("name", "curated") and \
                    prev.kind in ("country", "curated", "name") and not prev.area_of:
                # "South Korea's southern port of Busan": the port is the place, the country its qualifier.
                out[-1] = replace(mention, start=prev.start, text=text[prev.start - offset: e],
                                  role=prev.role or role, qualifier=prev.text)
                continue
            out.append(mention)
        return out


def _drop_qualifiers(gap: str, out: list[PlaceMention], lead: PlaceMention, offset: int) -> str:
    """The words between ``lead`` and the next name with the qualifiers in between taken out
    ("Osan Air Base in Pyeongtaek, some 70 km south of" -> "Osan Air Base, some 70 km south of")."""
    for q in out:
        if q.role == "qualifier" and q.start >= lead.end:
            rel = q.start - lead.end
            gap = gap[:rel] + " " * (q.end - q.start) + gap[rel + q.end - q.start:]
    return re.sub(r"^\s*(?:in|on)\s+\s*", "", gap)


def _name_candidates(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a capitalised run worth looking up: the run itself, without leading function
    words or a trailing possessive. Its inner words are not looked up on their own: "Korean War" is
    not "War", "President Donald Trump" is not "Donald"."""
    run = text[start:end]
    vocab = place_words()
    if vocab.ship.match(run):
        return []
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", run)]
    while words and text[words[0][0]:words[0][1]] in vocab.leading_noise:
        words.pop(0)
    if not words:
        return []
    s, e = words[0][0], words[-1][1]
    m = re.search(r"(?:[’']s?|[.,])$", text[s:e])
    if m and not re.fullmatch(r"(?:[A-Z]\.)+", text[s:e]):
        e -= len(m.group(0))
    if e <= s or (len(words) == 1 and text[s:e] in vocab.never_place):
        return []
    return [(s, e)]


__all__ = ["PlaceFinder", "PlaceMention", "PlaceRules"]
