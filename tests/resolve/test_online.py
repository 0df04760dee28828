"""GEO_GEOCODER reaches extraction: with Nominatim configured, a name the gazetteer lacks is asked online (local fake service)."""
from __future__ import annotations

from datetime import date

import pytest

from geo.geocode import get_geocoder
from geo.models import Article, content_id
from geo.pipeline import events_for
from geo.resolve.online import OnlineLookup
from geo.resolve.places import PlaceResolver
from tests.geocode import fake_service
from tests.geocode.fake_service import FakeService

TEXT = "Two B-52 bombers took off from Zorblatt Air Base on Monday and flew over the Yellow Sea."


@pytest.fixture()
def service(monkeypatch):
    monkeypatch.setitem(fake_service.PLACES, "zorblatt air base", {
        "lat": 35.9, "lon": 126.6, "name": "Zorblatt Air Base", "display": "Zorblatt Air Base, Invented Province",
        "cc": "KR"})
    with FakeService() as svc:
        yield svc


def _resolver(svc: FakeService, tmp_path) -> PlaceResolver:
    geocoder = get_geocoder("nominatim", domain=svc.domain, scheme="http", timeout=1, min_delay_seconds=0,
                            max_retries=0, error_wait_seconds=0, cache_path=tmp_path / "geocode.sqlite")
    return PlaceResolver(online=OnlineLookup("nominatim", geocoder))


def _origin(resolver: PlaceResolver):
    art = Article(id=content_id(TEXT), path="invented.txt", title="", text=TEXT, published=date(2024, 5, 10))
    (ev,) = events_for(art, resolver=resolver)
    (origin,) = ev.origins
    return ev, origin


def test_a_name_the_gazetteer_lacks_is_placed_by_nominatim(service, tmp_path):
    ev, origin = _origin(_resolver(service, tmp_path))
    assert (origin.lat, origin.lon) == (35.9, 126.6)
    assert origin.reason.startswith("nominatim:") and service.requests == 1
    # The sea is the gazetteer's: the online service is asked only for what the gazetteer lacks.
    assert [p.gazetteer_id for p in ev.locations] == ["military:yellow-sea"]


def test_with_the_service_down_it_falls_back_offline_and_says_so(service, tmp_path):
    service.mode = "unavailable"
    _, origin = _origin(_resolver(service, tmp_path))
    assert not origin.located
    assert "nominatim could not be reached" in origin.reason and "offline gazetteer" in origin.reason


def test_offline_default_asks_nobody_and_keeps_the_name_unresolved(service):
    _, origin = _origin(PlaceResolver(online=OnlineLookup("gazetteer")))
    assert not origin.located and origin.reason == "not in the gazetteer" and service.requests == 0
