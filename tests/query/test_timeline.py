"""Tests of geo/timeline.py: weekly counts by kind for the chart, and the play-back windows."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.query import schema as S
from geo.query.index import register
from geo.query.timeline import COUNT, IN_WINDOW, WEEK, shift, step_window, weekly_counts, window_from
from tests.render.events import event
from tests.render.events import frame as events_frame_of


def frame(*rows: tuple[str | None, str]) -> pd.DataFrame:
    return pd.DataFrame({S.DATE: pd.to_datetime([d for d, _ in rows]), S.KIND: [k for _, k in rows]})


def test_counts_events_per_monday_week_and_kind():
    df = frame(("2024-05-05", "flight"),  # a Sunday: still the week of Monday 29 April
               ("2024-04-29", "flight"), ("2024-05-06", "flight"), ("2024-05-07", "missile_launch"))
    out = weekly_counts(df)
    assert list(out.columns) == [WEEK, S.KIND, COUNT, IN_WINDOW]
    assert out[[WEEK, S.KIND, COUNT]].values.tolist() == [
        [pd.Timestamp("2024-04-29"), "flight", 2],
        [pd.Timestamp("2024-05-06"), "flight", 1],
        [pd.Timestamp("2024-05-06"), "missile_launch", 1],
    ]
    assert out[IN_WINDOW].all()


def test_undated_events_are_left_out_and_a_missing_kind_counts_as_other():
    df = frame((None, "flight"), ("2024-05-06", ""))
    out = weekly_counts(df)
    assert out[[S.KIND, COUNT]].values.tolist() == [["other", 1]]


def test_no_dated_event_gives_an_empty_frame_with_the_columns():
    out = weekly_counts(frame((None, "flight")))
    assert out.empty and list(out.columns) == [WEEK, S.KIND, COUNT, IN_WINDOW]


def test_weeks_overlapping_the_window_are_marked():
    df = frame(("2024-04-29", "flight"), ("2024-05-08", "flight"), ("2024-05-20", "flight"))
    out = weekly_counts(df, (date(2024, 5, 5), date(2024, 5, 12)))
    assert out.set_index(WEEK)[IN_WINDOW].to_dict() == {
        pd.Timestamp("2024-04-29"): True,  # its Sunday, 5 May, is in the window
        pd.Timestamp("2024-05-06"): True,
        pd.Timestamp("2024-05-20"): False,
    }


@pytest.mark.parametrize(("day", "unit", "n", "expected"), [
    (date(2024, 2, 28), "day", 2, date(2024, 3, 1)),
    (date(2024, 2, 28), "week", 1, date(2024, 3, 6)),
    (date(2024, 1, 31), "month", 1, date(2024, 2, 29)),
    (date(2024, 12, 15), "month", 1, date(2025, 1, 15)),
    (date(2024, 3, 31), "month", -1, date(2024, 2, 29)),
])
def test_shift_by_days_weeks_and_calendar_months(day, unit, n, expected):
    assert shift(day, unit, n) == expected


def test_shift_refuses_an_unknown_unit():
    with pytest.raises(ValueError, match="options are"):
        shift(date(2024, 1, 1), "fortnight")


BOUNDS = (date(2024, 1, 1), date(2024, 3, 15))


def test_window_is_one_unit_wide_and_stops_at_the_last_date():
    assert window_from(date(2024, 1, 1), "day", BOUNDS) == (date(2024, 1, 1), date(2024, 1, 1))
    assert window_from(date(2024, 1, 1), "week", BOUNDS) == (date(2024, 1, 1), date(2024, 1, 7))
    assert window_from(date(2024, 3, 1), "month", BOUNDS) == (date(2024, 3, 1), date(2024, 3, 15))


def test_stepping_from_the_full_range_starts_with_the_first_window():
    assert step_window(BOUNDS, "week", BOUNDS) == (date(2024, 1, 1), date(2024, 1, 7))


def test_stepping_from_a_window_moves_it_on_by_one_unit():
    assert step_window((date(2024, 1, 1), date(2024, 1, 7)), "week", BOUNDS) == (date(2024, 1, 8), date(2024, 1, 14))
    assert step_window((date(2024, 1, 10), date(2024, 1, 10)), "day", BOUNDS) == (date(2024, 1, 11), date(2024, 1, 11))


def test_a_range_the_user_chose_becomes_a_window_at_its_start():
    assert step_window((date(2024, 2, 10), date(2024, 3, 1)), "month", BOUNDS) == (date(2024, 2, 10), date(2024, 3, 9))


def test_stepping_past_the_end_stops():
    assert step_window((date(2024, 3, 1), date(2024, 3, 15)), "month", BOUNDS) is None
    assert step_window((date(2024, 3, 15), date(2024, 3, 15)), "day", BOUNDS) is None


def test_a_whole_play_back_visits_every_month_once_in_order():
    windows, current = [], BOUNDS
    while (current := step_window(current, "month", BOUNDS)) is not None:
        windows.append(current)
    assert windows == [(date(2024, 1, 1), date(2024, 1, 31)), (date(2024, 2, 1), date(2024, 2, 29)),
                       (date(2024, 3, 1), date(2024, 3, 15))]


def test_a_shared_frame_counts_as_a_fresh_one_for_every_window_and_empty_too():
    df = events_frame_of(event("e1", date="2024-05-01"), event("e2", kind="exercise", date="2024-05-09"),
                         event("e3", date=None), event("e4", date="2024-06-20"))
    register(df)  # the dashboard's read-only frame: its counts are remembered
    for window in (None, (date(2024, 5, 6), date(2024, 5, 12)), (date(2024, 6, 1), date(2024, 6, 30)), None):
        pd.testing.assert_frame_equal(weekly_counts(df, window), weekly_counts(df.copy(), window))
    assert weekly_counts(df, (date(2024, 6, 1), date(2024, 6, 30)))[IN_WINDOW].tolist() == [False, False, True]
    empty = events_frame_of(event("e5", date=None))
    register(empty)
    assert list(weekly_counts(empty).columns) == [WEEK, S.KIND, COUNT, IN_WINDOW] and weekly_counts(empty).empty
