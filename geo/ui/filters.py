"""Sidebar widgets that turn the user's choices into an ``EventFilter``."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from geo import schema as S
from geo.query import EventFilter, option_counts


def date_bounds(df: pd.DataFrame) -> tuple[date, date] | None:
    """First and last event date, or None when no event is dated."""
    dates = df[S.DATE].dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def sidebar_filters(df: pd.DataFrame) -> EventFilter:
    """Draw the date-range slider and the aircraft-type filter; return what they select."""
    sb = st.sidebar
    sb.header("Filters")
    start = end = None
    bounds = date_bounds(df)
    if bounds:
        lo, hi = bounds
        if lo == hi:  # a slider needs a range; widen a single day to show it
            lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
        start, end = sb.slider("Date range", min_value=lo, max_value=hi, value=(lo, hi), format="YYYY-MM-DD",
                               key="flt_dates", help="Events whose date (or month, or year) overlaps the range.")
    counts = option_counts(df, S.AIRCRAFT_TYPES)
    types = sb.multiselect("Aircraft type", options=sorted(counts), key="flt_types",
                           format_func=lambda t: f"{t} ({counts.get(t, 0)})",
                           help="Show only events in which one of these types took part.")
    undated = sb.checkbox("Include undated events", value=True, key="flt_undated")
    return EventFilter(start=start, end=end, aircraft_types=frozenset(types), include_undated=undated)
