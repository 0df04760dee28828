"""The map page's linked views: one selected event shared by the map, the table and the URL, and the map itself.

A click on a marker (st_folium's ``last_active_drawing``, whose properties carry ``event_id``)
or on a table row selects an event; the selection is drawn as a ring on the map (with its popup
open), put first and ticked in the table, shown in a details panel and written to the URL as
``event=...``. A row picked in the table also centres the map on its event. Which input changed
is told by comparing each with what this module saw or set in the previous run, so the logic
needs no widget callbacks and can be driven from ``AppTest`` through session state.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Collection
from typing import Any, Literal

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.query import schema as S
from geo.render.assets import Basemap, map_css
from geo.render.geometry import Bounds, Frame
from geo.render.layers import base_map, dynamic_layers
from geo.render.payload import PreparedLayers
from geo.render.popups import event_card_html, outlets_text, place_cell
from geo.render.view import choose_frame, data_bounds, selection_view
from geo.ui.urlstate import set_params

MAP_KEY = "events_map"
TABLE_KEY = "events_table_map"
SELECTED_KEY = "map_selected_event"
BASEMAP_KEY = "map_basemap"
EVENT_PARAM = "event"
TABLE_ROWS = 1000
"""Rows of the table under the map (the Events page lists all): 10,000 rows with their evidence were
2.8 MB sent on every run, for a table no one scrolls that far under a map."""
MAP_RETURNS = ["last_active_drawing"]
"""What the map sends back: the clicked feature only. Panning and zooming do not change it, so they never rerun
the app. Its properties carry the click's time (``click``, set by the map's script), so every click is new.
A click counter is not asked for: st_folium's default for it (None) differs from the browser's first value
(0), which made every page view run the whole page twice, the second time while the map was first drawn."""
BASEMAP_LABELS: dict[str, str] = {
    "offline": "Countries (offline)",
    "osm": "OpenStreetMap (online)",
    "satellite": "Satellite (online)",
}

_SEEN_CLICK = "_map_seen_click"
_TABLE_SHOWN = "_map_table_shown"  # (event ids in table order, rows this module selected)
_VIEW = "_map_view"  # (centre, zoom) last sent to st_folium
_URL_READ = "_map_event_from_url"

Source = Literal["map", "table", "url"]


@dataclass(frozen=True)
class Selection:
    """The selected event (None for none) and, when it changed in this run, what changed it."""

    event_id: str | None
    changed_by: Source | None = None


def clicked_event_id(value: Any) -> str | None:
    """The ``event_id`` of the clicked feature in an ``st_folium`` return value, or None.

    Examples
    --------
    >>> clicked_event_id({"last_active_drawing": {"properties": {"event_id": "e1"}}})
    'e1'
    >>> clicked_event_id({"last_active_drawing": {"properties": {"layer": "origin"}}}) is None
    True
    """
    if not isinstance(value, dict):
        return None
    feature = value.get("last_active_drawing")
    props = feature.get("properties") if isinstance(feature, dict) else None
    event_id = props.get("event_id") if isinstance(props, dict) else None
    return str(event_id) if event_id else None


def click_key(value: Any) -> tuple[Any, str] | None:
    """What tells one click from the next in an ``st_folium`` value: (click time, event id); None for no click.

    Examples
    --------
    >>> click_key({"last_active_drawing": {"properties": {"event_id": "e1", "click": 1700000000000}}})
    (1700000000000, 'e1')
    >>> click_key({"last_active_drawing": None}) is None
    True
    """
    event_id = clicked_event_id(value)
    if event_id is None:
        return None
    return value["last_active_drawing"]["properties"].get("click"), event_id


def _table_rows() -> list[int]:
    state = st.session_state.get(TABLE_KEY)
    try:
        return [int(r) for r in state["selection"]["rows"]]
    except (KeyError, TypeError):
        return []


# The ids of all rows change only with the store and the unit; a set of 100,000 of them took 50 ms a run.
@st.cache_resource(show_spinner=False, max_entries=8)
def _row_ids(_rows: pd.DataFrame, version: str, unit: str) -> frozenset[str]:
    return frozenset(_rows[S.EVENT_ID].tolist())


def row_ids(rows: pd.DataFrame, version: str, unit: str) -> frozenset[str]:
    """The ids of ``rows`` (all the rows of ``unit`` at store ``version``), worked out once per version."""
    return _row_ids(rows, version, unit)


def holds(rows: pd.DataFrame, event_id: str | None) -> bool:
    """Whether one of ``rows`` has the id ``event_id``."""
    return bool(event_id) and bool((rows[S.EVENT_ID] == event_id).any())


def current_selection(known_ids: Collection[str]) -> Selection:
    """Work out the selected event from the map click, the table selection and (first run) the URL.

    Parameters
    ----------
    known_ids
        Every event id (unfiltered): a selection of any other id is ignored.
    """
    ss = st.session_state
    selected = ss.get(SELECTED_KEY)
    if not ss.get(_URL_READ):
        ss[_URL_READ] = True
        wanted = st.query_params.get(EVENT_PARAM)
        if wanted in known_ids:
            ss[SELECTED_KEY] = wanted
            return Selection(wanted, "url")
    value = ss.get(MAP_KEY)
    click = click_key(value)
    if click and click != ss.get(_SEEN_CLICK):
        ss[_SEEN_CLICK] = click
        if click[1] in known_ids:
            ss[SELECTED_KEY] = click[1]
            return Selection(click[1], "map")
    shown = ss.get(_TABLE_SHOWN)
    rows = _table_rows()
    if shown is not None and rows != shown[1]:
        ids = shown[0]
        picked = ids[rows[0]] if rows and 0 <= rows[0] < len(ids) else None
        ss[SELECTED_KEY] = picked
        return Selection(picked, "table")
    return Selection(selected if selected in known_ids else None)


def clear_selection() -> None:
    """Forget the selected event (a button callback)."""
    st.session_state[SELECTED_KEY] = None


def selected_first(df: pd.DataFrame, event_id: str | None) -> pd.DataFrame:
    """``df`` with the row of ``event_id`` moved to the top (unchanged when it is not there)."""
    if event_id is None:
        return df
    hit = df[S.EVENT_ID] == event_id
    if not hit.any():
        return df
    return pd.concat([df[hit], df[~hit]])


def prepare_table(shown: pd.DataFrame, event_id: str | None, limit: int | None = None) -> pd.DataFrame:
    """The first ``limit`` (default ``TABLE_ROWS``) shown events in table order, the selected one first,
    with the table's selection set to match.

    Call it before ``st.dataframe(..., key=TABLE_KEY)``: it writes the selection into session state,
    which Streamlit only allows before the widget is drawn.
    """
    ordered = selected_first(shown, event_id).head(TABLE_ROWS if limit is None else limit)
    rows = [0] if event_id is not None and len(ordered) and ordered[S.EVENT_ID].iloc[0] == event_id else []
    if _table_rows() != rows:
        st.session_state[TABLE_KEY] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    st.session_state[_TABLE_SHOWN] = (tuple(ordered[S.EVENT_ID]), rows)
    return ordered


def write_event_param(event_id: str | None) -> None:
    """Mirror the selection in the URL (``event=<id>``), next to the filter."""
    set_params({EVENT_PARAM: event_id}, [EVENT_PARAM])


def map_view(shown: pd.DataFrame, selection: Selection, frame: Frame) -> tuple[tuple[float, float] | None, int | None]:
    """``center``/``zoom`` for st_folium: set when a table row (or the URL) picked an event, else kept.

    st_folium moves the map only when these change (without remounting it), so the values
    are kept across runs; a tiny offset makes picking the same row again recentre the map.
    """
    ss = st.session_state
    view = ss.get(_VIEW, (None, None, 0))
    if selection.changed_by in ("table", "url") and selection.event_id:
        target = selection_view(shown, selection.event_id, frame)
        if target is not None:
            (lat, lon), zoom = target
            nonce = view[2] + 1
            view = ((lat + nonce * 1e-9, lon), zoom, nonce)
            ss[_VIEW] = view
    return view[0], view[1]


def basemap_choice() -> Basemap:
    """The sidebar's base-map choice: offline by default; online tiles for connected users."""
    choice = st.sidebar.radio("Base map", list(BASEMAP_LABELS), key=BASEMAP_KEY,
                              format_func=BASEMAP_LABELS.__getitem__,
                              help="Online tiles need a network connection; the offline map always works.")
    return choice if choice in BASEMAP_LABELS else "offline"  # type: ignore[return-value]


