"""PlaceResolver: places every place mention of an article's events with the shared ranker, the article's context and shapes."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from geo.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, normalize_name
from geo.gazetteer.distance import haversine_km
from geo.models import Article, Event, Place
from geo.resolve import shapes
from geo.resolve.online import OnlineLookup
from geo.resolve.query import NameQuery
from geo.resolve.rank import CandidateRanker, Ranked
from geo.resolve.rules import PlaceWordRules, load_place_word_rules

log = logging.getLogger(__name__)

# Feature kinds an aircraft or ship sets out from: "from Guam to the peninsula" names an origin and
# a destination, "from Seoul to the Yellow Sea" the stretch flown over.
_ORIGIN_KINDS = frozenset({"air_base", "naval_base", "airfield", "airport", "base", "army_base", "marine_base",
                           "military_base"})
_SEA_KINDS = frozenset({"sea", "strait", "gulf", "bay", "ocean", "channel"})
_WHOLE_OCEAN_KM = 5000.0
# Aircraft do not take off from these: "from the Sea of Japan to the East China Sea" is a stretch flown.
_NEVER_ORIGIN = _SEA_KINDS | {"zone", "ocean", "peninsula", "region", "island_group", "strait"}
# A route whose ends lie farther apart than this is a transit from an origin, not an area flown over.
_ROUTE_AREA_KM = 900.0
_LAND_AREAS = frozenset({"airspace", "skies", "territory", "soil", "mainland", "side", "border", "borders",
                         "peninsula"})


@dataclass(frozen=True)
class _Resolved:
    """A leaf mention's outcome: the chosen entry, or None with the reason."""

    entry: GazetteerEntry | None
    reason: str
    source: str = "gazetteer"  # or the online service that answered
    lat: float | None = None  # for online answers, which have no gazetteer entry
    lon: float | None = None
    not_a_name: bool = False  # only matched small towns the text gives no reason to mean: not a place here


