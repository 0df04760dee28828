"""Tests of geo/query.py: the events DataFrame and its filters, on small hand-built events."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.query import schema as S
from geo.models import Aircraft, Article, Event, Place, Span
from geo.query import EventFilter, events_frame, filter_events, option_counts

KOREA = Place("South Korea", 36.5, 127.75, "country", "country:KR", "country", "location", 177.1)
GUAM = Place("Guam", 13.47, 144.78, "country", "country:GU", "country", "origin", 13.2)


def _event(eid: str, kind: str = "flight", when: str | None = "2017-09-18", precision: str | None = "day",
           aircraft: tuple[Aircraft, ...] = (), countries: tuple[str, ...] = (), article: str = "a.txt",
           origins: tuple[Place, ...] = (), locations: tuple[Place, ...] = (KOREA,)) -> Event:
    return Event(event_id=eid, article_id=f"id-{article}", kind=kind, date=when, date_precision=precision,
                 evidence=Span(0, 5, "text."), aircraft=aircraft, origins=origins, locations=locations,
                 countries=countries, article_name=article)


B1B = Aircraft("B-1B", "bomber", 2)
F35 = Aircraft("F-35A", "fighter", 4)
EVENTS = [
    _event("day", aircraft=(B1B,), countries=("United States",), origins=(GUAM,)),
    _event("month", when="2017-09", precision="month", aircraft=(B1B, F35), countries=("United States", "Japan"),
           article="b.txt"),
    _event("launch", kind="missile_launch", when="2017-08-29", countries=("North Korea",), article="b.txt"),
    _event("undated", when=None, precision=None, aircraft=(F35,)),
]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return events_frame(EVENTS, [Article(id="id-a.txt", path="a.txt", title="Bombers fly", text="text.")])


def _ids(df: pd.DataFrame) -> set[str]:
    return set(df[S.EVENT_ID])


def test_columns_are_the_schema_columns(frame):
    assert tuple(frame.columns) == S.EVENT_COLUMNS


def test_empty_input_gives_the_schema_columns():
    assert tuple(events_frame([]).columns) == S.EVENT_COLUMNS


def test_one_row_per_event(frame):
    assert _ids(frame) == {"day", "month", "launch", "undated"}


def test_undated_events_sort_last(frame):
    assert frame[S.EVENT_ID].iloc[-1] == "undated"


def test_article_title_comes_from_the_articles(frame):
    titles = dict(zip(frame[S.EVENT_ID], frame[S.ARTICLE_TITLE]))
    assert (titles["day"], titles["launch"]) == ("Bombers fly", "b.txt")


def test_marker_goes_at_the_first_location(frame):
    row = frame.set_index(S.EVENT_ID).loc["day"]
    assert (row[S.PLACE_NAME], row[S.LAT], row[S.LON]) == ("South Korea", 36.5, 127.75)


def test_aircraft_text_shows_counts(frame):
    assert frame.set_index(S.EVENT_ID).loc["month", S.AIRCRAFT_TEXT] == "2× B-1B, 4× F-35A"


def test_date_range_keeps_day_events_inside_it(frame):
    assert _ids(filter_events(frame, EventFilter(start=date(2017, 9, 18), end=date(2017, 9, 18),
                                                 include_undated=False))) == {"day", "month"}


def test_date_range_keeps_a_month_event_overlapping_it(frame):
    assert "month" in _ids(filter_events(frame, EventFilter(start=date(2017, 9, 20), end=date(2017, 9, 25))))


def test_date_range_drops_events_outside_it(frame):
    assert "launch" not in _ids(filter_events(frame, EventFilter(start=date(2017, 9, 1), end=date(2017, 9, 30))))


def test_date_range_keeps_undated_by_default(frame):
    assert "undated" in _ids(filter_events(frame, EventFilter(start=date(2017, 9, 1), end=date(2017, 9, 30))))


def test_include_undated_false_drops_undated(frame):
    assert "undated" not in _ids(filter_events(frame, EventFilter(include_undated=False)))


def test_empty_filter_keeps_everything(frame):
    assert len(filter_events(frame, EventFilter())) == len(frame)


def test_aircraft_type_filter(frame):
    assert _ids(filter_events(frame, EventFilter(aircraft_types=frozenset({"F-35A"})))) == {"month", "undated"}


def test_role_filter(frame):
    assert _ids(filter_events(frame, EventFilter(roles=frozenset({"bomber"})))) == {"day", "month"}


def test_kind_filter(frame):
    assert _ids(filter_events(frame, EventFilter(kinds=frozenset({"missile_launch"})))) == {"launch"}


def test_country_filter(frame):
    assert _ids(filter_events(frame, EventFilter(countries=frozenset({"Japan", "North Korea"})))) == {"month",
                                                                                                       "launch"}


def test_article_filter(frame):
    assert _ids(filter_events(frame, EventFilter(articles=frozenset({"b.txt"})))) == {"month", "launch"}


def test_option_counts_count_each_member_of_tuple_columns(frame):
    assert option_counts(frame, S.AIRCRAFT_TYPES) == {"B-1B": 2, "F-35A": 2}


def test_option_counts_skip_events_with_empty_tuples(frame):
    assert option_counts(frame, S.AIRCRAFT_ROLES) == {"bomber": 2, "fighter": 2}


def test_option_counts_on_a_plain_column(frame):
    assert option_counts(frame, S.KIND) == {"flight": 3, "missile_launch": 1}


def test_option_counts_on_an_empty_frame():
    assert option_counts(events_frame([]), S.AIRCRAFT_TYPES) == {}


def test_month_event_does_not_leak_into_the_next_month(frame):
    assert "month" not in _ids(filter_events(frame, EventFilter(start=date(2017, 10, 1), end=date(2017, 10, 31))))


def test_year_event_covers_the_last_day_of_a_leap_year():
    df = events_frame([_event("year", when="2016", precision="year")])
    assert "year" in _ids(filter_events(df, EventFilter(start=date(2016, 12, 31), end=date(2016, 12, 31))))
