"""Tests of geo/extract/places.py: places in invented sentences, their roles (origin/location) and points."""
from __future__ import annotations

import pytest

from geo.extract.places import PlaceFinder, PlaceMention, to_place



@pytest.fixture(scope="module")
def finder() -> PlaceFinder:
    return PlaceFinder()


def _place(finder: PlaceFinder, sentence: str, name: str, **kw) -> PlaceMention:
    found = [m for m in finder.find(sentence, **kw) if m.text == name]
    assert len(found) == 1, finder.find(sentence, **kw)
    return found[0]


def test_based_in_is_an_origin(finder):
    assert _place(finder, "Two B-1B bombers based in Guam flew north.", "Guam").role == "origin"


def test_took_off_from_is_an_origin(finder):
    assert _place(finder, "The jets took off from Busan before dawn.", "Busan").role == "origin"


def test_from_after_escorts_is_an_origin(finder):
    assert _place(finder, "The bombers met escorts from Okinawa, Japan.", "Okinawa").role == "origin"


def test_country_after_a_place_is_its_qualifier(finder):
    assert _place(finder, "The bombers met escorts from Okinawa, Japan.", "Japan").role == "qualifier"


def test_from_without_aircraft_or_flying_is_not_an_origin(finder):
    assert _place(finder, "Seoul faces growing pressure from North Korea.", "North Korea").role == ""


@pytest.mark.parametrize("sentence, name", [
    # Seas, the DMZ and peninsulas come from the curated military gazetteer (data/gazetteer/military.csv).
    pytest.param("Two bombers flew over the Korean Peninsula.", "Korean Peninsula"),
    pytest.param("Two bombers flew over the Sea of Japan.", "Sea of Japan"),
    pytest.param("The jets flew in the vicinity of the DMZ.", "DMZ"),
    ("The jets flew near Pyongyang.", "Pyongyang"),
    ("The bombers flew off the east coast of North Korea.", "North Korea"),
    ("The jets flew in the vicinity of Guam.", "Guam"),
])
def test_location_cues_make_a_location(finder, sentence, name):
    assert _place(finder, sentence, name).role == "location"


def test_east_coast_records_the_direction(finder):
    assert _place(finder, "The bombers flew off the east coast of North Korea.", "North Korea").direction == "east"


def test_east_coast_shifts_the_point_east(finder):
    plain = to_place(_place(finder, "The bombers flew over North Korea.", "North Korea"))
    east = to_place(_place(finder, "The bombers flew off the east coast of North Korea.", "North Korea"))
    assert east.lon > plain.lon and east.lat == plain.lat


def test_coast_makes_the_place_an_area(finder):
    east = to_place(_place(finder, "The bombers flew off the east coast of North Korea.", "North Korea"))
    assert east.precision == "area"


def test_possessive_of_a_non_geographic_noun_is_not_a_location(finder):
    assert _place(finder, "The flight answered Pyongyang's weapons programs.", "Pyongyang").role == ""


def test_possessive_of_a_geographic_noun_is_a_location(finder):
    assert _place(finder, "The bombers flew along North Korea's coast.", "North Korea").role == "location"


def test_demonym_with_waters_resolves_to_the_country(finder):
    m = _place(finder, "The jets flew into South Korean waters.", "South Korean waters")
    assert m.country is not None and m.country.name == "South Korea"


def test_demonym_with_waters_has_area_precision(finder):
    place = to_place(_place(finder, "The jets flew into South Korean waters.", "South Korean waters"))
    assert place.precision == "area"


def test_demonym_alone_is_not_a_place(finder):
    assert finder.find("The North Korean leader watched the launch.") == []


def test_the_peninsula_resolves_to_the_peninsula_mentioned_before(finder):
    previous = finder.find("Two bombers flew over the Korean Peninsula.")
    m = _place(finder, "Tension on the peninsula rose.", "the peninsula", previous=previous)
    assert m.entry is not None and m.entry.id == previous[0].entry.id


def test_the_peninsula_without_an_antecedent_is_dropped(finder):
    assert finder.find("Tension on the peninsula rose.") == []


def test_ship_named_after_a_state_is_not_the_state(finder):
    assert [m.text for m in finder.find("The USS Michigan arrived in Busan.")] == ["Busan"]


def test_state_name_alone_is_a_place(finder):
    # The counterpart of the ship test: Michigan is in the gazetteer.
    assert [m.text for m in finder.find("The submarine sailed to Michigan.")] == ["Michigan"]


def test_offset_shifts_the_mention(finder):
    m = finder.find("The jets flew near Pyongyang.", 100)[0]
    assert (m.start, m.end) == (119, 128)


def test_to_place_marks_origins(finder):
    place = to_place(_place(finder, "Two B-1B bombers based in Guam flew north.", "Guam"))
    assert (place.role, place.located) == ("origin", True)


def test_entered_airspace_is_a_location(finder):
    assert _place(finder, "Two Chinese bombers entered Japanese airspace.", "Japanese airspace").role == "location"
