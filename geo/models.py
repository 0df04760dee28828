"""Frozen dataclasses that flow between the stages: Article, Mention, Place, Aircraft, Event."""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal

EventKind = Literal["flight", "missile_launch", "nuclear_test", "exercise", "deployment", "other"]
EVENT_KINDS: tuple[str, ...] = ("flight", "missile_launch", "nuclear_test", "exercise", "deployment", "other")

DatePrecision = Literal["day", "week", "month", "year"]
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")

PlacePrecision = Literal["point", "area", "region", "country"]
PLACE_PRECISIONS: tuple[str, ...] = ("point", "area", "region", "country")

PlaceRole = Literal["origin", "location"]

# What a flight was doing; "" when the text does not say. Kept in step with data/patterns/activities.jsonl.
Activity = Literal["", "joint_drill", "escort", "patrol", "reconnaissance", "adiz_entry", "intercept", "transit",
                   "landing", "deployment_flight"]
ACTIVITIES: tuple[str, ...] = ("joint_drill", "escort", "patrol", "reconnaissance", "adiz_entry", "intercept",
                               "transit", "landing", "deployment_flight")

# Why an event might not have happened as written; "asserted" is the normal case.
EventStatus = Literal["asserted", "planned", "hypothetical", "cancelled", "denied"]


