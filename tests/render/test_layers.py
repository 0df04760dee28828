"""Tests of geo/render/layers.py: the folium glue around the map's script, local links, no JavaScript in Python."""
from __future__ import annotations

import re

import folium
import pandas as pd
import pytest
from streamlit_folium import _get_feature_group_string, _get_layer_control_string

from geo.errors import ConfigurationError
from geo.query.schema import empty_events
from geo.render.layers import base_map, dynamic_layers
from geo.render.view import choose_frame, data_bounds

from tests.render.events import GUAM, HICKAM, OSAN, event, frame

LINK = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)""")


def st_folium_scripts(df: pd.DataFrame, **kw) -> tuple[str, str]:
    """What st_folium sends for the layers and their control (its own private helpers, as st_folium calls them)."""
    m = base_map(df, frame="standard")
    groups = dynamic_layers(df, frame="standard", **kw)
    script = "".join(_get_feature_group_string(g, m, i) for i, g in enumerate(groups))
    return script, _get_layer_control_string(folium.LayerControl(collapsed=False), m)


def test_base_map_links_only_local_files_and_the_maps_script_last():
    found = LINK.findall(base_map(frame(event(origins=(GUAM,)))).get_root().render())
    assert found and all(url.startswith("/app/static/") for url in found), found
    scripts = [u for u in found if u.endswith(".js")]
    assert scripts[0] == "/app/static/leaflet.js" and scripts[-1] == "/app/static/sortie-map.js"
    assert "/app/static/leaflet.markercluster.js" in scripts and "/app/static/sortie-map.css" in found


def test_the_map_and_its_layers_hold_no_javascript_but_one_call_each():
    df = frame(event(origins=(GUAM,)))
    page = base_map(df).get_root().render()
    layers, _control = st_folium_scripts(df)
    assert page.count("SortieMap.setup(") == 1 and layers.count("SortieMap.draw(") == 3
    for script in (page, layers):
        assert "function" not in script and "=>" not in script


def test_each_layer_is_drawn_from_its_payload_in_a_named_group():
    layers, control = st_folium_scripts(frame(event(origins=(GUAM,))))
    for kind, name in (("flights", "Flight lines"), ("events", "Events"), ("origins", "Origins")):
        assert f'SortieMap.draw("{kind}"' in layers and f'{{"layer":"{name}"' in layers
        assert f'"{name}"' in control


def test_the_layer_control_lists_the_layers_only_the_sidebar_chooses_the_base_map():
    for basemap in ("offline", "osm"):
        m = base_map(frame(event()), frame="standard", basemap=basemap)
        dynamic = dynamic_layers(frame(event()), frame="standard")
        for i, g in enumerate(dynamic):
            _get_feature_group_string(g, m, i)
        control = _get_layer_control_string(folium.LayerControl(collapsed=False), m)
        assert re.search(r"base_layers\s*:\s*\{\s*\}", control), control  # no base layer to choose here
        assert "Countries" not in control and "OpenStreetMap" not in control


def test_online_tiles_are_drawn_over_the_offline_countries():
    offline = base_map(frame(event())).get_root().render()
    assert "tile.openstreetmap" not in offline and '"tiles":null' in offline
    online = base_map(frame(event()), basemap="osm").get_root().render()
    assert "tile.openstreetmap.org" in online and "countries-110m.geojson" in online
    assert "arcgisonline" in base_map(frame(event()), basemap="satellite").get_root().render()


def test_an_unknown_basemap_or_frame_is_refused():
    with pytest.raises(ConfigurationError, match="options are"):
        base_map(frame(event()), basemap="google")
    with pytest.raises(ConfigurationError, match="options are"):
        dynamic_layers(frame(event()), frame="mercator")


def test_a_frame_without_the_schema_columns_is_refused():
    with pytest.raises(ValueError, match="lacks columns"):
        dynamic_layers(pd.DataFrame({"lat": [1.0], "lon": [2.0]}))


def test_empty_frame_renders_east_asia_without_fitting():
    html = base_map(empty_events()).get_root().render()
    assert "[35.0, 130.0]" in html and "fitBounds" not in html
    assert [g.layer_name for g in dynamic_layers(empty_events())] == ["Flight lines", "Events", "Origins"]


def test_the_view_is_fitted_around_events_and_origins():
    df = frame(event(origins=(GUAM,)))
    (south, west), (north, east) = data_bounds(df)
    assert south <= 13.58 and north >= 37.09 and west <= 127.03 and east >= 144.93
    assert "fitBounds" in base_map(df).get_root().render()


def test_hawaii_to_korea_is_drawn_in_the_pacific_frame():
    df = frame(event(origins=(HICKAM,)))
    assert choose_frame(df) == "pacific"
    assert '"pacific":true' in base_map(df).get_root().render()
    assert choose_frame(frame(event(origins=(GUAM,)))) == "standard"


def test_base_map_renders_the_same_script_each_time():
    # st_folium keys the component on the map's script: it must not depend on the filter.
    df = frame(event(origins=(GUAM,)), event("e2", locations=(OSAN,)))
    strip = lambda m: re.sub(r"_[0-9a-f]{32}", "", m.get_root().render())  # noqa: E731
    assert strip(base_map(df, frame="standard")) == strip(base_map(df, frame="standard"))


def test_jinja_syntax_in_any_article_field_is_not_evaluated():
    evil = "{{ 'pw' ~ 'ned' }}{% if true %}x{% endif %}"
    layers, _control = st_folium_scripts(frame(event(evil, evidence=evil, article=evil), title=evil))
    assert "pwned" not in layers and "{{" not in layers and "{%" not in layers
