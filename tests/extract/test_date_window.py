"""Event dates outside the accepted window become null, and no publication date makes extraction fail (issue 11, 1)."""
from __future__ import annotations

from datetime import date

import pytest

from geo.extract import EventExtractor
from geo.models import Article, content_id

TODAY = date(2024, 5, 2)


def _article(text: str, published: date | None) -> Article:
    return Article(content_id(text), "a.txt", "", text, published)


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor()


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31), date(1, 1, 2), date(3017, 9, 23)])
def test_a_publication_date_at_the_ends_of_the_calendar_does_not_fail_extraction(extractor, published):
    # "year 0 is out of range" and "date value out of range" came from resolving "Tuesday" and
    # "last month" against year 1 or 9999.
    text = ("Two B-1B bombers flew over the Korean Peninsula on Tuesday. Last month, North Korea fired "
            "two ballistic missiles on Nov. 2. A day later, jets flew again.")
    events = extractor.extract(_article(text, published), today=TODAY)
    assert events and all(e.date is None or "1900" <= e.date <= "2025-05-02" for e in events)


def test_a_publication_date_outside_the_window_is_no_reference(extractor):
    events = extractor.extract(_article("Two B-1B bombers flew over the Korean Peninsula on Tuesday.",
                                        date(3017, 9, 23)), today=TODAY)
    assert [(e.date, e.date_span) for e in events] == [(None, None)]


def test_an_event_year_beyond_the_window_is_dropped_to_null(extractor):
    text = "Two B-1B bombers flew over the Korean Peninsula on Sept. 18, 2099."
    (event,) = extractor.extract(_article(text, None), today=TODAY)
    assert (event.date, event.date_precision, event.date_span) == (None, None, None)


def test_the_same_year_inside_a_wider_window_is_kept(extractor, monkeypatch):
    monkeypatch.setenv("GEO_YEARS_AHEAD", "100")
    (event,) = extractor.extract(_article("Two B-1B bombers flew over the Korean Peninsula on Sept. 18, 2099.", None),
                                 today=TODAY)
    assert (event.date, event.date_precision) == ("2099-09-18", "day")


def test_a_relative_date_that_falls_before_the_window_is_dropped(extractor):
    text = "Last month, two B-1B bombers flew over the Korean Peninsula."
    (event,) = extractor.extract(_article(text, date(1900, 1, 5)), today=TODAY)
    assert event.date is None  # December 1899
    (event,) = extractor.extract(_article(text, date(1900, 3, 5)), today=TODAY)
    assert event.date == "1900-02"
