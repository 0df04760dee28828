"""NominatimGeocoder against a local server speaking Nominatim's JSON."""
from __future__ import annotations

import pytest
from geopy.exc import GeocoderServiceError as GeopyServiceError

from geo.geocode.online import NominatimGeocoder
from tests.geocode.contract import GeocoderContract


class TestNominatimContract(GeocoderContract):
    @pytest.fixture(autouse=True)
    def _svc(self, service):
        self.service = service

    def make_geocoder(self):
        return NominatimGeocoder(domain=self.service.domain, scheme="http", timeout=1)


def test_bounding_box_gives_a_point_precision(service):
    loc = NominatimGeocoder(domain=service.domain, scheme="http", timeout=1).geocode("Osan Air Base")
    assert loc.raw["precision"] == "point" and loc.raw["source"] == "nominatim"


def test_refusal_raises_geopy_error_when_unwrapped(service):
    service.mode = "refuse"
    with pytest.raises(GeopyServiceError):
        NominatimGeocoder(domain=service.domain, scheme="http", timeout=1).geocode("Osan Air Base")
