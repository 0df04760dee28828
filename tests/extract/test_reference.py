"""Tests of geo/extract/reference.py: which date an article's relative dates count from."""
from __future__ import annotations

from datetime import date

import pytest

from geo.extract.reference import anniversary_dates, reference_for

TODAY = date(2020, 1, 1)  # fixed, so inferred years do not drift as real time passes
DATELINE_NO_YEAR = "TOKYO, March 3 (Kyodo) -- Japan scrambled fighter jets, the Defense Ministry said Friday."


def test_published_date_wins_over_a_dateline():
    ref = reference_for("SEOUL, April 15, 2016 (UPI) -- Jets flew.", date(2017, 4, 16), today=TODAY)
    assert (ref.day, ref.how) == (date(2017, 4, 16), "published")


def test_dateline_end_is_reported_with_a_published_date():
    text = "SEOUL, April 15 (UPI) -- Jets flew."
    ref = reference_for(text, date(2017, 4, 16), today=TODAY)
    assert text[ref.dateline_end:].strip() == "Jets flew."


def test_dateline_with_year_gives_the_day():
    ref = reference_for("SEOUL, April 15, 2017 (UPI) -- Jets flew.", None, today=TODAY)
    assert (ref.day, ref.how) == (date(2017, 4, 15), "dateline")


def test_dateline_after_a_headline_line_gives_the_day():
    ref = reference_for("Jets scramble\nSEOUL, April 15, 2017 (UPI) -- Jets flew.", None, today=TODAY)
    assert (ref.day, ref.how) == (date(2017, 4, 15), "dateline")


def test_dateline_without_year_takes_the_year_of_the_weekday_in_the_lead():
    # March 3 was a Friday in 2017 (and next in 2023, after TODAY).
    ref = reference_for(DATELINE_NO_YEAR, None, today=TODAY)
    assert (ref.day, ref.how) == (date(2017, 3, 3), "weekday")


def test_weekday_inference_prefers_the_latest_year_before_today():
    ref = reference_for(DATELINE_NO_YEAR, None, today=date(2024, 1, 1))
    assert ref.day == date(2023, 3, 3)


def test_anniversary_gives_the_year():
    text = "North Korea marked the 70th anniversary of the start of the Korean War with mass rallies."
    ref = reference_for(text, None, today=date(2024, 1, 1))
    assert (ref.day, ref.year, ref.how) == (None, 2020, "anniversary")


def test_anniversary_date_is_the_historical_date_plus_the_ordinal():
    text = "It was the 70th anniversary of the start of the Korean War."
    assert [d for _, _, d in anniversary_dates(text)] == [date(2020, 6, 25)]


def test_latest_full_date_in_the_text_is_the_fallback():
    text = "Bombers flew on September 18, 2017, and again on Sept. 20, 2017."
    ref = reference_for(text, None, today=TODAY)
    assert (ref.day, ref.how) == (date(2017, 9, 20), "explicit-date")


def test_nothing_to_go_on_gives_no_reference():
    ref = reference_for("Bombers flew on Monday.", None, today=TODAY)
    assert (ref.day, ref.year, ref.how) == (None, None, "none")
