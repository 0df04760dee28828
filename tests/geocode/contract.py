"""GeocoderContract: the behaviour every geocoder backend shares; subclass it with make_geocoder()."""
from __future__ import annotations

from pathlib import Path

from abc import ABC, abstractmethod

import pytest
from geopy.location import Location

from geo.geocode import GEOCODERS, get_geocoder
from geo.geocode.base import Geocoder
from geo.models import PLACE_PRECISIONS

MINI = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
KNOWN = "Osan Air Base"
KNOWN_POINT = (37.09, 127.03)
UNKNOWN = "Qwxzz Nowhereville"


def registered(name: str, service, tmp_path: Path) -> Geocoder:
    """A registered backend configured for tests: online ones talk to the fake service, with no delays."""
    online = getattr(GEOCODERS[name], "online", False)
    if online:
        return get_geocoder(name, domain=service.domain, scheme="http", timeout=1, cache_path=tmp_path / "c.sqlite",
                            min_delay_seconds=0, max_retries=0, error_wait_seconds=0, data_dir=MINI,
                            min_population=0)
    return get_geocoder(name, data_dir=MINI, min_population=0)


def check_known(geocoder: Geocoder) -> None:
    loc = geocoder.geocode(KNOWN)
    assert isinstance(loc, Location)
    assert abs(loc.latitude - KNOWN_POINT[0]) < 0.1 and abs(loc.longitude - KNOWN_POINT[1]) < 0.1


def check_unknown(geocoder: Geocoder) -> None:
    assert geocoder.geocode(UNKNOWN) is None


def check_many(geocoder: Geocoder) -> None:
    locs = geocoder.geocode(KNOWN, exactly_one=False)
    assert isinstance(locs, list) and locs and all(isinstance(x, Location) for x in locs)


def check_raw(geocoder: Geocoder) -> None:
    raw = geocoder.geocode(KNOWN).raw
    assert raw["precision"] in PLACE_PRECISIONS and raw["radius_km"] >= 0


def check_empty(geocoder: Geocoder) -> None:
    assert geocoder.geocode("") is None


CHECKS = [check_known, check_unknown, check_many, check_raw, check_empty]


class GeocoderContract(ABC):
    """Shared assertions; a backend's test module subclasses this and defines make_geocoder()."""

    @abstractmethod
    def make_geocoder(self) -> Geocoder:
        """The backend under test, ready to answer."""

    @pytest.fixture
    def geocoder(self) -> Geocoder:
        return self.make_geocoder()

    def test_satisfies_the_protocol(self, geocoder):
        assert isinstance(geocoder, Geocoder)

    def test_known_place_is_located(self, geocoder):
        check_known(geocoder)

    def test_unknown_place_is_none(self, geocoder):
        check_unknown(geocoder)

    def test_exactly_one_false_gives_a_list(self, geocoder):
        check_many(geocoder)

    def test_raw_carries_precision_and_radius(self, geocoder):
        check_raw(geocoder)

    def test_empty_query_is_none(self, geocoder):
        check_empty(geocoder)
