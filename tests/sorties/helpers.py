"""Invented events for the sortie tests, built as ``Event`` objects directly (no extraction, no article text)."""
from __future__ import annotations

from datetime import date

from geo.models import Aircraft, Article, Event, Place, Span, event_id
from geo.sorties.report import Report

# Invented coordinates close to the real places, with the radii the gazetteer would give.
PLACES = {
    "Osan": ("Osan Air Base", 37.09, 127.03, 4.0, "military:osan"),
    "Kunsan": ("Kunsan Air Base", 35.90, 126.62, 4.0, "military:kunsan"),
    "Seoul": ("Seoul", 37.56, 126.98, 7.0, "city:seoul"),
    "South Korea": ("South Korea", 36.5, 127.75, 177.0, "country:KR"),
    "North Korea": ("North Korea", 40.0, 127.0, 196.0, "country:KP"),
    "Sea of Japan": ("Sea of Japan", 40.0, 134.5, 700.0, "military:sea-of-japan"),
    "Yellow Sea": ("Yellow Sea", 35.0, 123.0, 450.0, "military:yellow-sea"),
    "Alaska": ("Alaska", 64.0, -150.0, 1200.0, "admin1:US-AK"),
    "Baltic Sea": ("Baltic Sea", 58.0, 20.0, 400.0, "military:baltic-sea"),
    "Guam": ("Guam", 13.44, 144.79, 13.0, "military:guam"),
    "Andersen": ("Andersen Air Force Base", 13.58, 144.93, 4.0, "military:andersen-afb"),
    "Okinawa": ("Okinawa", 26.5, 127.9, 60.0, "admin1:JP-47"),
    "Misawa": ("Misawa Air Base", 40.70, 141.37, 4.0, "military:misawa"),
    "Japan": ("Japan", 36.0, 138.0, 347.0, "country:JP"),
}


def place(key: str, role: str = "location", reason: str = "") -> Place:
    name, lat, lon, radius, gid = PLACES[key]
    return Place(name, lat, lon, "area", gid, "", role, radius, reason=reason)  # type: ignore[arg-type]


def ev(article: str, n: int = 0, *, kind: str = "flight", day: str | None = "2017-09-18", precision: str | None = None,
       aircraft: tuple = (), origins: tuple[str, ...] = (), areas: tuple[str, ...] = (),
       countries: tuple[str, ...] = (), role: str = "main", activity: str = "", status: str = "asserted",
       note: str = "", text: str = "", actor: str = "") -> Event:
    """An invented event: ``aircraft`` as ("B-1B", 2) pairs or bare type ids; places by the keys of PLACES.

    ``actor``: a place key put in, as the extractor does, for the acting state of a launch the text does not place.
    """
    if precision is None and day is not None:
        precision = {10: "day", 7: "month", 4: "year"}[len(day)]
    planes = tuple(Aircraft(a, count=None) if isinstance(a, str) else Aircraft(a[0], count=a[1]) for a in aircraft)
    return Event(event_id=event_id(article, kind, n, day), article_id=article, kind=kind, date=day,
                 date_precision=precision, evidence=Span(n, n + 1, text or f"sentence {n} of {article}"),
                 aircraft=planes, origins=tuple(place(o, "origin") for o in origins),
                 locations=tuple(place(a) for a in areas) +
                 ((place(actor, reason="the acting state, where the text names no place"),) if actor else ()),
                 countries=countries, status=status,
                 article_name=f"{article}.txt", date_note=note, activity=activity, role=role)


def art(article: str, published: str | None = "2017-09-19", source: str = "", url: str = "") -> Article:
    """An invented article record (no text needed for grouping)."""
    return Article(id=article, path=f"{article}.txt", title=f"Report by {article}", text="",
                   published=date.fromisoformat(published) if published else None, source=source or article, url=url)


def rep(event: Event, published: str | None = "2017-09-19", outlet: str = "") -> Report:
    """A report of an invented event."""
    return Report(event, outlet=outlet or event.article_id,
                  published=date.fromisoformat(published) if published else None)


def partition(groups) -> list[tuple[str, ...]]:
    """Groups (of reports, events or event ids) as sorted tuples of event ids, for comparing groupings."""
    def eid(x):
        return x if isinstance(x, str) else x.event_id
    return sorted(tuple(sorted(eid(x) for x in g)) for g in groups)
