"""Tests of geo/query.py: the events DataFrame and its filters, on small hand-built events."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.query import schema as S
from geo.models import Aircraft, Article, Event, Place, Span
from geo.query import EventFilter, aircraft_from, events_frame, family_variants, filter_events, option_counts

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
    assert tuple(frame.columns) == S.FRAME_COLUMNS
    assert S.FRAME_COLUMNS[:len(S.EVENT_COLUMNS)] == S.EVENT_COLUMNS


def test_empty_input_gives_the_schema_columns():
    assert tuple(events_frame([]).columns) == S.FRAME_COLUMNS


def test_place_columns_hold_the_events_own_places_and_the_row_its_event(frame):
    row = frame.set_index(S.EVENT_ID).loc["day"]
    assert row[S.ORIGINS] == (GUAM,) and row[S.LOCATIONS] == (KOREA,)
    assert row[S.ORIGINS][0].name == "Guam" and row[S.EVENT] is EVENTS[0]
    hash(row[S.ORIGINS])  # frozen places: the frame's tuples stay hashable


def test_an_unresolved_place_is_kept_without_coordinates_and_the_marker_goes_to_a_placed_one():
    lost = Place("the base", None, None, reason="a word for a place named nowhere before it")
    row = events_frame([_event("x", locations=(lost, KOREA))]).iloc[0]
    assert row[S.LOCATIONS] == (lost, KOREA) and row[S.PLACE_NAME] == "South Korea"
    nowhere = events_frame([_event("y", locations=(lost,))]).iloc[0]
    assert nowhere[S.PLACE_NAME] == "" and pd.isna(nowhere[S.LAT])


def test_activity_is_a_column():
    e = Event("a1", "id-a", "flight", "2024-01-01", "day", Span(0, 1, "x"), activity="escort")
    assert events_frame([e]).iloc[0][S.ACTIVITY] == "escort"


def test_a_family_keeps_its_variants_and_a_variant_only_itself():
    df = events_frame([_event("h", aircraft=(Aircraft("B-52H", "bomber"),)),
                       _event("bare", aircraft=(Aircraft("B-52", "bomber"),)),
                       _event("c", aircraft=(Aircraft("F-15C", "fighter"),))])
    assert _ids(filter_events(df, EventFilter(aircraft_types=frozenset({"B-52"})))) == {"h", "bare"}
    assert _ids(filter_events(df, EventFilter(aircraft_types=frozenset({"B-52H"})))) == {"h"}
    assert _ids(filter_events(df, EventFilter(aircraft_types=frozenset({"F-15"})))) == {"c"}
    assert option_counts(df, S.AIRCRAFT_MATCH) == {"B-52": 2, "B-52H": 1, "F-15": 1, "F-15C": 1}
    assert family_variants(["B-52H", "B-52", "F-15C", "F-15K"]) == {"B-52": ("B-52H",), "F-15": ("F-15C", "F-15K")}


def test_aircraft_from_an_origin_follows_what_the_text_says():
    okinawa = Place("Okinawa Island", 26.5, 127.95, role="origin", span=Span(0, 7, "Okinawa"))
    e = Event("e", "a", "flight", None, None, Span(0, 1, "x"), origins=(GUAM, okinawa),
              aircraft=(Aircraft("B-1B", origin="Guam"), Aircraft("F-15C", origin="Okinawa"), Aircraft("KC-135")))
    assert [a.type for a in aircraft_from(e, GUAM)] == ["B-1B", "KC-135"]
    assert [a.type for a in aircraft_from(e, okinawa)] == ["F-15C", "KC-135"]  # matched by the article's words


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
