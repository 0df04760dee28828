"""Sidebar widgets that turn the user's choices into an ``EventFilter``, with counts, the tab's filter and the URL."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from geo.query import EventFilter, family_variants, option_counts
from geo.query import schema as S
from geo.query.facets import FACETS, FLT_ACTIVITIES, FLT_ARTICLES, FLT_COUNTRIES, FLT_DATES, FLT_KINDS, \
    FLT_ROLES, FLT_TYPES, FLT_UNDATED, Facet  # noqa: F401 - re-exported: pages and tests read the keys from here
from geo.query.index import EventIndex, index_of
from geo.render.popups import activity_label, kind_label


def date_bounds(df: pd.DataFrame) -> tuple[date, date] | None:
    """First and last event date, or None when no event is dated."""
    dates = df[S.DATE].dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def slider_bounds(df: pd.DataFrame) -> tuple[date, date] | None:
    """The date slider's range: :func:`date_bounds`, widened by a day each side when it is a single day."""
    bounds = date_bounds(df)
    if bounds and bounds[0] == bounds[1]:  # a slider needs a range; widen a single day to show it
        return bounds[0] - timedelta(days=1), bounds[1] + timedelta(days=1)
    return bounds


def facet_options(df: pd.DataFrame, facet: Facet) -> list[str]:
    """Every value of the facet's column in ``df``, sorted (the options do not change as filters change)."""
    return sorted(option_counts(df, facet.column))


@dataclass(frozen=True)
class FacetData:
    """What the facet filters need from all events: their index, each facet's counts, the articles' titles and the
    aircraft families."""

    index: EventIndex
    counts: dict[str, dict[str, int]]
    titles: dict[str, str]
    families: dict[str, tuple[str, ...]]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # facet key -> option -> its text, no count


def facet_data(df: pd.DataFrame, count_by: str | None = None) -> FacetData:
    """The index of ``df`` (``geo.query.index``), every facet's counts over it, its articles' titles and aircraft
    families.

    ``count_by``: count distinct values of this column (``sortie_id``: sorties) instead of rows.
    """
    index = index_of(df)
    data = FacetData(index=index, counts={f.key: index.counts(f, None, count_by) for f in FACETS},
                     titles=dict(zip(df[S.ARTICLE_NAME], df[S.ARTICLE_TITLE])),
                     families=family_variants(option_counts(df, S.AIRCRAFT_TYPES)))
    # Each option's text once: the sidebar labels 10,000 article options on every run.
    data.texts.update({f.key: {v: option_text(f, v, data) for v in data.counts[f.key]} for f in FACETS})
    return data


# A resource keyed on the store version: the counts and titles over all 100,000 events change only with
# the store. Callers pass the unfiltered frame of that version.
@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_facet_data(_df: pd.DataFrame, version: str, count_by: str | None = None) -> FacetData:
    return facet_data(_df, count_by)


def option_label(facet: Facet, value: str, count: int, facets: FacetData) -> str:
    """How one option of ``facet`` reads in the sidebar, with how many events it would keep.

    Examples
    --------
    >>> from geo.query.facets import FACET_BY_KEY
    >>> option_label(FACET_BY_KEY[FLT_ACTIVITIES], "joint_drill", 3, None)
    'joint drill (3)'
    """
    return f"{option_text(facet, value, facets)} ({count})"


def option_text(facet: Facet, value: str, facets: FacetData | None) -> str:
    """How one option of ``facet`` reads in the sidebar, without its count (see :func:`option_label`)."""
    if facet.option == "kind":
        return kind_label(value)
    if facet.option == "title":
        return (facets.titles.get(value) if facets else None) or value
    if facet.option == "family":  # a family keeps its variants: say so in its label
        return f"{value} family" if facets and value in facets.families else value
    if facet.option == "words":
        return activity_label(value)
    return value


def _labeller(facet: Facet, counts: dict[str, int], facets: FacetData) -> Callable[[str], str]:
    texts = facets.texts.get(facet.key, {})
    return lambda v: f"{texts[v] if v in texts else option_text(facet, v, facets)} ({counts.get(v, 0)})"


def listed_options(facet: Facet, options: list[str], counts: dict[str, int], chosen: Any) -> list[str]:
    """The options the facet's widget lists: all of them, or beyond ``facet.most`` the ones with the most events
    (given the other filters; ties by name) and the chosen ones, in the order of ``options``.

    Examples
    --------
    >>> from geo.query.facets import FACET_BY_KEY
    >>> from dataclasses import replace
    >>> few = replace(FACET_BY_KEY[FLT_ARTICLES], most=2)
    >>> listed_options(few, ["a", "b", "c", "d"], {"a": 1, "b": 5, "c": 5, "d": 9}, ["a"])
    ['a', 'b', 'd']
    """
    if facet.most is None or len(options) <= facet.most:
        return options
    busiest = sorted(options, key=lambda v: (-counts.get(v, 0), v))[:facet.most]
    keep = set(busiest) | set(chosen or ())
    return [v for v in options if v in keep]


