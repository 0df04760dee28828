"""Exports of the events DataFrame: CSV, RFC 7946 GeoJSON, Parquet and a versioned snapshot zip.

Every function takes a frame with the columns of ``geo.query.schema`` (filtered or not)
and returns bytes or plain data; nothing here knows about Streamlit.

Conventions shared by the formats:

* Text is written as it is: article text such as ``<script>`` or ``{{ 7*7 }}``
  is data, never markup or a template, in every format. In CSV, a text cell
  that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'`` (``geo.render.csvcell``), so spreadsheets show it instead of
  running it as a formula; numeric columns are written as numbers.
* ``date`` is the first day of the event's period as ISO ``YYYY-MM-DD``;
  ``date_text`` is the date as extracted (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)
  and ``date_precision`` says which.
* A place is ``(name, lat, lon, precision, radius_km)``. CSV and GeoJSON write it
  as ``"name (lat, lon)"`` (just ``"name"`` when it has no coordinates), Parquet as
  a JSON object, so no coordinate is lost.

GeoJSON and the antimeridian: each flight line follows the great circle the map
draws (``geo.render.great_circle``). A line that crosses the antimeridian is cut
there into a ``MultiLineString`` of two parts, one ending at longitude 180 and one
starting at -180 (or the reverse), as RFC 7946 section 3.1.9 recommends; so every
longitude stays within [-180, 180] and QGIS and kepler.gl draw no line across the
whole world.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from geo import __version__
from geo.query import schema as S
from geo.models import Article
from geo.query import EventFilter
from geo.render.csvcell import csv_row
from geo.render.layers import finite_float, great_circle

COORD_DECIMALS = 6  # RFC 7946 §11.2: six decimals are about 10 cm, more is noise
LIST_SEPARATOR = "; "
SNAPSHOT_FILES: tuple[str, ...] = ("events.csv", "events.geojson", "events.parquet", "sources.csv",
                                   "METHODOLOGY.md", "manifest.json")
SOURCE_COLUMNS: tuple[str, ...] = ("article_id", "title", "source", "url", "published", "file", "events")

_LIST_COLUMNS = (S.AIRCRAFT_TYPES, S.AIRCRAFT_ROLES, S.COUNTRIES)
_PLACE_COLUMNS = (S.ORIGINS, S.LOCATIONS)
_FLOAT_COLUMNS = (S.LAT, S.LON, S.RADIUS_KM)
_INT_COLUMNS = (S.EVIDENCE_START, S.EVIDENCE_END)

PARQUET_SCHEMA = pa.schema([
    pa.field(c, pa.list_(pa.string()) if c in _LIST_COLUMNS
             else pa.timestamp("ms") if c == S.DATE
             else pa.float64() if c in _FLOAT_COLUMNS
             else pa.int64() if c in _INT_COLUMNS
             else pa.string())
    for c in S.EVENT_COLUMNS
])
"""Column types of :func:`to_parquet`: list columns are ``list<string>``, places JSON strings."""


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a tuple or list is never "missing" as a whole
        return False


def _int(value: Any) -> int | None:
    number = finite_float(value)
    return None if number is None else int(number)


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def _strings(value: Any) -> list[str]:
    if _missing(value) or isinstance(value, str):
        return [value] if isinstance(value, str) and value else []
    return [str(v) for v in value if not _missing(v)]


def _iso_date(value: Any) -> str | None:
    return None if _missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _num(x: float) -> str:
    """A coordinate as short text: ``13.47``, not ``13.470000``."""
    return repr(round(x, COORD_DECIMALS))


def _places(value: Any) -> list[dict[str, Any]]:
    """The places of an ``origins``/``locations`` cell as dicts (lat/lon None when unknown)."""
    if _missing(value) or isinstance(value, str):
        return []
    out = []
    for p in value:
        if isinstance(p, Mapping):
            p = (p.get("name"), p.get("lat"), p.get("lon"), p.get("precision"), p.get("radius_km"))
        p = tuple(p) + (None,) * (5 - len(p))
        out.append({"name": _text(p[0]), "lat": finite_float(p[1]), "lon": finite_float(p[2]),
                    "precision": _text(p[3]) or "point", "radius_km": finite_float(p[4]) or 0.0})
    return out


def place_label(place: Mapping[str, Any]) -> str:
    """A place as ``"name (lat, lon)"``, or just its name when it has no coordinates.

    Examples
    --------
    >>> place_label({"name": "Guam", "lat": 13.47, "lon": 144.78})
    'Guam (13.47, 144.78)'
    >>> place_label({"name": "somewhere", "lat": None, "lon": None})
    'somewhere'
    """
    lat, lon = finite_float(place.get("lat")), finite_float(place.get("lon"))
    if lat is None or lon is None:
        return str(place.get("name", ""))
    return f"{place.get('name', '')} ({_num(lat)}, {_num(lon)})"


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    S.validate_events(df)
    return df[list(S.EVENT_COLUMNS)].to_dict("records")


def describe_filter(f: EventFilter) -> str:
    """A one-line, stable description of an ``EventFilter`` for snapshots and file notes.

    Sets are sorted, so the same filter always gives the same text (and the same
    snapshot version id).

    Examples
    --------
    >>> from datetime import date
    >>> describe_filter(EventFilter())
    'all events (undated included)'
    >>> describe_filter(EventFilter(start=date(2023, 1, 1), aircraft_types=frozenset({"F-15C", "B-1B"}),
    ...                             include_undated=False))
    'dates 2023-01-01 to any; aircraft types B-1B, F-15C; undated excluded'
    """
    parts = []
    if f.start or f.end:
        parts.append(f"dates {f.start.isoformat() if f.start else 'any'} to {f.end.isoformat() if f.end else 'any'}")
    for label, values in (("aircraft types", f.aircraft_types), ("roles", f.roles), ("kinds", f.kinds),
                          ("countries", f.countries), ("articles", f.articles)):
        if values:
            parts.append(f"{label} {', '.join(sorted(values))}")
    if not parts:
        return f"all events (undated {'included' if f.include_undated else 'excluded'})"
    parts.append(f"undated {'included' if f.include_undated else 'excluded'}")
    return "; ".join(parts)


def to_csv(df: pd.DataFrame) -> bytes:
    """The events as UTF-8 CSV (no byte-order mark, ``\\n`` line ends), one row per event.

    The columns are those of ``geo.query.schema.EVENT_COLUMNS``, in that order. List
    columns are joined with ``"; "``; places are written ``"name (lat, lon)"``;
    ``date`` is ISO ``YYYY-MM-DD`` (empty when undated). The bytes are the same on
    every platform, so a snapshot's version id is too.

    Parameters
    ----------
    df : pandas.DataFrame
        An events frame (``geo.query.events_frame``), filtered or not.

    Returns
    -------
    bytes
        The CSV file.

    Raises
    ------
    ValueError
        When ``df`` lacks a column of the events schema.

    Examples
    --------
    >>> from geo.query.schema import empty_events
    >>> to_csv(empty_events()).decode().startswith("event_id,article_id,article,")
    True
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(S.EVENT_COLUMNS)
    numeric = frozenset(i for i, col in enumerate(S.EVENT_COLUMNS) if col in _FLOAT_COLUMNS + _INT_COLUMNS)
    for row in _rows(df):
        out = []
        for col in S.EVENT_COLUMNS:
            value = row[col]
            if col in _LIST_COLUMNS:
                out.append(LIST_SEPARATOR.join(_strings(value)))
            elif col in _PLACE_COLUMNS:
                out.append(LIST_SEPARATOR.join(place_label(p) for p in _places(value)))
            elif col == S.DATE:
                out.append(_iso_date(value) or "")
            elif col in _FLOAT_COLUMNS:
                number = finite_float(value)
                out.append("" if number is None else repr(number))
            elif col in _INT_COLUMNS:
                number = _int(value)
                out.append("" if number is None else str(number))
            else:
                out.append(_text(value))
        writer.writerow(csv_row(out, numeric))
    return buf.getvalue().encode("utf-8")


