"""Folium rendering of the events DataFrame for an offline map (no Streamlit, no CDN, no tile server).

``assets`` knows the local ``/app/static`` URLs and builds the offline base map;
``layers`` turns events into folium layers; ``popups`` writes their escaped HTML.
"""
from __future__ import annotations

from geo.render.assets import (
    ASSET_FILES,
    BASEMAP_URL,
    STATIC_DIR,
    STATIC_URL,
    asset_files,
    basemap_layer,
    local_marker_cluster,
    localize,
    missing_assets,
    offline_map,
    remote_links,
    static_url,
)
from geo.render.layers import (
    base_map,
    build_map,
    choose_frame,
    data_bounds,
    event_layer,
    events_feature_group,
    flight_lines,
    great_circle,
    origin_layer,
)
from geo.render.popups import esc, event_popup_html, event_tooltip_html

__all__ = [
    "ASSET_FILES", "BASEMAP_URL", "STATIC_DIR", "STATIC_URL",
    "asset_files", "base_map", "basemap_layer", "build_map", "choose_frame", "data_bounds", "esc",
    "event_layer", "event_popup_html", "event_tooltip_html", "events_feature_group", "flight_lines",
    "great_circle", "local_marker_cluster", "localize", "missing_assets", "offline_map",
    "origin_layer", "remote_links", "static_url",
]
