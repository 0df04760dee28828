"""GazetteerGeocoder: the offline backend, with comma hints, country filters and extents."""
from __future__ import annotations

import pytest

from geo.geocode.gazetteer import GazetteerGeocoder
from tests.geocode.contract import MINI, GeocoderContract


class TestGazetteerContract(GeocoderContract):
    def make_geocoder(self):
        return GazetteerGeocoder(data_dir=MINI, min_population=0)


@pytest.fixture(scope="module")
def mini():
    return GazetteerGeocoder(data_dir=MINI, min_population=0)


@pytest.fixture(scope="module")
def real():
    return GazetteerGeocoder()


def test_raw_holds_the_entry_fields(mini):
    raw = mini.geocode("Kadena AB").raw
    assert (raw["id"], raw["kind"], raw["precision"], raw["country"]) == (
        "military:kadena-ab", "air_base", "point", "Japan")


def test_country_filter_keeps_only_that_country(mini):
    assert mini.geocode("Georgia", country="US").raw["id"] == "admin1:US.GA"


def test_country_filter_accepts_a_country_name(mini):
    assert mini.geocode("Georgia", country="United States").raw["id"] == "admin1:US.GA"


def test_hint_after_comma_picks_the_candidate_inside_it(mini):
    assert mini.geocode("Georgia, United States").raw["id"] == "admin1:US.GA"


def test_unknown_name_with_known_hint_gives_the_hint(mini):
    loc = mini.geocode("Some Unlisted Depot, Mo.")
    assert loc.raw["id"] == "admin1:US.MO" and loc.raw["precision"] == "region"


def test_area_carries_its_radius(mini):
    assert mini.geocode("Yellow Sea").raw["radius_km"] == 400.0


def test_okinawa_japan_resolves_in_japan(real):
    assert real.geocode("Okinawa, Japan").raw["country"] == "Japan"


def test_base_with_state_abbreviation_resolves_in_missouri(real):
    loc = real.geocode("Whiteman Air Force Base, Mo.")
    assert abs(loc.latitude - 38.73) < 0.2 and abs(loc.longitude + 93.55) < 0.2


def test_springfield_follows_its_state(real):
    assert real.geocode("Springfield, Illinois").longitude == pytest.approx(-89.64, abs=0.2)
