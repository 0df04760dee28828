"""The events as RFC 7946 GeoJSON: a point per event and a great-circle line per origin, cut at the antimeridian.

Each flight line follows the great circle the map draws (``geo.render.geometry.great_circle``). A
line that crosses the antimeridian is cut there into a ``MultiLineString`` of two parts, one ending
at longitude 180 and one starting at -180 (or the reverse), as RFC 7946 section 3.1.9 recommends; so
every longitude stays within [-180, 180] and QGIS and kepler.gl draw no line across the whole world.
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from geo.models import Event, Place
from geo.query import aircraft_from, aircraft_text
from geo.query import schema as S
from geo.render.export.tables import (COORD_DECIMALS, as_int, iso_date, place_label, places, rows,
                                      source_records, strings, text)
from geo.render.geometry import finite_float, great_circle, same_place, split_antimeridian


def _round(x: float) -> float:
    value = round(x, COORD_DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0" in the output


def _line_geometry(origin: tuple[float, float], event: tuple[float, float]) -> dict[str, Any]:
    parts = split_antimeridian(great_circle(origin[0], origin[1], event[0], event[1]), COORD_DECIMALS)
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _event_properties(row: dict[str, Any]) -> dict[str, Any]:
    radius = finite_float(row[S.RADIUS_KM])
    return {
        "feature_type": "event",
        "event_id": text(row[S.EVENT_ID]),
        "kind": text(row[S.KIND]),
        "status": text(row[S.STATUS]),
        "date": iso_date(row[S.DATE]),
        "date_text": text(row[S.DATE_TEXT]) or None,
        "date_precision": text(row[S.DATE_PRECISION]) or None,
        "aircraft": text(row[S.AIRCRAFT_TEXT]),
        "aircraft_types": strings(row[S.AIRCRAFT_TYPES]),
        "aircraft_roles": strings(row[S.AIRCRAFT_ROLES]),
        "activity": text(row[S.ACTIVITY]) or None,
        "countries": strings(row[S.COUNTRIES]),
        "place": text(row[S.PLACE_NAME]) or None,
        "place_precision": text(row[S.PLACE_PRECISION]) or None,
        "radius_km": None if radius is None else _round(radius),
        "origins": [place_label(p) for p in places(row[S.ORIGINS])],
        "locations": [place_label(p) for p in places(row[S.LOCATIONS])],
        "evidence": text(row[S.EVIDENCE]),
        "evidence_start": as_int(row[S.EVIDENCE_START]),
        "evidence_end": as_int(row[S.EVIDENCE_END]),
        "article": text(row[S.ARTICLE_NAME]),
        "article_id": text(row[S.ARTICLE_ID]),
        "article_title": text(row[S.ARTICLE_TITLE]),
        "sortie_id": text(row[S.SORTIE_ID]) or None,
        "source_count": as_int(row[S.SOURCE_COUNT]) or 0,
        "sources": source_records(row[S.SOURCES]),
        "disagreements": strings(row[S.DISAGREEMENTS]),
        "corrected": strings(row[S.CORRECTED]),
    }


def _line(props: dict[str, Any], event: Event, origin: Place, i: int, geometry: dict[str, Any]) -> dict[str, Any]:
    flown = aircraft_from(event, origin)  # only the types the text says flew from this origin
    return {"type": "Feature", "id": f"{props['event_id']}-origin-{i}", "geometry": geometry, "properties": {
        "feature_type": "flight_line", "event_id": props["event_id"], "origin": origin.name,
        "origin_precision": origin.precision, "destination": props["place"], "kind": props["kind"],
        "status": props["status"], "date": props["date"], "date_text": props["date_text"],
        "date_precision": props["date_precision"], "aircraft": aircraft_text(flown),
        "aircraft_types": [a.type for a in flown], "article": props["article"],
        "article_title": props["article_title"], "sortie_id": props["sortie_id"],
        "corrected": props["corrected"]}}


def to_geojson(df: pd.DataFrame) -> dict[str, Any]:
    """The events as an RFC 7946 GeoJSON ``FeatureCollection`` (a plain dict).

    * One ``Point`` feature per event (``feature_type: "event"``) at its main
      place, ``[lon, lat]`` in WGS84; an event without coordinates is kept with
      ``"geometry": null``.
    * One ``LineString`` feature per located origin of a located event
      (``feature_type: "flight_line"``, ``origin`` = the origin's name), along the
      great circle, or a ``MultiLineString`` cut at the antimeridian (see the
      module docstring). An origin at the event's own place gives no line. A line
      carries the aircraft that flew from its origin (all of them when the text
      does not say which flew from where).

    Properties are flat (strings, numbers, null, and arrays of strings) but for
    ``sources``, an event's or sortie's reports as an array of objects (outlet, title,
    url, published, evidence...); dates are ISO strings. Coordinates are rounded to 6 decimals; there is no ``crs``
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
    for row in rows(df):
        props = _event_properties(row)
        lat, lon = finite_float(row[S.LAT]), finite_float(row[S.LON])
        located = lat is not None and lon is not None
        geometry = {"type": "Point", "coordinates": [_round(lon), _round(lat)]} if located else None
        events.append({"type": "Feature", "id": props["event_id"], "geometry": geometry, "properties": props})
        if not located:
            continue
        for i, origin in enumerate(places(row[S.ORIGINS])):
            if not origin.located or same_place(origin.lat, origin.lon, lat, lon):
                continue  # not placed, or took off where it happened: nothing to draw (as on the map)
            lines.append(_line(props, row[S.EVENT], origin, i, _line_geometry((origin.lat, origin.lon), (lat, lon))))
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
