"""The map's data, as the JSON payloads ``static/sortie-map.js`` draws: their shape written down once, and their builder.

Three payloads, one per layer of the dashboard map: ``events`` (markers, area circles, the legend's
counts), ``flights`` (great-circle lines from origin to area) and ``origins`` (the bases the
aircraft flew from). Their fields are listed in :data:`SCHEMA`; ``docs/dashboard.md`` shows the same
table (:func:`schema_markdown`, a test keeps the two equal), and the script reads the fields by
these names. Tables with thousands of rows (events, routes) are sent as *columns*: one named array
per field, the same length for every field. A ``text`` field holds an index into the payload's
``strings`` (repeated texts are sent once); a ``kind`` field an index into its ``kinds``.

Every text from an article is escaped with ``geo.render.popups.esc`` here, so the script puts it
into markup as it is.
"""
from __future__ import annotations

import json
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from geo.models import Event, Place, SortieSource
from geo.query import aircraft_from, aircraft_text
from geo.query import schema as S
from geo.query.sorties import is_sortie_row
from geo.render import popups
from geo.render.geometry import Frame, finite_float, flight_path, frame_lon, same_place

FieldType = Literal["text", "texts", "string", "number", "flag", "kind", "path", "list", "object", "bool"]


@dataclass(frozen=True)
class Field:
    """One field of a payload: its name in the JSON, its type and what it holds."""

    name: str
    type: FieldType
    doc: str


