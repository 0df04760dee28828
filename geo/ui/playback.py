"""Time on the map page: the Back, Play and Step controls that move the date window, and the weekly timeline chart.

Play-back runs on the server, as Streamlit reruns (folium's TimestampedGeoJson does not work
inside st_folium): each run shows one window, then waits so that the next run moves the date
slider's value on (*before* the slider is drawn) ``PLAY_INTERVAL_S`` after this one did: the run's
own time, and the time Streamlit takes to start the next run, count towards the pause. Steps skip windows in which no shown event falls. While the
window is narrower than all the dates, undated events belong to no window: they are listed apart,
not drawn in every frame as if dated. The window arithmetic is in ``geo.query.timeline``.
"""
from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from geo.query import EventFilter
from geo.query import schema as S
from geo.query import timeline as T
from geo.render.timeline import timeline_svg
from geo.ui.filters import FLT_DATES

PLAY_KEY = "play_on"
STEP_KEY = "play_step"
BACK_KEY = "play_back"
UNIT_KEY = "play_unit"
PLAY_INTERVAL_S = 0.8
"""Time from one step of play-back to the next (the run's own time included). Small, so tests play quickly."""
DEFAULT_UNIT: T.StepUnit = "month"
_JUST_STARTED = "_play_just_started"
_FINISHED = "_play_finished"
_PERIODS = "_play_periods"  # the events of the other filters, then when they happened (set by controls())
_STEP_AT = "_play_step_at"  # when this run showed its window (perf_counter)
_RERUN_AT = "_play_rerun_at"  # when the last run asked for the next one
_LAG = "_play_rerun_lag"  # how long a rerun takes to reach the step (averaged over the last few)

Bounds = tuple[date, date]


def _unit() -> T.StepUnit:
    unit = st.session_state.get(UNIT_KEY, DEFAULT_UNIT)
    return unit if unit in T.STEP_UNITS else DEFAULT_UNIT


def _current(bounds: Bounds) -> tuple[date, date]:
    value = st.session_state.get(FLT_DATES)
    return tuple(value) if value else bounds  # type: ignore[return-value]


def _periods() -> T.Periods | None:
    """When the events of the last run's other filters happened; worked out only when a step needs it."""
    held = st.session_state.get(_PERIODS)
    if isinstance(held, pd.DataFrame):
        held = st.session_state[_PERIODS] = T.Periods(held)
    return held


def _step(bounds: Bounds, back: bool = False) -> tuple[date, date] | None:
    return T.busy_step(_current(bounds), _unit(), bounds, _periods(), back=back)


def _on_play(bounds: Bounds) -> None:
    """Play pressed: show the first window now (from the slider's start, or from the beginning at the end)."""
    st.session_state.pop(_FINISHED, None)
    if not st.session_state.get(PLAY_KEY):
        return
    current, unit = _current(bounds), _unit()
    nxt = _step(bounds)
    if current != T.window_from(current[0], unit, bounds):
        window = nxt  # the first window with events from the slider's start
    elif nxt is not None:
        window = current  # paused, or stepped: show this window once more, then go on
    else:  # at the very end: start again from the first window with events
        window = T.busy_step(bounds, unit, bounds, _periods())
    if window is not None:
        st.session_state[FLT_DATES] = window
    st.session_state[_JUST_STARTED] = True


def _on_step(bounds: Bounds, back: bool = False) -> None:
    st.session_state.pop(_FINISHED, None)
    nxt = _step(bounds, back)
    if nxt is not None:
        st.session_state[FLT_DATES] = nxt


def advance(bounds: Bounds | None) -> None:
    """While playing, move the date window on to the next one with events; at the end, stop.

    Call it first in the page, before the date slider is drawn (``sidebar_filters``): a widget's
    session-state value can only be set before the widget exists in the run.
    """
    ss = st.session_state
    now = time.perf_counter()
    rerun_at = ss.pop(_RERUN_AT, None)
    if rerun_at is not None:  # smoothed: one slow rerun should not make the next step early
        ss[_LAG] = (now - rerun_at + ss[_LAG]) / 2 if _LAG in ss else now - rerun_at
    if not ss.get(PLAY_KEY):
        return
    if bounds is None:
        ss[PLAY_KEY] = False
        return
    ss[_STEP_AT] = now
    if ss.pop(_JUST_STARTED, False):
        return  # the first window was set when Play was pressed: show it for one interval
    nxt = _step(bounds)
    if nxt is None:
        st.session_state[PLAY_KEY] = False
        st.session_state[_FINISHED] = True
    else:
        st.session_state[FLT_DATES] = nxt


