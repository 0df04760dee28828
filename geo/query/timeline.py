"""Time over the events frame: weekly counts by kind for the timeline chart, and the play-back windows.

Pure pandas and ``datetime``; the Streamlit side (widgets, session state, reruns) is in
``geo.ui.playback``.
"""
from __future__ import annotations

import bisect
import calendar
from datetime import date, timedelta
from typing import Literal

import pandas as pd

from geo.query import schema as S
from geo.query.index import index_of, is_registered

StepUnit = Literal["day", "week", "month"]
STEP_UNITS: tuple[str, ...] = ("day", "week", "month")

WEEK = "week"
COUNT = "events"
IN_WINDOW = "in_window"
WEEKLY_COLUMNS: tuple[str, ...] = (WEEK, S.KIND, COUNT, IN_WINDOW)

Window = tuple[date, date]


def week_start(dates: pd.Series) -> pd.Series:
    """The Monday that starts the (ISO) week of each timestamp; NaT stays NaT."""
    return dates.dt.to_period("W-SUN").dt.start_time


def weekly_counts(df: pd.DataFrame, window: Window | None = None) -> pd.DataFrame:
    """Events per week and kind, for a stacked bar chart.

    An event is counted in the week of its date; for a month or a year that is the
    week of the period's first day (``geo.query.schema.DATE``). Undated events are left out.

    Parameters
    ----------
    df
        Events with the columns of ``geo.query.schema``.
    window
        The selected date range: ``in_window`` tells which weeks overlap it (all do when None).

    Returns
    -------
    pandas.DataFrame
        Columns ``week`` (Timestamp of the Monday), ``kind``, ``events`` (int) and ``in_window``
        (bool), sorted by week then kind; one row per week and kind that has events.

    Examples
    --------
    >>> df = pd.DataFrame({S.DATE: pd.to_datetime(["2024-05-01", "2024-05-02", "2024-05-09"]),
    ...                    S.KIND: ["flight", "flight", "exercise"]})
    >>> weekly_counts(df)[[WEEK, S.KIND, COUNT]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'week': Timestamp('2024-04-29 00:00:00'), 'kind': 'flight', 'events': 2},
     {'week': Timestamp('2024-05-06 00:00:00'), 'kind': 'exercise', 'events': 1}]
    """
    # A shared, read-only frame (geo.query.index.register) keeps its counts: a slider move changes only which
    # weeks are in the window, and counting 100,000 events again cost 0.05 s a run.
    counts = index_of(df).derived("weekly_counts", lambda: _counts(df)) if is_registered(df) else _counts(df)
    out = counts.copy()
    out[IN_WINDOW] = _in_window(out[WEEK], window)
    return out


def _counts(df: pd.DataFrame) -> pd.DataFrame:
    """Events per week and kind, without the window."""
    # Two columns, not the frame: the rows of 100,000 events with every column cost 0.05 s a run.
    dated = df[S.DATE].notna().to_numpy()
    if not dated.any():
        return pd.DataFrame({WEEK: pd.Series(dtype="datetime64[ns]"), S.KIND: pd.Series(dtype="object"),
                             COUNT: pd.Series(dtype="int64")})
    kinds = df[S.KIND][dated].fillna("other").astype(str).replace("", "other")
    weeks = week_start(df[S.DATE][dated])
    out = (pd.DataFrame({WEEK: weeks, S.KIND: kinds}).groupby([WEEK, S.KIND]).size()
           .rename(COUNT).reset_index().sort_values([WEEK, S.KIND]).reset_index(drop=True))
    out[COUNT] = out[COUNT].astype("int64")
    return out


def _in_window(weeks: pd.Series, window: Window | None) -> pd.Series:
    """Which weeks (Mondays) overlap the window (all of them when there is none)."""
    if window is None:
        return pd.Series(True, index=weeks.index)
    start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    return (weeks <= end) & (weeks + pd.Timedelta(days=6) >= start)


def shift(day: date, unit: StepUnit, n: int = 1) -> date:
    """``day`` moved ``n`` days, weeks or calendar months (the day of month clamped: Jan 31 + 1 month = Feb 28).

    Examples
    --------
    >>> shift(date(2024, 1, 31), "month")
    datetime.date(2024, 2, 29)
    >>> shift(date(2024, 1, 31), "week", 2)
    datetime.date(2024, 2, 14)
    """
    if unit == "day":
        return day + timedelta(days=n)
    if unit == "week":
        return day + timedelta(weeks=n)
    if unit == "month":
        months = day.year * 12 + day.month - 1 + n
        year, month = divmod(months, 12)
        month += 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    raise ValueError(f"unknown step unit {unit!r}; options are: {list(STEP_UNITS)}")


