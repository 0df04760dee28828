"""Small invented events for the render tests, built as the app builds them: Event objects through events_frame."""
from __future__ import annotations

import pandas as pd

from geo.models import Aircraft, Article, Event, Place, Span
from geo.query import events_frame

GUAM = Place("Andersen AFB", 13.58, 144.93, "point", role="origin", span=Span(0, 4, "Guam"))
OKINAWA = Place("Okinawa Island", 26.5, 127.95, "area", role="origin", radius_km=60.0, span=Span(10, 17, "Okinawa"))
HICKAM = Place("Hickam AFB", 21.33, -157.95, "point", role="origin")
OSAN = Place("Osan", 37.09, 127.03, "point")
NORTH_KOREA = Place("North Korea", 40.0, 127.0, "country", radius_km=195.9)
EAST_CHINA_SEA = Place("East China Sea", 29.0, 125.0, "area", radius_km=600.0)
THE_SEA = Place("the sea", None, None, reason="a word for a place named nowhere before it")
TITLE = "Bombers over Korea"


def event(event_id: str = "e1", *, kind: str = "flight", date: str | None = "2017-09-23",
          aircraft: tuple[Aircraft, ...] = (Aircraft("B-1B", "bomber", 2),), origins: tuple[Place, ...] = (),
          locations: tuple[Place, ...] = (OSAN,), evidence: str = "Two B-1B bombers flew.", article: str = "a1.txt",
          activity: str = "", status: str = "asserted") -> Event:
    """One event of article ``a1``."""
    return Event(event_id=event_id, article_id="a1", kind=kind, date=date, date_precision="day" if date else None,
                 evidence=Span(0, len(evidence), evidence), aircraft=aircraft, origins=origins, locations=locations,
                 countries=("United States",), status=status, article_name=article, activity=activity)


def frame(*events: Event, title: str = TITLE) -> pd.DataFrame:
    """The events frame of ``events``, their article titled ``title``."""
    return events_frame(events, [Article("a1", "a1.txt", title, "text")])
