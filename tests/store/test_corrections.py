"""Tests of the store's corrections (geo/store/corrections.py): add, undo, later wins, validation, re-ingest, orphans."""
from __future__ import annotations

from datetime import date

import pytest

from geo.errors import CorrectionError, GeoError
from geo.models import Article, Event, content_id
from geo.pipeline import ingest_article
from geo.store import open_store

TEXT = ("SEOUL, Sept. 20 (UPI) -- Two U.S. Air Force B-1B bombers flew from Guam over the Korean Peninsula "
        "on Monday, escorted by four F-15C fighters, the ministry said.")
ARTICLE = Article(id=content_id(TEXT), path="articles/bombers.txt", title="Bombers fly", text=TEXT,
                  published=date(2017, 9, 20))


@pytest.fixture
def store():
    s = open_store(":memory:")
    ingest_article(ARTICLE, s)
    yield s
    s.close()


@pytest.fixture
def event(store) -> Event:
    events = store.events()
    assert events, "the fixture article should give at least one event"
    return events[0]


def _reviewed(store, ev: Event) -> Event:
    return next(e for e in store.reviewed_events() if e.event_id == ev.event_id)


def test_the_migration_adds_the_corrections_table(store):
    cols = [r[1] for r in store.conn.execute("PRAGMA table_info(corrections)")]
    assert cols == ["id", "event_id", "field", "value", "author", "created_at", "undone_at", "undone_by"]


def test_add_correction_stores_who_and_when(store, event):
    cid = store.add_correction(event.event_id, "kind", "exercise", "ana")
    [c] = store.corrections(event.event_id)
    assert (c.id, c.field, c.value, c.author, c.active) == (cid, "kind", "exercise", "ana", True)
    assert c.created_at.startswith(str(date.today().year)) and c.undone_at is None


def test_reviewed_events_apply_active_corrections(store, event):
    store.add_correction(event.event_id, "kind", "exercise", "ana")
    store.add_correction(event.event_id, "date", {"date": "2017-09"}, "ana")
    fixed = _reviewed(store, event)
    assert (fixed.kind, fixed.date, fixed.date_precision) == ("exercise", "2017-09", "month")
    assert fixed.event_id == event.event_id
    assert store.events()[0] == event  # the extracted event itself is untouched


def test_later_correction_of_a_field_wins(store, event):
    store.add_correction(event.event_id, "kind", "exercise", "ana")
    store.add_correction(event.event_id, "kind", "deployment", "bo")
    assert _reviewed(store, event).kind == "deployment"


def test_undo_restores_the_previous_value(store, event):
    first = store.add_correction(event.event_id, "kind", "exercise", "ana")
    second = store.add_correction(event.event_id, "kind", "deployment", "ana")
    undone = store.undo_correction(second, "bo")
    assert (undone.active, undone.undone_by) == (False, "bo") and undone.undone_at
    assert _reviewed(store, event).kind == "exercise"
    store.undo_correction(first, "bo")
    assert _reviewed(store, event) == event


def test_undone_corrections_stay_in_the_history(store, event):
    cid = store.add_correction(event.event_id, "kind", "exercise", "ana")
    store.undo_correction(cid, "bo")
    assert store.corrections(event.event_id) == []
    [c] = store.corrections(event.event_id, include_undone=True)
    assert c.id == cid and not c.active


def test_undoing_twice_or_an_unknown_id_is_a_clear_error(store, event):
    cid = store.add_correction(event.event_id, "kind", "exercise", "ana")
    store.undo_correction(cid, "bo")
    with pytest.raises(CorrectionError, match="already undone"):
        store.undo_correction(cid, "bo")
    with pytest.raises(CorrectionError, match="no correction has id 999"):
        store.undo_correction(999, "bo")


def test_corrections_survive_re_ingesting_the_same_article(store, event):
    store.add_correction(event.event_id, "kind", "exercise", "ana")
    ingest_article(ARTICLE, store)  # unchanged: nothing is rewritten
    store.save(ARTICLE, store.events())  # a forced rewrite deletes and re-inserts the events
    assert _reviewed(store, event).kind == "exercise"
    assert store.orphaned_corrections() == []


def test_corrections_of_a_vanished_event_are_orphaned(store, event):
    cid = store.add_correction(event.event_id, "kind", "exercise", "ana")
    store.save(ARTICLE, [])  # the article is re-extracted without that event
    assert [c.id for c in store.orphaned_corrections()] == [cid]
    assert store.reviewed_events() == []


def test_aircraft_keep_counts_of_unchanged_types_and_take_roles_from_the_catalogue(store, event):
    store.add_correction(event.event_id, "aircraft", ["B-1B", "KC-135"], "ana")
    fixed = _reviewed(store, event)
    by_type = {a.type: a for a in fixed.aircraft}
    assert list(by_type) == ["B-1B", "KC-135"]
    assert by_type["B-1B"] == next(a for a in event.aircraft if a.type == "B-1B")
    assert (by_type["KC-135"].role, by_type["KC-135"].count) == ("tanker", None)


