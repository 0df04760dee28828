"""The online path falls back to the offline gazetteer on refusal, unavailability and timeout, never raising."""
from __future__ import annotations

import logging

import pytest

from geo.errors import GeocoderServiceError
from geo.geocode import get_geocoder
from geo.geocode.fallback import FallbackGeocoder
from geo.geocode.gazetteer import GazetteerGeocoder
from geo.geocode.online import NominatimGeocoder
from geo.geocode.ratelimited import RateLimitedGeocoder
from tests.geocode.contract import MINI


def _online(service, tmp_path, name="nominatim"):
    return get_geocoder(name, domain=service.domain, scheme="http", timeout=0.5, cache_path=tmp_path / "c.sqlite",
                        min_delay_seconds=0, max_retries=0, error_wait_seconds=0, data_dir=MINI, min_population=0)


@pytest.mark.parametrize("mode", ["refuse", "unavailable", "slow"])
@pytest.mark.parametrize("name", ["nominatim", "photon"])
def test_service_failure_falls_back_to_the_gazetteer(service, tmp_path, name, mode):
    service.mode = mode
    loc = _online(service, tmp_path, name).geocode("Kadena AB")
    assert loc.raw["source"] == "military"


def test_fallback_logs_a_warning(service, tmp_path, caplog):
    service.mode = "refuse"
    with caplog.at_level(logging.WARNING, logger="geo.geocode.fallback"):
        _online(service, tmp_path).geocode("Kadena AB")
    assert "offline gazetteer" in caplog.text


def test_unreachable_host_falls_back(tmp_path):
    # Port 9 on the loopback: nothing listens there, the connection is refused at once.
    g = get_geocoder("nominatim", domain="127.0.0.1:9", scheme="http", timeout=0.5, cache_path=tmp_path / "c.sqlite",
                     min_delay_seconds=0, max_retries=0, data_dir=MINI, min_population=0)
    assert g.geocode("Osan AB").raw["id"] == "military:osan-ab"


def test_online_not_found_asks_the_gazetteer(service, tmp_path):
    assert _online(service, tmp_path).geocode("Yellow Sea").raw["kind"] == "sea"


def test_online_answer_wins_when_the_service_works(service, tmp_path):
    assert _online(service, tmp_path).geocode("Osan Air Base").raw["source"] == "nominatim"


def test_rate_limited_wrapper_translates_errors(service):
    service.mode = "refuse"
    g = RateLimitedGeocoder(NominatimGeocoder(domain=service.domain, scheme="http", timeout=1),
                            min_delay_seconds=0, max_retries=0)
    with pytest.raises(GeocoderServiceError) as info:
        g.geocode("Osan Air Base")
    assert info.value.__cause__ is not None


def test_fallback_counts_failures(service):
    service.mode = "refuse"
    g = FallbackGeocoder(RateLimitedGeocoder(NominatimGeocoder(domain=service.domain, scheme="http", timeout=1),
                                             min_delay_seconds=0, max_retries=0),
                         GazetteerGeocoder(data_dir=MINI, min_population=0))
    g.geocode("Osan AB")
    assert g.failures == 1
