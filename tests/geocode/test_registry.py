"""Every registered backend passes the shared contract; unknown names fail with the options listed."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import ConfigurationError, GeocoderNotFound
from geo.geocode import GEOCODERS, get_geocoder, register_geocoder
from geo.geocode.fallback import FallbackGeocoder
from geo.geocode.gazetteer import GazetteerGeocoder
from tests.geocode.contract import CHECKS, registered

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", sorted(GEOCODERS))
def test_registered_backend_meets_the_contract(name, check, service, tmp_path):
    check(registered(name, service, tmp_path))


@pytest.mark.parametrize("name", sorted(GEOCODERS))
def test_every_backend_has_its_own_test_module(name):
    assert (HERE / f"test_{name}.py").exists()


def test_default_is_the_offline_gazetteer():
    assert isinstance(get_geocoder(data_dir=HERE.parents[0] / "data" / "gazetteer", min_population=0),
                      GazetteerGeocoder)


def test_online_backend_comes_wrapped_with_an_offline_fallback(tmp_path):
    g = get_geocoder("nominatim", cache_path=tmp_path / "c.sqlite", data_dir=HERE.parents[0] / "data" / "gazetteer",
                     min_population=0)
    assert isinstance(g, FallbackGeocoder) and isinstance(g.fallback, GazetteerGeocoder)


def test_unknown_name_lists_the_options():
    with pytest.raises(GeocoderNotFound, match="options are.*gazetteer"):
        get_geocoder("bing")


def test_register_rejects_a_class_without_geocode():
    with pytest.raises(ConfigurationError):
        register_geocoder("broken", object)
