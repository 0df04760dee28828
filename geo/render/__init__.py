"""The map and the exports, drawn from the events frame (no Streamlit, no CDN, no tile server).

``geometry`` holds the math the map and the exports share (frames, great circles, the
antimeridian, bounds); ``view`` decides where the map looks; ``payload`` writes what the map's
script (``static/sortie-map.js``) draws, in the shape its ``SCHEMA`` documents; ``layers`` and
``assets`` wrap that as folium objects for st_folium, with local files only; ``popups`` escapes
article text; ``export`` writes CSV, GeoJSON, Parquet and snapshots.
"""
from __future__ import annotations

from geo.render.assets import (
    ASSET_FILES,
    BASEMAP_URL,
    STATIC_DIR,
    STATIC_URL,
    asset_files,
    localize,
    missing_assets,
    offline_map,
    remote_links,
    static_url,
)
from geo.render.geometry import great_circle, split_antimeridian
from geo.render.layers import base_map, dynamic_layers
from geo.render.popups import esc
from geo.render.view import choose_frame, data_bounds

__all__ = [
    "ASSET_FILES", "BASEMAP_URL", "STATIC_DIR", "STATIC_URL",
    "asset_files", "base_map", "choose_frame", "data_bounds", "dynamic_layers", "esc", "great_circle",
    "localize", "missing_assets", "offline_map", "remote_links", "split_antimeridian", "static_url",
]