def _round(x: float) -> float:
    value = round(x, COORD_DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0" in the output


def _position(lon: float, lat: float) -> list[float]:
    return [_round(lon), _round(lat)]


def split_antimeridian(path: list[tuple[float, float]]) -> list[list[list[float]]]:
    """Cut a ``(lat, lon)`` path with unwrapped longitudes into parts within [-180, 180].

    Consecutive points must differ by less than 180 degrees of longitude (as
    ``geo.render.great_circle`` gives them). Where the path crosses the
    antimeridian, the part ends at longitude +/-180 and the next one starts on the
    other side, at the latitude interpolated there (RFC 7946 §3.1.9).

    Returns
    -------
    list of list of [lon, lat]
        One part when the path does not cross, otherwise one more per crossing.

    Examples
    --------
    >>> split_antimeridian([(10.0, 170.0), (20.0, 190.0)])
    [[[170.0, 10.0], [180.0, 15.0]], [[-180.0, 15.0], [-170.0, 20.0]]]
    >>> split_antimeridian([(0.0, 10.0), (1.0, 20.0)])
    [[[10.0, 0.0], [20.0, 1.0]]]
    """
    if not path:
        return []
    lat0, lon0 = path[0]
    # The shift (a multiple of 360) that brings the current stretch into [-180, 180].
    shift = 360.0 * math.floor((lon0 + 180.0) / 360.0) if not -180.0 <= lon0 <= 180.0 else 0.0
    parts: list[list[list[float]]] = [[_position(lon0 - shift, lat0)]]
    prev_lat, prev_lon = lat0, lon0
    for lat, lon in path[1:]:
        local = lon - shift
        if local > 180.0 or local < -180.0:
            edge = 180.0 if local > 180.0 else -180.0
            t = (shift + edge - prev_lon) / (lon - prev_lon)
            cross_lat = prev_lat + t * (lat - prev_lat)
            if _position(edge, cross_lat) != parts[-1][-1]:
                parts[-1].append(_position(edge, cross_lat))
            shift += 2 * edge
            parts.append([_position(-edge, cross_lat)])
            local = lon - shift
        point = _position(local, lat)
        if point != parts[-1][-1]:
            parts[-1].append(point)
        prev_lat, prev_lon = lat, lon
    return [part for part in parts if len(part) >= 2] or [parts[0] * 2]


def _line_geometry(origin: tuple[float, float], event: tuple[float, float]) -> dict[str, Any]:
    parts = split_antimeridian(great_circle(origin[0], origin[1], event[0], event[1]))
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _event_properties(row: Mapping[str, Any]) -> dict[str, Any]:
    radius = finite_float(row[S.RADIUS_KM])
    return {
        "feature_type": "event",
        "event_id": _text(row[S.EVENT_ID]),
        "kind": _text(row[S.KIND]),
        "status": _text(row[S.STATUS]),
        "date": _iso_date(row[S.DATE]),
        "date_text": _text(row[S.DATE_TEXT]) or None,
        "date_precision": _text(row[S.DATE_PRECISION]) or None,
        "aircraft": _text(row[S.AIRCRAFT_TEXT]),
        "aircraft_types": _strings(row[S.AIRCRAFT_TYPES]),
        "aircraft_roles": _strings(row[S.AIRCRAFT_ROLES]),
        "countries": _strings(row[S.COUNTRIES]),
        "place": _text(row[S.PLACE_NAME]) or None,
        "place_precision": _text(row[S.PLACE_PRECISION]) or None,
        "radius_km": None if radius is None else _round(radius),
        "origins": [place_label(p) for p in _places(row[S.ORIGINS])],
        "locations": [place_label(p) for p in _places(row[S.LOCATIONS])],
        "evidence": _text(row[S.EVIDENCE]),
        "evidence_start": _int(row[S.EVIDENCE_START]),
        "evidence_end": _int(row[S.EVIDENCE_END]),
        "article": _text(row[S.ARTICLE_NAME]),
        "article_id": _text(row[S.ARTICLE_ID]),
        "article_title": _text(row[S.ARTICLE_TITLE]),
    }


def to_geojson(df: pd.DataFrame) -> dict[str, Any]:
    """The events as an RFC 7946 GeoJSON ``FeatureCollection`` (a plain dict).

    * One ``Point`` feature per event (``feature_type: "event"``) at its main
      place, ``[lon, lat]`` in WGS84; an event without coordinates is kept with
      ``"geometry": null``.
    * One ``LineString`` feature per located origin of a located event
      (``feature_type: "flight_line"``, ``origin`` = the origin's name), along the
      great circle, or a ``MultiLineString`` cut at the antimeridian (see the
      module docstring). An origin at the event's own place gives no line.

    Properties are flat: strings, numbers, null, and arrays of strings; dates are
    ISO strings. Coordinates are rounded to 6 decimals; there is no ``crs``
    member (RFC 7946 §4: always WGS84).

    Parameters
    ----------
    df : pandas.DataFrame
        An events frame (``geo.query.events_frame``), filtered or not.

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}``.

    Examples
    --------
    >>> from geo.query.schema import empty_events
    >>> to_geojson(empty_events())
    {'type': 'FeatureCollection', 'features': []}
    """
    events, lines = [], []
    for row in _rows(df):
        props = _event_properties(row)
        lat, lon = finite_float(row[S.LAT]), finite_float(row[S.LON])
        located = lat is not None and lon is not None
        geometry = {"type": "Point", "coordinates": _position(lon, lat)} if located else None
        events.append({"type": "Feature", "id": props["event_id"], "geometry": geometry, "properties": props})
        if not located:
            continue
        for i, origin in enumerate(_places(row[S.ORIGINS])):
            olat, olon = origin["lat"], origin["lon"]
            if olat is None or olon is None:
                continue
            if abs(olat - lat) < 1e-3 and abs((olon - lon + 180.0) % 360.0 - 180.0) < 1e-3:
                continue  # took off where it happened: nothing to draw (as on the map)
            lines.append({"type": "Feature", "id": f"{props['event_id']}-origin-{i}",
                          "geometry": _line_geometry((olat, olon), (lat, lon)),
                          "properties": {
                              "feature_type": "flight_line", "event_id": props["event_id"],
                              "origin": origin["name"], "origin_precision": origin["precision"],
                              "destination": props["place"], "kind": props["kind"], "status": props["status"],
                              "date": props["date"], "date_text": props["date_text"],
                              "date_precision": props["date_precision"], "aircraft": props["aircraft"],
                              "aircraft_types": props["aircraft_types"], "article": props["article"],
                              "article_title": props["article_title"]}})
    # Lines first, so that a viewer drawing in order puts the event points on top.
    return {"type": "FeatureCollection", "features": lines + events}


def geojson_bytes(df: pd.DataFrame) -> bytes:
    """:func:`to_geojson` as UTF-8 JSON bytes (non-ASCII kept as is; never ``NaN``).

    Examples
    --------
    >>> from geo.query.schema import empty_events
    >>> geojson_bytes(empty_events())
    b'{"type": "FeatureCollection", "features": []}'
    """
    # allow_nan=False: a stray NaN would make the file invalid JSON for QGIS and kepler.gl.
    return json.dumps(to_geojson(df), ensure_ascii=False, allow_nan=False).encode("utf-8")


def to_parquet(df: pd.DataFrame) -> bytes:
    """The events as a Parquet file with the column types of :data:`PARQUET_SCHEMA`.

    ``aircraft_types``, ``aircraft_roles`` and ``countries`` are ``list<string>``;
    ``origins`` and ``locations`` are JSON strings (arrays of ``{name, lat, lon,
    precision, radius_km}``); ``date`` is a ``timestamp[ms]`` (null when undated).
    The schema metadata records the Sortie version.

    Parameters
    ----------
    df : pandas.DataFrame
        An events frame (``geo.query.events_frame``), filtered or not.

    Returns
    -------
    bytes
        The Parquet file.

    Examples
    --------
    >>> import io, pyarrow.parquet as pq
    >>> from geo.query.schema import empty_events
    >>> pq.read_table(io.BytesIO(to_parquet(empty_events()))).num_rows
    0
    """
    rows = _rows(df)
    columns = {}
    for field in PARQUET_SCHEMA:
        col = field.name
        values = [row[col] for row in rows]
        if col in _LIST_COLUMNS:
            data = [_strings(v) for v in values]
        elif col in _PLACE_COLUMNS:
            data = [json.dumps(_places(v), ensure_ascii=False, allow_nan=False) for v in values]
        elif col == S.DATE:
            data = [None if _missing(v) else pd.Timestamp(v).to_pydatetime() for v in values]
        elif col in _FLOAT_COLUMNS:
            data = [finite_float(v) for v in values]
        elif col in _INT_COLUMNS:
            data = [_int(v) for v in values]
        else:
            data = [_text(v) for v in values]
        columns[col] = pa.array(data, type=field.type)
    table = pa.table(columns, schema=PARQUET_SCHEMA.with_metadata({"sortie_version": __version__}))
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def sources_csv(df: pd.DataFrame, articles: Iterable[Article]) -> bytes:
    """The articles behind the events of ``df`` as CSV: one row per article, by file name.

    Columns are :data:`SOURCE_COLUMNS`; ``events`` counts the article's events in
    ``df``. An article of ``df`` that is not in ``articles`` still gets a row, from
    what the events frame knows (id, title, file name).
    """
    rows = _rows(df)
    counts: dict[str, int] = {}
    fallback: dict[str, dict[str, str]] = {}
    for row in rows:
        aid = _text(row[S.ARTICLE_ID])
        counts[aid] = counts.get(aid, 0) + 1
        fallback.setdefault(aid, {"title": _text(row[S.ARTICLE_TITLE]), "file": _text(row[S.ARTICLE_NAME])})
    by_id = {a.id: a for a in articles if a.id in counts}
    out = []
    for aid in counts:
        a = by_id.get(aid)
        if a is not None:
            out.append([a.id, a.title, a.source, a.url, a.published.isoformat() if a.published else "", a.name,
                        str(counts[aid])])
        else:
            out.append([aid, fallback[aid]["title"], "", "", "", fallback[aid]["file"], str(counts[aid])])
    out.sort(key=lambda r: (r[5], r[0]))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SOURCE_COLUMNS)
    writer.writerows(csv_row(r, frozenset({SOURCE_COLUMNS.index("events")})) for r in out)
    return buf.getvalue().encode("utf-8")


