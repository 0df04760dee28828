"""Tests of geo/store/sortie_review.py: split and merge, who and when, undo, and surviving re-ingest."""
from __future__ import annotations

from dataclasses import replace

import pytest

from geo.errors import GeoError, SortieReviewError
from geo.store import open_store
from geo.store.sortie_review import (merge_sorties, orphaned_reviews, sortie_reviews, split_report,
                                     undo_review)
from geo.store.sorties import refresh_article, sortie_members, sortie_of_event, stored_sorties

from tests.sorties.helpers import art, ev

ARTICLES = {
    "yonhap": [ev("yonhap", 0, aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",))],
    "kyodo": [ev("kyodo", 0, aircraft=[("B-1B", 2)], origins=("Guam",), areas=("South Korea",))],
    "nhk": [ev("nhk", 0, aircraft=["B-1B"], areas=("Osan",))],
    # a flight the rules keep apart (another day), which an analyst may know to be the same
    "blog": [ev("blog", 0, day="2017-09-21", aircraft=["B-1B"], areas=("Osan",))],
}


def reingest(store, names=None):
    for name in names or ARTICLES:
        article = art(name, "2017-09-22")
        store.save(replace(article, title=article.title + "!"), ARTICLES[name])  # rewritten rows, same event ids
        refresh_article(store, article.id)


@pytest.fixture
def store():
    s = open_store(":memory:")
    for name, events in ARTICLES.items():
        s.save(art(name, "2017-09-22"), events)
        refresh_article(s, name)
    yield s
    s.close()


def eid(name: str) -> str:
    return ARTICLES[name][0].event_id


def test_the_fixture_groups_three_reports_and_leaves_the_blog_apart(store):
    assert sorted(len(s.sources) for s in stored_sorties(store)) == [1, 3]


def test_a_split_takes_the_report_out_records_who_and_when_and_keeps_the_id(store):
    sid = sortie_of_event(store, eid("nhk"))
    review = split_report(store, eid("nhk"), "ana", sortie_id=sid)
    assert (review.action, review.author, review.event_ids) == ("split", "ana", (eid("nhk"),))
    assert review.created_at and review.active
    assert sortie_of_event(store, eid("nhk")) != sid
    assert sorted(sortie_members(store, sid)) == sorted([eid("yonhap"), eid("kyodo")])
    assert sortie_reviews(store) == [review]


def test_a_split_survives_re_ingest(store):
    split_report(store, eid("nhk"), "ana")
    reingest(store)
    assert len(sortie_members(store, sortie_of_event(store, eid("nhk")))) == 1
    assert sortie_of_event(store, eid("yonhap")) == sortie_of_event(store, eid("kyodo"))


def test_undoing_a_split_puts_the_report_back(store):
    sid = sortie_of_event(store, eid("nhk"))
    review = split_report(store, eid("nhk"), "ana")
    undone = undo_review(store, review.id, "bo")
    assert (undone.undone_by, undone.active) == ("bo", False) and undone.undone_at
    assert sortie_of_event(store, eid("nhk")) == sid
    assert sortie_reviews(store) == [] and sortie_reviews(store, include_undone=True) == [undone]


def test_a_merge_joins_two_sorties_survives_re_ingest_and_can_be_undone(store):
    main, blog = sortie_of_event(store, eid("yonhap")), sortie_of_event(store, eid("blog"))
    review = merge_sorties(store, blog, main, "ana")
    assert sortie_of_event(store, eid("blog")) == sortie_of_event(store, eid("yonhap")) == main  # the larger keeps its id
    reingest(store, ["blog", "yonhap"])
    assert sortie_of_event(store, eid("blog")) == main
    undo_review(store, review.id, "ana")
    assert sortie_of_event(store, eid("blog")) != main
    assert len(sortie_members(store, main)) == 3


def test_a_later_split_wins_over_an_earlier_merge(store):
    main, blog = sortie_of_event(store, eid("yonhap")), sortie_of_event(store, eid("blog"))
    merge_sorties(store, main, blog, "ana")
    split_report(store, eid("blog"), "bo")
    assert sortie_of_event(store, eid("blog")) != sortie_of_event(store, eid("yonhap"))
    assert len(sortie_members(store, sortie_of_event(store, eid("yonhap")))) == 3


def test_a_report_new_to_the_store_still_joins_a_reviewed_sortie(store):
    split_report(store, eid("nhk"), "ana")
    late = ev("late", 0, aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",))
    store.save(art("late", "2017-09-23"), [late])
    refresh_article(store, "late")
    assert sortie_of_event(store, late.event_id) == sortie_of_event(store, eid("yonhap"))


@pytest.mark.parametrize("call, message", [
    (lambda s: split_report(s, eid("nhk"), " "), "author"),
    (lambda s: split_report(s, "no-such-event", "ana"), "no stored report"),
    (lambda s: split_report(s, eid("blog"), "ana"), "only report"),
    (lambda s: split_report(s, eid("nhk"), "ana", sortie_id="s-elsewhere"), "not 's-elsewhere'"),
    (lambda s: merge_sorties(s, "s-missing", sortie_of_event(s, eid("nhk")), "ana"), "no stored sortie"),
    (lambda s: merge_sorties(s, sortie_of_event(s, eid("nhk")), sortie_of_event(s, eid("nhk")), "ana"), "itself"),
    (lambda s: undo_review(s, 999, "ana"), "no sortie review"),
])
def test_bad_requests_get_a_specific_error_and_change_nothing(store, call, message):
    before = {s.sortie_id: s.event_ids for s in stored_sorties(store)}
    with pytest.raises(SortieReviewError, match=message) as err:
        call(store)
    assert isinstance(err.value, GeoError) and isinstance(err.value, ValueError)
    assert {s.sortie_id: s.event_ids for s in stored_sorties(store)} == before
    assert sortie_reviews(store, include_undone=True) == []


def test_undoing_twice_is_refused(store):
    review = split_report(store, eid("nhk"), "ana")
    undo_review(store, review.id, "ana")
    with pytest.raises(SortieReviewError, match="already undone"):
        undo_review(store, review.id, "ana")


def test_a_decision_whose_report_is_gone_is_listed_as_orphaned(store):
    review = split_report(store, eid("nhk"), "ana")
    store.save(art("nhk", "2017-09-22"), [])  # re-extracted with no event
    refresh_article(store, "nhk")
    assert orphaned_reviews(store) == [review]