KIND_FIELDS = (
    Field("id", "string", "the event kind (`flight`, `missile_launch`...)"),
    Field("label", "string", "its readable name (`Missile launch`)"),
    Field("colour", "string", "its colour (`#d62728`), the same in the timeline"),
)
EVENT_FIELDS = (
    Field("id", "string", "`event_id`; a click sends it back to the app"),
    Field("lat", "number", "latitude of the marker"),
    Field("lon", "number", "longitude of the marker, in the map's frame"),
    Field("kind", "kind", "the event's kind"),
    Field("area", "flag", "1 when the place is an area drawn at its extent (smaller marker)"),
    Field("date", "text", "`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or empty"),
    Field("precision", "text", "`day`, `week`, `month`, `year` or empty"),
    Field("status", "text", "`asserted`, or `planned`/`hypothetical`/`cancelled`/`denied`"),
    Field("title", "text", "the article's title (its file name when it has none)"),
    Field("article", "text", "the article's file name"),
    Field("aircraft", "text", "the aircraft (`2× B-1B, F-15C`)"),
    Field("activity", "text", "what the flight was doing (`joint drill`), or empty"),
    Field("place", "text", "the marker's place"),
    Field("placePrecision", "text", "`point`, `area`, `region` or `country`"),
    Field("radius", "number", "how far the place may be from the marker, km"),
    Field("origins", "text", "the placed origins, comma-separated"),
    Field("unplaced", "text", "places that could not be placed, each with the reason"),
    Field("evidence", "string", "the article's sentence; empty above `EVIDENCE_MAX` events except the selected one, "
                                "and for a sortie (its sources quote theirs)"),
    Field("sortie", "text", "the id of the sortie the event is (a row of sorties) or belongs to (a report), or empty"),
    Field("sourceCount", "number", "how many articles report that sortie (0: not grouped)"),
    Field("reports", "number", "a sortie's reports: how many rows of `sources` are its (they follow those of the "
                               "events before it); 0 for a report"),
    Field("disagreements", "texts", "where a sortie's reports disagree, one text each "
                                    "(`2 B-1B (Yonhap) vs 4 B-1B (KCNA)`); empty for a report"),
    Field("corrected", "text", "the fields an analyst corrected on the Review page (`date, kind`), or empty"),
)
SOURCE_FIELDS = (
    Field("outlet", "text", "who published the report (the article's source, else its URL's domain, else its file)"),
    Field("title", "text", "the article's title (its file name when it has none)"),
    Field("article", "text", "the article's file name, for the reader's link"),
    Field("url", "text", "the article's address when it is an `http` or `https` URL with a host, else empty"),
    Field("published", "text", "the article's publication date, or empty"),
    Field("date", "text", "the date this report gives the event, or empty"),
    Field("context", "flag", "1 when the article names the event in passing (its main subject is another)"),
    Field("evidence", "string", "the report's sentence; empty when `lean`, except for the selected sortie's"),
)
AREA_FIELDS = (
    Field("lat", "number", "centre latitude"),
    Field("lon", "number", "centre longitude, in the map's frame"),
    Field("radius", "number", "radius, km"),
    Field("kind", "kind", "the kind of the events there"),
)
BUNDLE_FIELDS = (
    Field("lat", "number", "the mean latitude of the events counted there"),
    Field("lon", "number", "their mean longitude, in the map's frame"),
    Field("n", "number", "how many placed events it counts"),
    Field("kind", "kind", "their commonest kind"),
)
ROUTE_FIELDS = (
    Field("fromLat", "number", "the origin's latitude"),
    Field("fromLon", "number", "the origin's longitude, on the side of the area in the map's frame"),
    Field("toLat", "number", "the marker's latitude (the events' place)"),
    Field("toLon", "number", "the marker's longitude, in the map's frame"),
    Field("path", "path", "the great circle's inner points, in hundredths of a degree, each as the change "
                          "`dlat, dlon` from the one before (the first from the origin, rounded the same way)"),
    Field("kind", "kind", "the events' kind"),
    Field("origin", "text", "the origin's name"),
    Field("area", "text", "the name of the events' place"),
    Field("events", "number", "how many shown events flew this route"),
    Field("first", "text", "the first date among them"),
    Field("last", "text", "the last date among them"),
    Field("eventId", "string", "the event's id when one event flew it, else empty"),
    Field("aircraft", "text", "the aircraft that flew from this origin"),
)
ORIGIN_FIELDS = (
    Field("lat", "number", "latitude"),
    Field("lon", "number", "longitude, in the map's frame"),
    Field("name", "string", "the origin's name"),
    Field("events", "number", "how many shown events started there"),
    Field("lines", "object", "up to `ORIGIN_POPUP_LIMIT` of them (earliest first), by column: the fields of "
                             "`line`"),
)
LINE_FIELDS = (
    Field("date", "string", "the event's date, or `undated`"),
    Field("kind", "string", "its kind, readable"),
    Field("place", "string", "its place"),
    Field("aircraft", "string", "the aircraft that flew from this origin"),
)
SCHEMA: dict[str, tuple[Field, ...]] = {
    "events": (
        Field("layer", "string", "the layer's name in the layer control"),
        Field("reader", "string", "the reader's link without the article's name (`articles?article=`)"),
        Field("kinds", "object", "the kinds, as a list of objects with the fields of `kind`"),
        Field("strings", "list", "the texts that `text` fields point into (the first is always empty)"),
        Field("events", "object", "the drawn (placed) events, by column: the fields of `event`"),
        Field("sources", "object", "the reports of the drawn sorties, in the order of `events`, by column: the "
                                   "fields of `source`"),
        Field("areas", "object", "one circle per distinct area and kind, by column: the fields of `area`"),
        Field("counts", "list", "drawn events per kind, in the order of `kinds`"),
        Field("unplaced", "number", "shown events with no place (not drawn)"),
        Field("highlight", "number", "index of the selected event in `events`, -1 for none"),
        Field("open", "bool", "open the selected event's popup at once (it was just selected)"),
        Field("cluster", "bool", "cluster the markers (many events)"),
        Field("lean", "bool", "evidence is sent for the selected event only"),
        Field("bundles", "object", "beyond `MARKERS_MAX` placed events, the rest counted per grid cell instead of "
                                   "drawn one by one, by column: the fields of `bundle`"),
        Field("bundled", "number", "how many placed events the bundles count (0: every one is drawn)"),
    ),
    "kind": KIND_FIELDS,
    "event": EVENT_FIELDS,
    "source": SOURCE_FIELDS,
    "area": AREA_FIELDS,
    "bundle": BUNDLE_FIELDS,
    "flights": (
        Field("layer", "string", "the layer's name in the layer control"),
        Field("kinds", "object", "as in `events`"),
        Field("strings", "list", "the texts that `text` fields point into"),
        Field("routes", "object", "the drawn routes, busiest first, by column: the fields of `route`"),
        Field("total", "number", "how many routes the shown events have (more than drawn when capped)"),
        Field("arrows", "number", "direction arrows go on the first this many routes"),
    ),
    "route": ROUTE_FIELDS,
    "origins": (
        Field("layer", "string", "the layer's name in the layer control"),
        Field("origins", "list", "one object per distinct placed origin, with the fields of `origin`"),
    ),
    "origin": ORIGIN_FIELDS,
    "line": LINE_FIELDS,
}
"""Every payload and the tables inside them: name -> fields."""

MARKERS_MAX = 2000
"""At most this many placed events are drawn one by one (a marker and a popup each); beyond it, the events of
the densest grid cells are counted in one bundle a cell (their kinds still counted in the legend). 100,000
markers were 12 MB of script and seconds of drawing for a map no one can read event by event."""
BUNDLE_DEGREES = 1.0
"""The grid cell, in degrees of latitude and longitude, whose events a bundle counts."""
CLUSTER_THRESHOLD = 200
"""Above this many placed events the event markers are clustered (``leaflet.markercluster``)."""
MAX_ROUTES = 1000
"""At most this many distinct flight routes are drawn (the busiest first); the map's attribution says so."""
ARROW_ROUTES = 150
"""Direction arrows are drawn on this many routes (the busiest first): each arrow is a layer of its own."""
EVIDENCE_MAX = 1000
"""Marker popups carry their evidence sentence when at most this many events are shown. Above it only the
selected event's does (a click selects it): 10,000 sentences were half of the map's payload and slowed its
first paint by about a quarter of a second."""
ORIGIN_POPUP_LIMIT = 15
ROUTE_TYPES_MAX = 6
"""A route flown by several events lists at most this many aircraft types."""
COORD_DECIMALS = 5  # about 1 m
MAP_GC_STEP_KM = 500.0
"""Points of a flight line on the map every this many km: within 1-3 px of the true great circle up to zoom 7
(the exports keep ``geometry.GC_STEP_KM``), and half the bytes of the routes' paths."""
PAYLOAD_CACHE_SIZE = 8
"""How many finished sets of payloads a :class:`PreparedLayers` keeps (a few MB each at 10,000 events)."""
LAYER_NAMES: dict[str, str] = {"flights": "Flight lines", "events": "Events", "origins": "Origins"}
"""Names of the map's layers in the layer control (kept stable: the browser remembers hidden ones by name)."""
AREA_PRECISIONS = frozenset({"area", "region", "country"})
"""Place precisions drawn as a translucent circle of ``radius_km`` plus a small centre marker."""

