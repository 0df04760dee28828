"""Tests of the Review page's form helpers (geo/ui/review_form.py): what a form changed."""
from __future__ import annotations

from geo.ui.review_form import form_changes
from tests.review.events import manual_event


def test_form_changes_lists_only_what_changed():
    ev = manual_event()
    same = dict(date="2017-09-18", kind="flight", aircraft=["B-1B"], locations="South Korea", origins="Guam",
                status="asserted")
    assert form_changes(ev, **same) == {}
    assert form_changes(ev, **{**same, "date": " ", "origins": "Guam, Okinawa"}) == {
        "date": {"date": None}, "origins": ["Guam", "Okinawa"]}
    assert form_changes(ev, **{**same, "aircraft": ["B-1B", "F-15C"], "status": "denied"}) == {
        "aircraft": ["B-1B", "F-15C"], "status": "denied"}


