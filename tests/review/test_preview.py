"""Tests of geo/review/preview.py and the review model's states: preview, decision, superseded corrections."""
from __future__ import annotations

import pytest

import geo.resolve
from geo.gazetteer.distance import haversine_km
from geo.models import Event, Place, Span
from geo.review import MAX_MOVE_KM, Correction, correction_states, marker, place_for_name, preview_changes, \
    review_decision
from geo.ui.review_form import changes_key

ECS = Place("East China Sea", 29.0, 125.0, "area", "military:east-china-sea", "sea", "location", 600.0, country="")
GUAM = Place("Guam", 13.46667, 144.78333, "country", "country:GU", "country", "origin", 13.2, country="GU")
EVENT = Event("e1", "a1", "flight", "2017-09-18", "day", Span(0, 1, "x"), locations=(ECS,), origins=(GUAM,),
              countries=("United States", "South Korea"))


def test_a_nearby_sea_is_previewed_with_its_coordinates_and_the_move_and_needs_no_confirmation():
    preview = preview_changes(EVENT, {"locations": ["Yellow Sea"]})
    (check,) = preview.checks
    assert (check.place.name, check.place.lat, check.place.lon, check.from_event) == ("Yellow Sea", 35.0, 123.0, False)
    assert preview.move_km == pytest.approx(haversine_km(29.0, 125.0, 35.0, 123.0))
    assert not preview.needs_confirmation and not preview.unknown
    assert review_decision(preview, confirmed=False).action == "save"
    assert preview.lines()[-1] == f"The event moves {preview.move_km:,.0f} km, from East China Sea to Yellow Sea."


def test_a_move_over_the_limit_needs_confirmation_and_a_confirmed_one_saves():
    preview = preview_changes(EVENT, {"locations": ["Guam"]})  # 2,600 km from the East China Sea
    assert preview.move_km > MAX_MOVE_KM and preview.needs_confirmation
    decision = review_decision(preview, confirmed=False)
    assert decision.action == "confirm" and "Confirm the move" in decision.message and "to Guam, GU" in decision.message
    assert review_decision(preview, confirmed=True).action == "save"


def test_an_unknown_name_is_refused_naming_it_even_when_confirmed():
    preview = preview_changes(EVENT, {"locations": ["Yellow Sea", "Qwxzz Nowhere"]})
    assert preview.unknown == ("Qwxzz Nowhere",)
    decision = review_decision(preview, confirmed=True)
    assert decision.action == "refuse" and "'Qwxzz Nowhere'" in decision.message
    assert "Qwxzz Nowhere (location): unknown place (not in the gazetteer)" in preview.lines()


def test_a_name_the_event_already_has_keeps_its_place_and_does_not_move_it():
    preview = preview_changes(EVENT, {"locations": ["East China Sea", "Yellow Sea"]})
    assert preview.checks[0].from_event and preview.checks[0].km_from_event == 0.0
    assert preview.move_km is None and "as extracted" in preview.checks[0].describe()


def test_origins_do_not_move_an_event_that_has_a_location_but_do_when_it_has_none():
    assert preview_changes(EVENT, {"origins": ["Osan Air Base"]}).move_km is None
    no_area = preview_changes(EVENT, {"locations": [], "origins": ["Osan Air Base"]})
    assert no_area.after.name == "Osan Air Base" and no_area.move_km == pytest.approx(
        haversine_km(29.0, 125.0, no_area.after.lat, no_area.after.lon))


def test_the_marker_is_the_first_located_location_else_origin():
    assert marker(EVENT) is ECS
    assert marker(Event("e", "a", "flight", None, None, Span(0, 1, "x"), origins=(GUAM,))) is GUAM


def test_a_confirmation_key_covers_exactly_the_changes_of_one_event():
    assert changes_key("e1", {"locations": ["Guam"]}) == changes_key("e1", {"locations": ["Guam"]})
    assert changes_key("e1", {"locations": ["Guam"]}) != changes_key("e1", {"locations": ["Atlantis"]})
    assert changes_key("e1", {"locations": ["Guam"]}) != changes_key("e2", {"locations": ["Guam"]})


def test_typed_names_go_through_the_resolve_stage_with_the_events_countries(monkeypatch):
    asked = []
    real = geo.resolve.resolve_name

    def spy(name, *, role="location", countries=()):
        asked.append((name, role, tuple(countries)))
        return real(name, role=role, countries=countries)
    monkeypatch.setattr(geo.resolve, "resolve_name", spy)
    place = place_for_name("Diego Garcia", "origin", EVENT)
    assert asked == [("Diego Garcia", "origin", ("GU", "US", "KR"))]
    assert place.located and place.role == "origin"
    assert place_for_name("east china sea", "location", EVENT) == ECS  # the event's own place, as extracted
    assert len(asked) == 1


def _c(cid: int, field: str, *, event: str = "e1", undone: bool = False) -> Correction:
    return Correction(cid, event, field, "x", "ana", f"t{cid}", "t9" if undone else None, "ben" if undone else None)


def test_correction_states_mark_superseded_undone_and_active():
    history = [_c(1, "kind"), _c(2, "kind"), _c(3, "kind", undone=True), _c(4, "date"), _c(5, "kind", event="e2")]
    assert correction_states(history) == {1: "superseded by #2", 2: "active", 3: "undone at t9 by ben",
                                          4: "active", 5: "active"}
    # Undoing the one in force puts the earlier one back in force.
    assert correction_states([_c(1, "kind"), _c(2, "kind", undone=True)])[1] == "active"