def test_aircraft_aliases_are_stored_as_catalogue_ids(store, event):
    store.add_correction(event.event_id, "aircraft", ["Lancer"], "ana")
    assert store.corrections(event.event_id)[0].value == ["B-1B"]


def test_places_are_geocoded_with_the_gazetteer(store, event):
    store.add_correction(event.event_id, "locations", ["East China Sea"], "ana")
    store.add_correction(event.event_id, "origins", ["Osan Air Base", "Guam"], "ana")
    fixed = _reviewed(store, event)
    [sea] = fixed.locations
    assert (sea.name, sea.gazetteer_id, sea.precision, sea.role) == ("East China Sea", "military:east-china-sea",
                                                                      "area", "location")
    assert sea.located and sea.radius_km > 0
    assert [p.name for p in fixed.origins] == ["Osan Air Base", "Guam"]
    assert all(p.role == "origin" and p.located for p in fixed.origins)


def test_status_can_be_corrected(store, event):
    store.add_correction(event.event_id, "status", "denied", "ana")
    assert _reviewed(store, event).status == "denied"


def test_date_can_be_cleared_and_given_an_explicit_precision(store, event):
    store.add_correction(event.event_id, "date", {"date": None}, "ana")
    assert (_reviewed(store, event).date, _reviewed(store, event).date_precision) == (None, None)
    store.add_correction(event.event_id, "date", {"date": "2017-09-18", "date_precision": "week"}, "ana")
    assert (_reviewed(store, event).date, _reviewed(store, event).date_precision) == ("2017-09-18", "week")


@pytest.mark.parametrize("field, value, expected, got", [
    ("date", {"date": "2017-13-01"}, "real calendar date", "'2017-13-01'"),
    ("date", {"date": "18/09/2017"}, "YYYY-MM-DD, YYYY-MM or YYYY", "'18/09/2017'"),
    ("date", {"date": "2017-09", "date_precision": "day"}, "YYYY-MM-DD for precision 'day'", "'2017-09'"),
    ("date", {"date": "2017", "date_precision": "decade"}, "date_precision among", "'decade'"),
    ("date", {"when": "2017"}, "under the key 'date'", "'when'"),
    ("kind", "airshow", "one of", "'airshow'"),
    ("status", "rumoured", "one of", "'rumoured'"),
    ("aircraft", ["F-99 Phantom Menace"], "data/aircraft.csv", "'F-99 Phantom Menace'"),
    ("aircraft", "B-1B", "a list of names", "'B-1B'"),
    ("locations", ["Nowhere-ville-xyz"], "gazetteer", "'Nowhere-ville-xyz'"),
    ("origins", [3], "a list of names", "[3]"),
    ("colour", "red", "the fields are", "'colour'"),
])
def test_invalid_values_are_refused_saying_what_was_expected_and_what_arrived(store, event, field, value, expected,
                                                                             got):
    with pytest.raises(CorrectionError, match=expected) as info:
        store.add_correction(event.event_id, field, value, "ana")
    assert isinstance(info.value, GeoError) and isinstance(info.value, ValueError)
    assert got in str(info.value)
    assert store.corrections(include_undone=True) == []


def test_unknown_event_and_empty_author_are_refused(store, event):
    with pytest.raises(CorrectionError, match="no stored event"):
        store.add_correction("0000000000000000", "kind", "exercise", "ana")
    with pytest.raises(CorrectionError, match="author"):
        store.add_correction(event.event_id, "kind", "exercise", "  ")


def test_add_corrections_stores_nothing_when_one_value_is_bad(store, event):
    with pytest.raises(CorrectionError):
        store.add_corrections(event.event_id, {"kind": "exercise", "date": {"date": "nope"}}, "ana")
    assert store.corrections(include_undone=True) == []


def test_reviewed_event_of_the_store(store, event):
    store.add_correction(event.event_id, "kind", "exercise", "ana")
    assert store.reviewed_event(event.event_id).kind == "exercise"
    assert store.reviewed_event("missing") is None


def test_a_place_the_gazetteer_lacks_goes_to_the_configured_online_geocoder(store, event, monkeypatch):
    from geopy.location import Location

    import geo.geocode

    asked = []

    class FakeOnline:
        def geocode(self, query, **kw):
            asked.append(query)
            return Location("Somewhere", (12.5, 100.25), {"osm_id": 42, "type": "village"})

    monkeypatch.setenv("GEO_GEOCODER", "nominatim")
    monkeypatch.setattr(geo.geocode, "configured_geocoder", lambda settings=None: FakeOnline())
    store.add_correction(event.event_id, "locations", ["Zzyzxville Hamlet"], "ana")
    place = _reviewed(store, event).locations[0]
    assert asked and set(asked) == {"Zzyzxville Hamlet"}  # checked on save, applied on read (cached on disk)
    assert (place.lat, place.lon, place.gazetteer_id) == (12.5, 100.25, "42")


def test_with_the_default_offline_geocoder_an_unknown_place_is_refused(store, event, monkeypatch):
    monkeypatch.delenv("GEO_GEOCODER", raising=False)
    with pytest.raises(CorrectionError, match="gazetteer"):
        store.add_correction(event.event_id, "locations", ["Zzyzxville Hamlet"], "ana")