def windowed(flt: EventFilter, bounds: Bounds | None) -> bool:
    """True when the date window is narrower than all the dates (a step of play-back, or a moved slider)."""
    return bool(bounds and flt.start and flt.end and (flt.start, flt.end) != tuple(bounds))


def split_undated(shown: pd.DataFrame, flt: EventFilter, bounds: Bounds | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(events in the window, undated events listed apart)``: undated events are in no window.

    With the whole date range (or undated events not wanted) nothing is set apart.
    """
    if not windowed(flt, bounds):
        return shown, shown.iloc[:0]
    undated = shown[S.DATE].isna()
    return shown[~undated], shown[undated]


def controls(bounds: Bounds | None, others: pd.DataFrame) -> bool:
    """Back, Play, Step and the step unit, in one row that wraps when narrow; returns whether play-back is on.

    ``others`` are the events that pass every filter but the dates: steps skip windows without any of them.
    """
    st.session_state[_PERIODS] = others  # the frame (no copy): its periods are worked out when a step needs them
    disabled = bounds is None
    row = st.container(horizontal=True, vertical_alignment="center", gap="small", key="playback_controls")
    row.button("◂ Back", key=BACK_KEY, disabled=disabled, on_click=_on_step, args=(bounds, True),
               help="Move the date window back to the previous step with events.")
    playing = row.toggle("Play", key=PLAY_KEY, disabled=disabled, on_change=_on_play, args=(bounds,),
                         help="Step the date window through time, one step every "
                              f"{PLAY_INTERVAL_S:g} s (skipping steps with no events), and stop at the end. "
                              "Switch off to pause.")
    row.button("Step ▸", key=STEP_KEY, disabled=disabled, on_click=_on_step, args=(bounds,),
               help="Move the date window on to the next step with events.")
    row.selectbox("Step by", T.STEP_UNITS, key=UNIT_KEY, disabled=disabled, label_visibility="collapsed",
                  format_func=lambda u: f"step by {u}", width=150,
                  **({} if UNIT_KEY in st.session_state else {"index": T.STEP_UNITS.index(DEFAULT_UNIT)}))
    if bounds is not None:
        start, end = _current(bounds)
        note = f"Window {start:%Y-%m-%d} – {end:%Y-%m-%d}"
        if st.session_state.get(_FINISHED):
            note += " · reached the end"
        row.caption(note, width="content")
    return bool(playing)


UNDATED_ANCHOR = "undated-events"


def undated_notice(undated: pd.DataFrame) -> None:
    """Say that the undated events are in no time window, with a link to their list (nothing when none)."""
    n = len(undated)
    if n:
        st.caption(f"{n} undated event{'s are' if n != 1 else ' is'} in no time window and not drawn: "
                   f"[listed apart](#{UNDATED_ANCHOR})")


def pause_s(interval: float, since_step: float, lag: float) -> float:
    """How long to wait before asking for the next run, so that steps come ``interval`` apart.

    ``since_step``: seconds since this run showed its window; ``lag``: how long a rerun takes to get
    back to the step (measured on the last one).

    Examples
    --------
    >>> pause_s(0.8, 0.3, 0.1), pause_s(0.8, 0.9, 0.1)
    (0.4, 0.0)
    """
    return round(max(0.0, interval - since_step - lag), 6)


def continue_if_playing() -> None:
    """At the end of the page: while playing, wait out the rest of the step and run the page again."""
    ss = st.session_state
    if ss.get(PLAY_KEY):
        now = time.perf_counter()
        time.sleep(pause_s(PLAY_INTERVAL_S, now - ss.get(_STEP_AT, now), ss.get(_LAG, 0.0)))
        ss[_RERUN_AT] = time.perf_counter()
        st.rerun()


def timeline_chart(df: pd.DataFrame, window: tuple[date, date] | None, bounds: Bounds | None = None, *,
                   height: int = 150) -> None:
    """Stacked bars of events per week by kind (colours of ``geo.query.schema.KIND_COLOURS``), the window shaded.

    An SVG drawn by ``geo.render.timeline`` (no chart library to load in the browser).

    ``df`` should be the events that pass every filter *but* the date range: the chart then shows
    where the date window lies in the whole sequence, with the weeks outside it faded. Nothing is
    shaded when the window is all of ``bounds``.
    """
    if window is not None and bounds is not None and tuple(window) == tuple(bounds):
        window = None
    counts = T.weekly_counts(df, window)
    if counts.empty:
        st.caption("No dated events to chart.")
        return
    st.markdown(timeline_svg(counts, window, height=height), unsafe_allow_html=True)
