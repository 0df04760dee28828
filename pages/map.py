"""Map page: the filtered sorties (or reports) on the offline map, with play-back, a weekly timeline and the linked table."""
from dataclasses import replace

import streamlit as st

from geo.query import schema as S
from geo.query import filter_events
from geo.query.sorties import sorties_matching
from geo.render import missing_assets
from geo.ui import get_store, load_events, load_sorties, mapview, playback, sidebar_filters, store_version, units
from geo.ui.filters import FLT_DATES, slider_bounds
from geo.ui.navigation import use_app_navigation

use_app_navigation()

st.title("Sortie: shows of force on the map")
store = get_store()
version = store_version(store)
reports = load_events(store, version)
unit = units.unit_choice()
by_sortie = unit == "sorties"
# The rows shown: sorties (one per real occurrence) or reports. Filters always test the reports, and a
# sortie is shown when any of its reports passes.
rows = load_sorties(store, version) if by_sortie else reports
bounds = slider_bounds(reports)
playback.advance(bounds)  # before the slider is drawn: play-back moves its value
flt = sidebar_filters(reports, version=version, count_by=S.SORTIE_ID if by_sortie else None)
basemap = mapview.basemap_choice()
matched = filter_events(reports, flt)
# In a time window undated events belong to no frame: they are listed apart, not drawn in every one.
shown, undated = playback.split_undated(sorties_matching(rows, matched, reports) if by_sortie else matched, flt, bounds)
units.carry_selection(unit, reports, mapview.SELECTED_KEY, mapview.EVENT_PARAM)
selection = mapview.current_selection(mapview.row_ids(rows, version, unit))
mapview.write_event_param(selection.event_id if mapview.holds(shown, selection.event_id) else None)

st.caption(units.shown_caption(unit, shown, rows, matched, reports))
mapview.no_place_notice(shown)
playback.undated_notice(undated)
missing = missing_assets()
if missing:
    st.error(f"The map's offline files are missing ({', '.join(missing[:3])}…). Run `make static` (or `make run`) "
             "to fetch them from the npm lock file, then reload.")
else:
    mapview.events_map(rows, shown, selection, version=version, basemap=basemap, unit=unit)

# Under the map, like a player's controls: play-back, and the weekly timeline. The chart shares
# every filter but the date range, which it shows as the shaded window.
others = filter_events(reports, replace(flt, start=None, end=None))
others = sorties_matching(rows, others, reports) if by_sortie else others
playback.controls(bounds, others)
playback.timeline_chart(others, st.session_state.get(FLT_DATES), bounds)

mapview.event_details(shown, selection.event_id)
table = mapview.table_view(mapview.prepare_table(shown, selection.event_id))
if len(table) < len(shown):
    st.caption(f"The table lists the first {len(table):,} of these {units.noun(unit, len(shown))} (the selected one "
               "first); narrow the dates or filters, or open the Events page for all of them.")
st.dataframe(table, hide_index=True, width="stretch", key=mapview.TABLE_KEY, on_select="rerun",
             selection_mode="single-row", column_config=mapview.TABLE_CONFIG)
st.caption(f"Click a marker to select its {units.NOUNS[unit][0]} here; pick a row to find it on the map.")
mapview.no_place_table(shown)
mapview.listed_apart(undated, "Undated events", "They have no date, so no time window holds them.",
                     anchor=playback.UNDATED_ANCHOR, key="events_table_undated")
playback.continue_if_playing()