class PlaceResolver:
    """Resolves the place mentions of one article at a time, each in the light of the others.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default :func:`geo.gazetteer.load_gazetteer`.
    online : OnlineLookup, optional
        Asked for names the gazetteer lacks; default from ``GEO_GEOCODER`` (the offline default
        asks nothing).
    rules : PlaceWordRules, optional
        Which words are not places in this news ("the base" with no base named before it).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, online: OnlineLookup | None = None,
                 rules: PlaceWordRules | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.ranker = CandidateRanker(self.gazetteer)
        self.online = online if online is not None else OnlineLookup.from_settings()
        self.rules = rules if rules is not None else load_place_word_rules()

    # -- queries ---------------------------------------------------------------------------------
    def _query(self, p: Place) -> NameQuery:
        g = self.gazetteer
        if p.country and (p.area_of or normalize_name(p.name) not in g._curated):
            # A country named by name or demonym ("U.S.", "South Korean waters"): the country itself.
            key = normalize_name(g.country_names.get(p.country, p.name))
            return NameQuery(*_span(p), p.name, key, curated=[f"country:{p.country}"], abbrev=True)
        key = normalize_name(p.name)
        found = g.lookup_key(key)
        cityish = bool(found) and all(e.source == "geonames" for e in found)
        return NameQuery(*_span(p), p.name, key, cityish=cityish,
                         sentence_initial=bool(p.span) and p.span.start == 0)

    def _leaves(self, p: Place) -> Iterable[Place]:
        """The plain names a mention is built from: both ends of a route, an anaphor's antecedent."""
        if p.relation in ("between", "route", "off", "near"):
            for q in p.parts:
                yield from self._leaves(q)
        elif p.relation == "same_as":
            for q in p.parts[:1]:
                yield from self._leaves(q)
        else:
            yield p

    def _rank(self, places: Sequence[Place]) -> dict[tuple[int, int, str], _Resolved]:
        """Rank every distinct leaf mention together; qualifiers hint at the name they follow."""
        leaves: dict[tuple[int, int, str], Place] = {}
        for p in places:
            for leaf in self._leaves(p):
                leaves.setdefault(_key(leaf), leaf)
        order = sorted(leaves, key=lambda k: (k[0], k[1]))
        queries = [self._query(leaves[k]) for k in order]
        for i, k in enumerate(order):
            qual = leaves[k].qualifier
            if qual:
                qkey = normalize_name(qual)
                abbrev = self.gazetteer.abbrevs.get(qkey)
                queries.append(NameQuery(k[1], k[1] + len(qual), qual, qkey, curated=list(abbrev or []),
                                         abbrev=bool(abbrev), hint_for=i))
        ranked = self.ranker.rank(queries)
        out: dict[tuple[int, int, str], _Resolved] = {}
        for k, r in zip(order, ranked):
            out[k] = self._outcome(leaves[k], r)
        return out

    def _outcome(self, leaf: Place, r: Ranked) -> _Resolved:
        if r.entry is not None:
            return _Resolved(r.entry, r.reason)
        if r.query.cityish or r.query.weak:
            return _Resolved(None, r.reason, not_a_name=True)
        if r.candidates == 0 and self.online.enabled:
            ans = self.online.lookup(leaf.qualifier and f"{leaf.name}, {leaf.qualifier}" or leaf.name)
            if ans.location is not None:
                return _Resolved(None, ans.reason, ans.service, ans.location[0], ans.location[1])
            return _Resolved(None, f"{r.reason}; {ans.reason}")
        return _Resolved(None, r.reason)

    # -- places ----------------------------------------------------------------------------------
    def resolve_article(self, article: Article, events: Sequence[Event], mentions: Sequence[Place] = ()
                        ) -> list[Event]:
        """The article's events with every origin and location placed (or marked unresolved, with why).

        Parameters
        ----------
        article : Article
        events : sequence of Event
            As extraction made them: places with words and roles, no coordinates.
        mentions : sequence of Place
            Every place the article names, event or not: the context that tells "Georgia" the state
            from "Georgia" the country.
        """
        all_places = [*mentions, *(p for ev in events for p in (*ev.origins, *ev.locations))]
        doc = _Document(self._rank(all_places))
        out = []
        for ev in events:
            origins: list[Place] = []
            locations: list[Place] = []
            renamed: dict[str, str] = {}  # the words of an origin -> the name it is shown under
            for p in ev.origins:
                got = self._place(p, doc)
                for q in got:
                    if q.located and q.feature_kind in _NEVER_ORIGIN:
                        # "returned to the East China Sea": aircraft come back over a sea, not to it as a base.
                        locations.append(replace(q, role="location", reason=f"{q.reason}; a {q.feature_kind} is no origin"))
                    else:
                        origins.append(q)
                if got:
                    renamed[p.name] = got[0].name
            for p in ev.locations:
                for q in self._place(p, doc):
                    (origins if q.role == "origin" else locations).append(q)
            aircraft = tuple(replace(a, origin=renamed.get(a.origin, a.origin)) for a in ev.aircraft)
            out.append(replace(ev, aircraft=aircraft, origins=tuple(_dedupe(origins)),
                               locations=tuple(_prune_containers(_dedupe(locations), self.gazetteer))))
        return out

    def _place(self, p: Place, doc: "_Document") -> list[Place]:
        """One mention -> the places it stands for (a route from a base gives an origin and a location)."""
        if p.relation == "same_as":
            if p.parts:
                got = self._place(p.parts[0], doc)
                return [replace(q, span=p.span, role=p.role, relation="same_as", parts=p.parts,
                                reason=f"refers back to '{p.parts[0].name}'; {q.reason}") for q in got[:1]]
            back = self._antecedent_by_kind(p, doc)
            if back is not None:
                return [self._shape(self._from_entry(p, back, f"'{p.name}' refers back to {back.name}"), doc)]
            alias = self.rules.contextual_alias(p.name, {self.gazetteer.country_code(e) for e in doc.entries})
            if alias:
                entry = self.gazetteer.get(alias)
                if entry is not None:
                    return [self._shape(self._from_entry(p, entry, f"'{p.name}' in a text about {entry.name}"), doc)]
            return [_unresolved(p, self.rules.why_not_a_place(p.name) or "a word for a place named nowhere before it")]
        if p.relation in ("between", "route", "off", "near") and len(p.parts) == 2:
            a, b = (self._place(q, doc) for q in p.parts)
            if not (a and b and a[0].located and b[0].located):
                return [q for q in (*a, *b) if q.located] or [_unresolved(p, "its parts could not be placed")]
            a0, b0 = a[0], b[0]
            if p.relation == "near":
                lat, lon, r = shapes.narrowed((a0.lat, a0.lon, a0.radius_km), (b0.lat, b0.lon, b0.radius_km))
                return [replace(p, name=f"{a0.name} near {b0.name}", lat=lat, lon=lon, precision="area",
                                radius_km=round(r, 1), feature_kind=a0.feature_kind, country=b0.country or a0.country,
                                gazetteer_id=a0.gazetteer_id, reason=f"the part of {a0.name} near {b0.name}")]
            if p.relation == "off":
                lat, lon, r = shapes.off_coast((b0.lat, b0.lon, b0.radius_km), (a0.lat, a0.lon))
                return [replace(p, name=f"{a0.name} off {b0.name}", lat=lat, lon=lon, precision="area",
                                radius_km=round(r, 1), feature_kind=a0.feature_kind, country=b0.country,
                                gazetteer_id=a0.gazetteer_id, reason=f"the part of {a0.name} off {b0.name}")]
            gap = haversine_km(a0.lat, a0.lon, b0.lat, b0.lon)
            if p.relation == "route" and (a0.feature_kind in _ORIGIN_KINDS or (
                    gap > _ROUTE_AREA_KM and a0.feature_kind not in _NEVER_ORIGIN)):
                return [replace(a0, role="origin", reason=f"set out from it; {a0.reason}"), b0]
            lat, lon, r = shapes.between((a0.lat, a0.lon, a0.radius_km), (b0.lat, b0.lon, b0.radius_km))
            word = "between" if p.relation == "between" else "from"
            name = f"between {a0.name} and {b0.name}" if word == "between" else f"from {a0.name} to {b0.name}"
            return [replace(p, name=name, lat=lat, lon=lon, precision="area", radius_km=round(r, 1),
                            feature_kind="area", reason=f"the stretch {name}")]
        o = doc.outcomes.get(_key(p))
        if o is not None and o.not_a_name:
            return []  # a surname or common word that only small, far-off towns are called
        if o is None or (o.entry is None and o.lat is None):
            return [_unresolved(p, o.reason if o else "not ranked")]
        if o.entry is None:  # an online answer
            place = replace(p, name=p.name, lat=round(o.lat, 5), lon=round(o.lon, 5), precision="point",
                            reason=o.reason)
        else:
            place = self._from_entry(p, o.entry, o.reason)
        return [self._shape(place, doc)]

    def _antecedent_by_kind(self, p: Place, doc: "_Document") -> GazetteerEntry | None:
        """The last place named before an anaphor whose kind it can mean: "the zone" after "Taiwan's ADIZ"."""
        kinds = self.rules.kinds_for(p.name)
        if not kinds or p.span is None:
            return None
        before = [e for pos, e in doc.placed if pos < p.span.start and e.kind in kinds]
        return before[-1] if before else None

    def _from_entry(self, p: Place, e: GazetteerEntry, reason: str) -> Place:
        reason = f"{p.reason}; {reason}" if p.reason else reason
        return replace(p, name=_display_name(p, e), lat=round(e.lat, 5), lon=round(e.lon, 5), precision=e.precision,
                       radius_km=e.radius_km, gazetteer_id=e.id, feature_kind=e.kind,
                       country=self.gazetteer.country_code(e) or p.country, reason=reason)

    def _shape(self, place: Place, doc: "_Document") -> Place:
        """Apply what the words say about the named place: its waters, one side of it, a distance off it."""
        if place.area_of in ("base", "air base"):
            base = self._base_in(place)
            if base is not None:
                place = replace(self._from_entry(replace(place, reason=""), base, f"the {place.area_of} on {place.name}"),
                                area_of="")
            else:
                place = replace(place, area_of="", reason=f"{place.reason}; no single {place.area_of} known there")
        if place.area_of == "adiz":
            zone = self._zone_of(place, doc)
            if zone is not None:
                place = replace(self._from_entry(replace(place, reason=""), zone, f"the air defence zone of {place.name}"),
                                area_of="", direction="" if zone.id.endswith(place.direction) else place.direction)
            elif any(e.kind == "zone" and self.gazetteer.country_code(e) == place.country and _is_adiz(self.gazetteer, e)
                     for e in self.gazetteer.curated_entries()):
                return _unresolved(replace(place, area_of="adiz"),
                                   f"{place.name} has several air defence zones and the text does not say which")
            else:
                place = replace(place, area_of="airspace")
        if place.precision == "area" and place.feature_kind == "ocean" and place.radius_km >= _WHOLE_OCEAN_KM:
            # "over the Pacific Ocean": no point of an ocean says where an event was; "the western
            # Pacific" (a part of it, in the gazetteer) does.
            return _unresolved(replace(place, lat=None, lon=None),
                               f"{place.name} is too large to place an event in; name the part of it")
        if place.area_of and place.area_of.split()[-1] not in _LAND_AREAS and place.precision == "country":
            sea = self._nearest_sea(place, doc.entries)
            if sea is not None:
                lat, lon, r = shapes.off_coast((place.lat, place.lon, place.radius_km), (sea.lat, sea.lon))
                place = replace(place, lat=lat, lon=lon, radius_km=round(r, 1), precision="area",
                                feature_kind=f"{place.feature_kind}:{place.area_of}",
                                reason=f"{place.reason}; its {place.area_of} toward {sea.name}")
        elif place.area_of:
            place = replace(place, feature_kind=f"{place.feature_kind}:{place.area_of}",
                            precision="area" if place.precision == "point" else place.precision)
        if place.direction in shapes.BEARINGS:
            lat, lon, r = shapes.toward(place.lat, place.lon, place.direction, place.radius_km, place.distance_km)
            far = f"{place.distance_km:.0f} km " if place.distance_km else ""
            place = replace(place, lat=lat, lon=lon, radius_km=round(r, 1), precision="area",
                            name=f"{far}{place.direction} of {place.name}",
                            reason=f"{place.reason}; {far}{place.direction} of it")
        return place

    def _base_in(self, place: Place) -> GazetteerEntry | None:
        """The one base of the gazetteer on a place ("the Guam base": Andersen), or None when there are several."""
        kinds = {"air_base"} if place.area_of == "air base" else _ORIGIN_KINDS
        if place.precision == "point" and place.feature_kind in kinds:
            return None  # "the Osan base": the name already is the base
        reach = max(place.radius_km * 1.5, 30.0)  # a small island's point may lie a few km from its airfield
        found = [e for e in self.gazetteer.curated_entries() if e.kind in kinds and
                 haversine_km(place.lat, place.lon, e.lat, e.lon) <= reach]
        if len(found) > 1 and place.area_of == "base":
            airs = [e for e in found if e.kind == "air_base"]
            found = airs if len(airs) == 1 else found
        return found[0] if len(found) == 1 else None

    def _zone_of(self, place: Place, doc: "_Document") -> GazetteerEntry | None:
        """A country's air defence identification zone, or the part of it the words point at ("southwestern").

        A country with several zones ("the U.S. ADIZ": Alaska, Hawaii, Guam, the contiguous states) gets
        the one the article's other places lie in, else none: a guess would put the event a continent off.
        """
        zones = [e for e in self.gazetteer.curated_entries() if e.kind == "zone"
                 and self.gazetteer.country_code(e) == place.country and _is_adiz(self.gazetteer, e)]
        if not zones:
            return None
        if place.direction:
            part = [e for e in zones if e.id.endswith("-" + place.direction)]
            if part:
                return part[0]
        whole = [e for e in zones if not any(e.id.endswith("-" + d) for d in shapes.BEARINGS)]
        if len(whole) <= 1:
            return max(whole or zones, key=lambda e: e.radius_km)
        points = [e for e in doc.entries if e.kind not in ("zone", "country") and e.precision != "country"]
        inside = [z for z in whole if any(haversine_km(z.lat, z.lon, e.lat, e.lon) <= z.radius_km for e in points)]
        return inside[0] if len(inside) == 1 else None

    def _nearest_sea(self, place: Place, named_entries: list[GazetteerEntry]) -> GazetteerEntry | None:
        """The sea the text names nearest to a country, else the gazetteer's nearest sea to it."""
        named = [e for e in named_entries if e.kind in _SEA_KINDS]
        pool = named or [e for e in self.gazetteer.curated_entries() if e.kind in _SEA_KINDS and e.kind != "ocean"]
        reach = max(place.radius_km, 100.0) + 1500.0
        near = [(haversine_km(place.lat, place.lon, e.lat, e.lon), e) for e in pool]
        near = [(d, e) for d, e in near if d <= reach]
        return min(near, key=lambda x: x[0])[1] if near else None

    def resolve_name(self, name: str, *, role: str = "location", countries: Iterable[str] = ()) -> Place:
        """Place one typed name (a Review correction) with ``countries`` (ISO codes) as the context."""
        ctx = [NameQuery(0, 0, c, normalize_name(self.gazetteer.country_names.get(c, c)), curated=[f"country:{c}"],
                         abbrev=True) for c in countries if c]
        q = self._query(Place(name=name, lat=None, lon=None))
        ranked = self.ranker.rank([*ctx, q])[-1]
        p = Place(name=name, lat=None, lon=None, role="origin" if role == "origin" else "location")
        o = self._outcome(p, ranked)
        if o.entry is not None:
            return self._from_entry(p, o.entry, o.reason)
        if o.lat is not None:
            return replace(p, lat=round(o.lat, 5), lon=round(o.lon, 5), reason=o.reason)
        return _unresolved(p, o.reason)


