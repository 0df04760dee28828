"""Time on the map page: the Play/Pause and Step controls that move the date window, and the weekly timeline chart.

Play-back runs on the server, as Streamlit reruns (folium's TimestampedGeoJson does not work
inside st_folium): each run shows one window, sleeps ``PLAY_INTERVAL_S`` and reruns; the next
run moves the date slider's value on by one step *before* the slider is drawn. The window
arithmetic is in ``geo.query.timeline``.
"""
from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from geo.query import schema as S
from geo.query import timeline as T
from geo.render.timeline import timeline_svg
from geo.ui.filters import FLT_DATES

PLAY_KEY = "play_on"
STEP_KEY = "play_step"
UNIT_KEY = "play_unit"
PLAY_INTERVAL_S = 0.8
"""Pause between two steps of play-back (on top of the time a run takes). Small, so tests play quickly."""
DEFAULT_UNIT: T.StepUnit = "month"
_JUST_STARTED = "_play_just_started"
_FINISHED = "_play_finished"

Bounds = tuple[date, date]


def _unit() -> T.StepUnit:
    unit = st.session_state.get(UNIT_KEY, DEFAULT_UNIT)
    return unit if unit in T.STEP_UNITS else DEFAULT_UNIT


def _current(bounds: Bounds) -> tuple[date, date]:
    value = st.session_state.get(FLT_DATES)
    return tuple(value) if value else bounds  # type: ignore[return-value]


def _on_play(bounds: Bounds) -> None:
    """Play pressed: show the first window now (from the slider's start, or from the beginning at the end)."""
    st.session_state.pop(_FINISHED, None)
    if not st.session_state.get(PLAY_KEY):
        return
    current, unit = _current(bounds), _unit()
    if current == T.window_from(current[0], unit, bounds):
        # Already one step wide (paused, or stepped): go on from here; at the very end, start again.
        window = current if T.step_window(current, unit, bounds) else T.window_from(bounds[0], unit, bounds)
    else:
        window = T.step_window(current, unit, bounds)
    st.session_state[FLT_DATES] = window
    st.session_state[_JUST_STARTED] = True


def _on_step(bounds: Bounds) -> None:
    st.session_state.pop(_FINISHED, None)
    nxt = T.step_window(_current(bounds), _unit(), bounds)
    if nxt is not None:
        st.session_state[FLT_DATES] = nxt


def advance(bounds: Bounds | None) -> None:
    """While playing, move the date window on by one step; at the end, stop.

    Call it before the date slider is drawn (``sidebar_filters``): a widget's session-state
    value can only be set before the widget exists in the run.
    """
    if not st.session_state.get(PLAY_KEY):
        return
    if bounds is None:
        st.session_state[PLAY_KEY] = False
        return
    if st.session_state.pop(_JUST_STARTED, False):
        return  # the first window was set when Play was pressed: show it for one interval
    nxt = T.step_window(_current(bounds), _unit(), bounds)
    if nxt is None:
        st.session_state[PLAY_KEY] = False
        st.session_state[_FINISHED] = True
    else:
        st.session_state[FLT_DATES] = nxt


def controls(bounds: Bounds | None) -> bool:
    """The Play toggle, the Step button and the step unit, in one row; returns whether play-back is on."""
    disabled = bounds is None
    play_col, step_col, unit_col, note_col = st.columns([1.1, 1, 1.6, 4], vertical_alignment="center")
    playing = play_col.toggle("Play", key=PLAY_KEY, disabled=disabled, on_change=_on_play, args=(bounds,),
                              help="Step the date window through time, one step every "
                                   f"{PLAY_INTERVAL_S:g} s, and stop at the end. Switch off to pause.")
    step_col.button("Step ▸", key=STEP_KEY, disabled=disabled, on_click=_on_step,
                    args=(bounds,), help="Move the date window on by one step.", width="stretch")
    unit_col.selectbox("Step by", T.STEP_UNITS, key=UNIT_KEY, disabled=disabled, label_visibility="collapsed",
                       format_func=lambda u: f"step by {u}", **({} if UNIT_KEY in st.session_state
                                                                   else {"index": T.STEP_UNITS.index(DEFAULT_UNIT)}))
    if bounds is not None:
        start, end = _current(bounds)
        note = f"Window {start:%Y-%m-%d} – {end:%Y-%m-%d}"
        if st.session_state.get(_FINISHED):
            note += " · reached the end"
        note_col.caption(note)
    return bool(playing)


def continue_if_playing() -> None:
    """At the end of the page: while playing, wait ``PLAY_INTERVAL_S`` and run the page again."""
    if st.session_state.get(PLAY_KEY):
        time.sleep(PLAY_INTERVAL_S)
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