_TEXT_FIELDS = tuple(f.name for f in EVENT_FIELDS if f.type == "text")
_SOURCE_TEXT = tuple(f.name for f in SOURCE_FIELDS if f.type == "text")
_ROUTE_TEXT = tuple(f.name for f in ROUTE_FIELDS if f.type == "text")

RouteKey = tuple[str, float, float, str, float, float, str]
OriginKey = tuple[str, float, float]


def encode_payload(payload: dict[str, Any]) -> str:
    """``payload`` as compact JSON that can go into a script as it is."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # U+2028/9 end a line in older JavaScript parsers; everything else is safe as it is (see popups.esc).
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def schema_markdown() -> str:
    """The payloads' fields as the Markdown table of ``docs/dashboard.md``."""
    lines = ["| payload or table | field | type | what it holds |", "|---|---|---|---|"]
    for table, fields in SCHEMA.items():
        lines += [f"| `{table}` | `{f.name}` | {f.type} | {f.doc} |" for f in fields]
    return "\n".join(lines)


def intern_by_frequency(columns: dict[str, list[str]]) -> tuple[list[str], dict[str, list[int]]]:
    """One table of the texts of ``columns`` (the empty text first, then the most frequent) and each column as
    indexes into it: the texts most rows share get one-digit indexes.

    Examples
    --------
    >>> intern_by_frequency({"a": ["x", "y", "y"], "b": ["", "y"]})
    (['', 'y', 'x'], {'a': [2, 1, 1], 'b': [0, 1]})
    """
    counts: Counter[str] = Counter()
    for column in columns.values():
        counts.update(column)
    counts.pop("", None)
    table = ["", *sorted(counts, key=lambda text: -counts[text])]
    index = {text: i for i, text in enumerate(table)}
    return table, {name: [index[v] for v in column] for name, column in columns.items()}


def kind_of(value: Any) -> str:
    """The event's kind, ``"other"`` when it has none."""
    return "other" if popups.is_missing(value) or not str(value) else str(value)


def is_area(precision: Any, radius_km: Any) -> bool:
    """True when a place of this precision and radius is drawn at its extent."""
    radius = finite_float(radius_km)
    return str(precision) in AREA_PRECISIONS and radius is not None and radius > 0


def _r(x: float, decimals: int = COORD_DECIMALS) -> float:
    return round(x, decimals)


def _path(points: list[tuple[float, float]]) -> list[int]:
    """The inner points of a path, in hundredths of a degree (1 km, invisible at the map's zooms), each as the
    change from the point before: a 48-point Pacific crossing is then about 200 bytes, not 600."""
    flat: list[int] = []
    qlat, qlon = round(points[0][0] * 100), round(points[0][1] * 100)
    for lat, lon in points[1:-1]:
        nlat, nlon = round(lat * 100), round(lon * 100)
        flat += [nlat - qlat, nlon - qlon]
        qlat, qlon = nlat, nlon
    return flat


class _Escaper(dict):
    """``popups.esc`` with a memo: places, dates and aircraft repeat across thousands of events."""

    def __missing__(self, value: str) -> str:
        out = self[value] = popups.esc(value)
        return out

    def __call__(self, value: Any) -> str:
        if isinstance(value, str):
            return self[value]
        return "" if popups.is_missing(value) else popups.esc(value)


class LayerTexts(NamedTuple):
    """The JSON payloads of the three layers, whether the events are clustered, and how many are drawn one by one
    and how many counted in bundles (see :data:`MARKERS_MAX`)."""

    flights: str
    events: str
    origins: str
    clustered: bool
    single: int = 0
    bundled: int = 0
    bundles: int = 0


def _column(df: pd.DataFrame, name: str) -> list[Any]:
    return df[name].tolist()


def _tuple(value: Any) -> tuple:
    return () if popups.is_missing(value) or isinstance(value, str) else tuple(value)


def _count(value: Any) -> int:
    number = finite_float(value)
    return int(number) if number is not None and number > 0 else 0