def snapshot_version(events_csv: bytes, filter_description: str, created: datetime) -> str:
    """The snapshot id: ``sortie-<YYYYMMDD of created, UTC>-<10 hex of sha256(events.csv + filter)>``.

    Examples
    --------
    >>> snapshot_version(b"event_id\\n", "all events", datetime(2024, 5, 2, tzinfo=timezone.utc))
    'sortie-20240502-2aca773862'
    """
    digest = hashlib.sha256(events_csv + b"\n" + filter_description.encode("utf-8")).hexdigest()[:10]
    return f"sortie-{_utc(created):%Y%m%d}-{digest}"


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _fence(text: str) -> str:
    """``text`` in a Markdown code fence longer than any backtick run in it, so it stays literal."""
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def methodology(*, version: str, created: datetime, filter_description: str, counts: Mapping[str, int]) -> str:
    """The ``METHODOLOGY.md`` of a snapshot: what Sortie extracts and how, the filter, the counts."""
    count_lines = "\n".join(f"| {name.replace('_', ' ')} | {value} |" for name, value in counts.items())
    return f"""# Sortie snapshot {version}

Created {_utc(created).isoformat(timespec="seconds").replace("+00:00", "Z")} (UTC) by Sortie {__version__}.

## What Sortie extracts

Sortie reads news articles about military shows of force and writes one row per
event: a flight, missile launch, nuclear test, exercise, deployment or other
occurrence. Each event records what flew (aircraft types, role and count),
from where (origins), over or near where (locations), when, the countries
involved, and the sentence of the article that says so (`evidence`, with its
character range `evidence_start`..`evidence_end` in the article text).
`status` is `asserted` for events the article reports as having happened;
`planned`, `hypothetical`, `cancelled` or `denied` mark hedged ones.
Extraction is rule-based (curated vocabularies and patterns in `data/`), not a
trained model: every field can be traced back to the words that gave it.

## Dates and precision

Dates are resolved against the article's own dateline and publication date
("Saturday", "days later" and a dateline without a year become calendar
dates). `date_text` is the date as resolved, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`;
`date_precision` is `day`, `week`, `month` or `year`; `date` is the first day of
that period. A date-range filter keeps an event whose period overlaps the range.

## Places and geocoding

Place names are looked up offline in Sortie's gazetteer: curated military
geography (air bases, seas, zones, test sites), countries, first-level regions
and GeoNames cities, with article context used to choose among namesakes. Each
place has a precision, `point`, `area`, `region` or `country`, and a
`radius_km` giving how far the true location may be from the point (a country
sits at a representative point with its radius). Directional phrases ("north
of ...") move the point toward that side and make it an `area`. The event's
marker (`place`, `lat`, `lon`) is its first located location, or else its first
located origin. Coordinates are WGS84 degrees.

## The files

| file | content |
| --- | --- |
| `events.csv` | one row per event; list columns joined with `; `; places as `name (lat, lon)` |
| `events.geojson` | RFC 7946: a Point per event (null geometry when not located) and a line per origin->event flight, along the great circle, cut at the antimeridian into a MultiLineString |
| `events.parquet` | the same table with typed columns (lists as `list<string>`, places as JSON, `date` as a timestamp) |
| `sources.csv` | the articles of these events: id, title, source, url, publication date, file name, number of events |
| `manifest.json` | the version id, SHA-256 of each file, the counts and the filter |

Article text is reproduced literally: nothing in it is interpreted as markup. In the CSV files a
text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading
`'`, so spreadsheets show it instead of running it as a formula (numeric columns stay numbers).

## Filter used

{_fence(filter_description)}

## Counts

| what | number |
| --- | --- |
{count_lines}

## Version

Snapshot id `{version}`: `sortie-<creation date>-<first 10 hex digits of the
SHA-256 of events.csv followed by a newline and the filter text>`. The same
events and filter give the same digits, whatever the day.
"""


