"""Extract stage: article text -> sentences -> mentions (dates, aircraft, places, countries, cues) -> ``Event``s."""
from __future__ import annotations

from geo.extract.events import EventExtractor, Extraction, default_extractor, extract_events

__all__ = ["EventExtractor", "Extraction", "default_extractor", "extract_events"]
