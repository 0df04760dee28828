"""Tests of geo/extract/dates.py: date expressions found in invented sentences and resolved with a precision."""
from __future__ import annotations

from datetime import date

import pytest

from geo.extract.dates import ResolvedDate, find_dateline, find_dates, resolve, resolve_anchor, weekday_years

SATURDAY = date(2017, 9, 23)  # the reference date of most tests: a Saturday


def _one(text: str):
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


def _resolve(text: str, ref: date = SATURDAY, anchor: ResolvedDate | None = None) -> tuple[str, str]:
    r = resolve(_one(text), ref, anchor)
    assert r is not None
    return r.value, r.precision


def test_full_date_with_year():
    assert _resolve("The bombers flew on September 18, 2017, officials said.") == ("2017-09-18", "day")


def test_abbreviated_month_takes_the_year_nearest_the_reference():
    assert _resolve("The jets flew Jan. 15 over the sea.", ref=date(2017, 1, 20)) == ("2017-01-15", "day")


def test_month_day_without_year_read_early_next_year_is_last_year():
    assert _resolve("The jets flew on Nov. 2.", ref=date(2018, 1, 3)) == ("2017-11-02", "day")


def test_timezone_after_a_date_is_captured():
    assert _one("The jets flew on Nov. 2 (Korea Standard Time).").timezone == "Korea Standard Time"


def test_on_month_day():
    assert _resolve("They flew on March 8 near the border.", ref=date(2017, 3, 10)) == ("2017-03-08", "day")


def test_day_of_month():
    assert _resolve("They flew on the 18th of May.", ref=date(2017, 5, 20)) == ("2017-05-18", "day")


def test_iso_date():
    assert _resolve("Flight logged 2017-09-18 by the squadron.") == ("2017-09-18", "day")


def test_impossible_date_is_not_a_date():
    assert find_dates("The report cited Feb. 30 as the date.") == []


def test_weekday_on_the_reference_weekday_is_the_reference_day():
    assert _resolve("They flew on Saturday.") == ("2017-09-23", "day")


def test_weekday_otherwise_is_the_previous_such_day():
    assert _resolve("They flew early Tuesday.") == ("2017-09-19", "day")


def test_next_weekday_is_in_the_future():
    assert _resolve("They will fly next Tuesday.") == ("2017-09-26", "day")


def test_next_weekday_on_that_weekday_is_a_week_ahead():
    assert _resolve("They will fly next Saturday.") == ("2017-09-30", "day")


def test_weeks_ago_has_week_precision():
    assert _resolve("They flew two weeks ago.") == ("2017-09-09", "week")


def test_last_month_has_month_precision():
    assert _resolve("They flew last month.") == ("2017-08", "month")


def test_month_with_part_has_month_precision():
    assert _resolve("They flew in late May.") == ("2017-05", "month")


def test_month_after_the_reference_month_is_last_year():
    assert _resolve("They flew in late May.", ref=date(2017, 3, 10)) == ("2016-05", "month")


def test_earlier_this_year_has_year_precision():
    assert _resolve("They flew earlier this year.") == ("2017", "year")


def test_yesterday_is_the_day_before():
    assert _resolve("They flew yesterday.") == ("2017-09-22", "day")


def test_days_later_against_a_day_anchor_has_week_precision():
    anchor = ResolvedDate.of_day(date(2017, 9, 3))
    assert _resolve("Days later, bombers flew.", anchor=anchor)[1] == "week"


def test_days_later_against_a_month_anchor_stays_that_month():
    anchor = ResolvedDate.of_month(2017, 2)
    assert _resolve("Days later, bombers flew.", anchor=anchor) == ("2017-02", "month")


def test_anchor_form_without_anchor_is_unresolved():
    assert resolve(_one("Days later, bombers flew."), SATURDAY, None) is None


def test_a_day_after_moves_forward_from_the_anchor():
    r = resolve_anchor(_one("A day after the test, bombers flew."), ResolvedDate.of_day(date(2017, 9, 3)))
    assert (r.value, r.precision) == ("2017-09-04", "day")


def test_a_day_after_with_flip_moves_backward_from_the_anchor():
    r = resolve_anchor(_one("A day after the test, bombers flew."), ResolvedDate.of_day(date(2017, 9, 3)), flip=True)
    assert r.value == "2017-09-02"


def test_date_after_a_reporting_verb_has_role_reporting():
    assert _one("The ministry said Tuesday that jets flew.").role == "reporting"


def test_date_of_the_event_has_role_event():
    assert _one("Jets flew Tuesday, the ministry said.").role == "event"


def test_since_early_year_has_role_range():
    assert _one("Flights have increased since early 2022.").role == "range"


@pytest.mark.parametrize("text", ["They may fly again.", "Troops march on the capital."])
def test_lower_case_may_and_march_are_not_dates(text):
    assert find_dates(text) == []


def test_offset_shifts_mention_positions():
    text = "Jets flew on Saturday."
    m = find_dates(text, offset=100)[0]
    assert (m.start, m.end) == (text.index("on Saturday") + 100, text.index("on Saturday") + 111)


def test_dateline_is_found():
    dl = find_dateline("SEOUL, April 15 (UPI) -- South Korea scrambled jets.")
    assert (dl.place, dl.month, dl.day, dl.year) == ("SEOUL", 4, 15, None)


def test_dateline_end_is_after_the_dashes():
    text = "SEOUL, April 15 (UPI) -- South Korea scrambled jets."
    assert text[find_dateline(text).end:].strip().startswith("South Korea")


def test_text_without_dateline_has_none():
    assert find_dateline("South Korea scrambled jets on April 15.") is None


def test_weekday_years_lists_matching_years_latest_first():
    # March 3 fell on a Friday (weekday 4) in 2017 and 2023 only, between 2010 and 2024.
    assert weekday_years(3, 3, 4, lo=2010, hi=2024) == [2023, 2017]


def test_next_week_is_the_week_after_the_reference():
    found = find_dates("They will fly next week.")
    r = resolve(found[0], SATURDAY) if found else None
    assert r is not None and r.precision == "week" and date(2017, 9, 24) <= r.day <= date(2017, 9, 30)


def test_weeks_later_value_matches_its_precision():
    r = resolve_anchor(_one("Weeks later, bombers flew."), ResolvedDate.of_day(date(2017, 9, 18)))
    expected_len = {"day": 10, "week": 10, "month": 7, "year": 4}[r.precision]
    assert len(r.value) == expected_len, r


def test_a_weekday_before_a_month_day_is_part_of_that_date():
    from geo.extract.dates import find_dates
    assert [(d.text, d.form) for d in find_dates("one B-52 flew on Friday, March 8 over the sea")] == [
        ("Friday, March 8", "month_day")]


def test_a_weekday_and_a_day_number_pick_the_nearest_such_day():
    from datetime import date
    from geo.extract.dates import find_dates, resolve
    (d,) = find_dates("another mission flew Tuesday 19th")
    assert (d.form, resolve(d, date(2013, 3, 18)).value) == ("weekday_day", "2013-03-19")
