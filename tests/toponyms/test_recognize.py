"""Recognition on invented sentences: what counts as a place name and where its span is."""
from __future__ import annotations


def test_country_is_found_with_exact_offsets(parser):
    text = "Bombers flew to Japan on Monday."
    [t] = parser.parse(text)
    assert text[t.start:t.end] == "Japan"


def test_possessive_is_left_out_of_the_span(parse):
    assert "Japan" in parse("Japan's defence ministry confirmed the flight.")


def test_lower_case_peninsula_is_found(parse):
    assert parse("Bombers flew over the Korean peninsula.")["Korean peninsula"].entry_id == "military:korean-peninsula"


def test_the_peninsula_refers_back_to_the_named_one(parse):
    found = parse("Bombers flew over the Korean Peninsula. Tension on the peninsula rose.")
    assert found["peninsula"].entry_id == "military:korean-peninsula"


def test_the_peninsula_without_antecedent_is_not_a_place(parse):
    assert parse("Tension on the peninsula rose.") == {}


def test_the_north_and_a_lower_case_province(parse):
    found = parse("North Korea said the missile was launched from the North's Jagang province.")
    assert found["North"].entry_id == "country:KP" and found["Jagang"].entry_id == "admin1:KP.01"


def test_demonyms_are_not_places(parse):
    assert parse("North Korean and American officials met.") == {}


def test_person_named_like_a_place_is_not_a_place(parse):
    assert "Jordan" not in parse("Michael Jordan visited the base.")


def test_currency_prefix_is_not_a_country(parse):
    assert parse("The jets cost US$ 90 million each.") == {}


def test_place_named_disease_is_not_a_place(parse):
    assert "West Nile" not in parse("Cases of West Nile virus rose this summer.")


def test_name_inside_an_organisation_counts(parse):
    assert parse("The U.S. Department of Defense announced it.")["U.S."].entry_id == "country:US"


def test_curated_base_inside_a_longer_phrase(parse):
    assert parse("Two B-1B Lancers took off from Andersen Air Force Base in Guam.")[
        "Andersen Air Force Base"].precision == "point"


def test_city_missed_by_ner_is_found(parse):
    assert "Aleppo" in parse("Don't forget Aleppo! the gunman shouted.")
