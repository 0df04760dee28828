"""Map geometry that the map and the exports share: longitude frames, great circles, the antimeridian, bounds.

Pure functions of numbers (degrees, km); nothing here knows about pandas, folium or the browser.
The map draws the paths computed here (``geo.render.payload`` sends them), and the GeoJSON export
writes the same paths cut at the antimeridian, so a line looks the same in the app and in QGIS.

Longitudes are drawn in a *frame*: ``"standard"`` (-180..180) or ``"pacific"`` (0..360, so that
Hawaii -> Korea or the continental US -> Korea does not cross the whole map). :func:`compact_frame`
picks the one in which the data is most compact.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Literal

from geo.errors import ConfigurationError
from geo.gazetteer.distance import EARTH_RADIUS_KM

Frame = Literal["standard", "pacific"]
FrameOption = Literal["auto", "standard", "pacific"]
FRAMES: tuple[str, ...] = ("auto", "standard", "pacific")

GC_STEP_KM = 250.0
"""One interpolated point per this many km of flight line: smooth at zoom 2-7."""
GC_MAX_POINTS = 48
SAME_PLACE_DEG = 1e-3
"""An origin this close to its event's marker (about 100 m) took off where it happened: no line is drawn."""
MAX_LAT = 85.0
"""Web Mercator ends near 85 degrees: bounds are clipped there."""
KM_PER_DEG_LAT = 111.32

Bounds = list[list[float]]
Point = tuple[float, float]


def finite_float(value: Any) -> float | None:
    """``value`` as a finite float, or None when it is missing, not a number, NaN or infinite.

    Examples
    --------
    >>> finite_float("12.5"), finite_float(None), finite_float(float("nan")), finite_float("x")
    (12.5, None, None, None)
    """
    if type(value) is float:  # the common case, 10k times per map: no conversion needed
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):  # pandas' NA and NaT refuse float() with TypeError
        return None
    return number if math.isfinite(number) else None


def wrap180(delta: float) -> float:
    """``delta`` degrees brought into [-180, 180).

    Examples
    --------
    >>> wrap180(190.0), wrap180(-190.0)
    (-170.0, 170.0)
    """
    return (delta + 180.0) % 360.0 - 180.0


def frame_lon(lon: float, frame: Frame) -> float:
    """``lon`` written in ``frame``: -180 <= lon < 180 (standard) or 0 <= lon < 360 (pacific).

    Examples
    --------
    >>> frame_lon(-157.9, "pacific")
    202.1
    >>> frame_lon(190.0, "standard")
    -170.0
    """
    if frame == "pacific":
        return round(lon % 360.0, 10)
    return round(wrap180(lon), 10)


def near_lon(lon: float, reference: float) -> float:
    """``lon`` shifted by a multiple of 360 to lie within 180 degrees of ``reference``.

    An origin is drawn on the side of its event's marker, so that its line never crosses the whole map.

    Examples
    --------
    >>> near_lon(-157.95, 127.0)
    202.05
    """
    return reference + wrap180(lon - reference)


def same_place(lat1: float, lon1: float, lat2: float, lon2: float) -> bool:
    """True when two points are the same place for drawing (within ``SAME_PLACE_DEG``)."""
    return abs(lat1 - lat2) < SAME_PLACE_DEG and abs(wrap180(lon1 - lon2)) < SAME_PLACE_DEG


def _span(values: list[float]) -> float:
    return max(values) - min(values) if values else 0.0


def compact_frame(lons: Iterable[float]) -> Frame:
    """The frame in which ``lons`` span the fewest degrees: ``"pacific"`` only when strictly narrower.

    Examples
    --------
    >>> compact_frame([127.0, 144.8]), compact_frame([127.0, -157.9]), compact_frame([])
    ('standard', 'pacific', 'standard')
    """
    values = list(lons)
    standard = _span([frame_lon(x, "standard") for x in values])
    pacific = _span([frame_lon(x, "pacific") for x in values])
    return "pacific" if pacific < standard else "standard"


def check_frame(frame: str) -> None:
    """Refuse a frame option that is not one of ``FRAMES``.

    Raises
    ------
    ConfigurationError
        Naming the value and the options.
    """
    if frame not in FRAMES:
        raise ConfigurationError(f"Unknown longitude frame {frame!r}; options are: {list(FRAMES)}")


def great_circle(lat1: float, lon1: float, lat2: float, lon2: float, *,
                 step_km: float = GC_STEP_KM, max_points: int = GC_MAX_POINTS) -> list[Point]:
    """Points ``(lat, lon)`` along the great circle from point 1 to point 2, with unwrapped longitudes.

    Longitudes change continuously (consecutive points differ by less than 180 degrees), so a line
    across the antimeridian goes beyond 180 instead of jumping across the whole map. The first point
    is exactly ``(lat1, lon1)``; the last is ``(lat2, lon2)`` shifted by a multiple of 360 degrees.

    Examples
    --------
    >>> pts = great_circle(21.3, -157.9, 37.5, 127.0)  # Honolulu -> Seoul
    >>> pts[0], round(pts[-1][1])
    ((21.3, -157.9), -233)
    """
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    v1 = (math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1))
    v2 = (math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2))
    cross = (v1[1] * v2[2] - v1[2] * v2[1], v1[2] * v2[0] - v1[0] * v2[2], v1[0] * v2[1] - v1[1] * v2[0])
    angle = math.atan2(math.sqrt(sum(c * c for c in cross)), sum(a * b for a, b in zip(v1, v2)))
    n = min(max_points, max(2, math.ceil(angle * EARTH_RADIUS_KM / step_km) + 1))
    points = [(lat1, lon1)]
    sin_angle = math.sin(angle)
    if n > 2 and sin_angle > 1e-9:  # not the same point, not antipodes
        for i in range(1, n - 1):
            f = i / (n - 1)
            a, b = math.sin((1 - f) * angle) / sin_angle, math.sin(f * angle) / sin_angle
            x, y, z = (a * c1 + b * c2 for c1, c2 in zip(v1, v2))
            lat = math.degrees(math.atan2(z, math.hypot(x, y)))
            lon = math.degrees(math.atan2(y, x))
            points.append((lat, points[-1][1] + wrap180(lon - points[-1][1])))
    prev = points[-1][1]
    points.append((lat2, prev + wrap180(lon2 - prev)))
    return points


