"""The military gazetteer's places, located, as the synthetic benchmarks' origins and event areas."""
from __future__ import annotations

import csv
from pathlib import Path

from geo.gazetteer import load_gazetteer
from geo.models import Place

ROOT = Path(__file__).resolve().parents[1]
ORIGIN_KINDS = frozenset({"air_base", "naval_base", "army_base"})


def military_places() -> tuple[list[Place], list[Place]]:
    """(origins, locations) from data/gazetteer/military.csv, located through the gazetteer index."""
    gaz = load_gazetteer()
    origins, locations = [], []
    with open(ROOT / "data" / "gazetteer" / "military.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            hits = gaz.lookup(row["name"])
            if not hits:
                continue
            e = hits[0]
            origin = e.kind in ORIGIN_KINDS
            place = Place(e.name, e.lat, e.lon, e.precision, gazetteer_id=e.id, feature_kind=e.kind,
                          role="origin" if origin else "location", radius_km=e.radius_km)
            (origins if origin else locations).append(place)
    return origins, locations
