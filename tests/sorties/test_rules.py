"""Tests of the join rules and the near-miss rules (geo/sorties/rules.py, through group_events), with invented events."""
from __future__ import annotations

import pytest

from geo.sorties import group_events
from geo.sorties.features import Features
from geo.sorties.rules import aircraft_agree, compatible, dates_agree, participants_agree

from tests.sorties.helpers import art, ev, partition, rep

US, KR, JP, KP, CN, RU = "United States", "South Korea", "Japan", "North Korea", "China", "Russia"


def together(*events, published: str | None = "2017-09-19") -> bool:
    """True when all the events end up in one sortie."""
    sorties = group_events(events, [art(e.article_id, published) for e in events])
    return len(sorties) == 1


def f(event, published: str | None = "2017-09-19") -> Features:
    return Features(rep(event, published))


# --- the join rules ---

def test_two_outlets_reporting_one_flight_make_one_sortie():
    a = ev("yonhap", aircraft=[("B-1B", 2)], areas=("Osan",), countries=(US,))
    b = ev("kyodo", aircraft=[("B-1B", 2)], areas=("South Korea",), countries=(US,))
    assert together(a, b)


def test_a_different_kind_on_the_same_day_stays_apart():
    a = ev("yonhap", aircraft=["B-1B"], areas=("Osan",))
    b = ev("kyodo", kind="exercise", aircraft=["B-1B"], areas=("Osan",))
    assert not compatible(f(a), f(b)) and not together(a, b)


def test_a_month_date_joins_a_day_in_that_month_and_not_one_outside_it():
    day = ev("yonhap", aircraft=["B-52"], areas=("South Korea",), countries=(US,))
    september = ev("kcna", day="2017-09", aircraft=["B-52"], areas=("South Korea",), countries=(US,))
    august = ev("kcna", day="2017-08", aircraft=["B-52"], areas=("South Korea",), countries=(US,))
    assert together(day, september)
    assert not dates_agree(f(day), f(august)) and not together(day, august)


def test_day_dates_one_day_apart_join_as_across_the_date_line_but_two_days_do_not():
    us_date = ev("cbs", kind="missile_launch", day="2017-11-28", areas=("Sea of Japan",), countries=(KP,))
    kr_date = ev("yonhap", kind="missile_launch", day="2017-11-29", areas=("Sea of Japan",), countries=(KP,))
    later = ev("nhk", kind="missile_launch", day="2017-11-30", areas=("Sea of Japan",), countries=(KP,))
    assert together(us_date, kr_date, published="2017-11-30")
    assert not dates_agree(f(us_date), f(later))


@pytest.mark.parametrize("one, other, agree", [
    (["B-52"], ["B-52H"], True),                 # a family and its variant
    (["F-15"], ["F-15K"], True),
    (["B-52"], ["B-1B"], False),                 # two bombers of different families
    (["B-1B"], [], True),                        # one side names none
    (["Tu-95", "A-50"], ["F-15K", "KF-16"], True),  # intruders named by one report, interceptors by the other
    (["B-1B", "F-16"], ["B-1B", "F-2"], True),   # the bombers in common
    (["J-16"], ["Su-30"], False),                # two fighters of different families
])
def test_aircraft_agree_at_family_level(one, other, agree):
    assert aircraft_agree(f(ev("a", aircraft=one)), f(ev("b", aircraft=other))) is agree


def test_areas_must_overlap():
    osan = ev("a", aircraft=["B-1B"], areas=("Osan",))
    seoul = ev("b", aircraft=["B-1B"], areas=("Seoul",))
    alaska = ev("c", aircraft=["B-1B"], areas=("Alaska",))
    assert together(osan, seoul)
    assert not compatible(f(osan), f(alaska))


def test_participants_agree_when_one_side_names_fewer():
    fewer = ev("a", aircraft=["B-1B"], countries=(US,))
    more = ev("b", aircraft=["B-1B"], countries=(US, KR))
    assert participants_agree(f(fewer), f(more)) and together(fewer, more)