def _source_row(source: SortieSource, esc: Any) -> dict[str, Any]:
    """One report of a sortie as a row of the ``sources`` table (escaped)."""
    return {"outlet": esc(source.outlet), "title": esc(source.title) or esc(source.article_name),
            "article": esc(source.article_name), "url": esc(popups.web_address(source.url)),
            "published": esc(source.published.isoformat() if source.published else ""), "date": esc(source.date or ""),
            "context": 1 if source.role == "context" else 0, "evidence": esc(source.evidence)}


class PreparedLayers:
    """Everything the map's payloads say about each event, worked out once (escaped, in one frame).

    A filter change then only picks the shown events' values and counts routes and origins,
    instead of escaping and converting 10,000 events again. Build it from the *unfiltered*
    events (cache it while the store does not change) and pass it with any subset of them:
    rows are matched by the frame's index labels, which ``geo.query.filter_events`` keeps.

    Parameters
    ----------
    df
        An events frame (``geo.query.events_frame``).
    frame
        Longitude frame (``geo.render.view.choose_frame``).
    """

    def __init__(self, df: pd.DataFrame, frame: Frame):
        S.validate_events(df)
        self.frame: Frame = frame
        esc = _Escaper()
        kinds: dict[str, int] = {}
        self.position: dict[Any, int] = {label: i for i, label in enumerate(df.index)}
        self.event_ids: list[str] = []
        self.kind_index: list[int] = []
        self.placed: list[bool] = []
        self.values: dict[str, list[Any]] = {f.name: [] for f in EVENT_FIELDS}  # per event, unplaced too
        self.area_keys: list[tuple | None] = []
        self.route_keys: list[list[RouteKey]] = []
        self.route_types: list[list[tuple[str, ...]]] = []  # per event and route: the types flown on it
        self.origin_keys: list[list[OriginKey]] = []
        self.origin_lines: list[list[dict[str, str]]] = []  # per event and origin: its line in the origin's popup
        self.route_info: dict[RouteKey, dict[str, Any]] = {}
        self.single_aircraft: dict[tuple[int, RouteKey], str] = {}
        self.source_rows: list[list[dict[str, Any]]] = []  # per event: its rows of `sources` (a sortie's reports)
        columns = [S.EVENT_ID, S.KIND, S.STATUS, S.DATE_TEXT, S.DATE_PRECISION, S.ARTICLE_TITLE, S.ARTICLE_NAME,
                   S.AIRCRAFT_TEXT, S.ACTIVITY, S.PLACE_NAME, S.PLACE_PRECISION, S.RADIUS_KM, S.EVIDENCE,
                   S.ORIGINS, S.LOCATIONS, S.LAT, S.LON, S.EVENT, S.SORTIE_ID, S.SOURCE_COUNT, S.SOURCES,
                   S.DISAGREEMENTS, S.CORRECTED]
        values = self.values
        for (event_id, kind, status, date_text, precision, title, article, aircraft, activity, place,
             place_precision, radius, evidence, origins, locations, lat, lon, event, sortie_id, source_count,
             sources, disagreements, corrected) in zip(*[_column(df, c) for c in columns]):
            kind = kind_of(kind)
            ki = kinds.setdefault(kind, len(kinds))
            self.kind_index.append(ki)
            event_id = "" if popups.is_missing(event_id) else str(event_id)
            self.event_ids.append(event_id)
            origins = () if popups.is_missing(origins) else origins
            placed_origins = [p for p in origins if p.located]
            lat, lon = finite_float(lat), finite_float(lon)
            date_text = "" if popups.is_missing(date_text) else str(date_text)
            radius = finite_float(radius) or 0.0
            area = is_area(place_precision, radius)
            place_name = "" if popups.is_missing(place) else str(place)
            row = {
                "id": esc(event_id), "lat": None, "lon": None, "kind": ki, "area": 1 if area else 0,
                "date": esc(date_text), "precision": esc(precision), "status": esc(status),
                "title": esc(title) or esc(article), "article": esc(article), "aircraft": esc(aircraft),
                "activity": esc(popups.activity_label(activity)), "place": esc(place_name),
                "placePrecision": esc(place_precision), "radius": round(radius, 1), "origins":
                    esc(", ".join(p.name for p in placed_origins)),
                "unplaced": esc(popups.unplaced_text([*(() if popups.is_missing(locations) else locations),
                                                      *origins])),
                "evidence": esc(evidence),
                "sortie": esc(sortie_id), "sourceCount": _count(source_count), "reports": 0, "disagreements": [],
                "corrected": esc(", ".join(_tuple(corrected))),
            }
            rows: list[dict[str, Any]] = []
            if is_sortie_row(event_id, sortie_id):  # a sortie: its sources and disagreements, each source quoted
                rows = [_source_row(src, esc) for src in _tuple(sources)]
                row.update(evidence="", reports=len(rows), disagreements=[esc(d) for d in _tuple(disagreements)])
            self.source_rows.append(rows)
            lines, okeys = [], []
            for origin in placed_origins:
                okeys.append((origin.name, _r(origin.lat, 4), _r(frame_lon(origin.lon, frame), 4)))
                lines.append({"date": esc(date_text) or "undated", "kind": esc(popups.kind_label(kind)),
                              "place": esc(place_name), "aircraft": esc(self._flown(event, origin))})
            self.origin_keys.append(okeys)
            self.origin_lines.append(lines)
            placed = lat is not None and lon is not None
            self.placed.append(placed)
            keys: list[RouteKey] = []
            types: list[tuple[str, ...]] = []
            if placed:
                lat, lon = _r(lat), _r(frame_lon(lon, frame))
                row["lat"], row["lon"] = lat, lon
                for origin in placed_origins:
                    if same_place(origin.lat, origin.lon, lat, lon):
                        continue  # took off where it happened: nothing to draw
                    key = (origin.name, _r(origin.lat), _r(origin.lon), place_name, lat, lon, kind)
                    keys.append(key)
                    flown = aircraft_from(event, origin) if isinstance(event, Event) else ()
                    types.append(tuple(a.type for a in flown))
                    self.single_aircraft[(len(self.event_ids) - 1, key)] = esc(aircraft_text(flown))
                    if key not in self.route_info:
                        points = flight_path((origin.lat, origin.lon), (lat, lon), frame, step_km=MAP_GC_STEP_KM)
                        self.route_info[key] = {
                            "fromLat": _r(points[0][0]), "fromLon": _r(points[0][1]), "toLat": lat, "toLon": lon,
                            "path": _path(points), "kind": ki, "origin": esc(origin.name), "area": esc(place_name)}
            self.area_keys.append((lat, lon, radius, ki) if placed and area else None)
            self.route_keys.append(keys)
            self.route_types.append(types)
            for name, value in row.items():
                values[name].append(value)
        self.kinds = [{"id": esc(k), "label": esc(popups.kind_label(k)),
                       "colour": S.KIND_COLOURS.get(k, S.KIND_COLOURS["other"])} for k in kinds]
        # Shared by the sessions of a server (the page caches this object), hence the lock.
        self._texts: OrderedDict[tuple, LayerTexts] = OrderedDict()
        self._routes: tuple | None = None  # see _route_arrays
        self._coords: tuple | None = None  # see _placed_arrays
        self._origins: tuple | None = None  # see _origin_arrays
        self._lock = threading.Lock()

    @staticmethod
    def _flown(event: Any, origin: Place) -> str:
        return aircraft_text(aircraft_from(event, origin)) if isinstance(event, Event) else ""

    def positions(self, df: pd.DataFrame) -> list[int] | None:
        """Positions of ``df``'s rows in the prepared frame; None when some row was not prepared."""
        try:
            return [self.position[label] for label in df.index]
        except KeyError:
            return None

    def layer_texts(self, positions: list[int], *, highlight: str | None, open_popup: bool, cluster: bool | None,
                    arrows: bool, max_routes: int, evidence_max: int) -> LayerTexts:
        """The three payloads as JSON, remembered for the last few requests.

        A new visitor's first view, play-back over windows already seen and a filter switched back
        all ask for payloads built before: they are then ready at once instead of in 0.2-0.3 s.
        """
        key = (tuple(positions), highlight, open_popup, cluster, arrows, max_routes, evidence_max)
        with self._lock:
            hit = self._texts.get(key)
            if hit is not None:
                self._texts.move_to_end(key)
                return hit
        events = self.events_payload(positions, highlight, open_popup, cluster, evidence_max)
        texts = LayerTexts(flights=encode_payload(self.flights_payload(positions, arrows, max_routes)),
                           events=encode_payload(events), origins=encode_payload(self.origins_payload(positions)),
                           clustered=bool(events["cluster"]), single=len(events["events"]["id"]),
                           bundled=events["bundled"], bundles=len(events["bundles"]["n"]))
        with self._lock:
            self._texts[key] = texts
            while len(self._texts) > PAYLOAD_CACHE_SIZE:
                self._texts.popitem(last=False)
        return texts

    def bundle(self, placed: list[int], highlight: str | None, most: int = MARKERS_MAX) -> tuple[list[int], dict]:
        """``(events drawn one by one, bundles)``: all of ``placed`` when they are at most ``most``, else the
        events of the sparsest grid cells up to ``most`` (the selected event always), and one bundle for each
        other cell (the fields of ``bundle``).
        """
        bundles: dict[str, list[Any]] = {f.name: [] for f in BUNDLE_FIELDS}
        if len(placed) <= most:
            return placed, bundles
        lat, lon, kind, _placed = self._placed_arrays()
        rows = np.asarray(placed, dtype=np.int64)
        chosen = np.zeros(len(rows), dtype=bool)
        if highlight is not None:
            chosen = np.asarray([self.event_ids[i] == highlight for i in placed])  # keeps its marker, ring, popup
        others = np.flatnonzero(~chosen)
        cell_lat = np.floor(lat[rows[others]] / BUNDLE_DEGREES).astype(np.int64)
        cell_lon = np.floor(lon[rows[others]] / BUNDLE_DEGREES).astype(np.int64)
        cells, cell_of, sizes = np.unique(np.stack([cell_lat, cell_lon], axis=1), axis=0, return_inverse=True,
                                          return_counts=True)
        cell_of = cell_of.ravel()
        # Sparse cells first, each whole, while they fit: a lone event stays clickable, a dense spot becomes a count.
        order = np.lexsort((cells[:, 1], cells[:, 0], sizes))
        fits = np.cumsum(sizes[order]) <= most - int(chosen.sum())
        drawn_cells = np.zeros(len(cells), dtype=bool)
        drawn_cells[order[fits]] = True
        chosen[others[drawn_cells[cell_of]]] = True
        counted = order[~fits]
        members = ~drawn_cells[cell_of]
        of = cell_of[members]
        where = rows[others[members]]
        n = np.bincount(of, minlength=len(cells))
        mean_lat = np.bincount(of, weights=lat[where], minlength=len(cells))
        mean_lon = np.bincount(of, weights=lon[where], minlength=len(cells))
        n_kinds = max(len(self.kinds), 1)
        by_kind = np.bincount(of * n_kinds + kind[where], minlength=len(cells) * n_kinds).reshape(len(cells), n_kinds)
        for c in counted.tolist():
            bundles["lat"].append(_r(float(mean_lat[c] / n[c])))
            bundles["lon"].append(_r(float(mean_lon[c] / n[c])))
            bundles["n"].append(int(n[c]))
            bundles["kind"].append(int(np.argmax(by_kind[c])))  # the commonest; a tie goes to the first kind
        return rows[chosen].tolist(), bundles

    def _placed_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every row's latitude, longitude (NaN when not placed), kind index and whether it is placed, as arrays
        (worked out once)."""
        if self._coords is None:
            nan = float("nan")
            self._coords = (np.asarray([nan if v is None else v for v in self.values["lat"]], dtype=float),
                            np.asarray([nan if v is None else v for v in self.values["lon"]], dtype=float),
                            np.asarray(self.kind_index, dtype=np.int64), np.asarray(self.placed, dtype=bool))
        return self._coords

    def events_payload(self, positions: Iterable[int], highlight: str | None, open_popup: bool,
                       cluster: bool | None, evidence_max: int = EVIDENCE_MAX,
                       markers_max: int = MARKERS_MAX) -> dict[str, Any]:
        """The ``events`` payload of :data:`SCHEMA` for the events at ``positions``."""
        positions = np.asarray(list(positions), dtype=np.int64)
        _lat, _lon, kind, is_placed = self._placed_arrays()
        placed_rows = positions[is_placed[positions]]
        placed = placed_rows.tolist()
        # The legend counts every placed event, bundled or not.
        counts = np.bincount(kind[placed_rows], minlength=len(self.kinds)).tolist() if self.kinds else []
        drawn, bundles = self.bundle(placed, highlight, markers_max)
        columns: dict[str, list[Any]] = {name: [self.values[name][i] for i in drawn] for name in
                                         (f.name for f in EVENT_FIELDS)}
        ids = [self.event_ids[i] for i in drawn]
        highlight_index = ids.index(highlight) if highlight is not None and highlight in ids else -1
        lean = len(positions) > evidence_max
        sources: dict[str, list[Any]] = {f.name: [] for f in SOURCE_FIELDS}
        for k, i in enumerate(drawn):
            for src in self.source_rows[i]:
                for name, column in sources.items():
                    column.append("" if lean and name == "evidence" and k != highlight_index else src[name])
        # Repeated texts (dates, places, titles, outlets...) are sent once; the commonest get the shortest indexes.
        said = columns["disagreements"]
        strings, texts = intern_by_frequency({**{name: columns[name] for name in _TEXT_FIELDS},
                                              **{"source." + name: sources[name] for name in _SOURCE_TEXT},
                                              "disagreements": [t for texts_ in said for t in texts_]})
        flat, at = texts.pop("disagreements"), 0
        columns["disagreements"] = []
        for texts_ in said:
            columns["disagreements"].append(flat[at:at + len(texts_)])
            at += len(texts_)
        for name in _SOURCE_TEXT:
            sources[name] = texts.pop("source." + name)
        columns.update(texts)
        if lean:  # only the selected event quotes its evidence
            columns["evidence"] = ["" if k != highlight_index else e for k, e in enumerate(columns["evidence"])]
        areas: dict[tuple, None] = {}
        for i in placed:
            # One circle per distinct area and kind: a thousand identical translucent circles
            # would only paint the sea solid.
            if self.area_keys[i] is not None:
                areas.setdefault(self.area_keys[i])
        return {
            "layer": popups.esc(LAYER_NAMES["events"]), "reader": popups.esc(popups.article_href("")),
            "kinds": self.kinds, "strings": strings,
            "events": columns, "sources": sources,
            "areas": {f.name: [a[k] for a in areas] for k, f in enumerate(AREA_FIELDS)},
            "counts": counts, "unplaced": len(positions) - len(placed), "highlight": highlight_index,
            "open": bool(open_popup and highlight_index >= 0),
            "cluster": len(drawn) > CLUSTER_THRESHOLD if cluster is None else bool(cluster), "lean": lean,
            "bundles": bundles, "bundled": sum(bundles["n"]),
        }

    def _route_arrays(self) -> tuple[list[RouteKey], np.ndarray, np.ndarray, list[tuple[str, ...]], np.ndarray,
                                     list[str]]:
        """Every (event, route) pair as arrays, once: the routes, each pair's event and route code, its types, each
        event's date rank (-1: none) and the sorted date texts."""
        if self._routes is None:
            codes: dict[RouteKey, int] = {}
            events, routes, types = [], [], []
            for i, (keys, flown) in enumerate(zip(self.route_keys, self.route_types)):
                for key, t in zip(keys, flown):
                    events.append(i)
                    routes.append(codes.setdefault(key, len(codes)))
                    types.append(t)
            dates = self.values["date"]
            texts = sorted({d for d in dates if d})
            rank = {d: k for k, d in enumerate(texts)}
            self._routes = (list(codes), np.asarray(events, dtype=np.int64), np.asarray(routes, dtype=np.int64),
                            types, np.asarray([rank.get(d, -1) for d in dates], dtype=np.int64), texts)
        return self._routes

    def routes(self, positions: Iterable[int]) -> list[tuple[RouteKey, int, str, str, int, dict[str, None]]]:
        """``(route, events, first date, last date, its first event, types)``, busiest first."""
        return self.busiest_routes(positions, None)[0]

    def busiest_routes(self, positions: Iterable[int], most: int | None
                       ) -> tuple[list[tuple[RouteKey, int, str, str, int, dict[str, None]]], int]:
        """The first ``most`` (None: all) of :meth:`routes`, and how many routes there are.

        Counted in numpy when ``positions`` are in the frame's order (a filter's rows are), else one event at a time.
        """
        positions = list(positions)
        if any(b <= a for a, b in zip(positions, positions[1:])):
            table = self._routes_one_by_one(positions)
            return (table if most is None else table[:most]), len(table)
        keys, pair_event, pair_route, pair_types, date_rank, date_texts = self._route_arrays()
        mark = np.zeros(len(self.event_ids), dtype=bool)
        mark[np.asarray(positions, dtype=np.int64)] = True
        picked = np.flatnonzero(mark[pair_event])
        codes, events = pair_route[picked], pair_event[picked]
        if not len(codes):
            return [], 0
        used, first_pair = np.unique(codes, return_index=True)
        counts = np.bincount(codes, minlength=len(keys))
        ranks = date_rank[events]
        last = np.full(len(keys), -1, dtype=np.int64)
        np.maximum.at(last, codes, ranks)
        none = len(date_texts)
        first = np.full(len(keys), none, dtype=np.int64)
        np.minimum.at(first, codes, np.where(ranks >= 0, ranks, none))
        # Busiest first; equal counts in the order the routes first appear (a stable sort of the loop's table).
        order = used[np.lexsort((first_pair, -counts[used]))]
        first_event = np.empty(len(keys), dtype=np.int64)
        first_event[used] = events[first_pair]
        total = len(order)
        order = order if most is None else order[:most]
        types: dict[int, dict[str, None]] = {int(c): {} for c in order if counts[c] > 1}
        if types:
            for k in np.flatnonzero(np.isin(codes, np.fromiter(types, dtype=np.int64))):
                types[int(codes[k])].update(dict.fromkeys(pair_types[picked[k]]))

        def text(rank: int) -> str:
            return date_texts[rank] if 0 <= rank < none else ""

        table = []
        for c in order.tolist():
            n = int(counts[c])
            kinds = types.get(c) if n > 1 else dict.fromkeys(pair_types[picked[first_pair[np.searchsorted(used, c)]]])
            table.append((keys[c], n, text(int(first[c])), text(int(last[c])), int(first_event[c]), kinds or {}))
        return table, total

    def _routes_one_by_one(self, positions: Iterable[int]) -> list[tuple[RouteKey, int, str, str, int,
                                                                          dict[str, None]]]:
        """:meth:`routes` counted in a loop over the events, in the order given."""
        table: dict[RouteKey, list[Any]] = {}
        dates = self.values["date"]
        for i in positions:
            date_text = dates[i]
            for key, types in zip(self.route_keys[i], self.route_types[i]):
                r = table.get(key)
                if r is None:
                    table[key] = [1, date_text, date_text, i, dict.fromkeys(types)]
                else:
                    r[0] += 1
                    if date_text:
                        r[1] = min(r[1] or date_text, date_text)
                        r[2] = max(r[2], date_text)
                    r[4].update(dict.fromkeys(types))
        return sorted(((key, *r) for key, r in table.items()), key=lambda r: -r[1])

    def flights_payload(self, positions: Iterable[int], arrows: bool, max_routes: int) -> dict[str, Any]:
        """The ``flights`` payload of :data:`SCHEMA` for the events at ``positions``."""
        table, total = self.busiest_routes(positions, max_routes)
        columns: dict[str, list[Any]] = {f.name: [] for f in ROUTE_FIELDS}
        for key, n, first, last, i, types in table:
            info = self.route_info[key]
            if n == 1:
                aircraft = self.single_aircraft[(i, key)]
            else:
                names = list(types)
                aircraft = popups.esc(", ".join(names[:ROUTE_TYPES_MAX]) + (", …" if len(names) > ROUTE_TYPES_MAX
                                                                             else ""))
            row = {**info, "events": n, "first": first, "last": last,
                   "eventId": self.values["id"][i] if n == 1 else "", "aircraft": aircraft}
            for name, column in columns.items():
                column.append(row[name])
        strings, texts = intern_by_frequency({name: columns[name] for name in _ROUTE_TEXT})
        columns.update(texts)
        return {"layer": popups.esc(LAYER_NAMES["flights"]), "kinds": self.kinds, "strings": strings,
                "routes": columns, "total": total, "arrows": ARROW_ROUTES if arrows else 0}

    def _origin_arrays(self) -> tuple[list[OriginKey], np.ndarray, np.ndarray, list[dict[str, str]], np.ndarray]:
        """Every (event, origin) pair as arrays, once: the origins, each pair's event, origin code and popup line,
        and the rank of the line's date (undated last)."""
        if self._origins is None:
            codes: dict[OriginKey, int] = {}
            events, origins, lines = [], [], []
            for i, (keys, said) in enumerate(zip(self.origin_keys, self.origin_lines)):
                for key, line in zip(keys, said):
                    events.append(i)
                    origins.append(codes.setdefault(key, len(codes)))
                    lines.append(line)
            dates = [line["date"] if line["date"] != "undated" else "9999" for line in lines]
            rank = {d: k for k, d in enumerate(sorted(set(dates)))}
            self._origins = (list(codes), np.asarray(events, dtype=np.int64), np.asarray(origins, dtype=np.int64),
                             lines, np.asarray([rank[d] for d in dates], dtype=np.int64))
        return self._origins

    def origins_payload(self, positions: Iterable[int]) -> dict[str, Any]:
        """The ``origins`` payload of :data:`SCHEMA` for the events at ``positions``.

        Counted in numpy when ``positions`` are in the frame's order (a filter's rows are), else one event at a time.
        """
        positions = list(positions)
        if any(b <= a for a, b in zip(positions, positions[1:])):
            return self._origins_one_by_one(positions)
        keys, pair_event, pair_origin, lines, date_rank = self._origin_arrays()
        mark = np.zeros(len(self.event_ids), dtype=bool)
        mark[np.asarray(positions, dtype=np.int64)] = True
        picked = np.flatnonzero(mark[pair_event])
        codes = pair_origin[picked]
        used, first_pair = np.unique(codes, return_index=True)
        counts = np.bincount(codes, minlength=len(keys))
        # Each origin's lines, earliest first (undated last, else in the events' order), as a stable sort would.
        by_origin = picked[np.lexsort((picked, date_rank[picked], codes))]
        start_of = dict(zip(used.tolist(), np.searchsorted(pair_origin[by_origin], used).tolist()))
        origins = []
        for c in used[np.argsort(first_pair, kind="stable")].tolist():  # in the order the origins first appear
            start = start_of[c]
            name, lat, lon = keys[c]
            shown = [lines[k] for k in by_origin[start:start + min(int(counts[c]), ORIGIN_POPUP_LIMIT)].tolist()]
            origins.append({"lat": lat, "lon": lon, "name": popups.esc(name), "events": int(counts[c]),
                            "lines": {f.name: [line[f.name] for line in shown] for f in LINE_FIELDS}})
        return {"layer": popups.esc(LAYER_NAMES["origins"]), "origins": origins}

    def _origins_one_by_one(self, positions: Iterable[int]) -> dict[str, Any]:
        """:meth:`origins_payload` counted in a loop over the events, in the order given."""
        by_place: dict[OriginKey, list[dict[str, str]]] = {}
        for i in positions:
            for key, line in zip(self.origin_keys[i], self.origin_lines[i]):
                by_place.setdefault(key, []).append(line)
        origins = []
        for (name, lat, lon), lines in by_place.items():
            lines = sorted(lines, key=lambda line: line["date"] if line["date"] != "undated" else "9999")
            shown = lines[:ORIGIN_POPUP_LIMIT]
            origins.append({"lat": lat, "lon": lon, "name": popups.esc(name), "events": len(lines),
                            "lines": {f.name: [line[f.name] for line in shown] for f in LINE_FIELDS}})
        return {"layer": popups.esc(LAYER_NAMES["origins"]), "origins": origins}