def _counts(df: pd.DataFrame, geojson: Mapping[str, Any], n_sources: int) -> dict[str, int]:
    features = geojson["features"]
    return {
        "events": len(df),
        "located_events": sum(1 for f in features
                              if f["properties"]["feature_type"] == "event" and f["geometry"] is not None),
        "flight_lines": sum(1 for f in features if f["properties"]["feature_type"] == "flight_line"),
        "articles": n_sources,
    }


def snapshot_zip(df: pd.DataFrame, articles: Iterable[Article], *, filter_description: str,
                 version: str | None = None, created: datetime | None = None) -> tuple[bytes, str]:
    """A zip of the filtered events in every format, their sources, a methodology note and a manifest.

    The zip holds :data:`SNAPSHOT_FILES`: ``events.csv``, ``events.geojson``,
    ``events.parquet``, ``sources.csv``, ``METHODOLOGY.md`` and ``manifest.json``
    (version id, SHA-256 and size of every other file, counts, filter, software
    version, creation time).

    Parameters
    ----------
    df : pandas.DataFrame
        The events to export (already filtered).
    articles : iterable of Article
        Articles to take source metadata from; only those of ``df``'s events are written.
    filter_description : str
        How ``df`` was selected, in words (see :func:`describe_filter`); it is part
        of the version id, so two filters never share one.
    version : str, optional
        The snapshot id to use; by default :func:`snapshot_version` of the CSV,
        the filter and the creation date.
    created : datetime, optional
        Creation time (UTC; a naive value is taken as UTC); by default now. It
        also dates the zip entries, so equal inputs give equal bytes.

    Returns
    -------
    tuple of (bytes, str)
        The zip file and its version id.

    Raises
    ------
    ValueError
        When ``df`` lacks a column of the events schema.
    """
    created = _utc(created or datetime.now(timezone.utc)).replace(microsecond=0)
    events_csv = to_csv(df)
    version = version or snapshot_version(events_csv, filter_description, created)
    geojson = to_geojson(df)
    sources = sources_csv(df, articles)
    counts = _counts(df, geojson, sources.count(b"\n") - 1)
    files = {
        "events.csv": events_csv,
        "events.geojson": json.dumps(geojson, ensure_ascii=False, allow_nan=False).encode("utf-8"),
        "events.parquet": to_parquet(df),
        "sources.csv": sources,
        "METHODOLOGY.md": methodology(version=version, created=created, filter_description=filter_description,
                                      counts=counts).encode("utf-8"),
    }
    manifest = {
        "version": version,
        "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "software": {"name": "sortie", "version": __version__},
        "filter": filter_description,
        "counts": counts,
        "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                  for name, data in files.items()},
    }
    files["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in SNAPSHOT_FILES:
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # a plain readable file when unzipped
            zf.writestr(info, files[name])
    return buf.getvalue(), version
