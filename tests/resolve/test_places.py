"""Tests of geo/resolve/places.py: every place of invented articles' events placed, with a reason, or left unresolved with why."""
from __future__ import annotations

from datetime import date

import pytest

from geo.gazetteer.distance import haversine_km
from geo.models import Article, Place, content_id
from geo.pipeline import events_for
from geo.resolve import resolve_name


def _events(text: str):
    art = Article(id=content_id(text), path="invented.txt", title="", text=text, published=date(2024, 5, 10))
    return events_for(art)


def _places(text: str, role: str = "locations") -> list[Place]:
    return [p for ev in _events(text) for p in getattr(ev, role)]


def _one(text: str, role: str = "locations") -> Place:
    found = _places(text, role)
    assert len(found) == 1, found
    return found[0]


def test_a_sea_gets_its_gazetteer_point_extent_and_reason():
    p = _one("Two B-52 bombers flew over the East China Sea on Monday.")
    assert (p.name, p.precision, p.gazetteer_id) == ("East China Sea", "area", "military:east-china-sea")
    assert p.radius_km > 100 and p.reason


def test_the_pacific_is_the_ocean_and_too_large_to_place_not_a_town_called_pacific():
    p = _one("Two B-52 bombers flew over the Pacific on Monday after leaving Andersen Air Force Base on Guam.")
    assert p.gazetteer_id == "military:pacific-ocean" and not p.located and "too large" in p.reason


def test_a_named_part_of_an_ocean_is_placed():
    p = _one("Two B-52 bombers flew over the western Pacific on Monday.")
    assert p.located and p.gazetteer_id == "military:western-pacific"


def test_a_country_that_names_a_navy_is_not_an_area():
    names = [p.name for p in _places("B-1B bombers flew with the U.S. Navy over the Sea of Japan on Monday.")]
    assert names == ["Sea of Japan"]


def test_andersen_alone_is_the_air_base():
    p = _one("Two B-52 bombers took off from Andersen on Monday.", "origins")
    assert p.feature_kind == "air_base" and abs(p.lat - 13.58) < 0.1


def test_the_guam_based_bombers_fly_from_guam():
    p = _one("The Guam-based B-1B bombers flew over the Korean Peninsula on Monday.", "origins")
    assert p.country == "GU" or p.name == "Guam"


def test_the_median_line_is_placed():
    p = _one("Chinese J-16 fighters crossed the median line of the Taiwan Strait on Monday.")
    assert p.gazetteer_id == "military:taiwan-strait-median-line"


def test_a_countrys_waters_lie_off_its_coast_not_inland():
    p = _one("A US submarine was deployed in South Korean waters on Monday.")
    assert p.country == "KR" and haversine_km(p.lat, p.lon, 36.5, 127.75) > 100 and "waters" in p.reason


def test_the_north_is_shown_as_north_korea_and_keeps_its_words():
    text = ("North Korea fired a missile on Sunday. B-52 bombers flew near the North on Monday.")
    ev = [e for e in _events(text) if e.kind == "flight"][0]
    (p,) = ev.locations
    assert (p.name, p.span.text) == ("North Korea", "the North")


def test_a_base_named_nowhere_before_is_unresolved_with_why():
    (p,) = _places("Two F-16 fighters returned to the base on Monday.", "origins")
    assert not p.located and "base" in p.reason


def test_a_distance_east_of_a_place_moves_the_point_that_far():
    p = _one("A J-11 fighter intercepted a P-8A about 135 miles east of Hainan on Monday.")
    assert 180 < haversine_km(p.lat, p.lon, 19.2, 109.7) < 260 and p.lon > 110.5


def test_between_two_islands_is_the_stretch_between_them():
    p = _one("Two H-6 bombers flew between Okinawa and Miyako Island on Monday.")
    assert p.precision == "area" and 125.0 < p.lon < 127.8 and p.name.startswith("between")


def test_a_route_from_a_far_base_gives_an_origin_and_a_destination():
    ev = _events("Two B-1B bombers flew from Guam to the Korean Peninsula on Monday.")[0]
    assert [p.name for p in ev.origins] == ["Guam"] and [p.name for p in ev.locations] == ["Korean Peninsula"]


def test_a_short_route_is_the_area_flown_over():
    p = _one("The B-52 flew from Seoul to the Yellow Sea on Monday.")
    assert p.name.startswith("from Seoul") and p.precision == "area"


def test_a_sea_off_an_island_is_the_sea_near_the_island():
    p = _one("A J-11 intercepted a P-8A over the South China Sea off the Chinese island of Hainan on Monday.")
    assert haversine_km(p.lat, p.lon, 19.2, 109.7) < 300


def test_a_country_is_dropped_when_a_place_inside_it_is_named():
    names = [p.name for p in _places("An RC-135 flew over South Korea and above Seoul on Monday.")]
    assert names == ["Seoul"]


