"""Map page: filtered events on the offline map, with play-back, a weekly timeline and the linked event table."""
from dataclasses import replace

import streamlit as st

from geo.query import schema as S
from geo.query import filter_events
from geo.render import missing_assets
from geo.ui import get_store, load_events, mapview, playback, sidebar_filters, store_version
from geo.ui.filters import FLT_DATES, slider_bounds
from geo.ui.navigation import use_app_navigation

use_app_navigation()

TABLE_COLUMNS = [S.DATE_TEXT, S.DATE_PRECISION, S.KIND, S.AIRCRAFT_TEXT, S.PLACE_NAME, S.COUNTRIES, S.EVIDENCE,
                 S.ARTICLE_TITLE]

st.title("Sortie: shows of force on the map")
store = get_store()
version = store_version(store)
events = load_events(store, version)
bounds = slider_bounds(events)
playback.advance(bounds)  # before the slider is drawn: play-back moves its value
flt = sidebar_filters(events, version=version)
basemap = mapview.basemap_choice()
shown = filter_events(events, flt)
selection = mapview.current_selection(set(events[S.EVENT_ID]))
mapview.write_event_param(selection.event_id if selection.event_id in set(shown[S.EVENT_ID]) else None)

st.caption(f"{len(shown)} of {len(events)} events shown")
missing = missing_assets()
if missing:
    st.error(f"The map's offline files are missing ({', '.join(missing[:3])}…). Run `make static` (or `make run`) "
             "to fetch them from the npm lock file, then reload.")
else:
    mapview.events_map(events, shown, selection, version=version, basemap=basemap)

# Under the map, like a player's controls: play-back, and the weekly timeline. The chart shares
# every filter but the date range, which it shows as the shaded window.
playback.controls(bounds)
playback.timeline_chart(filter_events(events, replace(flt, start=None, end=None)), st.session_state.get(FLT_DATES),
                        bounds)

mapview.event_details(shown, selection.event_id)
table = mapview.prepare_table(shown, selection.event_id)[TABLE_COLUMNS].copy()
if len(table) < len(shown):
    st.caption(f"The table lists the first {len(table):,} of these {len(shown):,} events (the selected one first); "
               "narrow the dates or filters, or open the Events page for all of them.")
table[S.COUNTRIES] = table[S.COUNTRIES].map(", ".join)
st.dataframe(table, hide_index=True, width="stretch", key=mapview.TABLE_KEY, on_select="rerun",
             selection_mode="single-row",
             column_config={S.DATE_TEXT: "date", S.DATE_PRECISION: "precision", S.AIRCRAFT_TEXT: "aircraft",
                            S.PLACE_NAME: "place", S.ARTICLE_TITLE: "article",
                            S.EVIDENCE: st.column_config.TextColumn("evidence", width="large")})
st.caption("Click a marker to select its event here; pick a row to find it on the map.")
playback.continue_if_playing()
