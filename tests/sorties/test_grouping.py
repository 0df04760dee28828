"""Tests of geo/sorties/grouping.py and ids.py: order independence, phases, stable ids, analysts' links."""
from __future__ import annotations

import random

from geo.sorties import Links, group_events, group_reports, sortie_ids
from geo.sorties.cluster import pair_key
from geo.sorties.ids import assign_ids, derived_id

from tests.sorties.helpers import art, ev, partition, rep

US, KR, KP = "United States", "South Korea", "North Korea"


def corpus():
    """Three occurrences, each reported by several invented outlets, plus near-misses and context mentions."""
    events = [
        ev("yonhap", 0, day="2016-09-13", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",), countries=(US,)),
        ev("kyodo", 0, day="2016-09-13", aircraft=[("B-1B", 2)], origins=("Andersen",), areas=("South Korea",)),
        ev("ecns", 0, day="2016-09-13", aircraft=["B-1B"], areas=("Osan",), role="context"),
        ev("ecns", 1, day="2016-09-21", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",)),
        ev("airforce", 0, day=None, aircraft=[("B-1B", 2), "F-16"], areas=("Osan",), countries=(US, KR)),
        ev("yonhap", 1, kind="nuclear_test", day="2016-09-09", areas=("North Korea",), countries=(KP,), role="context"),
        ev("kyodo", 1, kind="nuclear_test", day="2016-09", countries=(KP,), role="context"),
        ev("ecns", 2, kind="nuclear_test", day="2016-09-09", areas=("North Korea",), countries=(KP,), role="context"),
        ev("kcna", 0, kind="missile_launch", day="2016-09-05", areas=("Sea of Japan",), countries=(KP,)),
        ev("nhk", 0, kind="missile_launch", day="2016-09-05", areas=("Sea of Japan",), countries=(KP,)),
        ev("nhk", 1, kind="missile_launch", day="2016-09-05", areas=("South Korea",), countries=(KR,)),
    ]
    articles = [art("yonhap", "2016-09-13"), art("kyodo", "2016-09-14"), art("ecns", "2016-09-21"),
                art("airforce", None), art("kcna", "2016-09-06"), art("nhk", "2016-09-06")]
    return events, articles


def test_the_corpus_groups_into_its_occurrences():
    events, articles = corpus()
    got = partition(s.event_ids for s in group_events(events, articles))
    e = events
    assert got == partition([[e[0], e[1], e[2], e[4]], [e[3]], [e[5], e[6], e[7]], [e[8], e[9]], [e[10]]])


def test_grouping_does_not_depend_on_the_order_of_the_events():
    events, articles = corpus()
    first = {s.sortie_id: s.event_ids for s in group_events(events, articles)}
    rng = random.Random(12)
    for _ in range(20):
        shuffled = events[:]
        rng.shuffle(shuffled)
        again = {s.sortie_id: s.event_ids for s in group_events(shuffled, list(reversed(articles)))}
        assert again == first


def test_the_same_event_given_twice_counts_once():
    events, articles = corpus()
    once = partition(s.event_ids for s in group_events(events, articles))
    twice = partition(s.event_ids for s in group_events(events + events[:4], articles))
    assert twice == once


def test_a_sortie_id_comes_from_its_earliest_published_main_report():
    events, articles = corpus()
    ids = sortie_ids(group_events(events, articles))
    flight = events[0]  # yonhap, published first among the main reports of the 13 September flight
    assert ids[flight.event_id] == f"s-{flight.event_id}"
    assert ids[events[1].event_id] == ids[events[2].event_id] == ids[flight.event_id]
    nuclear = events[5:8]  # all context: the earliest published of them names it
    assert ids[nuclear[1].event_id] == f"s-{nuclear[0].event_id}"


def test_an_inherited_id_stays_when_reports_are_added_or_split_off():
    a, b, c = (rep(ev(x, aircraft=["B-1B"], areas=("Osan",))) for x in ("a", "b", "c"))
    previous = {a.event_id: "s-old", b.event_id: "s-old"}
    assert assign_ids([[a, b, c]], previous) == ["s-old"]
    # a split: the group keeping most of the old reports keeps the id, the other gets its own
    ids = assign_ids([[a, b], [c]], {**previous, c.event_id: "s-old"})
    assert ids[0] == "s-old" and ids[1] == f"s-{c.event_id}"


def test_a_derived_id_skips_ids_already_taken():
    a, b = (rep(ev(x, aircraft=["B-1B"])) for x in ("a", "b"))
    first = derived_id([a, b])
    assert derived_id([a, b], lambda s: s == first) != first


def test_a_cannot_link_keeps_two_matching_reports_apart():
    a = ev("a", aircraft=["B-1B"], areas=("Osan",))
    b = ev("b", aircraft=["B-1B"], areas=("Osan",))
    reports = [rep(a), rep(b)]
    assert len(group_reports(reports)) == 1
    assert len(group_reports(reports, Links(cannot=frozenset({pair_key(a.event_id, b.event_id)})))) == 2


def test_a_must_link_holds_two_unrelated_reports_together_and_others_still_join_them():
    a = ev("a", aircraft=["B-1B"], areas=("Osan",), countries=(US,))
    b = ev("b", day="2017-10-02", aircraft=["B-52"], areas=("Guam",))
    c = ev("c", aircraft=["B-1B"], areas=("Seoul",), countries=(US,))
    links = Links(must=frozenset({pair_key(a.event_id, b.event_id)}))
    assert partition(group_reports([rep(a), rep(b), rep(c)])) == partition([[a, c], [b]])
    # c may not join the forced pair: complete linkage, and c and b may not be one sortie
    assert partition(group_reports([rep(a), rep(b), rep(c)], links)) == partition([[a, b], [c]])


def test_a_loose_report_never_bridges_two_occurrences():
    monday = ev("a", day="2017-09-18", aircraft=["B-1B"], areas=("Osan",))
    wednesday = ev("b", day="2017-09-20", aircraft=["B-1B"], areas=("Osan",))
    september = ev("c", day="2017-09", aircraft=["B-1B"], areas=("Osan",))
    groups = partition(group_reports([rep(monday), rep(wednesday), rep(september)]))
    assert len(groups) == 2 and any(len(g) == 2 for g in groups)


def test_loose_reports_with_no_anchored_occurrence_group_with_each_other():
    a = ev("a", kind="deployment", day="2016-08", aircraft=["B-1B"], areas=("Guam",))
    b = ev("b", kind="deployment", day="2016-08", aircraft=["B-1B"], areas=("Andersen",))
    assert len(group_reports([rep(a), rep(b)])) == 1
