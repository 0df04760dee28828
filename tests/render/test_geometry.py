"""Tests of geo/render/geometry.py: frames, great circles, the antimeridian cut and bounds the map and exports share."""
from __future__ import annotations

import math

import pytest

from geo.errors import ConfigurationError
from geo.render.geometry import (check_frame, compact_frame, extent_bounds, finite_float, flight_path, frame_lon,
                                 great_circle, near_lon, same_place, split_antimeridian, zoom_for_radius)

GUAM = (13.58, 144.93)
OSAN = (37.09, 127.03)
HICKAM = (21.33, -157.95)


def test_guam_to_korea_stays_between_them():
    path = flight_path(GUAM, OSAN, "standard")
    lons = [lon for _lat, lon in path]
    assert path[0] == pytest.approx(GUAM) and path[-1] == OSAN
    assert min(lons) >= 127.0 and max(lons) <= 145.0
    assert max(abs(a - b) for a, b in zip(lons, lons[1:])) < 5


def test_hawaii_to_korea_crosses_the_pacific_not_the_map():
    assert compact_frame([HICKAM[1], OSAN[1]]) == "pacific"
    path = flight_path(HICKAM, OSAN, "pacific")
    lons = [lon for _lat, lon in path]
    assert lons[0] == pytest.approx(202.05) and lons[-1] == pytest.approx(127.03)
    assert max(abs(a - b) for a, b in zip(lons, lons[1:])) < 20


def test_great_circle_bends_poleward_and_keeps_endpoints():
    points = great_circle(13.58, 144.93, 37.09, -122.0)  # Guam -> San Francisco
    assert points[0] == (13.58, 144.93) and points[-1] == (37.09, pytest.approx(238.0))
    assert max(lat for lat, _ in points) > 37.09


def test_great_circle_has_a_point_every_step_up_to_the_cap():
    short = great_circle(0.0, 0.0, 0.0, 1.0)  # 111 km: just the two ends
    assert len(short) == 2
    assert len(great_circle(0.0, 0.0, 0.0, 179.0)) == 48


def test_split_antimeridian_in_both_directions():
    east = split_antimeridian([(10.0, 170.0), (20.0, 190.0), (22.0, 200.0)])
    assert east == [[[170.0, 10.0], [180.0, 15.0]], [[-180.0, 15.0], [-170.0, 20.0], [-160.0, 22.0]]]
    west = split_antimeridian([(10.0, -170.0), (20.0, -190.0)])
    assert west == [[[-170.0, 10.0], [-180.0, 15.0]], [[180.0, 15.0], [170.0, 20.0]]]
    assert split_antimeridian([(0.0, 10.0), (1.0, 20.0)]) == [[[10.0, 0.0], [20.0, 1.0]]]


def test_split_antimeridian_rounds_to_the_decimals_asked():
    assert split_antimeridian([(0.123456, 10.987654), (1.0, 20.0)], decimals=2) == [[[10.99, 0.12], [20.0, 1.0]]]


def test_frames_and_near_longitudes():
    assert frame_lon(-157.9, "pacific") == pytest.approx(202.1)
    assert frame_lon(190.0, "standard") == -170.0
    assert near_lon(-157.95, 127.0) == pytest.approx(202.05)
    assert compact_frame([]) == "standard"


def test_an_unknown_frame_is_refused_with_the_options():
    with pytest.raises(ConfigurationError, match="options are"):
        check_frame("mercator")


def test_same_place_ignores_a_full_turn_of_longitude():
    assert same_place(10.0, 179.9999, 10.0, -180.0) and not same_place(10.0, 10.0, 10.01, 10.0)


def test_bounds_cover_area_circles_and_stop_at_mercators_edge():
    (south, west), (north, east) = extent_bounds([(30.0, 125.0, 600.0), (37.09, 127.03, 0.0)])
    assert south == pytest.approx(30.0 - 600 / 111.32) and north == 37.09
    assert west < 125.0 - 600 / 111.32 < east
    assert extent_bounds([(84.0, 0.0, 500.0)])[1][0] == 85.0
    assert extent_bounds([]) is None


def test_zoom_shows_an_area_whole():
    assert [zoom_for_radius(r) for r in (0.0, 90.0, 150.0, 300.0, 700.0)] == [7, 7, 6, 5, 4]


def test_finite_float_refuses_what_is_not_a_number():
    assert finite_float(3) == 3.0 and finite_float("2.5") == 2.5
    assert all(finite_float(v) is None for v in (None, math.nan, math.inf, "x", True))
