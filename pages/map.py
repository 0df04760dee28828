"""Map page: filtered events on the offline map, with the event table beneath."""
import streamlit as st
from streamlit_folium import st_folium

from geo import schema as S
from geo.query import filter_events
from geo.render import base_map, choose_frame, events_feature_group, missing_assets
from geo.ui import get_store, load_events, sidebar_filters

TABLE_COLUMNS = [S.DATE_TEXT, S.DATE_PRECISION, S.KIND, S.AIRCRAFT_TEXT, S.PLACE_NAME, S.COUNTRIES, S.EVIDENCE,
                 S.ARTICLE_TITLE]

st.title("Sortie: shows of force on the map")
store = get_store()
events = load_events(store)
flt = sidebar_filters(events)
shown = filter_events(events, flt)

missing = missing_assets()
if missing:
    st.error(f"The map's offline files are missing ({', '.join(missing[:3])}…). Run `make static` (or `make run`) "
             "to fetch them from the npm lock file, then reload.")
else:
    frame = choose_frame(events)
    # The base map is built from every event, so it stays the same as filters change and only
    # the feature group of shown events is redrawn (no remount, no flicker).
    base = base_map(events, frame=frame)
    st_folium(base, feature_group_to_add=events_feature_group(shown, frame=frame), key="events_map",
              returned_objects=[], height=560, use_container_width=True)

st.caption(f"{len(shown)} of {len(events)} events shown")
table = shown[TABLE_COLUMNS].copy()
table[S.COUNTRIES] = table[S.COUNTRIES].map(", ".join)
st.dataframe(table, hide_index=True, width="stretch",
             column_config={S.DATE_TEXT: "date", S.DATE_PRECISION: "precision", S.AIRCRAFT_TEXT: "aircraft",
                            S.PLACE_NAME: "place", S.ARTICLE_TITLE: "article",
                            S.EVIDENCE: st.column_config.TextColumn("evidence", width="large")})
