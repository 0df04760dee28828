"""Tests of geo/extract/places.py: places in invented sentences, their roles and shapes; no coordinates."""
from __future__ import annotations

import pytest

from geo.extract.places import PlaceFinder, PlaceMention


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
    m = _place(finder, "The bombers met escorts from Okinawa, Japan.", "Okinawa")
    assert m.qualifier == "Japan"
    assert _place(finder, "The bombers met escorts from Okinawa, Japan.", "Japan").role == "qualifier"


def test_a_person_after_a_comma_is_no_qualifier(finder):
    m = _place(finder, "It happened east of Hainan, Smith said.", "Hainan")
    assert m.qualifier == ""


def test_from_without_aircraft_or_flying_is_not_an_origin(finder):
    assert _place(finder, "Seoul faces growing pressure from North Korea.", "North Korea").role == ""


@pytest.mark.parametrize("sentence, name", [
    ("Two bombers flew over the Korean Peninsula.", "Korean Peninsula"),
    ("Two bombers flew over the Sea of Japan.", "Sea of Japan"),
    ("The jets flew in the vicinity of the DMZ.", "DMZ"),
    ("The jets flew near Pyongyang.", "Pyongyang"),
    ("The bombers flew off the east coast of North Korea.", "North Korea"),
    ("The jets flew in the vicinity of Guam.", "Guam"),
    ("Marines held drills in waters of the Yellow Sea.", "Yellow Sea"),
])
def test_location_cues_make_a_location(finder, sentence, name):
    assert _place(finder, sentence, name).role == "location"


def test_extraction_gives_no_coordinates(finder):
    place = _place(finder, "Two bombers flew over the Korean Peninsula.", "Korean Peninsula").to_place()
    assert (place.lat, place.lon, place.gazetteer_id) == (None, None, "")


def test_east_coast_records_the_direction(finder):
    assert _place(finder, "The bombers flew off the east coast of North Korea.", "North Korea").direction == "east"


def test_a_distance_and_direction_are_kept(finder):
    m = _place(finder, "The jets flew about 100 miles east of Hainan.", "Hainan")
    assert (m.direction, round(m.distance_km), m.role) == ("east", 161, "location")


def test_a_place_named_by_its_distance_from_another_is_that_one_shifted(finder):
    found = finder.find("The drill took place in the Yellow Sea west of the country's Jeju island.")
    assert [(m.text, m.direction) for m in found] == [("Jeju island", "west")]


def test_the_guam_based_bombers_come_from_guam(finder):
    assert _place(finder, "The Guam-based B-52s flew north.", "Guam").role == "origin"


@pytest.mark.parametrize("sentence", ["Fighters scrambled from Misawa Air Base.", "The jets left Osan Air Base.",
                                      "The carrier is forward-deployed to Yokosuka."])
def test_more_origin_cues(finder, sentence):
    assert [m.role for m in finder.find(sentence) if m.kind == "curated"] == ["origin"]


def test_a_country_naming_an_organisation_is_not_a_place(finder):
    found = {m.text: m.role for m in finder.find("The bombers joined the U.S. Navy over the East Sea.")}
    assert found == {"U.S.": "", "East Sea": "location"}


def test_a_purpose_after_to_is_not_a_destination(finder):
    assert _place(finder, "The jets flew a mission to monitor North Korea.", "North Korea").role == ""


def test_a_message_to_a_state_is_not_a_destination(finder):
    assert _place(finder, "The flight sent a warning to Pyongyang.", "Pyongyang").role == ""


def test_a_government_in_a_list_does_not_inherit_the_list_role(finder):
    found = {m.text: m.role for m in finder.find("Bombers flew over the Sea of Japan, Russia's ministry said.")}
    assert found["Russia"] == ""


def test_between_two_places_is_one_compound_place(finder):
    (m,) = finder.find("The bombers passed between Okinawa and Miyako Island.")
    assert (m.relation, [p.text for p in m.parts]) == ("between", ["Okinawa", "Miyako Island"])


def test_from_a_to_b_is_a_route(finder):
    found = [m for m in finder.find("The bombers flew from Guam to the Korean Peninsula.") if m.relation]
    assert [(m.relation, [p.text for p in m.parts]) for m in found] == [("route", ["Guam", "Korean Peninsula"])]


def test_a_sea_off_an_island_is_one_compound_place(finder):
    (m,) = finder.find("The jets met over the South China Sea off the Chinese island of Hainan.")
    assert (m.relation, [p.text for p in m.parts]) == ("off", ["South China Sea", "Hainan"])


def test_the_port_of_a_country_is_the_port(finder):
    (m,) = finder.find("The carrier arrived in South Korea's southern port of Busan.")
    assert (m.text.endswith("Busan"), m.qualifier, m.role) == (True, "South Korea", "location")


