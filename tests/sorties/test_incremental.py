"""Tests of geo/sorties/incremental.py: regrouping one article's neighbourhood gives what regrouping everything gives."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from geo.sorties import Links, group_reports
from geo.sorties.cluster import pair_key
from geo.sorties.features import Features
from geo.sorties.ids import assign_ids
from geo.sorties.incremental import MemoryNeighbourhood, regroup
from geo.sorties.report import Report

from tests.sorties.helpers import PLACES, ev, partition, rep

TYPES = ("B-1B", "B-52", "B-52H", "F-16", "KF-16", "F-15K", "Tu-95", "H-6", "F-2", "J-16")
COUNTRIES = ("United States", "South Korea", "Japan", "North Korea", "China", "Russia")


def invented_articles(rng: random.Random, n_articles: int, n_occurrences: int, tag: str = "") -> list[list[Report]]:
    """Articles reporting random invented occurrences with the variations outlets show (date, types, counts...)."""
    first = date(2020, 1, 1)
    occurrences = [(rng.choice(("flight", "flight", "missile_launch")), first + timedelta(days=rng.randrange(60)),
                    rng.sample(TYPES, 2), rng.choice(sorted(PLACES)), rng.sample(COUNTRIES, 2))
                   for _ in range(n_occurrences)]
    out = []
    for a in range(n_articles):
        article = f"art{a:03d}"
        published = (first + timedelta(days=rng.randrange(65))).isoformat() if rng.random() < 0.8 else None
        reports = []
        for n, (kind, day, types, area, countries) in enumerate(rng.sample(occurrences, rng.choice((1, 1, 2, 3)))):
            r = rng.random()
            if r < 0.6:
                when = (day + timedelta(days=rng.choice((0, 0, 0, 1, -1)))).isoformat()
            elif r < 0.75:
                when = day.isoformat()[:7]
            elif r < 0.8:
                when = str(day.year)
            else:
                when = None
            event = ev(article, n, kind=kind, day=when, aircraft=[(t, rng.choice((None, 2, 4))) for t in
                                                                   types[:rng.choice((0, 1, 2))]],
                       areas=(rng.choice((area, rng.choice(sorted(PLACES)))),) if rng.random() < 0.8 else (),
                       countries=tuple(countries[:rng.choice((0, 1, 2))]), role=rng.choice(("main", "main", "context")),
                       text=f"{tag}{n}")
            reports.append(rep(event, published))
        out.append(reports)
    return out


class MemoryStore:
    """Sorties kept in memory and updated the way geo.store.sorties updates the SQLite store."""

    def __init__(self, links: Links = Links()):
        self.groups: dict[str, list[Report]] = {}
        self.links = links

    def put(self, reports: list[Report], removed: list[str] = ()) -> None:
        result = regroup(reports, removed, MemoryNeighbourhood(self.groups), self.links)
        for sid in result.replaced:
            del self.groups[sid]
        held = set(self.groups)
        for sid, group in zip(assign_ids(result.groups, result.previous, held.__contains__), result.groups):
            assert sid not in self.groups
            self.groups[sid] = list(group)


@pytest.mark.parametrize("seed", range(25))
def test_adding_articles_one_by_one_gives_the_batch_grouping(seed):
    rng = random.Random(seed)
    articles = invented_articles(rng, rng.randrange(5, 35), rng.randrange(3, 14))
    store = MemoryStore()
    for i in rng.sample(range(len(articles)), len(articles)):
        store.put(articles[i])
    everything = [r for a in articles for r in a]
    assert partition(store.groups.values()) == partition(group_reports(everything))


@pytest.mark.parametrize("seed", range(20))
def test_re_ingesting_changed_articles_and_analysts_links_give_the_batch_grouping(seed):
    rng = random.Random(100 + seed)
    articles = invented_articles(rng, rng.randrange(5, 30), rng.randrange(3, 12))
    changed = invented_articles(random.Random(200 + seed), len(articles), 8, tag="v2 ")
    ids = [r.event_id for a in articles + changed for r in a]
    pairs = [pair_key(*rng.sample(ids, 2)) for _ in range(12)]
    links = Links(frozenset(pairs[:6]), frozenset(pairs[6:]) - frozenset(pairs[:6]))
    store = MemoryStore(links)
    held: dict[int, list[Report]] = {}
    for i in rng.sample(range(len(articles)), len(articles)):
        store.put(articles[i])
        held[i] = articles[i]
    for i in rng.sample(range(len(articles)), min(5, len(articles))):
        new = [replace(r, event=replace(r.event, article_id=f"art{i:03d}")) for r in changed[i]]
        store.put(new, [r.event_id for r in held[i]])
        held[i] = new
    everything = [r for a in held.values() for r in a]
    assert partition(store.groups.values()) == partition(group_reports(everything, links))


def test_a_report_survives_the_compact_row_the_store_keeps_of_it():
    rng = random.Random(5)
    for reports in invented_articles(rng, 30, 10):
        for r in reports:
            f = Features(r)
            back = Features.from_row(f.event_id, f.to_row())
            assert back.same(f) and back.report is None


def test_an_untouched_sortie_keeps_its_id_when_an_unrelated_article_arrives():
    store = MemoryStore()
    store.put([rep(ev("a", aircraft=["B-1B"], areas=("Osan",)))])
    store.put([rep(ev("b", aircraft=["B-1B"], areas=("Osan",)))])
    before = dict(store.groups)
    store.put([rep(ev("c", kind="missile_launch", day="2018-05-01", areas=("Sea of Japan",)))])
    assert {sid: g for sid, g in store.groups.items() if sid in before} == before


def test_a_new_report_of_a_stored_sortie_joins_it_under_the_same_id():
    store = MemoryStore()
    store.put([rep(ev("late", aircraft=["B-1B"], areas=("Osan",)), "2017-09-20")])
    (sid,) = store.groups
    store.put([rep(ev("early", aircraft=["B-1B"], areas=("Osan",)), "2017-09-18")])
    assert list(store.groups) == [sid] and len(store.groups[sid]) == 2
