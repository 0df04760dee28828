"""Tests of geo/sorties/merge.py and disagreements.py: the merged fields, sources and the disagreement texts."""
from __future__ import annotations

from geo.models import sortie_from_dict
from geo.sorties import build_sortie, group_events
from geo.sorties.report import outlet_name

from tests.sorties.helpers import art, ev, rep

US, KR = "United States", "South Korea"


def one(events, articles):
    sorties = group_events(events, articles)
    assert len(sorties) == 1, [s.event_ids for s in sorties]
    return sorties[0]


def texts(sortie) -> list[str]:
    return [d.text for d in sortie.disagreements]


def test_counts_that_differ_are_a_disagreement_naming_the_outlets():
    s = one([ev("yonhap", aircraft=[("B-1B", 2)], areas=("Osan",)), ev("kcna", aircraft=[("B-1B", 4)], areas=("Osan",))],
            [art("yonhap", source="Yonhap"), art("kcna", source="KCNA")])
    assert "2 B-1B (Yonhap) vs 4 B-1B (KCNA)" in texts(s)


def test_dates_a_day_apart_are_a_disagreement_with_the_us_date_marked():
    s = one([ev("cbs", kind="missile_launch", day="2017-11-28", note="Eastern Standard Time", areas=("Sea of Japan",)),
             ev("yonhap", kind="missile_launch", day="2017-11-29", areas=("Sea of Japan",))],
            [art("cbs", "2017-11-29", source="CBS"), art("yonhap", "2017-11-29", source="Yonhap")])
    date_text = next(t for t in texts(s) if t.startswith("date "))
    assert date_text.startswith("date 2017-11-28 (CBS, US date) vs 2017-11-29 (Yonhap)")
    assert s.date == "2017-11-29"  # on a tie, the local date of an event in Asia: the later one


def test_the_earlier_date_wins_a_tie_for_an_event_in_the_americas():
    s = one([ev("tass", day="2024-07-25", aircraft=["Tu-95"], areas=("Alaska",)),
             ev("norad", day="2024-07-24", aircraft=["Tu-95"], areas=("Alaska",))],
            [art("tass", "2024-07-25"), art("norad", "2024-07-25")])
    assert s.date == "2024-07-24"


def test_the_most_precise_date_wins_and_the_majority_among_equals():
    s = one([ev("a", day="2016-09", aircraft=["B-1B"], areas=("Osan",)),
             ev("b", day="2016-09-13", aircraft=["B-1B"], areas=("Osan",)),
             ev("c", day="2016-09-13", aircraft=["B-1B"], areas=("Osan",)),
             ev("d", day="2016-09-14", aircraft=["B-1B"], areas=("Osan",))],
            [art(x, "2016-09-15") for x in "abcd"])
    assert (s.date, s.date_precision) == ("2016-09-13", "day")


def test_origins_far_apart_are_a_disagreement_but_a_base_and_its_island_are_not():
    s = one([ev("kyodo", aircraft=["B-1B"], origins=("Guam",), areas=("Osan",)),
             ev("fox", aircraft=["B-1B"], origins=("Andersen",), areas=("Osan",)),
             ev("yonhap", aircraft=["B-1B"], origins=("Okinawa",), areas=("Osan",))],
            [art("kyodo", source="Kyodo"), art("fox", source="Fox"), art("yonhap", source="Yonhap")])
    origin = [t for t in texts(s) if t.startswith("origin ")]
    assert origin == ["origin Andersen Air Force Base / Guam (Fox, Kyodo) vs Okinawa (Yonhap)"]
    s2 = one([ev("kyodo", aircraft=["B-1B"], origins=("Guam",), areas=("Osan",)),
              ev("fox", aircraft=["B-1B"], origins=("Andersen",), areas=("Osan",))], [art("kyodo"), art("fox")])
    assert not [t for t in texts(s2) if t.startswith("origin ")]