def test_a_countrys_air_defence_zone_is_the_zone(finder):
    (m,) = [m for m in finder.find("Two jets entered Taiwan’s southwestern air defense identification zone.")]
    assert (m.area_of, m.country, m.role) == ("adiz", "TW", "location")


def test_demonym_with_waters_names_the_country(finder):
    m = _place(finder, "The jets flew into South Korean waters.", "South Korean waters")
    assert (m.country, m.area_of) == ("KR", "waters")


def test_demonym_alone_is_not_a_place(finder):
    assert finder.find("The North Korean leader watched the launch.") == []


def test_the_peninsula_points_back_to_the_peninsula_mentioned_before(finder):
    previous = finder.find("Two bombers flew over the Korean Peninsula.")
    m = _place(finder, "Tension on the peninsula rose.", "the peninsula", previous=previous)
    assert (m.relation, [p.text for p in m.parts]) == ("same_as", ["Korean Peninsula"])


def test_an_anaphor_without_antecedent_is_kept_for_the_resolver(finder):
    (m,) = finder.find("The jets returned to the base.")
    assert (m.kind, m.relation, m.parts) == ("anaphor", "same_as", ())


def test_ship_named_after_a_state_is_not_the_state(finder):
    assert [m.text for m in finder.find("The USS Michigan arrived in Busan.")] == ["Busan"]


def test_state_name_alone_is_a_place(finder):
    # The counterpart of the ship test: Michigan is in the gazetteer.
    assert [m.text for m in finder.find("The submarine sailed to Michigan.")] == ["Michigan"]


def test_a_name_broken_across_lines_is_found(finder):
    assert [m.text for m in finder.find("They returned to Andersen\nAir Base on Monday.")] == ["Andersen\nAir Base"]


def test_offset_shifts_the_mention(finder):
    m = finder.find("The jets flew near Pyongyang.", 100)[0]
    assert (m.start, m.end) == (119, 128)


def test_to_place_marks_origins(finder):
    place = _place(finder, "Two B-1B bombers based in Guam flew north.", "Guam").to_place()
    assert (place.role, place.located, place.span.text) == ("origin", False, "Guam")


def test_entered_airspace_is_a_location(finder):
    assert _place(finder, "Two Chinese bombers entered Japanese airspace.", "Japanese airspace").role == "location"


def test_fighters_from_a_large_country_are_its_fighters_not_an_origin(finder):
    assert _place(finder, "F-15 fighters from the Republic of Korea joined them.", "Republic of Korea").role == ""


def test_bombers_from_an_island_territory_come_from_there(finder):
    assert _place(finder, "B-52 bombers from Guam joined them.", "Guam").role == "origin"


def test_returning_to_an_airspace_is_a_location(finder):
    m = _place(finder, "A bomber returned to South Korean airspace on Monday.", "South Korean airspace")
    assert m.role == "location"


def test_a_place_after_a_qualified_one_shares_its_role(finder):
    found = {m.text: m.role for m in finder.find("They flew in the vicinity of Kyushu, Japan, and the East China Sea.")}
    assert (found["Kyushu"], found["Japan"], found["East China Sea"]) == ("location", "qualifier", "location")


def test_a_two_word_country_qualifies_a_dateline_place(finder):
    (m, *_rest) = finder.find("CAMP HUMPHREYS, South Korea — A bomber flew.")
    assert m.qualifier == "South Korea"


def test_drills_between_two_countries_name_no_place(finder):
    found = finder.find("The combined air drills between South Korea and the U.S. ran all week.")
    assert [(m.text, m.role, m.relation) for m in found] == [("South Korea", "", ""), ("U.S.", "", "")]


def test_deployed_from_marks_a_home_base(finder):
    m = _place(finder, "The B-1Bs, deployed from Dyess Air Force Base, Texas, flew north.", "Dyess Air Force Base")
    assert (m.role, m.home) == ("origin", True)


def test_a_speaker_after_a_comma_is_not_a_place(finder):
    found = {m.text: m.role for m in finder.find("The jets flew east of Hainan, Kirby said.")}
    assert found.get("Kirby", "") == ""


def test_between_the_main_island_of_one_and_another_is_one_place(finder):
    (m,) = finder.find("They passed between the main island of Okinawa and Miyako Island.")
    assert (m.relation, [p.text for p in m.parts]) == ("between", ["Okinawa", "Miyako Island"])


def test_an_acronym_after_a_described_zone_takes_the_descriptions_role(finder):
    found = {m.text: m.role for m in finder.find("Seoul said the bombers breached its air defense identification zone (KADIZ).")}
    assert found["KADIZ"] == "location"


def test_another_name_of_a_place_just_described_is_that_place(finder):
    found = {m.text: m.role for m in finder.find(
        "The route took the aircraft close to tiny islands in the Sea of Japan, known as the Dokdo Islands.")}
    assert found["Dokdo Islands"] == "location"