def test_a_country_named_only_as_the_reason_does_not_split_two_reports_of_one_flight():
    # "... B-1B bombers flew over South Korea in response to North Korea's nuclear test"
    reason = ev("kyodo", aircraft=["B-1B"], areas=("Osan",), countries=(US, KP))
    # "... two B-1Bs escorted by South Korean F-15K and Japanese F-2 fighters"
    escorts = ev("afm", aircraft=["B-1B", "F-15K", "F-2"], areas=("Osan",), countries=(US, KR, JP))
    assert participants_agree(f(reason), f(escorts)) and together(reason, escorts)


def test_without_aircraft_every_named_country_counts_as_a_participant():
    north = ev("a", kind="missile_launch", areas=("Sea of Japan",), countries=(KP, US))
    south = ev("b", kind="missile_launch", areas=("Sea of Japan",), countries=(KR, US))
    assert not participants_agree(f(north), f(south))


def test_a_launch_placed_only_at_its_acting_state_agrees_with_a_report_of_where_it_fell():
    # "North Korea fired an ICBM" (placed at North Korea) and "... it fell in Japanese waters"
    launched = ev("kcna", kind="missile_launch", countries=(KP,), actor="North Korea")
    fell = ev("nhk", kind="missile_launch", areas=("Japan",), countries=(KP,))
    assert compatible(f(launched), f(fell)) and together(launched, fell)
    placed = ev("kcna", kind="missile_launch", areas=("North Korea",), countries=(KP,))
    assert not compatible(f(placed), f(fell))  # the same place named as where it happened


# --- the near-miss rules ---

