"""The sorties / reports switch: what one row of the map, the tables, the timeline and the counts is, kept in the URL.

Sorties by default (one row per real occurrence, every report of it merged); ``?show=reports`` shows
each report as extracted. The choice is a sidebar widget whose value outlives a page change (a
shadow key) and is written to the query string like the filter, so a view can be shared.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geo.query import schema as S
from geo.query.sorties import UNITS
from geo.ui.urlstate import current_page, set_params

UNIT_KEY = "view_unit"
UNIT_PARAM = "show"
DEFAULT_UNIT = "sorties"
_KEPT = "_view_unit_kept"  # survives the pages on which the widget is not drawn
_URL_READ = "_view_unit_from_url"
_WIDGET_PAGE = "_view_unit_page"  # the page whose switch holds the choice
LABELS: dict[str, str] = {"sorties": "Sorties", "reports": "Reports"}
HELP = ("Sorties: one row per real occurrence, all the articles that report it merged into it (their sources "
        "and where they disagree are listed with it). Reports: one row per event as each article reports it. "
        "Filters keep a sortie when any of its reports passes them.")
NOUNS: dict[str, tuple[str, str]] = {"sorties": ("sortie", "sorties"), "reports": ("report", "reports")}


def unit_from_param(value: object) -> str | None:
    """The unit a ``show`` query parameter names, None for anything else.

    Examples
    --------
    >>> unit_from_param("reports"), unit_from_param(["sorties"]), unit_from_param("x")
    ('reports', 'sorties', None)
    """
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return value if value in UNITS else None


def unit_choice() -> str:
    """Draw the switch in the sidebar (first, above the filters) and return ``"sorties"`` or ``"reports"``."""
    ss = st.session_state
    if not ss.get(_URL_READ):
        ss[_URL_READ] = True
        wanted = unit_from_param(st.query_params.get(UNIT_PARAM))
        if wanted:
            ss[UNIT_KEY] = wanted
    # Each page's switch is a new widget to Streamlit (its id includes the page): on entering a page it
    # is set from the kept choice, or a key left over from the last page would start it at its default.
    if UNIT_KEY not in ss or ss.get(_WIDGET_PAGE) != current_page():
        ss[UNIT_KEY] = ss.get(_KEPT, ss.get(UNIT_KEY, DEFAULT_UNIT))
    ss[_WIDGET_PAGE] = current_page()
    if ss[UNIT_KEY] not in UNITS:
        ss[UNIT_KEY] = DEFAULT_UNIT
    unit = st.sidebar.radio("Show", UNITS, key=UNIT_KEY, format_func=LABELS.__getitem__, horizontal=True, help=HELP)
    ss[_KEPT] = unit
    set_params({UNIT_PARAM: None if unit == DEFAULT_UNIT else unit}, [UNIT_PARAM])
    return unit


def noun(unit: str, n: int) -> str:
    """``"1 sortie"``, ``"3 reports"``."""
    one, many = NOUNS.get(unit, ("event", "events"))
    return f"{n:,} {one if n == 1 else many}"


def shown_caption(unit: str, shown: pd.DataFrame, total: pd.DataFrame, reports_shown: pd.DataFrame,
                  reports: pd.DataFrame) -> str:
    """``"12 of 13 sorties shown (from 14 of 15 reports)"``, or for reports ``"14 of 15 reports shown (12 sorties)"``."""
    one, many = NOUNS[unit]
    head = f"{len(shown):,} of {len(total):,} {many if len(total) != 1 else one} shown"
    if unit == "sorties":
        return f"{head} (from {len(reports_shown):,} of {len(reports):,} reports)"
    sorties = len({s for s in reports_shown[S.SORTIE_ID] if s})
    return f"{head} ({noun('sorties', sorties)})"


def selection_in(unit: str, selected: str | None, reports: pd.DataFrame) -> str | None:
    """The selection carried over a switch: a report's sortie, or a sortie's first report; else as it is."""
    if not selected:
        return selected
    if unit == "sorties":
        hit = reports[S.SORTIE_ID][reports[S.EVENT_ID] == selected]
        return str(hit.iloc[0]) if len(hit) and hit.iloc[0] else selected
    members = reports[reports[S.SORTIE_ID] == selected]
    if not len(members):
        return selected
    first = [s.event_id for s in members[S.SOURCES].iloc[0][:1]]
    lead = members[members[S.EVENT_ID].isin(first)]
    return str((lead if len(lead) else members)[S.EVENT_ID].iloc[0])


def carry_selection(unit: str, reports: pd.DataFrame, state_key: str, param: str,
                    params: Mapping[str, object] | None = None) -> None:
    """Translate the selected row (session state ``state_key``, and the ``param`` of the URL) into ``unit``'s ids."""
    ss = st.session_state
    if state_key in ss:
        ss[state_key] = selection_in(unit, ss[state_key], reports)
    query = st.query_params if params is None else params
    value = query.get(param)
    if isinstance(value, str) and value:
        moved = selection_in(unit, value, reports)
        if moved != value:
            st.query_params[param] = moved
