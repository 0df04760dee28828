"""CachedGeocoder persists answers (and "not found") in SQLite; failures are not cached."""
from __future__ import annotations

import pytest

from geo.errors import GeocoderServiceError
from geo.geocode.cached import CachedGeocoder
from geo.geocode.online import NominatimGeocoder
from geo.geocode.ratelimited import RateLimitedGeocoder


def _nominatim(service):
    return RateLimitedGeocoder(NominatimGeocoder(domain=service.domain, scheme="http", timeout=1),
                               min_delay_seconds=0, max_retries=0)


def test_second_query_is_answered_from_the_cache(service, tmp_path):
    g = CachedGeocoder(_nominatim(service), tmp_path / "c.sqlite")
    g.geocode("Osan Air Base")
    before = service.requests
    g.geocode("Osan Air Base")
    assert service.requests == before


def test_cache_survives_a_new_process(service, tmp_path):
    CachedGeocoder(_nominatim(service), tmp_path / "c.sqlite").geocode("Osan Air Base")
    service.mode = "refuse"
    loc = CachedGeocoder(_nominatim(service), tmp_path / "c.sqlite").geocode("Osan Air Base")
    assert loc.raw["source"] == "nominatim"


def test_not_found_is_cached_too(service, tmp_path):
    g = CachedGeocoder(_nominatim(service), tmp_path / "c.sqlite")
    g.geocode("Qwxzz")
    assert len(g) == 1


def test_failures_are_not_cached(service, tmp_path):
    service.mode = "unavailable"
    g = CachedGeocoder(_nominatim(service), tmp_path / "c.sqlite")
    with pytest.raises(GeocoderServiceError):
        g.geocode("Osan Air Base")
    assert len(g) == 0


def test_wraps_a_bare_callable_like_geopys_rate_limiter(tmp_path):
    calls = []

    def geocode(query, exactly_one=True, country=None):
        calls.append(query)
        return None

    g = CachedGeocoder(geocode, ":memory:")
    g("x")
    g("x")
    assert calls == ["x"]
