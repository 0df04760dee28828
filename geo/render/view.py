"""Where the map looks: the longitude frame, the fitted view and the view of one event, read from the events frame.

A Streamlit page should pick the frame once, from the unfiltered events, and pass it to the map's
layers and base map, so that markers do not jump between frames as filters change.
"""
from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from geo.models import Place
from geo.query import schema as S
from geo.render.geometry import (Bounds, Frame, FrameOption, check_frame, compact_frame, extent_bounds,
                                 finite_float, frame_lon, near_lon, zoom_for_radius)
from geo.render.payload import is_area


def _markers(df: pd.DataFrame) -> Iterator[tuple[float, float, float, tuple[Place, ...]]]:
    """``(lat, lon, radius drawn, placed origins)`` of every event with a marker."""
    S.validate_events(df)
    for lat, lon, precision, radius, origins in zip(df[S.LAT].tolist(), df[S.LON].tolist(),
                                                     df[S.PLACE_PRECISION].tolist(), df[S.RADIUS_KM].tolist(),
                                                     df[S.ORIGINS].tolist()):
        lat, lon = finite_float(lat), finite_float(lon)
        if lat is None or lon is None:
            continue
        placed = tuple(p for p in origins if p.located) if isinstance(origins, tuple) else ()
        yield lat, lon, (finite_float(radius) or 0.0) if is_area(precision, radius) else 0.0, placed


def choose_frame(df: pd.DataFrame) -> Frame:
    """The longitude frame in which the events and their origins are most compact.

    ``"pacific"`` (0..360) only when it is strictly narrower than ``"standard"`` (-180..180),
    e.g. for flights from Hawaii or the continental US to Korea.

    Examples
    --------
    >>> from geo.query.schema import empty_events
    >>> choose_frame(empty_events())
    'standard'
    """
    lons: list[float] = []
    for _lat, lon, _radius, origins in _markers(df):
        lons.append(lon)
        lons += [p.lon for p in origins]
    return compact_frame(lons)


def resolve_frame(df: pd.DataFrame, frame: FrameOption) -> Frame:
    """``frame``, or the frame :func:`choose_frame` picks for ``df`` when it is ``"auto"``.

    Raises
    ------
    ConfigurationError
        For a frame that is not one of ``geo.render.geometry.FRAMES``.
    """
    check_frame(frame)
    return choose_frame(df) if frame == "auto" else frame  # type: ignore[return-value]


def data_bounds(df: pd.DataFrame, *, frame: FrameOption = "auto") -> Bounds | None:
    """``[[south, west], [north, east]]`` around the events (with their area circles) and origins; None if none."""
    frame_ = resolve_frame(df, frame)
    points: list[tuple[float, float, float]] = []
    for lat, lon, radius, origins in _markers(df):
        lon = frame_lon(lon, frame_)
        points.append((lat, lon, radius))
        points += [(p.lat, near_lon(p.lon, lon), 0.0) for p in origins]
    return extent_bounds(points)


def selection_view(df: pd.DataFrame, event_id: str, frame: Frame) -> tuple[tuple[float, float], int] | None:
    """Where to centre the map, and at which zoom, to show one event (None if it is absent or not placed).

    The zoom shows an area circle whole (wider areas, lower zoom); a point gets zoom 7.
    """
    match = df[df[S.EVENT_ID] == event_id]
    if match.empty:
        return None
    row = match.iloc[0]
    lat, lon = finite_float(row[S.LAT]), finite_float(row[S.LON])
    if lat is None or lon is None:
        return None
    radius = (finite_float(row[S.RADIUS_KM]) or 0.0) if is_area(row[S.PLACE_PRECISION], row[S.RADIUS_KM]) else 0.0
    return (lat, frame_lon(lon, frame)), zoom_for_radius(radius)
