"""Gazetteer lookups on the tiny test gazetteer: aliases, ranking, precision and extents."""
from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from geo.gazetteer import GazetteerEntry, precision_for


def test_alias_finds_the_entry(mini):
    assert [e.id for e in mini.lookup("DPRK")] == ["country:KP"]


def test_lookup_ignores_case_punctuation_and_leading_the(mini):
    assert mini.lookup("the korean-peninsula")[0].id == "military:korean-peninsula"


def test_unknown_name_gives_empty_list(mini):
    assert mini.lookup("Atlantis") == []


def test_country_ranks_before_same_named_region(mini):
    assert [e.id for e in mini.lookup("Georgia")] == ["country:GE", "admin1:US.GA"]


def test_military_entry_is_a_point_with_its_country(mini):
    e = mini.lookup("Osan AB")[0]
    assert (e.precision, e.kind, e.country, e.source) == ("point", "air_base", "South Korea", "military")


def test_sea_is_an_area_with_its_extent(mini):
    e = mini.lookup("West Sea")[0]
    assert (e.precision, e.radius_km) == ("area", 400.0)


def test_country_has_country_precision_and_radius(mini):
    e = mini.lookup("Japan")[0]
    assert e.precision == "country" and e.radius_km > 300


def test_region_has_region_precision(mini):
    assert mini.lookup("Okinawa")[0].precision == "region"


def test_abbreviation_finds_its_region(mini):
    assert mini.lookup("Mo.")[0].id == "admin1:US.MO"


def test_get_returns_the_entry_by_id(mini):
    assert mini.get("military:yellow-sea").name == "Yellow Sea"


def test_get_unknown_id_is_none(mini):
    assert mini.get("military:nowhere") is None


def test_len_counts_every_entry(mini):
    assert len(mini) == 5 + 4 + 6


def test_demonyms_are_indexed_separately_from_places(mini):
    assert "northkorean" in mini.demonyms and mini.lookup("North Korean") == []


def test_entries_are_frozen(mini):
    e = mini.lookup("Japan")[0]
    with pytest.raises(FrozenInstanceError):
        e.lat = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("kind, source, expected", [
    ("naval_base", "military", "point"), ("test_site", "military", "point"), ("strait", "military", "area"),
    ("island_group", "military", "area"), ("country", "country", "country"), ("admin1", "admin1", "region"),
    ("city", "geonames", "point"),
])
def test_precision_mapping(kind, source, expected):
    assert precision_for(kind, source) == expected


def test_entry_fields_match_the_contract():
    assert list(GazetteerEntry.__dataclass_fields__) == [
        "id", "name", "lat", "lon", "kind", "precision", "radius_km", "country", "population", "geonameid", "source"]
