"""Column names and dtypes of the events DataFrame that query and render share."""
from __future__ import annotations

import pandas as pd

# One row per event. List-valued columns hold tuples so that rows stay hashable.
EVENT_ID = "event_id"
ARTICLE_ID = "article_id"
ARTICLE_NAME = "article"  # file name, as in the CLI contract
ARTICLE_TITLE = "article_title"
KIND = "kind"
STATUS = "status"
DATE = "date"  # pandas Timestamp (first day of the period) or NaT
DATE_TEXT = "date_text"  # "YYYY-MM-DD" / "YYYY-MM" / "YYYY" / ""
DATE_PRECISION = "date_precision"
AIRCRAFT_TYPES = "aircraft_types"  # tuple[str, ...]
AIRCRAFT_ROLES = "aircraft_roles"  # tuple[str, ...]
AIRCRAFT_TEXT = "aircraft"  # "2× B-1B, F-15C" for display
ACTIVITY = "activity"  # what a flight was doing ("escort", "joint_drill"...), "" when the text does not say
COUNTRIES = "countries"  # tuple[str, ...]
EVIDENCE = "evidence"
EVIDENCE_START = "evidence_start"
EVIDENCE_END = "evidence_end"
# The event's main area (first located location), where its marker is drawn.
PLACE_NAME = "place"
LAT = "lat"
LON = "lon"
PLACE_PRECISION = "place_precision"
RADIUS_KM = "radius_km"
# Every place of the event, as tuples of ``geo.models.Place`` (frozen, hashable). An unresolved
# place has lat/lon None and says why in its ``reason``: it is never drawn, but listed as "not placed".
ORIGINS = "origins"
LOCATIONS = "locations"
# The sortie (one real occurrence, ``geo.sorties``) a row belongs to, or is: in a row of reports its sortie's
# id, article count, sources and disagreements; in a row of sorties (``geo.query.sorties.sorties_frame``,
# whose EVENT_ID is the sortie's id) its own. Empty ("", 0, ()) for an events frame built without sorties.
SORTIE_ID = "sortie_id"
SOURCE_COUNT = "source_count"  # how many articles report the sortie
SOURCES = "sources"  # tuple[geo.models.SortieSource, ...]: one per report, by publication date
DISAGREEMENTS = "disagreements"  # tuple[str, ...]: "2 B-1B (Yonhap) vs 4 B-1B (KCNA)"
CORRECTED = "corrected"  # tuple[str, ...]: the fields an analyst corrected ("date", "kind"...), () when none
# Not exported (not in EVENT_COLUMNS): what the views need beyond the table.
AIRCRAFT_MATCH = "aircraft_match"  # tuple[str, ...]: every type and type family the aircraft answer to
EVENT = "event"  # the ``geo.models.Event`` the row was built from

EVENT_COLUMNS: tuple[str, ...] = (
    EVENT_ID, ARTICLE_ID, ARTICLE_NAME, ARTICLE_TITLE, KIND, STATUS, DATE, DATE_TEXT, DATE_PRECISION,
    AIRCRAFT_TYPES, AIRCRAFT_ROLES, AIRCRAFT_TEXT, ACTIVITY, COUNTRIES, EVIDENCE, EVIDENCE_START, EVIDENCE_END,
    PLACE_NAME, LAT, LON, PLACE_PRECISION, RADIUS_KM, ORIGINS, LOCATIONS, SORTIE_ID, SOURCE_COUNT, SOURCES,
    DISAGREEMENTS, CORRECTED,
)
"""The columns of the event table, in the order the exports write them."""
FRAME_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, AIRCRAFT_MATCH, EVENT)
"""Every column of the events frame: the table's and the two that only the views read."""

# Colours per event kind, shared by the map, the legend and the timeline chart.
KIND_COLOURS: dict[str, str] = {
    "flight": "#d62728",
    "missile_launch": "#ff7f0e",
    "nuclear_test": "#9467bd",
    "exercise": "#2ca02c",
    "deployment": "#1f77b4",
    "other": "#7f7f7f",
}


def empty_events() -> pd.DataFrame:
    """An events frame with every column and no rows."""
    df = pd.DataFrame({c: pd.Series(dtype="object") for c in FRAME_COLUMNS})
    df[DATE] = pd.Series(dtype="datetime64[ns]")
    for c in (LAT, LON, RADIUS_KM):
        df[c] = pd.Series(dtype="float64")
    df[SOURCE_COUNT] = pd.Series(dtype="int64")
    return df


def validate_events(df: pd.DataFrame) -> pd.DataFrame:
    """Check that ``df`` has every column of the events frame; return it unchanged.

    Raises
    ------
    ValueError
        Naming the missing columns; build the frame with ``geo.query.events_frame``.
    """
    missing = [c for c in FRAME_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"events frame lacks columns {missing}; expected all of {list(FRAME_COLUMNS)} "
                         "(build it with geo.query.events_frame)")
    return df
