"""The Toponym record: a place name found in running text and where it was resolved to."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Toponym:
    """A place name in a text, with its character span and its resolved location.

    Attributes
    ----------
    start, end : int
        Character offsets in the text, end-exclusive (``text[start:end] == name``).
    name : str
        The name as written ("Japan", "Korean peninsula", "Mo.").
    lat, lon : float or None
        Resolved point; None when the name was recognised but could not be placed.
    precision : str
        "point", "area", "region" or "country" (how the point should be drawn).
    entry_id : str
        Gazetteer id of the resolved entry ("country:JP", "geonames:1850147"); "" if unplaced.
    score : float
        Confidence in [0, 1] that the resolution is right (candidate margin and evidence).
    kind : str
        Feature kind of the resolved entry ("city", "country", "air_base", ...).
    radius_km : float
        Rough extent of the resolved entry.
    country : str
        Country of the resolved entry ("" for seas, continents or unplaced names).
    """

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    precision: str = "point"
    entry_id: str = ""
    score: float = 0.0
    kind: str = ""
    radius_km: float = 0.0
    country: str = ""

    def to_dict(self) -> dict:
        """All fields as a plain dict (JSON-ready)."""
        return asdict(self)