def test_the_same_types_five_days_apart_stay_apart():
    first = ev("yonhap", day="2016-09-13", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",), countries=(US,))
    again = ev("kyodo", day="2016-09-18", aircraft=[("B-1B", 2)], origins=("Guam",), areas=("Osan",), countries=(US,))
    assert not together(first, again, published="2016-09-19")


def test_a_us_south_korea_drill_and_a_separate_us_japan_drill_the_same_day_stay_apart():
    with_korea = ev("yonhap", aircraft=["B-1B", "F-15K"], areas=("South Korea",), countries=(US, KR),
                    activity="joint_drill")
    with_japan = ev("nhk", aircraft=["B-1B", "F-2"], areas=("Sea of Japan",), countries=(US, JP),
                    activity="joint_drill")
    assert not participants_agree(f(with_korea), f(with_japan))
    assert not together(with_korea, with_japan)


def test_a_launch_and_the_answering_launch_by_the_other_side_stay_apart():
    north = ev("kcna", kind="missile_launch", day="2017-11-29", areas=("Sea of Japan",), countries=(KP,))
    south = ev("yonhap", kind="missile_launch", day="2017-11-29", areas=("Sea of Japan",), countries=(KR,))
    assert not together(north, south, published="2017-11-29")


def test_a_patrol_and_an_earlier_patrol_by_the_same_pair_stay_apart():
    july = ev("tass", day="2019-07-23", aircraft=["Tu-95", "H-6"], areas=("Sea of Japan",), countries=(CN, RU),
              activity="patrol")
    june = ev("yonhap", day="2019-06", aircraft=["Tu-95"], areas=("Sea of Japan",), countries=(RU,),
              activity="patrol")
    assert not together(july, june, published="2019-07-24")


def test_the_answering_launch_reported_by_three_outlets_is_its_own_sortie():
    norths = [ev(a, kind="missile_launch", day="2017-11-29", areas=("Sea of Japan",), countries=(KP,))
              for a in ("cbs", "yonhap", "nhk")]
    souths = [ev(a, 1, kind="missile_launch", day="2017-11-29", areas=("South Korea",), countries=(KR,))
              for a in ("cbs", "yonhap", "nhk")]
    sorties = group_events([*norths, *souths], [art(a, "2017-11-29") for a in ("cbs", "yonhap", "nhk")])
    assert partition(s.event_ids for s in sorties) == partition([norths, souths])


# --- events of one article ---

def test_two_events_of_one_article_are_two_sorties():
    first = ev("ecns", 0, day="2016-09-13", aircraft=["B-1B"], areas=("Osan",), role="context")
    second = ev("ecns", 1, day="2016-09-14", aircraft=["B-1B"], areas=("Osan",))
    assert not together(first, second)


def test_an_article_stating_one_flight_twice_gives_one_sortie():
    lead = ev("wnd", 0, aircraft=[("Tu-95", 2)], areas=("Alaska",), countries=(RU,))
    again = ev("wnd", 1, aircraft=["Tu-95", "H-6"], areas=("Alaska",), countries=(RU, CN))
    assert together(lead, again)


def test_one_articles_two_occurrences_each_take_their_own_reports_from_other_outlets():
    monday = ev("ecns", 0, day="2016-09-13", aircraft=["B-1B"], areas=("Osan",), role="context")
    next_week = ev("ecns", 1, day="2016-09-21", aircraft=["B-1B"], areas=("Osan",))
    kyodo = ev("kyodo", day="2016-09-13", aircraft=[("B-1B", 2)], areas=("Osan",))
    yonhap = ev("yonhap", day="2016-09-21", aircraft=[("B-1B", 2)], areas=("Osan",))
    sorties = group_events([monday, next_week, kyodo, yonhap], [art(a, "2016-09-22") for a in
                                                                  ("ecns", "kyodo", "yonhap")])
    assert partition(s.event_ids for s in sorties) == partition([[monday, kyodo], [next_week, yonhap]])


# --- context mentions ---

def test_a_context_mention_joins_the_sortie_other_articles_report_as_their_main_event():
    main_a = ev("yonhap", day="2016-09-13", aircraft=[("B-1B", 2)], areas=("Osan",), countries=(US,))
    main_b = ev("kyodo", day="2016-09-13", aircraft=["B-1B"], areas=("South Korea",), countries=(US,))
    mention = ev("ecns", 3, day="2016-09-13", aircraft=["B-1B"], role="context")
    assert together(main_a, main_b, mention, published="2016-09-21")


def test_an_undated_context_mention_joins_the_latest_matching_occurrence_before_its_article():
    older = ev("kcna", kind="nuclear_test", day="2016-01-06", areas=("North Korea",), countries=(KP,))
    latest = ev("yonhap", kind="nuclear_test", day="2016-09-09", areas=("North Korea",), countries=(KP,))
    mention = ev("defensewatch", 2, kind="nuclear_test", day=None, countries=(KP,), role="context")
    articles = [art("kcna", "2016-01-07"), art("yonhap", "2016-09-10"), art("defensewatch", "2016-09-13")]
    sorties = group_events([older, latest, mention], articles)
    assert partition(s.event_ids for s in sorties) == partition([[older], [latest, mention]])


def test_an_undated_report_in_an_undated_article_joins_the_more_widely_reported_of_two_it_fits():
    first = [ev(a, day="2013-03-08", aircraft=["B-52"], areas=("South Korea",), countries=(US,)) for a in ("cnn", "fb")]
    later = ev("du", day="2013-03-19", aircraft=[("B-52", 1)], areas=("South Korea",), countries=(US,))
    undated = ev("ap", day=None, aircraft=[("B-52", 1)], areas=("South Korea",), countries=(US,))
    articles = [art("cnn", "2013-03-19"), art("fb", "2013-03-18"), art("du", "2013-03-20"), art("ap", None)]
    sorties = group_events([*first, later, undated], articles)
    assert partition(s.event_ids for s in sorties) == partition([[*first, undated], [later]])


def test_an_undated_report_in_an_undated_article_with_only_a_country_in_common_stays_alone():
    tests = [ev(a, kind="nuclear_test", day="2016-09-09", countries=(KP,), actor="North Korea") for a in ("k", "y")]
    mention = ev("afm", kind="nuclear_test", day=None, countries=(KP,), actor="North Korea")
    sorties = group_events([*tests, mention], [art("k", "2016-09-10"), art("y", "2016-09-10"), art("afm", None)])
    assert partition(s.event_ids for s in sorties) == partition([tests, [mention]])


def test_an_undated_report_with_nothing_in_common_stays_alone():
    flight = ev("yonhap", aircraft=["B-1B"], areas=("Osan",), countries=(US,))
    vague = ev("blog", day=None, kind="flight", countries=(RU,))
    assert not together(flight, vague)


def test_hedged_events_do_not_join_asserted_ones():
    flown = ev("yonhap", aircraft=["B-52"], areas=("South Korea",))
    planned = ev("cnn", aircraft=["B-52"], areas=("South Korea",), status="planned")
    assert not together(flown, planned)