def test_a_direction_picks_the_part_of_an_air_defence_zone():
    p = _one("Two Y-8 planes entered Taiwan's southwestern air defense identification zone on Monday.")
    assert p.gazetteer_id == "military:taiwan-adiz-southwest"


def test_the_zone_points_back_to_the_zone_named_before():
    text = ("Two Y-8 planes entered Taiwan's ADIZ on Monday. "
            "On Tuesday, four J-16 fighters flew in the zone.")
    later = [e for e in _events(text) if e.date == "2024-05-07"][0]
    assert [p.gazetteer_id for p in later.locations] == ["military:taiwan-adiz"]


def test_the_peninsula_in_a_story_about_korea_is_the_korean_peninsula():
    text = "Officials in Seoul and Pyongyang traded threats. B-1B bombers flew over the peninsula on Monday."
    p = _one(text)
    assert p.gazetteer_id == "military:korean-peninsula"


def test_a_qualifier_says_which_namesake():
    p = _one("F-15 fighters from Okinawa, Japan, flew over the East China Sea on Monday.", "origins")
    assert p.country == "JP" and "Japan" in p.reason


def test_resolve_name_places_a_base_with_a_reason():
    p = resolve_name("Kadena Air Base", role="origin")
    assert (p.role, p.gazetteer_id, bool(p.reason)) == ("origin", "military:kadena-ab", True)


def test_resolve_name_leaves_an_unknown_name_unresolved_with_why():
    p = resolve_name("Zorblatt Proving Ground")
    assert not p.located and p.reason == "not in the gazetteer"


@pytest.mark.parametrize("countries, lon", [(("US",), -83.0), (("GE",), 43.5)])
def test_resolve_name_reads_the_events_countries(countries, lon):
    assert abs(resolve_name("Georgia", countries=countries).lon - lon) < 3


def test_a_route_between_two_seas_gives_no_origin():
    ev = _events("Two H-6 bombers flew from the Sea of Japan to the East China Sea on Monday.")[0]
    assert ev.origins == () and ev.locations[0].name.startswith("from Sea of Japan")


def test_aircraft_origins_follow_the_resolved_names():
    ev = _events("B-1B bombers from Guam flew with F-15C fighters from Okinawa over the East China Sea on Monday.")[0]
    assert {a.type: a.origin for a in ev.aircraft} == {"B-1B": "Guam", "F-15C": "Okinawa Island"}


def test_a_sea_the_aircraft_returned_to_is_an_area_not_an_origin():
    ev = _events("Two H-6 bombers flew near Okinawa on Monday and then returned to the East China Sea.")[0]
    assert ev.origins == () and "East China Sea" in [p.name for p in ev.locations]


def test_a_space_launch_is_not_placed_at_its_state():
    (ev,) = _events("South Korea launched its first homegrown space rocket on Thursday.")
    assert ev.locations == ()


def test_a_zone_over_a_sea_is_where_the_two_meet():
    p = _one("Russian aircraft entered the KADIZ over the Sea of Japan on Tuesday.")
    assert p.relation == "near" and 128.5 < p.lon < 134.0


def test_a_sea_near_an_islet_is_placed_by_the_islet():
    p = _one("A Russian A-50 flew above the East Sea near the islets of Dokdo on Tuesday.")
    assert haversine_km(p.lat, p.lon, 37.24, 131.87) < 120


def test_an_airspace_off_the_countrys_east_coast_lies_east():
    p = _one("A Russian A-50 violated South Korea's airspace off the country's east coast on Tuesday.")
    assert p.country == "KR" and p.lon > 128.5


def test_the_guam_base_is_the_one_air_base_there():
    p = _one("One of the B-1B bombers returned to the Guam base on Monday.", "origins")
    assert p.gazetteer_id == "military:andersen-afb"


def test_the_us_air_base_in_guam_is_an_origin_in_guam():
    p = _one("The B-1B bombers had made a sortie from the U.S. air base in Guam on Monday.", "origins")
    assert p.gazetteer_id == "military:andersen-afb"


def test_a_point_a_base_is_measured_from_is_no_place_even_past_a_qualifier():
    names = [p.name for p in _places("Two B-1B bombers flew over Osan Air Base in Pyeongtaek, some 70 km south of "
                                     "capital Seoul, on Monday.")]
    assert names == ["Osan Air Base"]


def test_a_countrys_adiz_without_the_possessive_is_the_zone():
    p = _one("Russian aircraft approached the ROK air defense identification zone (KADIZ) on Tuesday.")
    assert p.gazetteer_id == "military:kadiz"


def test_an_adiz_of_a_country_with_several_is_unresolved_without_a_clue():
    p = _one("Two Tu-95 bombers flew into the U.S. Air Defense Identification Zone on Monday.")
    assert not p.located and "several" in p.reason