@st.cache_resource(show_spinner=False, max_entries=4)
def _prepared(_events: pd.DataFrame, version: str, unit: str) -> tuple[Frame, Bounds | None, PreparedLayers]:
    """The longitude frame, the fitted view and the per-row layer data of all rows, once per store version and unit
    (sorties or reports: two frames of one store).

    A resource (shared, not copied): the prepared layers are only read.
    """
    frame = choose_frame(_events)
    return frame, data_bounds(_events, frame=frame), PreparedLayers(_events, frame)


def events_map(events: pd.DataFrame, shown: pd.DataFrame, selection: Selection, *, version: str,
               basemap: Basemap = "offline", height: int = 560, unit: str = "reports") -> dict[str, Any] | None:
    """Draw the map: a stable base map and the shown events as st_folium's dynamic feature groups.

    The base map (basemap, fitted view, layer-less) depends only on all ``events`` and the
    basemap choice, so filter changes and selections redraw the feature groups without
    remounting the map. The layer control covers the three layers (flight lines, events,
    origins); the base map is chosen in the sidebar only.

    Parameters
    ----------
    events
        All events (they fix the view and the longitude frame).
    shown
        The filtered events to draw.
    selection
        The selected event: ringed, with its popup opened when it has just been selected.
    version
        Changes with the store's contents (``geo.ui.store_version``), for caching the frame.
    basemap
        See ``geo.render.assets.offline_map``.
    unit
        ``"sorties"`` when the rows are sorties (``geo.query.sorties.sorties_frame``), else ``"reports"``.
    """
    frame, bounds, prepared = _prepared(events, version, unit)
    center, zoom = map_view(shown, selection, frame)
    drawn: dict[str, int] = {}
    layers = dynamic_layers(shown, frame=frame, highlight=selection.event_id, prepared=prepared,
                            open_popup=selection.changed_by is not None, drawn=drawn)
    bundled_notice(drawn, unit)
    # The control lists the layers only: the base map is the sidebar's choice (one control, not two).
    return st_folium(base_map(events, frame=frame, basemap=basemap, bounds=bounds),
                     feature_group_to_add=layers, layer_control=folium.LayerControl(collapsed=False),
                     key=MAP_KEY, returned_objects=MAP_RETURNS, center=center, zoom=zoom,
                     height=height, use_container_width=True)


