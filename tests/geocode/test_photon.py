"""PhotonGeocoder against a local server speaking Photon's GeoJSON."""
from __future__ import annotations

import pytest

from geo.geocode.online import PhotonGeocoder
from tests.geocode.contract import GeocoderContract


class TestPhotonContract(GeocoderContract):
    @pytest.fixture(autouse=True)
    def _svc(self, service):
        self.service = service

    def make_geocoder(self):
        return PhotonGeocoder(domain=self.service.domain, scheme="http", timeout=1)


def test_country_filter_drops_other_countries(service):
    g = PhotonGeocoder(domain=service.domain, scheme="http", timeout=1)
    assert g.geocode("Osan Air Base", country="JP") is None


def test_extent_gives_a_radius(service):
    loc = PhotonGeocoder(domain=service.domain, scheme="http", timeout=1).geocode("Osan Air Base")
    assert 0 < loc.raw["radius_km"] < 10
