"""Extraction on invented articles in other outlets' styles (wire, ministry, press release, blog HTML, translation)."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.ingest import read_article
from geo.pipeline import events_for

NEWS = Path(__file__).resolve().parents[1] / "data" / "news"


@pytest.fixture(scope="module")
def events():
    # Through the resolve stage too: these tests read the place names a user sees.
    return {p.name: events_for(read_article(p)) for p in sorted(NEWS.iterdir()) if not p.name.endswith(".json")}


def _one(evs, kind):
    found = [e for e in evs if e.kind == kind]
    assert len(found) == 1, [(e.kind, e.date) for e in evs]
    return found[0]


def test_wire_dateline_flight_has_origins_and_escorts(events):
    flight = _one(events["yonhap.txt"], "flight")
    assert flight.date == "2023-11-05"
    assert {a.type for a in flight.aircraft} >= {"B-52H", "F-15K", "KF-16"}
    assert {p.name for p in flight.origins} == {"Andersen Air Force Base", "Osan Air Base"}


def test_place_after_in_is_where_the_base_is_not_an_event_area(events):
    flight = _one(events["yonhap.txt"], "flight")
    assert "Guam" not in {p.name for p in flight.locations}


def test_a_day_after_dates_the_launch_before_the_flight(events):
    launch = _one(events["yonhap.txt"], "missile_launch")
    assert launch.date == "2023-11-04"


def test_planned_exercise_is_not_an_event(events):
    assert all(e.status == "asserted" for e in events["yonhap.txt"])
    assert len([e for e in events["yonhap.txt"] if e.kind == "flight"]) == 1


def test_third_time_this_year_is_not_a_new_flight(events):
    assert not [e for e in events["yonhap.txt"] if e.date_precision == "year"]


def test_joint_patrol_counts_both_bomber_types(events):
    flight = _one(events["japan.txt"], "flight")
    assert {(a.type, a.count) for a in flight.aircraft} >= {("H-6K", 2), ("Tu-95MS", 2)}
    assert flight.date == "2024-12-03"


def test_statement_date_does_not_split_the_flight(events):
    assert len(events["japan.txt"]) == 1


def test_coordinated_places_share_the_role(events):
    flight = _one(events["japan.txt"], "flight")
    assert {"Sea of Japan", "East China Sea"} <= {p.name for p in flight.locations}


def test_press_release_with_state_abbreviation_origin(events):
    flight = _one(events["pacaf.md"], "flight")
    assert flight.date == "2023-03-08"
    assert "Ellsworth Air Force Base" in {p.name for p in flight.origins}
    assert {a.type for a in flight.aircraft} == {"B-1B", "F-2", "KC-135"}


def test_html_article_events_and_relative_weekday(events):
    evs = events["blog.html"]
    assert _one(evs, "deployment").date == "2023-11-21"
    assert _one(evs, "missile_launch").date == "2023-11-14"  # "last Tuesday night", written on a Tuesday
    assert _one(evs, "exercise").date == "2023-11"


def test_hypothetical_nuclear_test_is_not_extracted(events):
    assert not [e for e in events["blog.html"] if e.kind == "nuclear_test"]


def test_translated_day_month_dateline_and_firing_drill(events):
    evs = events["translated.txt"]
    assert _one(evs, "missile_launch").date == "2023-03-11"
    assert not [e for e in evs if e.kind == "exercise"]  # the drill is the launch; Freedom Shield is undated here


def test_port_city_of_is_a_location_and_annual_exercise_is_dated(events):
    evs = events["carrier.txt"]
    assert {p.name for p in _one(evs, "deployment").locations} == {"Busan"}
    assert _one(evs, "exercise").date == "2023-03-13"  # "began their annual ... exercise on Monday"


def test_exercise_gets_no_actor_country_as_its_place(events):
    assert _one(events["carrier.txt"], "exercise").locations == ()


def test_country_used_as_a_modifier_is_not_a_place(events):
    launch = next(e for e in events["icbm.txt"] if e.date == "2023-12-18")
    assert {p.name for p in launch.locations} == {"Hokkaido"}


def test_two_launches_in_one_day_and_a_month_only_launch(events):
    dates = sorted(e.date for e in events["icbm.txt"] if e.kind == "missile_launch")
    assert dates == ["2023-07", "2023-12-17", "2023-12-18"]


def test_planned_trilateral_drill_is_not_an_event(events):
    assert not [e for e in events["icbm.txt"] if e.kind == "flight"]


def test_juche_year_dates_a_kcna_launch_and_the_next_sentence_adds_places(events):
    launch = _one(events["kcna.txt"], "missile_launch")
    assert launch.date == "2023-04-13"
    assert [p.name for p in launch.origins] == ["Pyongyang"]
    assert launch.locations and launch.locations[0].name == "East Sea of Korea"


def test_aircraft_named_without_an_event_word_joins_the_flight(events):
    flight = _one(events["reuters.txt"], "flight")
    assert {a.type for a in flight.aircraft} == {"H-6", "Y-9JB"}
    assert [p.name for p in flight.origins] == ["China"]  # "returned to China"


def test_between_two_islands_is_the_stretch_between_them(events):
    flight = _one(events["reuters.txt"], "flight")
    between = [p for p in flight.locations if p.relation == "between"]
    assert [[q.name for q in p.parts] for p in between] == [["Okinawa", "Miyako island"]]
    assert 125.3 < between[0].lon < 127.9


def test_press_release_with_dateline_on_its_own_line(events):
    flight = _one(events["usfk.txt"], "flight")
    assert flight.date == "2024-08-14"
    assert [p.name for p in flight.locations] == ["Yellow Sea"]
    assert [p.name for p in flight.origins] == ["Kadena Air Base"]
