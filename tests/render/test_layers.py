"""Tests of geo/render/layers.py on tiny literal event frames: markers, areas, origins, lines, bounds."""
from __future__ import annotations

import math
import re

import folium
import pandas as pd
import pytest

from geo.query import schema as S
from geo.errors import ConfigurationError
from geo.render.layers import (
    base_map,
    build_map,
    choose_frame,
    data_bounds,
    event_layer,
    events_feature_group,
    flight_features,
    flight_lines,
    great_circle,
    origin_layer,
)

GUAM = ("Andersen AFB", 13.58, 144.93, "point", 0.0)
MISAWA = ("Misawa AB", 40.7, 141.37, "point", 0.0)
HICKAM = ("Hickam AFB", 21.33, -157.95, "point", 0.0)
NOWHERE = ("Somewhere unlocated", None, None, "point", 0.0)


def event(**overrides) -> dict:
    row = {c: None for c in S.EVENT_COLUMNS}
    row.update({
        S.EVENT_ID: "e1", S.ARTICLE_ID: "a1", S.ARTICLE_NAME: "a1.txt", S.ARTICLE_TITLE: "Bombers over Korea",
        S.KIND: "flight", S.STATUS: "asserted", S.DATE: pd.Timestamp("2017-09-23"), S.DATE_TEXT: "2017-09-23",
        S.DATE_PRECISION: "day", S.AIRCRAFT_TYPES: ("B-1B",), S.AIRCRAFT_ROLES: ("bomber",), S.AIRCRAFT_TEXT: "B-1B",
        S.COUNTRIES: ("US",), S.EVIDENCE: "B-1B bombers flew.", S.EVIDENCE_START: 0, S.EVIDENCE_END: 18,
        S.PLACE_NAME: "Osan", S.LAT: 37.09, S.LON: 127.03, S.PLACE_PRECISION: "point", S.RADIUS_KM: 0.0,
        S.ORIGINS: (), S.LOCATIONS: (),
    })
    row.update(overrides)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(S.EVENT_COLUMNS))


def html_of(element) -> str:
    m = element if isinstance(element, folium.Map) else element.add_to(folium.Map(tiles=None))
    return m.get_root().render()


def count(html: str, layer: str) -> int:
    return len(re.findall(rf'"layer":\s*"{layer}"', html))


def test_one_marker_per_located_event():
    df = frame(event(), event(event_id="e2", lat=39.0, lon=125.7), event(event_id="e3", lat=math.nan, lon=math.nan))
    assert count(html_of(event_layer(df)), "event") == 2


def test_area_place_gets_circle_and_centre_marker():
    html = html_of(event_layer(frame(event(place_precision="region", radius_km=150.0))))
    assert count(html, "area") == 1 and count(html, "event") == 1
    assert "new L.circle(" in html and '"radius": 150000.0' in html


def test_point_place_has_no_area_circle():
    html = html_of(event_layer(frame(event(place_precision="point", radius_km=0.0))))
    assert count(html, "area") == 0 and "new L.CircleMarker(" in html


def test_area_precision_without_radius_is_drawn_as_point():
    assert count(html_of(event_layer(frame(event(place_precision="country", radius_km=0.0)))), "area") == 0


def test_marker_colour_follows_kind():
    html = html_of(event_layer(frame(event(kind="missile_launch"))))
    assert S.KIND_COLOURS["missile_launch"] in html


def test_one_origin_marker_per_distinct_origin():
    df = frame(event(origins=(GUAM,)), event(event_id="e2", origins=(GUAM, MISAWA)), event(event_id="e3", origins=(NOWHERE,)))
    html = html_of(origin_layer(df))
    assert count(html, "origin") == 2 and ".DivIcon(" in html


def test_one_flight_line_per_located_origin():
    df = frame(event(origins=(GUAM, NOWHERE)), event(event_id="e2", origins=(MISAWA,)), event(event_id="e3"))
    assert count(html_of(flight_lines(df)), "flight") == 2


def test_flight_lines_get_local_direction_arrows():
    html = html_of(flight_lines(frame(event(origins=(GUAM,)))))
    assert "L.polylineDecorator(" in html and 'src="/app/static/leaflet.polylineDecorator.js"' in html


def test_guam_to_korea_line_does_not_wrap_the_globe():
    (line,) = flight_features(frame(event(origins=(GUAM,))))
    lons = [lon for lon, _lat in line["geometry"]["coordinates"]]
    assert min(lons) >= 127.0 and max(lons) <= 145.0
    assert max(abs(a - b) for a, b in zip(lons, lons[1:])) < 5


def test_hawaii_to_korea_crosses_the_pacific_not_the_map():
    df = frame(event(origins=(HICKAM,)))
    assert choose_frame(df) == "pacific"
    (line,) = flight_features(df, "pacific")
    lons = [lon for lon, _lat in line["geometry"]["coordinates"]]
    assert lons[0] == pytest.approx(202.05) and lons[-1] == pytest.approx(127.03)
    assert max(abs(a - b) for a, b in zip(lons, lons[1:])) < 20


