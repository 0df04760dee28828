"""Tests of geo/query/sorties.py: reports told their sortie, one row per sortie, and a filter of reports keeping sorties."""
from __future__ import annotations

import pytest

from geo.query import EventFilter, events_frame, filter_events, option_counts
from geo.query import schema as S
from geo.query.index import register
from geo.query.sorties import is_sortie_row, sorties_frame, sorties_matching

from tests.sorties.frames import ARTICLES, EVENTS, KCNA, UNPLACED, YONHAP
from tests.sorties.frames import grouped as build


@pytest.fixture(scope="module")
def grouped():
    return build()


def test_the_invented_reports_make_two_sorties(grouped):
    sorties, _reports, _frame = grouped
    assert sorted(len(s.sources) for s in sorties) == [1, 2]


def test_each_report_carries_its_sortie_its_article_count_and_sources(grouped):
    sorties, reports, _frame = grouped
    both = next(s for s in sorties if len(s.sources) == 2)
    row = reports[reports[S.EVENT_ID] == KCNA.event_id].iloc[0]
    assert row[S.SORTIE_ID] == both.sortie_id and row[S.SOURCE_COUNT] == 2
    assert [s.outlet for s in row[S.SOURCES]] == ["Yonhap", "KCNA"]  # by publication date
    assert "2 B-1B (Yonhap) vs 4 B-1B (KCNA)" in row[S.DISAGREEMENTS]
    assert row[S.DISAGREEMENTS] == tuple(d.text for d in both.disagreements)
    assert not is_sortie_row(row[S.EVENT_ID], row[S.SORTIE_ID])


def test_a_sortie_row_merges_its_reports(grouped):
    sorties, _reports, frame = grouped
    assert len(frame) == 2 and list(frame.columns) == list(S.FRAME_COLUMNS)
    both = next(s for s in sorties if len(s.sources) == 2)
    row = frame[frame[S.EVENT_ID] == both.sortie_id].iloc[0]
    assert is_sortie_row(row[S.EVENT_ID], row[S.SORTIE_ID])
    assert row[S.AIRCRAFT_TYPES] == ("B-1B", "F-15K") and row[S.AIRCRAFT_TEXT] in ("2× B-1B, F-15K", "4× B-1B, F-15K")
    assert [p.name for p in row[S.LOCATIONS]] == ["Osan Air Base", "South Korea", "the sea"]
    assert [p.name for p in row[S.ORIGINS]] == ["Guam"]
    # The place that could not be placed keeps the resolver's reason (the stored sortie drops it).
    assert row[S.LOCATIONS][-1].reason == UNPLACED.reason
    assert row[S.PLACE_NAME] == "Osan Air Base" and row[S.DATE_TEXT] == "2017-09-18"
    # Its article, title and sentence are its first report's, the earliest published.
    assert row[S.ARTICLE_NAME] == "yonhap.txt" and row[S.EVIDENCE] == YONHAP.evidence.text
    assert row[S.SOURCE_COUNT] == 2 and "2 B-1B (Yonhap) vs 4 B-1B (KCNA)" in row[S.DISAGREEMENTS]
    assert set(row[S.COUNTRIES]) == {"United States", "South Korea"}


def test_a_sortie_is_kept_when_any_of_its_reports_passes_the_filter(grouped):
    _sorties, reports, frame = grouped
    # Only KCNA's report names South Korea as a country; the sortie is kept all the same, with both sources.
    kept = sorties_matching(frame, filter_events(reports, EventFilter(countries=frozenset({"South Korea"}))))
    assert len(kept) == 1 and kept.iloc[0][S.SOURCE_COUNT] == 2
    # No report of either sortie has an F-16: nothing is kept.
    assert sorties_matching(frame, filter_events(reports, EventFilter(aircraft_types=frozenset({"F-16"})))).empty
    # The article filter keeps the sortie its article reports, though its row names the other article.
    kept = sorties_matching(frame, filter_events(reports, EventFilter(articles=frozenset({"kcna.txt"}))))
    assert list(kept[S.ARTICLE_NAME]) == ["yonhap.txt"]


def test_facet_counts_can_count_sorties_instead_of_reports(grouped):
    _sorties, reports, _frame = grouped
    assert option_counts(reports, S.AIRCRAFT_TYPES)["B-1B"] == 2
    assert option_counts(reports, S.AIRCRAFT_TYPES, S.SORTIE_ID) == {"B-1B": 1, "B-52H": 1, "F-15K": 1}
    assert option_counts(reports, S.KIND, S.SORTIE_ID) == {"flight": 2}


def test_a_frame_without_sorties_has_empty_sortie_columns():
    frame = events_frame(EVENTS, ARTICLES)
    assert set(frame[S.SORTIE_ID]) == {""} and set(frame[S.SOURCE_COUNT]) == {0}
    assert sorties_frame(frame, []).empty and list(sorties_frame(frame, []).columns) == list(S.FRAME_COLUMNS)


def test_shared_frames_keep_every_sortie_as_the_frame_itself_and_a_few_as_a_selection():
    _sorties, reports, frame = build()
    register(reports)
    register(frame)  # as the dashboard does: both frames are shared and read-only
    assert sorties_matching(frame, filter_events(reports, EventFilter()), reports) is frame
    kept = sorties_matching(frame, filter_events(reports, EventFilter(aircraft_types=frozenset({"B-52H"}))), reports)
    assert kept is not frame and list(kept[S.AIRCRAFT_TYPES]) == [("B-52H",)]
    # An unshared frame is never handed back itself: the caller may change what it gets.
    _sorties, reports2, frame2 = build()
    assert sorties_matching(frame2, reports2, reports2) is not frame2
