"""The gazetteer's record type and the rule that maps a feature kind to a map precision."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Precision = Literal["point", "area", "region", "country"]
Source = Literal["military", "country", "admin1", "geonames", "macroregion"]

# Feature kinds drawn as a pin; anything else in the military table is an area.
_POINT_KINDS = frozenset({
    "air_base", "naval_base", "base", "army_base", "military_base", "marine_base", "airfield", "airport",
    "port", "harbour", "harbor", "test_site", "launch_site", "missile_base", "city", "town", "village",
    "facility", "site", "camp", "installation", "radar", "headquarters",
})


def precision_for(kind: str, source: str) -> Precision:
    """The precision a feature of this kind and source is drawn with.

    Parameters
    ----------
    kind : str
        Feature kind ("air_base", "sea", "city", "country", "admin1", ...).
    source : str
        Table the entry comes from: "military", "country", "admin1" or "geonames".

    Returns
    -------
    Precision
        "point" for bases, test sites, harbours and cities; "country" for countries;
        "region" for first-level regions; "area" for seas, straits, peninsulas, zones, islands...

    Examples
    --------
    >>> precision_for("air_base", "military"), precision_for("sea", "military")
    ('point', 'area')
    """
    if source == "country" or kind == "country":
        return "country"
    if source == "admin1" or kind == "admin1":
        return "region"
    if source == "macroregion":
        return "area"
    if source == "geonames" and kind in ("city", "town", "village", ""):
        return "point"
    if kind in _POINT_KINDS or kind.endswith(("_base", "_site", "_port", "_station", "_airfield")):
        return "point"
    return "area"


@dataclass(frozen=True)
class GazetteerEntry:
    """One named place: where it is, how precisely, and how important.

    Attributes
    ----------
    id : str
        Stable id: "country:KR", "admin1:US.MO", "geonames:1835848", or the military table's id.
    name : str
        Preferred English name.
    lat, lon : float
        Representative point (WGS84 degrees).
    kind : str
        Feature kind: "country", "admin1", "continent", "city", or a military kind ("air_base", "sea").
    precision : Precision
        How the point should be drawn: a pin ("point") or an extent ("area", "region", "country").
    radius_km : float
        Rough extent around the point (0 for a point feature of unknown size).
    country : str
        Common English name of the country it lies in ("" for seas and continents).
    population : int
        Population (0 when unknown); the importance prior for cities and regions.
    geonameid : int | None
        GeoNames id when known.
    source : Source
        The table it comes from: "military", "country", "admin1", "geonames" (cities and
        continents) or "macroregion" (West Africa, Middle East: derived from the country table).
    """

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    precision: Precision
    radius_km: float
    country: str
    population: int
    geonameid: int | None
    source: Source
