"""Tests of the review model (geo/review): validation with the date window, apply, which fields were corrected, undo."""
from __future__ import annotations

from datetime import date

import pytest

from geo.errors import CorrectionError
from geo.models import Event, Span, event_id
from geo.review import (Correction, apply_corrections, apply_to_events, normalize_date, normalize_value,
                        review_events, undo)
from geo.review.model import winners
from tests.review.events import manual_event

WINDOW = (date(1900, 1, 1), date(2030, 12, 31))


def _c(cid: int, ev: Event, field: str, value, undone: bool = False) -> Correction:
    return Correction(cid, ev.event_id, field, normalize_value(field, value, ev), "ana", "2024-01-01T00:00:00+00:00",
                      "2024-01-02T00:00:00+00:00" if undone else None, "bo" if undone else None)


def test_apply_corrections_is_pure_and_ignores_other_events_and_undone_ones():
    ev = manual_event()
    other = Correction(9, "someone-else", "kind", "exercise", "ana", "2024-01-01T00:00:00+00:00")
    undone = _c(3, ev, "kind", "deployment", undone=True)
    fixed = apply_corrections(ev, [_c(2, ev, "kind", "other"), _c(1, ev, "kind", "exercise"), other, undone])
    assert fixed.kind == "other"  # id 2 is later than id 1, whatever the list order
    assert ev.kind == "flight"


def test_apply_corrections_keeps_extracted_places_by_name():
    ev = manual_event()
    fixed = apply_corrections(ev, [_c(1, ev, "locations", ["south korea", "Guam"])])
    korea, guam = fixed.locations
    assert korea == ev.locations[0]
    assert (guam.gazetteer_id, guam.role, guam.span) == ("military:guam", "location", ev.origins[0].span)


def test_a_new_date_drops_the_date_span_and_restoring_it_brings_it_back():
    ev = manual_event()
    assert apply_corrections(ev, [_c(1, ev, "date", "2017-10-01")]).date_span is None
    assert apply_corrections(ev, [_c(1, ev, "date", "2017-09-18")]).date_span == ev.date_span


def test_a_stale_correction_is_skipped_not_fatal():
    ev = manual_event()
    stale = Correction(1, ev.event_id, "locations", ["Nowhere-ville-xyz"], "ana", "2024-01-01T00:00:00+00:00")
    with pytest.raises(CorrectionError, match="Nowhere-ville-xyz"):
        apply_corrections(ev, [stale])
    assert apply_to_events([ev], [stale, _c(2, ev, "kind", "exercise")])[0].kind == "exercise"



def test_a_date_outside_the_window_is_refused_naming_the_window_and_the_setting():
    for text in ("3017-09-23", "1899-12", "1850"):
        with pytest.raises(CorrectionError, match="between 1900-01-01 and 2030-12-31") as info:
            normalize_date({"date": text}, WINDOW)
        assert repr(text) in str(info.value) and "GEO_EARLIEST_DATE / GEO_YEARS_AHEAD" in str(info.value)
    assert normalize_date({"date": "2030-12"}, WINDOW) == {"date": "2030-12", "date_precision": "month"}
    assert normalize_date({"date": None}, WINDOW) == {"date": None, "date_precision": None}


def test_the_configured_window_holds_typed_dates(monkeypatch):
    monkeypatch.setenv("GEO_EARLIEST_DATE", "2000-01-01")
    with pytest.raises(CorrectionError, match="between 2000-01-01 and"):
        normalize_value("date", "1999-12-31")
    assert normalize_value("date", "2000-01-01")["date"] == "2000-01-01"


def test_a_stored_date_from_a_wider_window_still_applies(monkeypatch):
    ev = manual_event()
    stored = Correction(1, ev.event_id, "date", {"date": "1850", "date_precision": "year"}, "ana", "t1")
    assert apply_corrections(ev, [stored]).date == "1850"


def test_review_events_says_which_fields_were_corrected_in_field_order_and_not_stale_ones():
    ev = manual_event()
    other = Event(event_id("a1", "flight", 99, None), "a1", "flight", None, None, Span(99, 100, "y"))
    stale = Correction(5, ev.event_id, "locations", ["Nowhere-ville-xyz"], "ana", "t5")
    reviewed = review_events([ev, other], [_c(3, ev, "status", "denied"), _c(2, ev, "kind", "exercise"), stale,
                                           _c(4, ev, "date", "2017-10", undone=True)])
    assert [e.event_id for e in reviewed.events] == [ev.event_id, other.event_id]
    assert reviewed.corrected == {ev.event_id: ("kind", "status")}
    assert (reviewed.events[0].kind, reviewed.events[0].status) == ("exercise", "denied")


def test_undo_marks_a_correction_and_refuses_twice_or_without_a_name():
    c = Correction(1, "e1", "kind", "exercise", "ana", "t1")
    done = undo(c, " bo ", "t2")
    assert (done.active, done.undone_at, done.undone_by, c.active) == (False, "t2", "bo", True)
    with pytest.raises(CorrectionError, match="already undone at t2 by bo"):
        undo(done, "bo", "t3")
    with pytest.raises(CorrectionError, match="author"):
        undo(c, "", "t3")


def test_the_latest_active_correction_of_a_field_is_in_force():
    ev = manual_event()
    history = [_c(1, ev, "kind", "exercise"), _c(3, ev, "kind", "other", undone=True), _c(2, ev, "kind", "deployment")]
    assert winners(ev.event_id, history)["kind"].id == 2