def valid_coordinates(lat: object, lon: object) -> bool:
    """True for a finite latitude within ±90 and longitude within ±180 (NaN, inf, None and text are not).

    Examples
    --------
    >>> valid_coordinates(37.5, 127.0), valid_coordinates(float("nan"), 0.0), valid_coordinates(91, 0)
    (True, False, False)
    """
    if isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(lat, (int, float)) \
            or not isinstance(lon, (int, float)):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def content_id(text: str) -> str:
    """Stable 16-hex-digit id of a text (sha256 prefix), used for articles."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    """A character range of an article's text, end-exclusive."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One news article as read from disk or an upload, with its metadata."""

    id: str
    path: str
    title: str
    text: str
    published: date | None = None
    source: str = ""
    url: str = ""
    # Metadata fields read from the document itself (a headline title, an HTML <meta> date) rather
    # than given by a sidecar, an upload or the user: on re-ingest they do not replace stored values.
    derived: tuple[str, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        """The file name the article came from (the benchmark's ``article`` key)."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Mention:
    """A typed stretch of text: a date, aircraft, place, country or event cue."""

    label: str  # DATE, AIRCRAFT, PLACE, COUNTRY, CUE
    start: int
    end: int
    text: str
    value: str = ""  # canonical id / normalised value (e.g. "B-1B", "2017-09-18")
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        """Look up one of the mention's extra attributes."""
        return dict(self.extra).get(key, default)


@dataclass(frozen=True)
class Place:
    """A place named in an article: the words that name it and, once resolved, where it is and why.

    Extraction fills ``span``, ``role``, ``direction`` and ``qualifier`` and leaves the coordinates
    empty; the resolve stage fills ``name`` (the gazetteer's name: "North Korea" for "the North"),
    the coordinates, ``precision``, ``radius_km``, ``gazetteer_id`` and a short ``reason``. A place
    the resolver could not place keeps ``lat``/``lon`` None and says why in ``reason``.
    """

    name: str
    lat: float | None
    lon: float | None
    precision: PlacePrecision = "point"
    gazetteer_id: str = ""
    feature_kind: str = ""
    role: PlaceRole = "location"
    radius_km: float = 0.0
    span: Span | None = None
    direction: str = ""  # "east" for "off the east coast of" or "100 km east of"
    distance_km: float = 0.0  # 160.9 for "100 miles east of": how far from the named place
    qualifier: str = ""  # "Japan" in "Okinawa, Japan", "Mo." in "Whiteman Air Force Base, Mo."
    area_of: str = ""  # "waters" for "South Korean waters": the sea area of a country, not its land
    country: str = ""  # ISO alpha-2 code of the country the place lies in (or is), when known
    reason: str = ""  # why the resolver chose this entry, or why it could not place the name
    # How this mention is built from ``parts``: "same_as" (an anaphor: "the peninsula" and what it
    # points back to), "between" (between A and B), "route" (from A to B), "off" (a sea off a coast),
    # "near" (a large area narrowed by a place in it: "the ADIZ over the Sea of Japan").
    relation: str = ""
    parts: tuple["Place", ...] = ()

    @property
    def located(self) -> bool:
        """True when the place has real coordinates: finite, latitude within ±90 and longitude within ±180."""
        return valid_coordinates(self.lat, self.lon)

    def to_dict(self) -> dict:
        """The place as a JSON object of the extract contract (``parts`` nested the same way)."""
        return {"name": self.name, "lat": self.lat, "lon": self.lon, "precision": self.precision,
                "radius_km": self.radius_km, "gazetteer_id": self.gazetteer_id, "feature_kind": self.feature_kind,
                "span": asdict(self.span) if self.span else None, "direction": self.direction,
                "distance_km": self.distance_km, "qualifier": self.qualifier, "area_of": self.area_of,
                "country": self.country, "reason": self.reason, "relation": self.relation,
                "parts": [p.to_dict() for p in self.parts]}

    @property
    def surface(self) -> str:
        """The words of the article that name the place (its span's text, else its name)."""
        return self.span.text if self.span else self.name


@dataclass(frozen=True)
class Aircraft:
    """An aircraft type taking part in an event."""

    type: str
    role: str = ""
    count: int | None = None
    span: Span | None = None
    origin: str = ""  # the name of the origin this type flew from, when the text says so
    note: str = ""  # e.g. where sources within the article disagree on the count


@dataclass(frozen=True)
class Event:
    """One occurrence (a flight, a launch, a test...) with the evidence that supports it."""

    event_id: str
    article_id: str
    kind: str
    date: str | None  # "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    date_precision: str | None
    evidence: Span
    aircraft: tuple[Aircraft, ...] = ()
    origins: tuple[Place, ...] = ()
    locations: tuple[Place, ...] = ()
    countries: tuple[str, ...] = ()
    status: str = "asserted"
    date_span: Span | None = None
    article_name: str = ""
    date_note: str = ""  # a time-zone note written with the date: "Korea Standard Time"
    country_spans: tuple[tuple[str, Span], ...] = ()  # (country, where the text names it)
    activity: str = ""  # one of ACTIVITIES for flights, "" when the text does not say
    role: str = "main"  # "main" (what the article reports) or "context" (an earlier event named in passing)
    mentions: tuple[Mention, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict:
        """The event as the JSON object of the ``python -m geo extract`` contract."""
        def place(p: Place) -> dict:
            return p.to_dict()
        return {
            "article": self.article_name,
            "article_id": self.article_id,
            "event_id": self.event_id,
            "kind": self.kind,
            "status": self.status,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_span": asdict(self.date_span) if self.date_span else None,
            "date_note": self.date_note,
            "activity": self.activity,
            "role": self.role,
            "aircraft": [{"type": a.type, "role": a.role, "count": a.count,
                          "span": asdict(a.span) if a.span else None, "origin": a.origin, "note": a.note}
                         for a in self.aircraft],
            "origins": [place(p) for p in self.origins],
            "locations": [place(p) for p in self.locations],
            "countries": list(self.countries),
            "country_spans": [{"country": c, **asdict(sp)} for c, sp in self.country_spans],
            "evidence": {"text": self.evidence.text, "start": self.evidence.start, "end": self.evidence.end},
        }


def event_id(article_id: str, kind: str, evidence_start: int, date_value: str | None) -> str:
    """Stable id of an event: the same article and sentence always give the same id."""
    key = json.dumps([article_id, kind, evidence_start, date_value])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _span(d: dict | None) -> Span | None:
    return Span(int(d["start"]), int(d["end"]), str(d["text"])) if d else None


def place_from_dict(d: dict, role: str) -> Place:
    """Rebuild a ``Place`` from its ``Event.to_dict`` form."""
    return Place(name=d["name"], lat=d.get("lat"), lon=d.get("lon"), precision=d.get("precision") or "point",
                 gazetteer_id=d.get("gazetteer_id") or "", feature_kind=d.get("feature_kind") or "",
                 role=role, radius_km=float(d.get("radius_km") or 0.0), span=_span(d.get("span")),
                 direction=d.get("direction") or "", distance_km=float(d.get("distance_km") or 0.0),
                 qualifier=d.get("qualifier") or "", area_of=d.get("area_of") or "", country=d.get("country") or "",
                 reason=d.get("reason") or "", relation=d.get("relation") or "",
                 parts=tuple(place_from_dict(q, role) for q in d.get("parts") or ()))


def event_from_dict(d: dict) -> Event:
    """Rebuild an ``Event`` from ``Event.to_dict()`` output (the store keeps events this way)."""
    ev = d.get("evidence") or {}
    return Event(
        event_id=d["event_id"], article_id=d.get("article_id", ""), kind=d["kind"], date=d.get("date"),
        date_precision=d.get("date_precision"), evidence=Span(int(ev.get("start", 0)), int(ev.get("end", 0)),
                                                              str(ev.get("text", ""))),
        aircraft=tuple(Aircraft(a["type"], a.get("role") or "", a.get("count"), _span(a.get("span")),
                                a.get("origin") or "", a.get("note") or "")
                       for a in d.get("aircraft") or []),
        origins=tuple(place_from_dict(p, "origin") for p in d.get("origins") or []),
        locations=tuple(place_from_dict(p, "location") for p in d.get("locations") or []),
        countries=tuple(d.get("countries") or ()), status=d.get("status") or "asserted",
        date_span=_span(d.get("date_span")), article_name=d.get("article", ""), date_note=d.get("date_note") or "",
        country_spans=tuple((c["country"], _span(c)) for c in d.get("country_spans") or []),
        activity=d.get("activity") or "", role=d.get("role") or "main")


# --- Sorties: one real occurrence, built from every report of it (geo.sorties groups, geo.store keeps) ---


@dataclass(frozen=True)
class SortieSource:
    """One report of a sortie: the event an article gave and what a reader needs to find the article."""

    event_id: str
    article_id: str
    article_name: str
    outlet: str  # Article.source, else the URL's domain, else the file name
    title: str = ""
    url: str = ""
    published: date | None = None
    evidence: str = ""
    role: str = "main"
    date: str | None = None
    date_precision: str | None = None
    date_note: str = ""

    def to_dict(self) -> dict:
        """The source as a JSON object."""
        return {"event_id": self.event_id, "article_id": self.article_id, "article": self.article_name,
                "outlet": self.outlet, "title": self.title, "url": self.url,
                "published": self.published.isoformat() if self.published else None, "evidence": self.evidence,
                "role": self.role, "date": self.date, "date_precision": self.date_precision,
                "date_note": self.date_note}


@dataclass(frozen=True)
class SortieAircraft:
    """One aircraft type of a sortie with the count each report gave (None: the report gave no number)."""

    type: str
    role: str = ""
    counts: tuple[tuple[str, int | None], ...] = ()  # (event_id of the report, its count)

    @property
    def count(self) -> int | None:
        """The count most reports give (the larger on a tie), None when no report gives one."""
        given = [c for _, c in self.counts if c is not None]
        return max(set(given), key=lambda c: (given.count(c), c)) if given else None


@dataclass(frozen=True)
class Disagreement:
    """Where the reports of one sortie differ on one field, written for a person."""

    field: str  # "count", "types", "date", "origin", "activity"
    text: str  # "2 B-1B (Yonhap) vs 4 B-1B (KCNA)"
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (value as text, event ids of the reports giving it)

    def to_dict(self) -> dict:
        """The disagreement as a JSON object."""
        return {"field": self.field, "text": self.text,
                "values": [{"value": v, "event_ids": list(ids)} for v, ids in self.values]}


@dataclass(frozen=True)
class Sortie:
    """One real occurrence: the merged fields of every report of it, its sources and where they disagree."""

    sortie_id: str
    kind: str
    date: str | None
    date_precision: str | None
    sources: tuple[SortieSource, ...]
    status: str = "asserted"
    activity: str = ""
    aircraft: tuple[SortieAircraft, ...] = ()
    origins: tuple[Place, ...] = ()
    locations: tuple[Place, ...] = ()
    countries: tuple[str, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()

    @property
    def event_ids(self) -> tuple[str, ...]:
        """The ids of the member reports' events."""
        return tuple(s.event_id for s in self.sources)

    @property
    def source_count(self) -> int:
        """How many articles report the sortie."""
        return len({s.article_id for s in self.sources})

    def to_dict(self) -> dict:
        """The sortie as the JSON object ``python -m geo events --sorties`` prints."""
        def place(p: Place) -> dict:
            return {"name": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision, "radius_km": p.radius_km,
                    "gazetteer_id": p.gazetteer_id, "feature_kind": p.feature_kind, "country": p.country}
        outlets = {s.event_id: s.outlet for s in self.sources}
        return {
            "sortie": self.sortie_id, "kind": self.kind, "status": self.status, "activity": self.activity,
            "date": self.date, "date_precision": self.date_precision,
            "aircraft": [{"type": a.type, "role": a.role, "count": a.count,
                          "counts": [{"event_id": e, "outlet": outlets.get(e, ""), "count": c} for e, c in a.counts]}
                         for a in self.aircraft],
            "origins": [place(p) for p in self.origins], "locations": [place(p) for p in self.locations],
            "countries": list(self.countries), "source_count": self.source_count,
            "sources": [s.to_dict() for s in self.sources],
            "disagreements": [d.to_dict() for d in self.disagreements],
        }


def sortie_from_dict(d: dict) -> Sortie:
    """Rebuild a ``Sortie`` from ``Sortie.to_dict()`` output (the store keeps sorties this way)."""
    def place(p: dict, role: str) -> Place:
        return Place(name=p["name"], lat=p.get("lat"), lon=p.get("lon"), precision=p.get("precision") or "point",
                     gazetteer_id=p.get("gazetteer_id") or "", feature_kind=p.get("feature_kind") or "", role=role,
                     radius_km=float(p.get("radius_km") or 0.0), country=p.get("country") or "")
    return Sortie(
        sortie_id=d["sortie"], kind=d["kind"], date=d.get("date"), date_precision=d.get("date_precision"),
        status=d.get("status") or "asserted", activity=d.get("activity") or "",
        sources=tuple(SortieSource(
            event_id=s["event_id"], article_id=s.get("article_id", ""), article_name=s.get("article", ""),
            outlet=s.get("outlet", ""), title=s.get("title", ""), url=s.get("url", ""),
            published=date.fromisoformat(s["published"]) if s.get("published") else None,
            evidence=s.get("evidence", ""), role=s.get("role") or "main", date=s.get("date"),
            date_precision=s.get("date_precision"), date_note=s.get("date_note") or "") for s in d.get("sources") or []),
        aircraft=tuple(SortieAircraft(a["type"], a.get("role") or "",
                                      tuple((c["event_id"], c.get("count")) for c in a.get("counts") or []))
                       for a in d.get("aircraft") or []),
        origins=tuple(place(p, "origin") for p in d.get("origins") or []),
        locations=tuple(place(p, "location") for p in d.get("locations") or []),
        countries=tuple(d.get("countries") or ()),
        disagreements=tuple(Disagreement(x["field"], x["text"],
                                         tuple((v["value"], tuple(v.get("event_ids") or ())) for v in x.get("values") or []))
                            for x in d.get("disagreements") or []))
