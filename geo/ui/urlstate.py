"""The filter in the tab's session state and the page's query string (``?from=2017-09-01&type=B-1B&kind=flight``).

One filter for the whole tab: a filter set on the Map page is still set on the Events page, and
every page's address carries it, so a view can be shared and reloaded from any page. The filter is
kept as its query parameters (:func:`filter_params`) under one session-state key that Streamlit never
cleans up (widget state is dropped when another page is shown, and the query string when the page
changes). On the session's first run the address gives it; a page with the filter widgets puts it
into them whenever that page is entered (:func:`restore_widgets`, unknown values and bad dates
ignored), and keeps it and writes it into the address after every run (:func:`remember_filter`).
Pages without the filter leave the address alone (the Articles page's ``?article=`` names the
article to read, not a filter). The pure half (:func:`filter_params`, :func:`state_from_params`) is
apart from the Streamlit half.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import streamlit as st

from geo.query import EventFilter
from geo.query.facets import FACETS, FLT_DATES, FLT_UNDATED

FROM, TO, UNDATED = "from", "to", "undated"
FACET_PARAMS: dict[str, str] = {f.field: f.param for f in FACETS}
"""EventFilter field -> query parameter."""
FILTER_PARAMS: tuple[str, ...] = (FROM, TO, *FACET_PARAMS.values(), UNDATED)
"""Every query parameter this module writes (others, such as the map's ``event``, are left alone)."""

_RESTORED = "_url_filters_restored"  # the address's filter has been read (once per session)
_KEPT = "_filter_params"  # the tab's filter, as query parameters
_WIDGETS_PAGE = "_filter_widgets_page"  # the page whose filter widgets hold the tab's filter


def parse_date(text: str | None) -> date | None:
    """``YYYY-MM-DD`` as a date; None for anything else.

    Examples
    --------
    >>> parse_date("2017-09-23"), parse_date("2017-02-30"), parse_date("yesterday")
    (datetime.date(2017, 9, 23), None, None)
    """
    try:
        return date.fromisoformat(str(text).strip()) if text else None
    except ValueError:
        return None


def split_values(text: str | None, options: Iterable[str]) -> list[str]:
    """The known options named in a comma-separated parameter, in order, without repeats.

    A value that itself contains commas ("Korea, South") is recognised when its pieces,
    joined again, name an option. Anything unknown is dropped.

    Examples
    --------
    >>> split_values("B-1B,nope,F-15C,B-1B", ["B-1B", "F-15C", "F-16"])
    ['B-1B', 'F-15C']
    >>> split_values("Korea, South,Japan", ["Japan", "Korea, South"])
    ['Korea, South', 'Japan']
    """
    known = set(options)
    out: list[str] = []
    pieces = [p for p in str(text or "").split(",")]
    i = 0
    while i < len(pieces):
        # The longest run of pieces, starting here, that names an option.
        for j in range(len(pieces), i, -1):
            candidate = ",".join(pieces[i:j]).strip()
            if candidate in known:
                if candidate not in out:
                    out.append(candidate)
                i = j
                break
        else:
            i += 1
    return out


def filter_params(flt: EventFilter, bounds: tuple[date, date] | None) -> dict[str, str]:
    """The compact query parameters of ``flt``: only what restricts the view.

    The date range is written when it is narrower than ``bounds``; sets as comma-separated
    sorted values; ``undated=0`` when undated events are hidden.

    Examples
    --------
    >>> filter_params(EventFilter(start=date(2018, 1, 1), end=date(2019, 1, 1), kinds=frozenset({"flight"})),
    ...               (date(2017, 1, 1), date(2020, 1, 1)))
    {'from': '2018-01-01', 'to': '2019-01-01', 'kind': 'flight'}
    """
    params: dict[str, str] = {}
    if flt.start and flt.end and (bounds is None or (flt.start, flt.end) != tuple(bounds)):
        params[FROM], params[TO] = flt.start.isoformat(), flt.end.isoformat()
    for field_name, param in FACET_PARAMS.items():
        values = getattr(flt, field_name)
        if values:
            params[param] = ",".join(sorted(values))
    if not flt.include_undated:
        params[UNDATED] = "0"
    return params


def state_from_params(params: Mapping[str, Any], options: Mapping[str, Iterable[str]],
                      bounds: tuple[date, date] | None) -> dict[str, Any]:
    """Session-state values for the filter widgets, from query parameters; invalid parts are left out.

    Parameters
    ----------
    params
        Query parameters (``st.query_params``: a value is a string; a list counts by its last item).
    options
        Widget key -> the values it offers (see ``geo.ui.filters.FACETS``).
    bounds
        The date slider's range, or None when no event is dated (dates are then ignored).

    Returns
    -------
    dict
        Widget key -> value, only for the widgets the parameters validly set. Dates outside
        ``bounds`` are clipped to it; a range that ends before it starts is ignored.
    """
    def get(name: str) -> str | None:
        value = params.get(name)
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        return None if value is None else str(value)

    state: dict[str, Any] = {}
    start, end = parse_date(get(FROM)), parse_date(get(TO))
    if bounds and (start or end):
        lo, hi = bounds
        start = min(max(start or lo, lo), hi)
        end = min(max(end or hi, lo), hi)
        if start <= end:
            state[FLT_DATES] = (start, end)
    for facet in FACETS:
        text = get(FACET_PARAMS[facet.field])
        if text:
            values = split_values(text, options.get(facet.key, ()))
            if values:
                state[facet.key] = values
    undated = get(UNDATED)
    if undated in ("0", "1"):
        state[FLT_UNDATED] = undated == "1"
    return state


def current_page() -> str:
    """The page this run shows (its script hash; widget ids differ from page to page by it)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def kept_params() -> dict[str, str]:
    """The tab's filter as query parameters: on the session's first filter run, from the address."""
    ss = st.session_state
    if not ss.get(_RESTORED):
        ss[_RESTORED] = True
        ss[_KEPT] = {name: str(st.query_params.get(name)) for name in FILTER_PARAMS if name in st.query_params}
    return dict(ss.get(_KEPT, {}))


def restore_widgets(options: Mapping[str, Iterable[str]], bounds: tuple[date, date] | None) -> None:
    """On entering a page with the filter widgets, set every filter widget's key from the tab's filter.

    Every key is set, to its default when the filter leaves it open: each page's widgets are new
    widgets to Streamlit (their ids include the page), and a key left over from the page shown before
    would otherwise make them start from their own defaults (a date slider at its first day, "Include
    undated events" unticked). On later runs of the same page the widgets keep their own state.
    ``options`` maps each facet's widget key to the values it offers; ``bounds`` is the date slider's
    range.
    """
    ss = st.session_state
    params = kept_params()
    page = current_page()
    if ss.get(_WIDGETS_PAGE) == page and all(f.key in ss for f in FACETS) and FLT_UNDATED in ss:
        return
    ss[_WIDGETS_PAGE] = page
    state = state_from_params(params, options, bounds)
    if bounds is not None:
        ss[FLT_DATES] = state.get(FLT_DATES, tuple(bounds))
    for facet in FACETS:
        ss[facet.key] = state.get(facet.key, [])
    ss[FLT_UNDATED] = state.get(FLT_UNDATED, True)


def remember_filter(flt: EventFilter, bounds: tuple[date, date] | None) -> None:
    """Keep ``flt`` as the tab's filter and write it into the address (see :func:`filter_params`)."""
    st.session_state[_KEPT] = filter_params(flt, bounds)
    st.session_state[_RESTORED] = True
    set_params(st.session_state[_KEPT], FILTER_PARAMS)


def set_params(params: Mapping[str, str | None], managed: Iterable[str]) -> None:
    """Make the query string hold ``params`` for the ``managed`` names (None or absent: removed).

    Only names that change are written, so an unchanged view sends nothing to the browser.
    """
    for name in managed:
        value = params.get(name)
        current = st.query_params.get(name)
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif current != value:
            st.query_params[name] = value
