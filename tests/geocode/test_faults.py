"""Faults of an online geocoder fall back offline, with one log line: bad answers, hangs, and the shared pace."""
from __future__ import annotations

import logging

import pytest
from geopy.exc import GeocoderTimedOut
from geopy.location import Location

import geo.geocode
from geo.config import GEOCODER_NAMES, Settings
from geo.errors import GeocoderServiceError
from geo.geocode import GEOCODERS, configured_geocoder, get_geocoder
from geo.geocode.online import NominatimGeocoder, PhotonGeocoder
from geo.geocode.ratelimited import Pace, RateLimitedGeocoder
from tests.geocode.contract import MINI
from tests.geocode.fake_service import BAD_ANSWERS

KNOWN = "Osan Air Base"  # answered by the fake service, and in the test gazetteer


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    # Tests here point GEO_GEOCODER at the fake service: the process-wide geocoder and resolver built
    # meanwhile must not outlive them (a later test would ask a service that is gone).
    import geo.resolve
    import geo.resolve.online

    def clear():
        geo.geocode._configured.cache_clear()
        geo.resolve.default_resolver.cache_clear()
        geo.resolve.online._lookup_for.cache_clear()
    clear()
    yield
    clear()


def _online(service, tmp_path, name, **extra):
    config = dict(domain=service.domain, scheme="http", timeout=1, cache_path=tmp_path / f"{name}.sqlite",
                  min_delay_seconds=0, max_retries=0, error_wait_seconds=0, data_dir=MINI, min_population=0)
    return get_geocoder(name, **{**config, **extra})


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")  # geopy's, before it refuses 95.5
@pytest.mark.parametrize("mode", BAD_ANSWERS)
@pytest.mark.parametrize("name", ["nominatim", "photon"])
def test_a_bad_answer_falls_back_offline_with_one_log_line_and_is_not_cached(service, tmp_path, caplog, name, mode):
    g = _online(service, tmp_path, name)
    service.mode = mode
    with caplog.at_level(logging.DEBUG, logger="geo.geocode"):
        loc = g.geocode(KNOWN)
    assert loc.raw["source"] == "military" and (loc.latitude, loc.longitude) != (0.0, 0.0)
    records = [r for r in caplog.records if r.name.startswith("geo.geocode")]
    assert len(records) == 1 and records[0].levelno == logging.WARNING
    assert records[0].exc_info is None and "\n" not in records[0].getMessage()
    assert "GeocoderServiceError" in records[0].getMessage()
    assert len(g.primary) == 0  # nothing cached: the next lookup asks again
    service.mode = "ok"
    assert g.geocode(KNOWN).raw["source"] == name


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("mode", ["no-coordinates", "bad-lat", "lat-out-of-range", "lon-out-of-range"])
def test_the_bare_backend_refuses_an_answer_without_valid_coordinates(service, mode):
    service.mode = mode
    with pytest.raises(GeocoderServiceError, match="coordinates|cannot read"):
        NominatimGeocoder(domain=service.domain, scheme="http", timeout=1).geocode(KNOWN)


def test_photon_without_geometry_is_a_service_error_not_a_key_error(service):
    service.mode = "no-geometry"
    with pytest.raises(GeocoderServiceError, match="photon.*KeyError"):
        PhotonGeocoder(domain=service.domain, scheme="http", timeout=1).geocode(KNOWN)


def test_a_hung_service_gets_one_request_within_the_deadline_then_the_offline_answer(service, tmp_path):
    g = _online(service, tmp_path, "nominatim", timeout=0.5, max_retries=3)
    service.mode = "hang"
    before = service.requests
    assert g.geocode(KNOWN).raw["source"] == "military"
    assert service.requests - before == 1  # no retry once the deadline is spent (it used to make 6 requests)


class _Clock:
    """A fake monotonic clock that sleeping advances."""

    def __init__(self) -> None:
        self.now, self.sleeps = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


class _TimesOut:
    """An online backend that takes ``cost`` seconds of the fake clock and then times out."""

    def __init__(self, clock: _Clock, cost: float) -> None:
        self.clock, self.cost, self.calls, self.timeouts = clock, cost, 0, []

    def geocode(self, query, *, exactly_one=True, country=None, timeout=None):
        self.calls += 1
        self.timeouts.append(round(timeout, 3))
        self.clock.now += min(self.cost, timeout)
        raise GeocoderTimedOut("read timed out")


