"""Events page: the filtered sorties (or reports) as a sortable table, with CSV, GeoJSON, Parquet and snapshot downloads."""
from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from geo.render import export
from geo.query import schema as S
from geo.query import filter_events
from geo.query.sorties import sorties_matching
from geo.render.popups import outlets_text
from geo.store import EventStore
from geo.ui import get_store, load_events, load_sorties, playback, sidebar_filters, store_version, units
from geo.ui.filters import slider_bounds
from geo.ui.navigation import use_app_navigation
from geo.ui.untrusted import plain

use_app_navigation()

TABLE_COLUMNS = [S.DATE_TEXT, S.DATE_PRECISION, S.KIND, S.STATUS, S.AIRCRAFT_TEXT, S.ORIGINS, S.LOCATIONS,
                 S.COUNTRIES, S.EVIDENCE, S.SOURCE_COUNT, S.SOURCES, S.DISAGREEMENTS, S.ARTICLE_TITLE, S.CORRECTED,
                 S.SORTIE_ID]


def _names(places: tuple) -> str:
    return ", ".join(p.name if p.located else f"{p.name} (not placed)" for p in places)


@st.cache_data(show_spinner="Preparing the downloads…", max_entries=16)
def _exports(event_ids: tuple[str, ...], filter_text: str, data_version: str, day: str, unit: str,
             _shown: pd.DataFrame, _store: EventStore) -> dict[str, bytes | str]:
    # Keyed on what is shown (ids), how it was chosen (filter), what the store holds, the unit and the
    # day (the snapshot id carries it); the frame and store are left out of the hash.
    zipped, version = export.snapshot_zip(_shown, _store.articles(), filter_description=filter_text, unit=unit)
    return {"csv": export.to_csv(_shown), "geojson": export.geojson_bytes(_shown),
            "parquet": export.to_parquet(_shown), "zip": zipped, "version": version}


st.title("Events")
store = get_store()
version = store_version(store)
reports = load_events(store, version)
unit = units.unit_choice()
by_sortie = unit == "sorties"
rows = load_sorties(store, version) if by_sortie else reports
# The filter, its date window and the switch are the tab's (geo.ui.urlstate): set on the Map, they hold here.
flt = sidebar_filters(reports, version=version, count_by=S.SORTIE_ID if by_sortie else None)
matched = filter_events(reports, flt)  # a sortie is shown when any of its reports passes
shown = sorties_matching(rows, matched, reports) if by_sortie else matched
filter_text = export.describe_filter(flt)
# Counted as the Map counts: in a time window, the undated rows are in no window and listed apart (here, last).
in_window, undated = playback.split_undated(shown, flt, slider_bounds(reports))
shown = pd.concat([in_window, undated]) if len(undated) else shown

st.caption(units.shown_caption(unit, in_window, rows, matched, reports)
           + (f", and {units.noun(unit, len(undated))} without a date, in no time window (listed last)"
              if len(undated) else ""))
st.caption(f"Showing the Map's selection: {plain(filter_text)} · as {unit}")  # names articles: plain text
table = shown[TABLE_COLUMNS].copy()
table[S.ORIGINS] = table[S.ORIGINS].map(_names)
table[S.LOCATIONS] = table[S.LOCATIONS].map(_names)
table[S.COUNTRIES] = table[S.COUNTRIES].map(", ".join)
table[S.SOURCES] = table[S.SOURCES].map(outlets_text)
table[S.DISAGREEMENTS] = table[S.DISAGREEMENTS].map("; ".join)
table[S.CORRECTED] = table[S.CORRECTED].map(", ".join)
# st.dataframe shows every cell as plain text, so article text such as "<script>" stays literal.
st.dataframe(table, hide_index=True, width="stretch", key="events_table",
             column_config={
                 S.DATE_TEXT: st.column_config.TextColumn("date", help="YYYY-MM-DD, YYYY-MM or YYYY"),
                 S.DATE_PRECISION: st.column_config.TextColumn("precision"),
                 S.KIND: st.column_config.TextColumn("kind"),
                 S.STATUS: st.column_config.TextColumn("status"),
                 S.AIRCRAFT_TEXT: st.column_config.TextColumn("aircraft"),
                 S.ORIGINS: st.column_config.TextColumn("origins", help="Where the aircraft flew from"),
                 S.LOCATIONS: st.column_config.TextColumn("locations", help="Where the event took place"),
                 S.COUNTRIES: st.column_config.TextColumn("countries"),
                 S.EVIDENCE: st.column_config.TextColumn("evidence", width="large",
                                                         help="The article's sentence that reports the event"),
                 S.ARTICLE_TITLE: st.column_config.TextColumn("article", help="For a sortie, its first report's"),
                 S.SOURCE_COUNT: st.column_config.NumberColumn("sources", help="How many articles report it"),
                 S.SOURCES: st.column_config.TextColumn("outlets", help="Who reported it"),
                 S.DISAGREEMENTS: st.column_config.TextColumn("disagreements",
                                                              help="Where the reports of it disagree"),
                 S.CORRECTED: st.column_config.TextColumn("corrected",
                                                          help="The fields an analyst corrected on the Review page"),
                 S.SORTIE_ID: st.column_config.TextColumn("sortie", help="The sortie's id (stable across re-ingest)"),
             })

today = datetime.now(timezone.utc).strftime("%Y%m%d")
files = _exports(tuple(shown[S.EVENT_ID]), filter_text, version, today, unit, shown, store)
st.subheader("Download")
cols = st.columns(4)
# on_click="ignore": downloading must not rerun the page.
cols[0].download_button("CSV", files["csv"], file_name=f"sortie-{unit}-{today}.csv", mime="text/csv",
                        key="dl_csv", on_click="ignore",
                        help=f"One row per {units.NOUNS[unit][0]}; lists joined with '; ', sources as JSON")
cols[1].download_button("GeoJSON", files["geojson"], file_name=f"sortie-{unit}-{today}.geojson",
                        mime="application/geo+json", key="dl_geojson", on_click="ignore",
                        help="RFC 7946: event points and flight lines, for QGIS or kepler.gl")
cols[2].download_button("Parquet", files["parquet"], file_name=f"sortie-{unit}-{today}.parquet",
                        mime="application/vnd.apache.parquet", key="dl_parquet", on_click="ignore",
                        help="Typed columns, for pandas, DuckDB or Arrow")
cols[3].download_button("Snapshot", files["zip"], file_name=f"{files['version']}.zip", mime="application/zip",
                        key="dl_snapshot", on_click="ignore",
                        help="Zip of the table in every format, the sources, a methodology note and a manifest")
st.caption(f"Snapshot id: `{files['version']}`")
