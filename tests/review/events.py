"""An invented event for the review tests (model, store, form): a B-1B flight from Guam over South Korea."""
from __future__ import annotations

from geo.models import Aircraft, Event, Place, Span, event_id


def manual_event() -> Event:
    """One flight with a dated span, an aircraft, an origin and a location, each with its span."""
    text = "Two B-1B bombers from Guam flew over South Korea."
    return Event(event_id=event_id("a1", "flight", 0, "2017-09-18"), article_id="a1", kind="flight",
                 date="2017-09-18", date_precision="day", evidence=Span(0, len(text), text),
                 aircraft=(Aircraft("B-1B", "bomber", 2, Span(4, 8, "B-1B")),),
                 origins=(Place("Guam", 13.4, 144.8, "area", "military:guam", "island", "origin", 30.0,
                                Span(22, 26, "Guam")),),
                 locations=(Place("South Korea", 36.5, 127.75, "country", "country:KR", "country", "location", 177.0,
                                  Span(37, 48, "South Korea")),),
                 date_span=Span(0, 0, ""))
