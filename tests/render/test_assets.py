"""Tests of geo/render/assets.py and scripts/build_static.mjs: the map loads local files only."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import folium
import folium.plugins
import pytest

from geo.errors import ConfigurationError
from geo.render.assets import (
    BASEMAP_URL,
    COARSE_BASEMAP_URL,
    COARSE_MAX_ZOOM,
    STATIC_DIR,
    WEB_DIR,
    asset_files,
    localize,
    missing_assets,
    offline_map,
    remote_links,
    static_url,
)

from tests.needs import need

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "scripts" / "build_static.mjs"
NODE = shutil.which("node")

LINK = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def links(html: str) -> list[str]:
    return LINK.findall(html)


def test_build_static_outputs_match_asset_files():
    need(NODE is not None, "node is not installed (needed by scripts/build_static.mjs)")
    out = subprocess.run([NODE, str(BUILD_SCRIPT), "--list"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == asset_files()


def test_build_static_fails_loudly_without_node_modules(tmp_path):
    need(NODE is not None, "node is not installed (needed by scripts/build_static.mjs)")
    (tmp_path / "scripts").mkdir()
    shutil.copy(BUILD_SCRIPT, tmp_path / "scripts")
    out = subprocess.run([NODE, str(tmp_path / "scripts" / "build_static.mjs")], capture_output=True, text=True)
    assert out.returncode != 0
    assert "missing source file node_modules/leaflet/dist/leaflet.js" in out.stderr
    assert not (tmp_path / "static").exists()


def test_missing_assets_lists_every_file_of_an_empty_dir(tmp_path):
    assert missing_assets(tmp_path) == asset_files()


def test_missing_assets_is_empty_when_all_files_exist(tmp_path):
    for rel in asset_files():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert missing_assets(tmp_path) == []


def test_missing_assets_counts_an_empty_file_as_missing(tmp_path):
    for rel in asset_files():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("" if rel == "leaflet.js" else "x")
    assert missing_assets(tmp_path) == ["leaflet.js"]


def test_built_static_dir_is_complete():
    need(STATIC_DIR.is_dir(), "static/ is not built; run `make static`")
    assert missing_assets(STATIC_DIR) == []


def test_the_built_map_script_is_the_one_in_the_repository():
    need(STATIC_DIR.is_dir(), "static/ is not built; run `make static`")
    for name in ("sortie-map.js", "sortie-map.css"):
        assert (STATIC_DIR / name).read_bytes() == (WEB_DIR / name).read_bytes(), \
            f"static/{name} is older than geo/render/web/{name}: run `make static`"


def test_build_static_copies_the_maps_own_files(tmp_path):
    need(NODE is not None, "node is not installed (needed by scripts/build_static.mjs)")
    out = subprocess.run([NODE, str(BUILD_SCRIPT), "--list"], capture_output=True, text=True, check=True)
    assert {"sortie-map.js", "sortie-map.css"} <= set(json.loads(out.stdout))


def test_offline_map_links_only_local_files():
    found = links(offline_map().get_root().render())
    assert found and all(url.startswith("/app/static/") for url in found), found


def test_offline_map_loads_leaflet_before_its_plugins_and_the_maps_script_after_them():
    found = links(offline_map().get_root().render())
    assert not any("jquery" in url for url in found)  # only folium's own popups need it
    assert found.index("/app/static/leaflet.js") < found.index("/app/static/leaflet.polylineDecorator.js")
    assert found.index("/app/static/leaflet.markercluster.js") < found.index("/app/static/sortie-map.js")


def test_offline_map_has_no_tile_layer():
    assert "L.tileLayer" not in offline_map().get_root().render()


def test_offline_map_passes_max_zoom_to_the_map_itself():
    assert re.search(r'"maxZoom":\s*12', offline_map().get_root().render())


def test_basemap_is_loaded_by_url_not_embedded():
    html = offline_map().get_root().render()
    assert f'"scales":[["{COARSE_BASEMAP_URL}",{COARSE_MAX_ZOOM}],["{BASEMAP_URL}",null]]' in html
    assert len(html) < 50_000  # the 1.9 MB of countries stay out of the page


def test_basemap_draws_one_copy_unless_the_map_is_pacific():
    assert '"pacific":false' in offline_map().get_root().render()
    assert '"pacific":true' in offline_map(pacific=True).get_root().render()


def test_both_basemap_scales_are_assets():
    assert {COARSE_BASEMAP_URL, BASEMAP_URL} <= {static_url(f) for f in asset_files()}


def test_online_tiles_are_off_by_default():
    assert "openstreetmap" not in offline_map().get_root().render().lower()


def test_online_tiles_add_a_tile_url_but_no_remote_scripts():
    html = offline_map(basemap="osm").get_root().render()
    assert "tile.openstreetmap.org" in html and "L.tileLayer" not in html  # the map's script draws it
    assert all(url.startswith("/app/static/") for url in links(html))


def test_offline_map_refuses_tiles_and_unknown_basemaps():
    with pytest.raises(ConfigurationError, match="basemap="):
        offline_map(tiles="OpenStreetMap")
    with pytest.raises(ConfigurationError, match="options are"):
        offline_map(basemap="google")


def test_localize_points_known_plugins_at_local_copies():
    m = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(m)
    localize(m)
    assert remote_links(m) == []
    assert "/app/static/leaflet.markercluster.js" in links(m.get_root().render())


def test_localize_refuses_a_plugin_we_do_not_ship():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(ConfigurationError, match="not available offline"):
        localize(m)


def test_localize_leaves_folium_class_defaults_alone():
    localize(folium.Map(tiles=None))
    assert any(url.startswith("https://") for _, url in folium.Map.default_js)


def test_render_package_never_imports_streamlit():
    for path in (ROOT / "geo" / "render").glob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+streamlit", path.read_text(), re.MULTILINE), path
