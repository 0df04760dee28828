"""The real gazetteer: curated tables and GeoNames cities load fast and answer the names news uses."""
from __future__ import annotations

import time

from geo.gazetteer import load_gazetteer


def test_load_is_memoised(real):
    assert load_gazetteer() is real


def test_cached_reload_is_fast(real):
    load_gazetteer.cache_clear()
    try:
        t = time.perf_counter()
        again = load_gazetteer()
        assert time.perf_counter() - t < 2.0
    finally:
        load_gazetteer.cache_clear()
    assert len(again) == len(real)


def test_lookup_takes_microseconds(real):
    real.lookup("Springfield")
    t = time.perf_counter()
    for _ in range(1000):
        real.lookup("Springfield")
    assert (time.perf_counter() - t) / 1000 < 200e-6


def test_us_abbreviation_is_the_country(real):
    assert real.lookup("U.S.")[0].id == "country:US"


def test_country_point_is_the_representative_point_not_the_capital(real):
    us = real.lookup("United States")[0]
    assert abs(us.lat - 39.76) < 1 and abs(us.lon + 98.5) < 1


def test_cities_are_ranked_by_population(real):
    paris = real.lookup("Paris")
    assert paris[0].country == "France" and paris[0].population > paris[1].population


def test_city_alternate_names_are_indexed(real):
    assert any(e.name == "Munich" for e in real.lookup("München"))


def test_first_level_regions_are_loaded(real):
    mo = real.lookup("Missouri")[0]
    assert mo.id == "admin1:US.MO" and 36 < mo.lat < 41 and -96 < mo.lon < -89


def test_military_table_is_loaded(real):
    assert real.lookup("Andersen AFB")[0].kind == "air_base"


def test_macroregion_is_an_area(real):
    assert real.lookup("West Africa")[0].precision == "area"


def test_country_code_of_a_city(real):
    tokyo = real.lookup("Tokyo")
    assert any(real.country_code(e) == "JP" for e in tokyo)