def test_great_circle_bends_poleward_and_keeps_endpoints():
    points = great_circle(13.58, 144.93, 37.09, -122.0)  # Guam -> San Francisco
    assert points[0] == (13.58, 144.93) and points[-1] == (37.09, pytest.approx(238.0))
    assert max(lat for lat, _ in points) > 37.09


def test_empty_frame_renders_east_asia_without_fitting():
    html = build_map(S.empty_events()).get_root().render()
    assert "[35.0, 130.0]" in html and "fitBounds" not in html
    assert count(html, "event") == 0


def test_build_map_fits_bounds_around_events_and_origins():
    df = frame(event(origins=(GUAM,)))
    (south, west), (north, east) = data_bounds(df)
    assert south <= 13.58 and north >= 37.09 and west <= 127.03 and east >= 144.93
    assert "fitBounds" in build_map(df).get_root().render()


def test_build_map_has_layer_control_and_all_layers():
    html = build_map(frame(event(origins=(GUAM,), place_precision="area", radius_km=50.0))).get_root().render()
    assert "L.control.layers" in html
    assert [count(html, k) for k in ("event", "area", "origin", "flight")] == [1, 1, 1, 1]


def test_build_map_links_only_local_files():
    html = build_map(frame(event(origins=(GUAM,)))).get_root().render()
    found = re.findall(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)""", html)
    assert found and all(url.startswith("/app/static/") for url in found)
    assert not re.search(r"""(?:src|href)=["']?https?://""", html)


def test_every_marker_and_line_has_tooltip_and_popup():
    fg = events_feature_group(frame(event(origins=(GUAM,))))
    for layer in fg._children.values():
        if isinstance(layer, folium.GeoJson) and layer.layer_name != "Event areas":
            kinds = {type(child).__name__ for child in layer._children.values()}
            assert {"GeoJsonTooltip", "GeoJsonPopup"} <= kinds, layer.layer_name
            assert all(f["properties"]["tooltip"] and f["properties"]["popup"] for f in layer.data["features"])


def test_events_feature_group_holds_every_dynamic_layer():
    fg = events_feature_group(frame(event(origins=(GUAM,), place_precision="area", radius_km=50.0)))
    names = [c.layer_name for c in fg._children.values() if isinstance(c, folium.GeoJson)]
    assert names == ["Flight paths", "Event areas", "Event markers", "Origin markers"]


def test_evil_article_text_stays_escaped_in_the_map():
    html = build_map(frame(event(evidence="<script>alert(1)</script>"))).get_root().render()
    assert "<script>alert" not in html
    assert r"\u0026lt;script\u0026gt;" in html  # the entity survives JSON encoding


def test_frame_without_schema_columns_is_refused():
    with pytest.raises(ValueError, match="lacks columns"):
        event_layer(pd.DataFrame({"lat": [1.0], "lon": [2.0]}))


def test_unknown_frame_is_refused():
    with pytest.raises(ConfigurationError, match="options are"):
        event_layer(frame(event()), frame="mercator")


def test_feature_group_script_for_st_folium_adds_arrows_to_the_group():
    # Uses streamlit-folium's private helper, the one st_folium calls for feature_group_to_add.
    streamlit_folium = pytest.importorskip("streamlit_folium")
    m = folium.Map(tiles=None)
    fg = events_feature_group(frame(event(origins=(GUAM,))))
    script = streamlit_folium._get_feature_group_string(fg, map=m)
    assert "L.polylineDecorator(" in script
    assert ".addTo(feature_group_feature_group_0);" in script


def test_jinja_syntax_in_any_article_field_is_not_evaluated():
    payload = "{{ 'pw' ~ 'ned' }}{% if true %}x{% endif %}"
    df = frame(event(evidence=payload, article_title=payload, place=payload, aircraft=payload, kind=payload,
                     event_id=payload, origins=((payload, 13.58, 144.93, "point", 0.0),)))
    html = build_map(df).get_root().render()
    assert "pwned" not in html and "{{" not in html and "{%" not in html


def test_base_map_is_fitted_but_has_no_event_layers():
    html = base_map(frame(event(origins=(GUAM,)))).get_root().render()
    assert "fitBounds" in html and count(html, "event") == 0 and "L.control.layers" not in html


def test_base_map_renders_the_same_script_each_time():
    # st_folium keys the component on the map's script: it must not depend on the filter.
    df = frame(event(origins=(GUAM,)), event(event_id="e2", lat=39.0, lon=125.7))
    strip = lambda m: re.sub(r"_[0-9a-f]{32}", "", m.get_root().render())  # noqa: E731
    assert strip(base_map(df, frame="standard")) == strip(base_map(df, frame="standard"))