def test_different_types_are_a_disagreement_listing_who_named_none():
    s = one([ev("kyodo", aircraft=["B-1B"], areas=("Osan",)), ev("afm", aircraft=["B-1B", "F-16", "F-15K"], areas=("Osan",)),
             ev("nbc", aircraft=[], areas=("Osan",))],
            [art("kyodo", source="Kyodo"), art("afm", source="AFM"), art("nbc", source="NBC")])
    assert "types B-1B (Kyodo) vs B-1B, F-15K, F-16 (AFM); none named (NBC)" in texts(s) or \
        "types B-1B, F-15K, F-16 (AFM) vs B-1B (Kyodo); none named (NBC)" in texts(s)


def test_activities_that_differ_are_a_disagreement():
    s = one([ev("tass", aircraft=["Tu-95"], areas=("Alaska",), activity="patrol"),
             ev("norad", aircraft=["Tu-95"], areas=("Alaska",), activity="intercept"),
             ev("wnd", aircraft=["Tu-95"], areas=("Alaska",), activity="intercept")],
            [art("tass", source="TASS"), art("norad", source="NORAD"), art("wnd", source="WND")])
    assert "activity intercept (NORAD, WND) vs patrol (TASS)" in texts(s)
    assert s.activity == "intercept"


def test_reports_that_agree_have_no_disagreements():
    s = one([ev("a", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",)),
             ev("b", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("South Korea",))], [art("a"), art("b")])
    assert s.disagreements == ()


def test_aircraft_are_the_union_with_each_reports_count_and_a_bare_family_folds_into_its_variant():
    a = ev("a", aircraft=[("B-1B", 2), ("F-15K", 4)], areas=("Osan",))
    b = ev("b", aircraft=[("B-1", None)], areas=("Osan",))
    c = ev("c", aircraft=[("B-1B", 2), ("F-16", 2)], areas=("Osan",))
    s = one([a, b, c], [art("a"), art("b"), art("c")])
    by_type = {x.type: dict(x.counts) for x in s.aircraft}
    assert by_type == {"B-1B": {a.event_id: 2, b.event_id: None, c.event_id: 2}, "F-15K": {a.event_id: 4},
                       "F-16": {c.event_id: 2}}
    assert next(x for x in s.aircraft if x.type == "B-1B").count == 2


def test_sources_carry_outlet_title_url_published_and_evidence_and_count_articles():
    a = ev("a", aircraft=["B-1B"], areas=("Osan",), text="Two B-1B bombers flew over Osan on Monday.")
    b = ev("b", aircraft=["B-1B"], areas=("Osan",))
    s = one([a, b], [art("a", "2017-09-18", url="https://www.example.org/news/1"), art("b", "2017-09-19")])
    first = s.sources[0]
    assert (first.outlet, first.title, first.url, first.published.isoformat(), first.evidence) == \
        ("a", "Report by a", "https://www.example.org/news/1", "2017-09-18", "Two B-1B bombers flew over Osan on Monday.")
    assert s.source_count == 2


def test_the_outlet_is_the_source_else_the_url_domain_else_the_file_name():
    assert outlet_name("Yonhap", "https://en.yna.co.kr/view/1", "x.txt") == "Yonhap"
    assert outlet_name("", "https://www.nknews.org/2017/11/x", "x.txt") == "nknews.org"
    assert outlet_name("", "nknews.org/2017/11/x", "x.txt") == "nknews.org"
    assert outlet_name("", "", "x.txt") == "x.txt"


def test_two_articles_of_one_outlet_are_told_apart_in_the_texts():
    s = one([ev("a", aircraft=[("B-1B", 2)], areas=("Osan",)), ev("b", aircraft=[("B-1B", 4)], areas=("Osan",))],
            [art("a", source="Yonhap"), art("b", source="Yonhap")])
    assert texts(s) == ["2 B-1B (Yonhap, a.txt) vs 4 B-1B (Yonhap, b.txt)"]


def test_a_sortie_survives_its_json_form():
    a = ev("a", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",), countries=(US, KR))
    b = ev("b", aircraft=[("B-1B", 4)], origins=("Okinawa",), areas=("Osan",), countries=(US,))
    s = build_sortie("s-x", [rep(a, "2017-09-18"), rep(b, None)])
    assert sortie_from_dict(s.to_dict()) == s