def bundled_notice(drawn: dict[str, int], unit: str) -> None:
    """Say, when there are more placed rows than the map draws one by one, how many it draws and how many it counts.

    ``drawn``: as ``geo.render.layers.dynamic_layers`` fills it.
    """
    bundled = drawn.get("bundled", 0)
    if bundled:
        placed = drawn.get("single", 0) + bundled
        many = "sorties" if unit == "sorties" else "reports"
        st.caption(f"{placed:,} {many} on the map: showing {drawn.get('single', 0):,} markers, the other {bundled:,} "
                   f"counted in {drawn.get('bundles', 0):,} clusters (a numbered grey disc each). Narrow the dates "
                   "or filters to draw them one by one.")


def event_details(shown: pd.DataFrame, event_id: str | None) -> None:
    """The selected event's card (what its map popup says, with its countries) and a button to clear it."""
    if event_id is None:
        return
    match = shown[shown[S.EVENT_ID] == event_id]
    if match.empty:
        return
    with st.container(border=True, key="selected_event"):
        st.html(f"<style>{map_css()} .sortie-popup{{max-width:none}}</style>{event_card_html(match.iloc[0])}")
        st.button("Clear selection", key="clear_selected_event", on_click=clear_selection)


NO_PLACE_ANCHOR = "events-with-no-place"
# The evidence comes before the sortie's sources: the grid draws only the columns in view, and "which
# sentence says so" is what an analyst reads first.
TABLE_COLUMNS = [S.DATE_TEXT, S.DATE_PRECISION, S.KIND, S.AIRCRAFT_TEXT, S.ACTIVITY, S.PLACE_NAME, S.COUNTRIES,
                 S.EVIDENCE, S.SOURCE_COUNT, S.SOURCES, S.DISAGREEMENTS, S.ARTICLE_TITLE, S.CORRECTED]
