"""Tests of the Review page's form helpers (geo/ui/review_form.py): what a form changed."""
from __future__ import annotations

from geo.models import Aircraft, Event, Place, Span, event_id
from geo.ui.review_form import form_changes


def _manual_event() -> Event:
    text = "Two B-1B bombers from Guam flew over South Korea."
    return Event(event_id=event_id("a1", "flight", 0, "2017-09-18"), article_id="a1", kind="flight",
                 date="2017-09-18", date_precision="day", evidence=Span(0, len(text), text),
                 aircraft=(Aircraft("B-1B", "bomber", 2, Span(4, 8, "B-1B")),),
                 origins=(Place("Guam", 13.4, 144.8, "area", "military:guam", "island", "origin", 30.0,
                                Span(22, 26, "Guam")),),
                 locations=(Place("South Korea", 36.5, 127.75, "country", "country:KR", "country", "location", 177.0,
                                  Span(37, 48, "South Korea")),),
                 date_span=Span(0, 0, ""))


def test_form_changes_lists_only_what_changed():
    ev = _manual_event()
    same = dict(date="2017-09-18", kind="flight", aircraft=["B-1B"], locations="South Korea", origins="Guam",
                status="asserted")
    assert form_changes(ev, **same) == {}
    assert form_changes(ev, **{**same, "date": " ", "origins": "Guam, Okinawa"}) == {
        "date": {"date": None}, "origins": ["Guam", "Okinawa"]}
    assert form_changes(ev, **{**same, "aircraft": ["B-1B", "F-15C"], "status": "denied"}) == {
        "aircraft": ["B-1B", "F-15C"], "status": "denied"}


