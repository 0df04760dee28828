"""Tests of geo/query/index.py: the integer-coded index filters and counts exactly as the plain pandas version does.

Property style: many random frames (dates of every precision and none, aircraft families and variants, empty
tuples, activities, sortie ids) and random filters (unknown values too), each checked against a plain pandas
filter and ``option_counts`` written without the index.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from geo.models import Aircraft, Event, Place, Span
from geo.query import EventFilter, events_frame, filter_events, option_counts, period_ends
from geo.query import schema as S
from geo.query.facets import FACETS
from geo.query.index import EventIndex, index_of, is_registered, register

KOREA = Place("South Korea", 36.5, 127.75, "country", "country:KR", "country", "location", 177.1)
AIRCRAFT = (Aircraft("B-52H", "bomber", 2), Aircraft("B-52", "bomber", None), Aircraft("F-15C", "fighter", 4),
            Aircraft("F-15K", "fighter", 2), Aircraft("KC-135", "tanker", 1), Aircraft("Z-99", "", 1))
KINDS = ("flight", "exercise", "missile_launch", "other")
ACTIVITIES = ("", "", "joint_drill", "escort", "patrol")
COUNTRIES = ("Japan", "South Korea", "United States", "North Korea")
ARTICLES = ("a.txt", "b.txt", "c.txt")
FIRST = date(2019, 1, 1)


def _random_frame(rng: random.Random, n: int) -> pd.DataFrame:
    events = []
    for i in range(n):
        day = FIRST + timedelta(days=rng.randrange(900))
        precision = rng.choice(("day", "day", "month", "year", None))
        when = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year), None: None}[precision]
        events.append(Event(
            event_id=f"e{i}", article_id="id", kind=rng.choice(KINDS), date=when, date_precision=precision,
            evidence=Span(0, 5, "text."), aircraft=tuple(rng.sample(AIRCRAFT, rng.choice((0, 1, 1, 2, 3)))),
            locations=(KOREA,), countries=tuple(rng.sample(COUNTRIES, rng.choice((0, 1, 2)))),
            article_name=rng.choice(ARTICLES), activity=rng.choice(ACTIVITIES)))
    df = events_frame(events)
    df[S.SORTIE_ID] = [rng.choice(("", "s1", "s2", "s3", "s4", "s5")) for _ in range(len(df))]
    return df


def _random_filter(rng: random.Random, df: pd.DataFrame) -> EventFilter:
    sets = {}
    for facet in FACETS:
        known = sorted(option_counts(df, facet.column)) + ["no-such-value"]
        sets[facet.field] = frozenset(rng.sample(known, min(len(known), rng.choice((0, 0, 0, 1, 2)))))
    start = FIRST + timedelta(days=rng.randrange(900)) if rng.random() < 0.5 else None
    end = (start or FIRST) + timedelta(days=rng.randrange(400)) if rng.random() < 0.5 else None
    return EventFilter(start=start, end=end, include_undated=rng.random() < 0.6, **sets)


def _pandas_filter(df: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    """The filter as plain pandas, one facet at a time, written from ``geo.query.facets`` alone."""
    keep = pd.Series(True, index=df.index)
    if f.start or f.end:
        start = pd.Timestamp(f.start) if f.start else pd.Timestamp.min
        end = pd.Timestamp(f.end) if f.end else pd.Timestamp.max
        dated = df[S.DATE].notna()
        keep &= (dated & (period_ends(df) >= start) & (df[S.DATE] <= end)) | (~dated & f.include_undated)
    elif not f.include_undated:
        keep &= df[S.DATE].notna()
    for facet in FACETS:
        wanted = getattr(f, facet.field)
        if not wanted:
            continue
        if facet.count == "members":
            keep &= df[facet.column].map(lambda tup: bool(wanted.intersection(tup)))
        else:
            keep &= df[facet.column].isin(wanted)
    return df[keep]


@pytest.mark.parametrize("seed", range(40))
def test_the_index_filters_and_counts_as_pandas_does(seed):
    rng = random.Random(seed)
    df = _random_frame(rng, rng.choice((0, 1, 5, 40, 150)))
    if rng.random() < 0.5:  # a frame whose labels are not 0..n-1 (a filtered or shuffled one)
        df = df.sample(frac=1.0, random_state=seed).iloc[: max(len(df) - 3, 0)]
    index = EventIndex(df)
    for _ in range(6):
        f = _random_filter(rng, df)
        got, want = filter_events(df, f), _pandas_filter(df, f)
        assert got.index.tolist() == want.index.tolist()
        assert got[S.EVENT_ID].tolist() == want[S.EVENT_ID].tolist()
        for unit in (None, S.SORTIE_ID):
            counts = index.facet_counts(f, unit)
            for facet in FACETS:
                others = _pandas_filter(df, replace(f, **{facet.field: frozenset()}))
                assert counts[facet.key] == option_counts(others, facet.column, unit), (facet.key, unit)


def test_counts_over_all_rows_are_option_counts():
    df = _random_frame(random.Random(99), 300)
    index = EventIndex(df)
    for facet in FACETS:
        assert index.counts(facet, None) == option_counts(df, facet.column)
        assert index.counts(facet, None, S.SORTIE_ID) == option_counts(df, facet.column, S.SORTIE_ID)


def test_a_registered_frame_is_found_by_identity_and_returned_whole_when_nothing_is_dropped():
    df = _random_frame(random.Random(5), 30)
    assert not is_registered(df)
    index = register(df)
    assert index_of(df) is index and is_registered(df)
    assert filter_events(df, EventFilter()) is df  # nothing dropped: the shared frame itself, no copy
    other = df.copy()
    assert index_of(other) is not index  # another frame, even an equal one, gets its own index
    assert filter_events(other, EventFilter()) is not other


def test_an_unknown_value_matches_nothing():
    df = _random_frame(random.Random(3), 50)
    assert filter_events(df, EventFilter(kinds=frozenset({"no-such-kind"}))).empty
    assert filter_events(df, EventFilter(aircraft_types=frozenset({"no-such-type"}))).empty


def test_a_frame_without_the_schema_columns_is_refused_with_the_missing_ones_named():
    with pytest.raises(ValueError, match="lacks columns"):
        EventIndex(pd.DataFrame({S.EVENT_ID: ["e1"]}))


@pytest.mark.parametrize("seed", range(12))
def test_the_sorties_a_filter_keeps_are_the_same_looked_up_through_the_index_or_matched_by_id(seed):
    from geo.query.sorties import sorties_matching

    rng = random.Random(seed)
    reports = _random_frame(rng, rng.choice((0, 3, 60)))
    register(reports)
    # A frame of sorties (only its ids matter here), in its own order, one with no report at all.
    ids = ["s0", "s1", "s2", "s3", "s4", "s5", "s6"]
    rng.shuffle(ids)
    sorties = pd.DataFrame({S.SORTIE_ID: ids, "n": range(len(ids))})
    for _ in range(4):
        matched = filter_events(reports, _random_filter(rng, reports))
        want = sorties[sorties[S.SORTIE_ID].isin(set(matched[S.SORTIE_ID]))]
        for got in (sorties_matching(sorties, matched), sorties_matching(sorties, matched, reports)):
            assert got.index.tolist() == want.index.tolist()