TABLE_CONFIG: dict[str, Any] = {
    S.DATE_TEXT: "date", S.DATE_PRECISION: "precision", S.AIRCRAFT_TEXT: "aircraft", S.PLACE_NAME: "place",
    S.ARTICLE_TITLE: "article", S.EVIDENCE: st.column_config.TextColumn("evidence", width="large"),
    S.SOURCE_COUNT: st.column_config.NumberColumn("sources", help="How many articles report this occurrence"),
    S.SOURCES: st.column_config.TextColumn("outlets", help="Who reported it"),
    S.DISAGREEMENTS: st.column_config.TextColumn("disagreements", help="Where the reports of it disagree"),
    S.CORRECTED: st.column_config.TextColumn("corrected", help="The fields an analyst corrected on the Review page"),
}


def table_view(rows: pd.DataFrame) -> pd.DataFrame:
    """The table's columns for ``rows``: lists joined, the place saying which places were not placed and why."""
    table = rows[TABLE_COLUMNS].copy()
    table[S.COUNTRIES] = table[S.COUNTRIES].map(", ".join)
    table[S.SOURCES] = table[S.SOURCES].map(outlets_text)
    table[S.DISAGREEMENTS] = table[S.DISAGREEMENTS].map("; ".join)
    table[S.CORRECTED] = table[S.CORRECTED].map(", ".join)
    table[S.ACTIVITY] = table[S.ACTIVITY].str.replace("_", " ")
    # Three columns, not whole rows: to_dict("records") of 1,000 rows cost 30 ms on every run.
    table[S.PLACE_NAME] = [place_cell({S.PLACE_NAME: name, S.LOCATIONS: locations, S.ORIGINS: origins})
                           for name, locations, origins in zip(rows[S.PLACE_NAME], rows[S.LOCATIONS], rows[S.ORIGINS])]
    return table


def no_place(shown: pd.DataFrame) -> pd.DataFrame:
    """The shown events that have no place on the map (no location or origin could be placed)."""
    return shown[shown[S.LAT].isna() | shown[S.LON].isna()]


def no_place_notice(shown: pd.DataFrame) -> None:
    """Say how many shown events have no place, with a link to their list under the map (nothing when none)."""
    n = len(no_place(shown))
    if n:
        st.caption(f"{n} shown event{'s have' if n != 1 else ' has'} no place on the map: "
                   f"[list {'them' if n != 1 else 'it'}](#{NO_PLACE_ANCHOR})")


def listed_apart(rows: pd.DataFrame, heading: str, note: str, *, anchor: str, key: str) -> None:
    """A table of events kept off the map (no place, or undated in a time window), under a linkable heading."""
    if rows.empty:
        return
    st.subheader(f"{heading} ({len(rows)})", anchor=anchor)
    st.caption(note)
    st.dataframe(table_view(rows), hide_index=True, width="stretch", key=key, column_config=TABLE_CONFIG)


def no_place_table(shown: pd.DataFrame) -> None:
    """The list the notice links to: the shown events with no place, each saying what could not be placed."""
    listed_apart(no_place(shown), "Events with no place",
                 "Their places could not be placed (the reason is given with each name), so the map cannot draw them.",
                 anchor=NO_PLACE_ANCHOR, key="events_table_no_place")