def flight_path(origin: Point, event: Point, frame: Frame, *, step_km: float = GC_STEP_KM) -> list[Point]:
    """Great-circle ``(lat, lon)`` points from ``origin`` to ``event``, ending at the event's marker in ``frame``.

    ``step_km`` is the distance between points (see :func:`great_circle`).

    Examples
    --------
    >>> path = flight_path((21.33, -157.95), (37.09, 127.03), "pacific")  # Hickam -> Osan
    >>> round(path[0][1], 2), path[-1]
    (202.05, (37.09, 127.03))
    """
    elat, elon = event[0], frame_lon(event[1], frame)
    points = great_circle(origin[0], near_lon(origin[1], elon), elat, elon, step_km=step_km)
    # Over a pole the unwrapped end can land 360 degrees away: shift the line onto the marker.
    shift = round((elon - points[-1][1]) / 360.0) * 360.0
    points = [(lat, lon + shift) for lat, lon in points]
    points[-1] = (elat, elon)
    return points


def _round(x: float, decimals: int) -> float:
    value = round(x, decimals)
    return 0.0 if value == 0 else value  # no "-0.0" in the output


def split_antimeridian(path: list[Point], decimals: int = 6) -> list[list[list[float]]]:
    """Cut a ``(lat, lon)`` path with unwrapped longitudes into ``[lon, lat]`` parts within [-180, 180].

    Consecutive points must differ by less than 180 degrees of longitude (as :func:`great_circle`
    gives them). Where the path crosses the antimeridian, the part ends at longitude +/-180 and the
    next one starts on the other side, at the latitude interpolated there (RFC 7946 section 3.1.9).

    Returns
    -------
    list of list of [lon, lat]
        One part when the path does not cross, otherwise one more per crossing; coordinates rounded
        to ``decimals``.

    Examples
    --------
    >>> split_antimeridian([(10.0, 170.0), (20.0, 190.0)])
    [[[170.0, 10.0], [180.0, 15.0]], [[-180.0, 15.0], [-170.0, 20.0]]]
    >>> split_antimeridian([(0.0, 10.0), (1.0, 20.0)])
    [[[10.0, 0.0], [20.0, 1.0]]]
    """
    if not path:
        return []

    def position(lon: float, lat: float) -> list[float]:
        return [_round(lon, decimals), _round(lat, decimals)]

    lat0, lon0 = path[0]
    # The shift (a multiple of 360) that brings the current stretch into [-180, 180].
    shift = 360.0 * math.floor((lon0 + 180.0) / 360.0) if not -180.0 <= lon0 <= 180.0 else 0.0
    parts: list[list[list[float]]] = [[position(lon0 - shift, lat0)]]
    prev_lat, prev_lon = lat0, lon0
    for lat, lon in path[1:]:
        local = lon - shift
        if local > 180.0 or local < -180.0:
            edge = 180.0 if local > 180.0 else -180.0
            t = (shift + edge - prev_lon) / (lon - prev_lon)
            cross_lat = prev_lat + t * (lat - prev_lat)
            if position(edge, cross_lat) != parts[-1][-1]:
                parts[-1].append(position(edge, cross_lat))
            shift += 2 * edge
            parts.append([position(-edge, cross_lat)])
            local = lon - shift
        point = position(local, lat)
        if point != parts[-1][-1]:
            parts[-1].append(point)
        prev_lat, prev_lon = lat, lon
    return [part for part in parts if len(part) >= 2] or [parts[0] * 2]


def extent_bounds(points: Iterable[tuple[float, float, float]]) -> Bounds | None:
    """``[[south, west], [north, east]]`` around ``(lat, lon, radius_km)`` points; None when there are none.

    A point with a radius counts as its whole circle (an area event shows whole); latitudes are
    clipped at ``MAX_LAT``. Longitudes are taken as given (already in one frame).

    Examples
    --------
    >>> extent_bounds([(10.0, 120.0, 0.0), (20.0, 140.0, 0.0)])
    [[10.0, 120.0], [20.0, 140.0]]
    >>> extent_bounds([]) is None
    True
    """
    lats: list[float] = []
    lons: list[float] = []
    for lat, lon, radius in points:
        dlat = (radius or 0.0) / KM_PER_DEG_LAT
        dlon = dlat / max(math.cos(math.radians(lat)), 0.05)
        lats += [lat - dlat, lat + dlat]
        lons += [lon - dlon, lon + dlon]
    if not lats:
        return None
    return [[max(min(lats), -MAX_LAT), min(lons)], [min(max(lats), MAX_LAT), max(lons)]]


def zoom_for_radius(radius_km: float) -> int:
    """The zoom at which a circle of ``radius_km`` shows whole (a point, radius 0, gets 7).

    Examples
    --------
    >>> zoom_for_radius(0.0), zoom_for_radius(150.0), zoom_for_radius(700.0)
    (7, 6, 4)
    """
    if radius_km > 600:
        return 4
    if radius_km > 250:
        return 5
    if radius_km > 100:
        return 6
    return 7