def window_from(start: date, unit: StepUnit, bounds: Window) -> Window:
    """The window of one ``unit`` that starts at ``start``, cut at the last date of ``bounds``.

    Examples
    --------
    >>> window_from(date(2024, 3, 10), "week", (date(2024, 1, 1), date(2024, 12, 31)))
    (datetime.date(2024, 3, 10), datetime.date(2024, 3, 16))
    """
    lo, hi = bounds
    start = min(max(start, lo), hi)
    return start, max(start, min(shift(start, unit) - timedelta(days=1), hi))


def step_window(current: Window, unit: StepUnit, bounds: Window) -> Window | None:
    """The next window of play-back, or None when the last one is already shown.

    When ``current`` is not one ``unit`` wide (the user moved the slider), the first
    window starts where ``current`` starts (or at the first date, if ``current`` starts
    at the very end); otherwise the window moves on by one ``unit``.

    Examples
    --------
    >>> b = (date(2024, 1, 1), date(2024, 3, 15))
    >>> step_window(b, "month", b)
    (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))
    >>> step_window((date(2024, 1, 1), date(2024, 1, 31)), "month", b)
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> step_window((date(2024, 3, 1), date(2024, 3, 15)), "month", b) is None
    True
    """
    lo, hi = bounds
    start = current[0]
    if tuple(current) != window_from(start, unit, bounds):
        return window_from(start if start < hi else lo, unit, bounds)
    nxt = shift(start, unit)
    if nxt > hi:
        return None
    return window_from(nxt, unit, bounds)


def back_window(current: Window, unit: StepUnit, bounds: Window) -> Window | None:
    """The window of play-back before ``current`` (one ``unit`` earlier), or None at the first date.

    Examples
    --------
    >>> b = (date(2024, 1, 1), date(2024, 3, 15))
    >>> back_window((date(2024, 2, 1), date(2024, 2, 29)), "month", b)
    (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))
    >>> back_window((date(2024, 1, 1), date(2024, 1, 31)), "month", b) is None
    True
    """
    lo, _hi = bounds
    start = current[0]
    if start <= lo:
        return None
    return window_from(max(shift(start, unit, -1), lo), unit, bounds)


class Periods:
    """When the events happened, as periods (a day, or a month or year for a coarser date), for asking
    whether a window holds any of them. Undated events are left out.

    Parameters
    ----------
    df
        Events with the columns of ``geo.query.schema``.
    """

    def __init__(self, df: pd.DataFrame):
        from geo.query import period_ends  # the package imports this module: imported when used

        dated = df[df[S.DATE].notna()]
        starts = [d.date() for d in dated[S.DATE]]
        ends = [d.date() for d in period_ends(dated)]
        order = sorted(range(len(starts)), key=starts.__getitem__)
        self.starts = [starts[i] for i in order]
        self.latest_end: list[date] = []  # the latest end among the periods that start up to each one
        for i in order:
            self.latest_end.append(max(self.latest_end[-1], ends[i]) if self.latest_end else ends[i])

    def __len__(self) -> int:
        return len(self.starts)

    def any_in(self, window: Window) -> bool:
        """True when some period overlaps ``window``.

        Examples
        --------
        >>> p = Periods(pd.DataFrame({S.DATE: pd.to_datetime(["2024-01-10", "2024-03-01"]),
        ...                           S.DATE_PRECISION: ["day", "month"]}))
        >>> p.any_in((date(2024, 1, 1), date(2024, 1, 31))), p.any_in((date(2024, 2, 1), date(2024, 2, 29)))
        (True, False)
        >>> p.any_in((date(2024, 3, 20), date(2024, 3, 25)))
        True
        """
        n = bisect.bisect_right(self.starts, window[1])
        return n > 0 and self.latest_end[n - 1] >= window[0]


def busy_step(current: Window, unit: StepUnit, bounds: Window, periods: Periods | None,
              back: bool = False) -> Window | None:
    """The next (or, with ``back``, the previous) window that holds an event, skipping empty ones; None past the end.

    With no ``periods`` (or none dated) this is :func:`step_window` (:func:`back_window`).

    Examples
    --------
    >>> b = (date(2024, 1, 1), date(2024, 12, 31))
    >>> p = Periods(pd.DataFrame({S.DATE: pd.to_datetime(["2024-01-10", "2024-06-02"]),
    ...                           S.DATE_PRECISION: ["day", "day"]}))
    >>> busy_step((date(2024, 1, 1), date(2024, 1, 31)), "month", b, p)
    (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    >>> busy_step((date(2024, 6, 1), date(2024, 6, 30)), "month", b, p, back=True)
    (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))
    >>> busy_step((date(2024, 6, 1), date(2024, 6, 30)), "month", b, p) is None
    True
    """
    move = back_window if back else step_window
    window = move(current, unit, bounds)
    if not periods:
        return window
    while window is not None and not periods.any_in(window):
        # A window cut short at the last date cannot move on: stepping from it again gives itself.
        nxt = move(window, unit, bounds)
        window = None if nxt == window else nxt
    return window