def _display_name(p: Place, e: GazetteerEntry) -> str:
    """The name the map shows: the article's own words when they are a full name of the place
    ("East Sea", "Busan"), else the gazetteer's ("North Korea" for "the North", "United States" for
    "U.S.", "Andersen Air Force Base" for "Andersen")."""
    words = (p.span.text if p.span else p.name).strip()
    words = " ".join(words.split())
    if words.lower().startswith("the "):
        words = words[4:]
    if p.relation or p.area_of or p.country and not words[:1].isupper():
        return e.name
    short = words.replace(".", "").isupper() or "." in words
    prefix = " " not in words and e.name.lower().startswith(words.lower() + " ")
    if short or prefix or not words or not words[:1].isupper():
        return e.name
    return words


def _is_adiz(gazetteer: Gazetteer, e: GazetteerEntry) -> bool:
    names = " | ".join([e.name, *gazetteer.names_of(e.id)]).lower()
    return "identification zone" in names or "adiz" in names


class _Document:
    """One article's ranked names: outcomes by mention, and the placed entries in text order."""

    def __init__(self, outcomes: dict[tuple[int, int, str], _Resolved]) -> None:
        self.outcomes = outcomes
        self.entries = [o.entry for o in outcomes.values() if o.entry is not None]
        self.placed = sorted(((k[0], o.entry) for k, o in outcomes.items() if o.entry is not None),
                             key=lambda x: x[0])


def _span(p: Place) -> tuple[int, int]:
    return (p.span.start, p.span.end) if p.span else (0, 0)


def _key(p: Place) -> tuple[int, int, str]:
    s, e = _span(p)
    return s, e, p.name


def _unresolved(p: Place, reason: str) -> Place:
    return replace(p, lat=None, lon=None, reason=reason)


def _dedupe(places: list[Place]) -> list[Place]:
    """One place per gazetteer entry and shape (the same base named twice is one origin)."""
    seen: set[tuple] = set()
    out = []
    for p in places:
        k = (p.gazetteer_id, p.name, p.lat, p.lon) if p.located else ("?", p.name)
        if k in seen:
            continue
        seen.add(k)
        out.append(p)
    return out


def _prune_containers(places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """Drop a country when the same event also names a place inside it: "over South Korea ... above Seoul".

    The finer place says more, and the country's representative point would put a second marker
    where nothing happened.
    """
    inner = {p.country for p in places if p.located and p.precision != "country" and p.country}
    return [p for p in places if not (p.located and p.precision == "country" and p.country in inner)]
