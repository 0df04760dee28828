"""Offline gazetteer: curated military geography, countries, first-level regions and GeoNames cities."""
from __future__ import annotations

from geo.gazetteer.entry import GazetteerEntry, Precision, precision_for
from geo.gazetteer.index import DATA_DIR, Gazetteer, load_gazetteer
from geo.gazetteer.normalize import normalize_name

__all__ = ["DATA_DIR", "Gazetteer", "GazetteerEntry", "Precision", "load_gazetteer", "normalize_name", "precision_for"]
