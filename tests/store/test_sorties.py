"""Tests of geo/store/sorties.py: sorties stored on ingest, updated incrementally, stable ids, lazy catch-up."""
from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date

import pytest

from geo.models import Article, content_id
from geo.pipeline import ingest_article
from geo.sorties import group_events
from geo.store import open_store
from geo.store.sorties import (ensure_sorties, rebuild_sorties, refresh_article, sortie_ids_by_event, sortie_of_event,
                               stored_sorties)

from tests.sorties.helpers import art, ev, partition

US, KR, KP = "United States", "South Korea", "North Korea"


def articles_and_events():
    """Invented articles: one flight reported three times, the next flight, a launch; as stored rows."""
    out = {
        "yonhap": [ev("yonhap", 0, day="2016-09-13", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",)),
                   ev("yonhap", 1, kind="nuclear_test", day="2016-09-09", areas=("North Korea",), countries=(KP,),
                      role="context")],
        "kyodo": [ev("kyodo", 0, day="2016-09-13", aircraft=[("B-1B", 4)], origins=("Guam",), areas=("South Korea",))],
        "ecns": [ev("ecns", 0, day="2016-09-13", aircraft=["B-1B"], areas=("Osan",), role="context"),
                 ev("ecns", 1, day="2016-09-21", aircraft=[("B-1B", 2)], areas=("Osan",)),
                 ev("ecns", 2, kind="nuclear_test", day=None, countries=(KP,), role="context")],
        "kcna": [ev("kcna", 0, kind="missile_launch", day="2016-09-05", areas=("Sea of Japan",), countries=(KP,))],
    }
    published = {"yonhap": "2016-09-13", "kyodo": "2016-09-14", "ecns": "2016-09-21", "kcna": "2016-09-06"}
    return {name: (art(name, published[name]), events) for name, events in out.items()}


def fill(store, names=None):
    data = articles_and_events()
    for name in names or data:
        article, events = data[name]
        store.save(article, events)
        refresh_article(store, article.id)
    return data


def stored_partition(store):
    return partition(s.event_ids for s in stored_sorties(store))


def batch_partition(store):
    return partition(s.event_ids for s in group_events(store.events(), store.articles()))


@pytest.fixture
def store():
    s = open_store(":memory:")
    yield s
    s.close()


def test_the_migration_adds_the_sortie_tables(store):
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sorties", "sortie_reports", "sortie_buckets", "sortie_reviews", "sortie_state"} <= tables


def test_stored_sorties_are_the_batch_grouping_whatever_the_ingest_order(store):
    data = fill(store)
    expected = batch_partition(store)
    assert stored_partition(store) == expected
    assert len(expected) == 4  # the 13th (3 reports), the 21st, the nuclear test (2), the launch
    for order in (["kcna", "ecns", "kyodo", "yonhap"], ["ecns", "yonhap", "kcna", "kyodo"]):
        with open_store(":memory:") as other:
            fill(other, order)
            assert stored_partition(other) == expected
    assert data


def test_ingesting_through_the_pipeline_stores_sorties(store):
    text_a = ("SEOUL, Sept. 18 (Invented Wire) -- Two U.S. Air Force B-1B bombers from Guam flew over South Korea "
              "on Monday, the military said.")
    text_b = "Four B-1B bombers flew over South Korea on Monday, Sept. 18, 2017, officials said."
    for text, day in ((text_a, date(2017, 9, 18)), (text_b, date(2017, 9, 19))):
        ingest_article(Article(content_id(text), f"{content_id(text)}.txt", "t", text, day, "Invented"), store)
    (sortie,) = [s for s in stored_sorties(store) if s.kind == "flight"]
    assert sortie.source_count == 2
    assert store.conn.execute("SELECT COUNT(*) FROM sortie_reports").fetchone()[0] == len(store.events())


def test_re_ingesting_unchanged_articles_keeps_every_sortie_id(store):
    data = fill(store)
    before = sortie_ids_by_event(store)
    for article, events in data.values():
        store.save(replace(article, title=article.title + " (updated)"), events)  # rewritten, same events
        refresh_article(store, article.id)
    assert sortie_ids_by_event(store) == before


def test_an_article_re_extracted_with_other_events_updates_its_sorties_and_keeps_their_ids(store):
    data = fill(store)
    flight = data["kyodo"][1][0]
    sid = sortie_of_event(store, flight.event_id)
    ecns_article, ecns_events = data["ecns"]
    # a new extraction of ecns drops its context mention of the 13th and dates the nuclear test
    new_events = [ecns_events[1], replace(ecns_events[2], event_id="ecns-nt-v2", date="2016-09-09",
                                          date_precision="day")]
    store.save(ecns_article, new_events)
    refresh_article(store, ecns_article.id)
    assert stored_partition(store) == batch_partition(store)
    assert sortie_of_event(store, flight.event_id) == sid
    assert sortie_of_event(store, ecns_events[0].event_id) is None
    assert len(next(s for s in stored_sorties(store) if s.sortie_id == sid).sources) == 2


def test_a_sortie_keeps_the_id_of_the_report_that_created_it(store):
    data = fill(store, ["kyodo"])
    first = data["kyodo"][1][0]
    fill(store, ["yonhap", "ecns"])
    assert sortie_of_event(store, first.event_id) == f"s-{first.event_id}"


def test_events_saved_without_a_refresh_are_grouped_on_the_next_read(store):
    data = articles_and_events()
    for article, events in data.values():
        store.save(article, events)  # as a store made before sorties existed
    assert store.conn.execute("SELECT COUNT(*) FROM sortie_reports").fetchone()[0] == 0
    assert stored_partition(store) == batch_partition(store)
    late = art("late", "2016-09-14")
    store.save(late, [ev("late", 0, day="2016-09-13", aircraft=["B-1B"], areas=("Osan",))])
    assert ensure_sorties(store) is not None
    assert stored_partition(store) == batch_partition(store)
    assert ensure_sorties(store) is None  # nothing left to do


def test_a_rebuild_keeps_the_ids(store):
    fill(store)
    before = sortie_ids_by_event(store)
    rebuild_sorties(store)
    assert sortie_ids_by_event(store) == before


def test_a_change_of_grouping_rules_regroups_the_store(store):
    fill(store)
    with store.conn:
        store.conn.execute("UPDATE sortie_state SET value = '0' WHERE key = 'version'")
        store.conn.execute("DELETE FROM sortie_reports WHERE event_id IN (SELECT event_id FROM sortie_reports LIMIT 1)")
    assert ensure_sorties(store) is not None
    assert stored_partition(store) == batch_partition(store)
    assert json.loads(store.conn.execute("SELECT value FROM sortie_state WHERE key = 'version'").fetchone()[0]) >= 1


def test_an_analysts_date_correction_moves_the_event_to_the_matching_sortie(store):
    data = fill(store)
    moved = data["kyodo"][1][0]  # reported for the 13th; the analyst corrects it to the 21st
    thirteenth = sortie_of_event(store, data["yonhap"][1][0].event_id)
    twenty_first = sortie_of_event(store, data["ecns"][1][1].event_id)
    assert sortie_of_event(store, moved.event_id) == thirteenth
    cid = store.add_correction(moved.event_id, "date", "2016-09-21", "ana")
    stored_sorties(store)
    assert sortie_of_event(store, moved.event_id) == twenty_first
    store.undo_correction(cid, "ana")
    stored_sorties(store)
    assert sortie_of_event(store, moved.event_id) == thirteenth


def test_a_store_of_random_invented_articles_matches_the_batch(store):
    rng = random.Random(3)
    areas = ("Osan", "Seoul", "Sea of Japan", "Yellow Sea", "Guam")
    for a in range(30):
        name = f"a{a:02d}"
        events = [ev(name, n, day=f"2020-01-{rng.randrange(1, 12):02d}" if rng.random() < 0.8 else "2020-01",
                     aircraft=[rng.choice(("B-1B", "B-52", "F-16"))], areas=(rng.choice(areas),),
                     countries=(rng.choice((US, KR)),)) for n in range(rng.randrange(1, 3))]
        store.save(art(name, "2020-01-15"), events)
        refresh_article(store, name)
    assert stored_partition(store) == batch_partition(store)
