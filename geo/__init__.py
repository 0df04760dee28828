"""Sortie's library: news articles about military shows of force -> events -> geocoded, filterable, mappable."""
from __future__ import annotations

__version__ = "0.1.0"

from geo.errors import GeoError  # noqa: E402
from geo.models import Aircraft, Article, Event, Mention, Place, Span  # noqa: E402

__all__ = ["Aircraft", "Article", "Event", "GeoError", "Mention", "Place", "Span", "__version__"]
