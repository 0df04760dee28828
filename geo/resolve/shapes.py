"""Where a described place lies: a point moved toward a compass direction, between two places, off a coast."""
from __future__ import annotations

import math

from geo.gazetteer.distance import EARTH_RADIUS_KM, haversine_km

# Compass bearings in degrees clockwise from north.
BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
            "southwest": 225.0, "west": 270.0, "northwest": 315.0}


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) along the great circle leaving at ``bearing_deg``.

    >>> [round(v, 2) for v in destination(0.0, 0.0, 90.0, 111.2)]
    [0.0, 1.0]
    """
    d = km / EARTH_RADIUS_KM
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540.0) % 360.0 - 180.0, 5)


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from the first point to the second, degrees clockwise from north."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


def toward(lat: float, lon: float, direction: str, radius_km: float, distance_km: float = 0.0
           ) -> tuple[float, float, float]:
    """A place described as lying ``direction`` of another: its point and extent.

    With a stated distance ("135 miles east of Hainan") the point is that far out and the extent
    a third of the distance (the figure is usually rounded); without one ("south of the Korean
    Peninsula", "off the east coast of") it lies just beyond the named place's own extent.

    >>> lat, lon, r = toward(19.2, 109.7, "east", 150.0, 217.0)
    >>> round(lon, 1), round(r)
    (111.8, 72)
    """
    b = BEARINGS[direction]
    if distance_km:
        la, lo = destination(lat, lon, b, distance_km)
        return la, lo, max(30.0, distance_km / 3.0)
    out = max(radius_km, 20.0) * 0.8
    la, lo = destination(lat, lon, b, out)
    return la, lo, max(radius_km * 0.5, 25.0)


def between(a: tuple[float, float, float], b: tuple[float, float, float]) -> tuple[float, float, float]:
    """The area between two places (lat, lon, radius): the midpoint, reaching both edges.

    >>> lat, lon, r = between((26.3, 127.8, 30.0), (24.8, 125.3, 20.0))
    >>> round(lat, 1), round(lon, 1), r > 100
    (25.6, 126.5, True)
    """
    la, lo = midpoint(a[0], a[1], b[0], b[1])
    return la, lo, max(haversine_km(a[0], a[1], b[0], b[1]) / 2.0, a[2], b[2], 25.0)


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """The great-circle midpoint of two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    l1, dl = math.radians(lon1), math.radians(lon2 - lon1)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    p3 = math.atan2(math.sin(p1) + math.sin(p2), math.sqrt((math.cos(p1) + bx) ** 2 + by ** 2))
    l3 = l1 + math.atan2(by, math.cos(p1) + bx)
    return round(math.degrees(p3), 5), round((math.degrees(l3) + 540.0) % 360.0 - 180.0, 5)


def off_coast(land: tuple[float, float, float], sea: tuple[float, float]) -> tuple[float, float, float]:
    """The sea just off a coast: from the land's point toward the sea, to the land's edge and a little beyond.

    Used for "the South China Sea off Hainan" and for "South Korean waters" (toward the sea the
    text names). Never passes the sea's own point.
    """
    lat, lon, radius = land
    gap = haversine_km(lat, lon, sea[0], sea[1])
    step = min(max(radius, 20.0) * 1.1, gap)
    la, lo = destination(lat, lon, bearing(lat, lon, sea[0], sea[1]), step)
    return la, lo, max(radius * 0.75, 60.0)


def narrowed(area: tuple[float, float, float], by: tuple[float, float, float]) -> tuple[float, float, float]:
    """The part of a large area (lat, lon, radius) near another place: "the ADIZ over the Sea of Japan".

    A small place (an islet, a base) pulls the point to itself, a little toward the area; two large
    areas meet halfway, at the smaller one's extent.

    >>> lat, lon, r = narrowed((40.0, 135.0, 900.0), (37.24, 131.87, 2.0))
    >>> haversine_km(lat, lon, 37.24, 131.87) < 120, r
    (True, 100.0)
    """
    if by[2] <= 60.0:
        return (*destination(by[0], by[1], bearing(by[0], by[1], area[0], area[1]),
                             min(60.0, haversine_km(by[0], by[1], area[0], area[1]))), 100.0)
    la, lo = midpoint(area[0], area[1], by[0], by[1])
    return la, lo, max(min(area[2], by[2]) * 0.6, 50.0)
