"""Resolution on invented sentences: context, hints and priors choose among same-named places."""
from __future__ import annotations


def test_country_goes_to_its_representative_point(parse):
    jp = parse("Japan protested.")["Japan"]
    assert (jp.precision, jp.entry_id) == ("country", "country:JP")


def test_comma_hint_places_the_city_in_its_country(parse):
    assert parse("Troops arrived in Okinawa, Japan.")["Okinawa"].country == "Japan"


def test_state_abbreviation_hint(parse):
    found = parse("The bombers left Whiteman Air Force Base, Mo., on Sunday.")
    base = found["Whiteman Air Force Base"]
    assert abs(base.lat - 38.73) < 0.3 and found["Mo."].entry_id == "admin1:US.MO"


def test_same_name_follows_the_states_the_text_names(parse):
    found = parse("Officials in Springfield, Illinois, and in Chicago reported cases.")
    assert abs(found["Springfield"].lon + 89.64) < 0.3


def test_context_country_picks_the_local_namesake(parse):
    found = parse("In Canada, police in London, Ontario, and Toronto made arrests.")
    assert abs(found["London"].lon + 81.2) < 0.5


def test_big_city_wins_without_context(parse):
    assert parse("She flew to Paris.")["Paris"].country == "France"


def test_us_state_sharing_a_country_name_follows_context(parse):
    assert parse("Storms hit Georgia and the city of Atlanta.")["Georgia"].entry_id == "admin1:US.GA"


def test_country_sharing_a_state_name_without_context(parse):
    assert parse("Georgia and Russia signed a deal in Tbilisi.")["Georgia"].entry_id == "country:GE"


def test_curated_military_entry_beats_a_same_named_village(parse):
    assert parse("Jets from Osan Air Base joined the drill.")["Osan Air Base"].kind == "air_base"


def test_each_answer_has_a_confidence(parser):
    assert all(0.0 < t.score <= 1.0 for t in parser.parse("Bombers flew from Guam to South Korea."))


def test_unknown_place_is_reported_without_coordinates(parser):
    tops = parser.parse("The convoy reached Zqxwv Province by nightfall.")
    assert all(t.lat is None for t in tops if "Zqxwv" in t.name)
