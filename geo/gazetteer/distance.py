"""Great-circle distance on the mean Earth sphere: the one formula the gazetteer, geoparser and map share."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG), in km."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees.

    Examples
    --------
    >>> round(haversine_km(0, 0, 0, 1), 1)
    111.2
    >>> haversine_km(37.5, 127.0, 37.5, 127.0)
    0.0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