def _clean_state(options: dict[str, list[str]], bounds: tuple[date, date] | None) -> None:
    """Make the stored widget values valid for this data before the widgets are drawn.

    Values come from the URL, the play-back or an earlier run over other data; a slider value
    outside its range or a multiselect value that is not an option would be an error.
    """
    ss = st.session_state
    if bounds and FLT_DATES in ss:
        lo, hi = bounds
        try:
            start, end = (min(max(d, lo), hi) for d in ss[FLT_DATES])
        except (TypeError, ValueError):
            start, end = lo, hi
        if (start, end) != tuple(ss[FLT_DATES]):
            ss[FLT_DATES] = (start, end) if start <= end else (lo, hi)
    for facet in FACETS:
        if facet.key in ss:
            known = set(options[facet.key])
            kept = [v for v in ss[facet.key] if v in known]
            if kept != list(ss[facet.key]):
                ss[facet.key] = kept


def filter_from_state(bounds: tuple[date, date] | None) -> EventFilter:
    """The filter that the stored widget values describe (what the widgets will return in this run).

    ``bounds`` is the date slider's range (None when no event is dated: no date restriction).
    """
    ss = st.session_state
    start = end = None
    if bounds and FLT_DATES in ss:
        start, end = ss[FLT_DATES]
    sets: dict[str, Any] = {f.field: frozenset(ss.get(f.key, ())) for f in FACETS}
    return EventFilter(start=start, end=end, include_undated=bool(ss.get(FLT_UNDATED, True)), **sets)


def sidebar_filters(df: pd.DataFrame, *, url: bool = True, version: str | None = None,
                    count_by: str | None = None) -> EventFilter:
    """Draw the date-range slider and the facet filters in the sidebar; return what they select.

    Parameters
    ----------
    df
        All events (``geo.query.schema`` columns): they give the slider's range and the options.
    url
        Keep the filter as the tab's (``geo.ui.urlstate``): on entering the page the widgets take
        the filter set on any other page (or, on the session's first run, in the address), and
        every run keeps the current filter and writes it into the address, so that a view can be
        shared and reloaded.
    version
        The store version ``df`` was loaded at (``geo.ui.store_version``): the index and counts over
        all events are then computed once per version instead of on every run.
    count_by
        Label each option with how many distinct values of this column it keeps (``sortie_id``: how many
        sorties, of which some report carries the value) instead of how many rows.

    Returns
    -------
    EventFilter
        The user's choices (empty sets mean "no restriction").
    """
    from geo.ui import urlstate

    bounds = slider_bounds(df)
    facets = _cached_facet_data(df, version, count_by) if version is not None else facet_data(df, count_by)
    options = {key: sorted(counts) for key, counts in facets.counts.items()}
    if url:
        urlstate.restore_widgets(options, bounds)
    _clean_state(options, bounds)
    current = filter_from_state(bounds)
    # Each facet's counts given the *other* filters, from the index: one bincount a facet.
    counts = facets.index.facet_counts(current, count_by)
    ss = st.session_state
    sb = st.sidebar
    sb.header("Filters")
    start = end = None
    if bounds:
        lo, hi = bounds
        # The default is given only for a new widget: a value set through session state
        # (URL, play-back) plus a default makes Streamlit warn on the page.
        start, end = sb.slider("Date range", min_value=lo, max_value=hi, format="YYYY-MM-DD", key=FLT_DATES,
                               help="Events whose date (or month, or year) overlaps the range.",
                               **({} if FLT_DATES in ss else {"value": (lo, hi)}))
    chosen: dict[str, frozenset[str]] = {}
    for facet in FACETS:
        listed = listed_options(facet, options[facet.key], counts[facet.key], ss.get(facet.key, ()))
        label, help_text = facet.label, facet.help
        if len(listed) < len(options[facet.key]):
            label = f"{facet.label} ({len(listed):,} of {len(options[facet.key]):,} listed)"
            help_text = (f"{facet.help} Lists the {facet.most:,} with the most events given the other filters, "
                         "and those chosen: narrow the other filters to list others.")
        values = sb.multiselect(label, options=listed, key=facet.key,
                                format_func=_labeller(facet, counts[facet.key], facets), help=help_text)
        chosen[facet.field] = frozenset(values)
    undated = sb.checkbox("Include undated events", key=FLT_UNDATED,
                          **({} if FLT_UNDATED in ss else {"value": True}))
    flt = EventFilter(start=start, end=end, include_undated=undated, **chosen)
    if url:
        urlstate.remember_filter(flt, bounds)
    return flt