def test_retries_stop_at_the_deadline_and_each_request_gets_only_the_time_left():
    clock = _Clock()
    inner = _TimesOut(clock, cost=3.0)
    g = RateLimitedGeocoder(inner, min_delay_seconds=1.0, max_retries=5, error_wait_seconds=2.0,
                            deadline_seconds=10.0, clock=clock, sleep=clock.sleep)
    with pytest.raises(GeocoderServiceError, match="GeocoderTimedOut"):
        g.geocode(KNOWN)
    assert clock.now - 1000.0 <= 10.0
    assert inner.calls == 2 and inner.timeouts == [10.0, 5.0]  # 3 s, a 2 s wait, 3 s: no time for a third


def test_one_pace_spaces_requests_of_every_caller():
    clock = _Clock()
    pace = Pace(1.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        pace.wait(clock.now + 10, "lookup")
    assert clock.sleeps == [1.0, 1.0]
    with pytest.raises(GeocoderServiceError, match="deadline"):
        pace.wait(clock.now + 0.5, "lookup")  # its turn is 1 s away


def test_geocoders_of_one_service_share_its_pace_and_others_do_not(service, tmp_path):
    a = _online(service, tmp_path, "nominatim", min_delay_seconds=1.0)
    b = _online(service, tmp_path, "nominatim", min_delay_seconds=1.0, cache_path=tmp_path / "other.sqlite")
    c = _online(service, tmp_path, "photon", min_delay_seconds=1.0)
    assert a.primary.inner.pace is b.primary.inner.pace
    assert c.primary.inner.pace is not a.primary.inner.pace


def test_the_configured_geocoder_is_built_once_per_process_from_the_settings(service, tmp_path, monkeypatch):
    settings = Settings.from_env(geocoder="nominatim", geocoder_domain=service.domain, geocoder_scheme="http",
                                 geocoder_timeout=2, cache_dir=tmp_path)
    built = []
    real = geo.geocode.get_geocoder
    monkeypatch.setattr(geo.geocode, "get_geocoder", lambda *a, **k: built.append(k) or real(*a, **k))
    geo.geocode._configured.cache_clear()
    first = configured_geocoder(settings)
    assert configured_geocoder(settings) is first and len(built) == 1
    assert built[0]["domain"] == service.domain and built[0]["scheme"] == "http" and built[0]["timeout"] == 2
    assert first.geocode(KNOWN).raw["source"] == "nominatim"
    geo.geocode._configured.cache_clear()


def test_every_review_correction_uses_the_one_configured_geocoder(service, tmp_path, monkeypatch):
    from datetime import date

    from geo.models import Article, content_id
    from geo.pipeline import ingest_article
    from geo.store import open_store
    from geo.gazetteer import load_gazetteer
    load_gazetteer()  # from the usual cache, before GEO_CACHE_DIR points the answer cache at tmp_path
    for name, value in (("GEOCODER", "nominatim"), ("GEOCODER_DOMAIN", service.domain), ("GEOCODER_SCHEME", "http"),
                        ("CACHE_DIR", str(tmp_path))):
        monkeypatch.setenv(f"GEO_{name}", value)
    geo.geocode._configured.cache_clear()
    built = []
    real = geo.geocode.get_geocoder
    monkeypatch.setattr(geo.geocode, "get_geocoder", lambda *a, **k: built.append(a) or real(*a, **k))
    text = "Two B-1B bombers from Guam flew over South Korea on September 18, 2017."
    before = service.requests
    with open_store(tmp_path / "s.sqlite") as store:
        ingest_article(Article(content_id(text), "a.txt", "t", text, date(2017, 9, 19)), store)
        event = store.events()[0]
        for author in ("ana", "ben", "cy"):  # each correction used to build its own rate limiter and cache
            store.add_correction(event.event_id, "locations", ["Zzyzx Hamlet"], author)
    assert built == [("nominatim",)]
    assert service.requests - before == 1  # one geocoder, one cache: the service is asked once
    geo.geocode._configured.cache_clear()


def test_the_settings_know_every_registered_geocoder():
    assert set(GEOCODER_NAMES) == set(GEOCODERS)


def test_the_resolve_stage_asks_the_service_the_settings_name(service, tmp_path, monkeypatch):
    from geo.gazetteer import load_gazetteer
    from geo.resolve.online import OnlineLookup
    load_gazetteer()  # from the usual cache, before GEO_CACHE_DIR points the answer cache at tmp_path
    for name, value in (("GEOCODER", "nominatim"), ("GEOCODER_DOMAIN", service.domain), ("GEOCODER_SCHEME", "http"),
                        ("CACHE_DIR", str(tmp_path))):
        monkeypatch.setenv(f"GEO_{name}", value)
    geo.geocode._configured.cache_clear()
    before = service.requests
    answer = OnlineLookup("nominatim").lookup("Zzyzx Hamlet")
    assert answer.location == (12.5, 100.25) and answer.service == "nominatim"
    assert service.requests - before == 1
    geo.geocode._configured.cache_clear()
