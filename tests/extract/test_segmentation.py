"""Which sentences make an event, which kind, and which occurrence they belong to (invented articles, full catalogue)."""
from __future__ import annotations

from datetime import date

import pytest

from geo.extract.events import EventExtractor
from geo.models import Article, Event, content_id

PUBLISHED = date(2024, 5, 10)  # a Friday


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor()


def _events(ex: EventExtractor, text: str) -> list[Event]:
    art = Article(id=content_id(text), path="invented.txt", title="", text=text, published=PUBLISHED)
    return ex.extract(art, today=date(2025, 1, 1))


def _kinds(ex: EventExtractor, text: str) -> list[tuple[str, str | None]]:
    return [(e.kind, e.date) for e in _events(ex, text)]


@pytest.mark.parametrize("verb", ["spotted", "tracked", "detected"])
def test_aircraft_a_tracker_saw_are_a_flight(extractor, verb):
    assert _kinds(extractor, f"A U.S. RC-135W was {verb} over the Yellow Sea on Monday.") == [("flight", "2024-05-06")]


def test_generic_fighter_jets_that_intercept_are_a_flight(extractor):
    text = "On Wednesday, fighter jets of Japan intercepted two Russian military planes over the Sea of Japan."
    assert _kinds(extractor, text) == [("flight", "2024-05-08")]


def test_bombers_arriving_at_a_base_are_a_deployment_with_their_aircraft(extractor):
    (ev,) = _events(extractor, "Two B-52H bombers arrived at Al Udeid Air Base in Qatar on Thursday.")
    assert (ev.kind, [a.type for a in ev.aircraft]) == ("deployment", ["B-52H"])


def test_bombers_flying_to_a_base_are_still_a_flight(extractor):
    assert _kinds(extractor, "Two B-52H bombers flew to Guam on Thursday.") == [("flight", "2024-05-09")]


def test_an_exercise_of_air_force_units_at_an_air_base_is_a_flight(extractor):
    text = "Airmen of the Air Force joined units at Kunsan Air Base for Exercise Red Banner on Monday."
    assert _kinds(extractor, text) == [("flight", "2024-05-06")]


def test_a_navy_exercise_stays_an_exercise(extractor):
    text = "The navy and the marines began a landing exercise on the east coast on Monday."
    assert _kinds(extractor, text) == [("exercise", "2024-05-06")]


def test_a_family_name_gives_way_to_the_variant_also_named(extractor):
    text = "Two B-52 bombers flew over the East China Sea on Monday. The B-52H Stratofortress bombers flew unescorted."
    (ev,) = _events(extractor, text)
    assert [(a.type, a.count) for a in ev.aircraft] == [("B-52H", 2)]


def test_a_type_of_its_own_in_the_same_family_stays(extractor):
    text = "B-1B bombers flew with F-16 and KF-16 fighters over the Yellow Sea on Monday."
    (ev,) = _events(extractor, text)
    assert {a.type for a in ev.aircraft} >= {"F-16", "KF-16"}


def test_an_undated_main_flight_in_the_lead_is_kept(extractor):
    text = "The air force held a flight drill of its fighter regiments.\n\nThe pilots showed their skill."
    assert [e.kind for e in _events(extractor, text)] == ["flight"]


def test_an_undated_drill_in_passing_later_on_is_not_an_event(extractor):
    text = ("Bombers flew over the Yellow Sea on Monday. Officials spoke to reporters. Analysts gave views. "
            "The navy holds a drill at times.")
    assert [e.kind for e in _events(extractor, text)] == ["flight"]


def test_the_body_replaces_the_headline_as_evidence(extractor):
    text = ("US flies B-52 over the peninsula\n\n"
            "The United States flew a B-52 bomber over the Korean Peninsula on Monday, officials said.")
    (ev,) = _events(extractor, text)
    assert ev.evidence.text.startswith("The United States flew") and ev.date == "2024-05-06"


def test_a_long_headline_with_will_is_planned(extractor):
    text = "Three US B-52 bombers will land at RAF Fairford airbase to join NATO Baltic military drills"
    assert _events(extractor, text) == []


def test_a_modal_before_a_relative_clause_still_hedges(extractor):
    text = "The drills, which were first held in 1971, will see 6,000 troops from 15 states."
    assert _events(extractor, text) == []


def test_a_second_verb_shares_the_first_verbs_modal(extractor):
    text = "The sailors will attend a reception, and jointly carry out naval drills with Japan next week."
    assert _events(extractor, text) == []


def test_seeking_to_is_a_plan(extractor):
    assert _events(extractor, "Japan is seeking to deploy F-35B fighters on its carrier.") == []


def test_the_exercise_refers_back_to_the_flight_already_told(extractor):
    text = ("B-52 bombers flew with F-16 fighters over the Yellow Sea on Wednesday. "
            "Reached by phone Wednesday, the ministry declined to comment on the exercise.")
    assert _kinds(extractor, text) == [("flight", "2024-05-08")]


def test_a_headline_event_is_dated_by_the_body(extractor):
    text = ("US aircraft carrier makes port call in Busan\n\n"
            "A U.S. aircraft carrier arrived in Busan on Friday, the navy said.")
    assert _kinds(extractor, text) == [("deployment", "2024-05-10")]


def test_a_date_after_comes_after_dates_the_other_event(extractor):
    text = ("B-1B bombers flew over the Yellow Sea on Tuesday. "
            "The latest air mission comes after North Korea launched two missiles on Sunday.")
    assert sorted(_kinds(extractor, text)) == [("flight", "2024-05-07"), ("missile_launch", "2024-05-05")]


def test_a_test_of_a_hydrogen_bomb_is_a_nuclear_test(extractor):
    text = "The leader said the January 6 test was of a hydrogen bomb."
    assert [e.kind for e in _events(extractor, text)] == ["nuclear_test"]


def test_a_space_rocket_launch_is_other(extractor):
    text = "South Korea launched its first homegrown space rocket on Thursday."
    assert [e.kind for e in _events(extractor, text)] == ["other"]


@pytest.mark.parametrize("words", ["a flurry of", "numerous", "repeated"])
def test_a_series_of_launches_is_no_dated_event(extractor, words):
    text = f"Bombers flew on Monday. North Korea has conducted {words} missile tests this year."
    assert [e.kind for e in _events(extractor, text)] == ["flight"]


def test_a_while_clause_about_other_flights_is_another_occurrence(extractor):
    text = ("A B-52H flew over Seoul on Monday, while local media reported similar recent flights by "
            "an EP-3E and an RC-135V.")
    events = _events(extractor, text)
    assert [sorted(a.type for a in e.aircraft) for e in events] == [["B-52H"], ["EP-3E", "RC-135V"]]


def test_the_second_scramble_the_same_day_is_another_occurrence(extractor):
    text = ("Twice on Monday, Russian Tu-95MS bombers were intercepted by F-22 fighters off Alaska. "
            "The second scramble was ordered at noon, when F-15C fighters were scrambled from California.")
    events = _events(extractor, text)
    assert [(e.date, sorted(a.type for a in e.aircraft)) for e in events] == [
        ("2024-05-06", ["F-22", "Tu-95MS"]), ("2024-05-06", ["F-15C"])]


def test_two_days_after_counts_back_from_the_event_told_before(extractor):
    text = ("U.S. F-16 fighters intercepted Russian aircraft on Wednesday. This action came one day after "
            "NORAD aircraft engaged an object over the lake and two days after U.S. aircraft downed another object.")
    dates = sorted(e.date for e in _events(extractor, text))
    assert dates == ["2024-05-06", "2024-05-07", "2024-05-08"]


def test_a_flight_with_aircraft_of_its_own_inherits_none_from_the_sentence_before(extractor):
    text = ("U.S. F-16 fighters intercepted Russian Tu-95MS bombers on Wednesday. "
            "On Monday, NORAD aircraft engaged an object over the lake.")
    monday = [e for e in _events(extractor, text) if e.date == "2024-05-06"][0]
    assert monday.aircraft == ()


def test_a_drill_from_one_day_to_another_is_dated_by_its_first_day(extractor):
    text = "The air force held combined air drills with F-16 fighters from April 29 to May 3."
    assert _kinds(extractor, text) == [("flight", "2024-04-29")]


def test_a_named_exercise_after_amid_is_still_one_occurrence(extractor):
    text = ("North Korea fired a missile on Wednesday. The launch came amid the large-scale Vigilant Storm "
            "combined air drills, which began on Monday.")
    assert ("flight", "2024-05-06") in _kinds(extractor, text)


def test_a_statistic_about_a_past_year_is_no_occurrence(extractor):
    text = ("F-22 fighters intercepted two Tu-95MS bombers off Alaska on Monday. In 2014, only 6 out of 10 "
            "incursions saw fighter jets launched to intercept them.")
    assert _kinds(extractor, text) == [("flight", "2024-05-06")]


def test_this_years_training_is_the_training_told_before(extractor):
    text = ("The navy began a 10-day landing exercise on the east coast on Thursday. "
            "This year's training mobilizes 10 warships and 20 aircraft, the navy said.")
    assert _kinds(extractor, text) == [("exercise", "2024-05-09")]


def test_the_home_base_gives_way_to_the_base_the_mission_flew_from(extractor):
    text = ("The Guam-based B-1B bombers flew over the Korean Peninsula on Monday. The B-1Bs, deployed from "
            "Dyess Air Force Base, Texas, also flew near Kyushu.")
    (ev,) = _events(extractor, text)
    assert [p.name for p in ev.origins] == ["Guam"]


def test_the_home_base_of_one_type_stays_beside_another_types_origin(extractor):
    text = ("Two B-1B bombers, deployed from Ellsworth Air Force Base, S.D., flew over the Sea of Japan on Monday. "
            "The bombers were refueled by a KC-135 from Kadena Air Base, Japan.")
    (ev,) = _events(extractor, text)
    assert {p.name for p in ev.origins} == {"Ellsworth Air Force Base", "Kadena Air Base"}
    assert {a.type: a.origin for a in ev.aircraft} == {"B-1B": "Ellsworth Air Force Base", "KC-135": "Kadena Air Base"}


def test_each_type_flies_from_the_origin_named_after_it(extractor):
    text = "B-1B bombers from Guam flew with F-15C fighters from Okinawa over the East China Sea on Monday."
    (ev,) = _events(extractor, text)
    assert {a.type: a.origin for a in ev.aircraft} == {"B-1B": "Guam", "F-15C": "Okinawa"}


def test_the_incident_adds_its_place_to_the_event_told_before(extractor):
    text = ("A Chinese J-11 intercepted a U.S. P-8A on Tuesday, the Pentagon said. "
            "The incident occurred over international waters about 135 miles east of Hainan.")
    (ev,) = _events(extractor, text)
    assert ev.date == "2024-05-07" and [p.name for p in ev.locations] == ["Hainan"]


def test_could_be_seen_is_no_hedge(extractor):
    assert _kinds(extractor, "The B-52 could be seen in a low flight over Osan Air Base on Monday.") == [
        ("flight", "2024-05-06")]


def test_a_previously_scheduled_mission_happened(extractor):
    text = "U.S. aircraft flying out of Guam carried out the overflight on a previously scheduled training mission on Monday."
    assert _kinds(extractor, text) == [("flight", "2024-05-06")]


def test_the_flights_own_date_beats_the_day_it_was_reported(extractor):
    text = ("U.S. B-52 bombers carried out training runs over the peninsula, officials said on Thursday. "
            "A spokesman told reporters that B-52 bombers conducted a mission over South Korea on May 1.")
    assert _kinds(extractor, text) == [("flight", "2024-05-01")]


def test_said_in_a_place_on_a_day_dates_the_statement(extractor):
    text = ("B-52 bombers flew over South Korea on May 1. The secretary said during a visit to Seoul on Monday "
            "that the bomber flights show resolve.")
    assert _kinds(extractor, text) == [("flight", "2024-05-01")]


def test_a_count_officials_could_not_confirm_is_kept_with_a_note(extractor):
    text = "Officials could not confirm the number of bombers that flew on Monday, but photos showed two B-52s over the sea."
    (ev,) = _events(extractor, text)
    (a,) = ev.aircraft
    assert (a.type, a.count) == ("B-52", 2) and "could not be confirmed" in a.note


def test_a_second_count_in_the_article_is_noted_not_averaged(extractor):
    text = "Two B-1B bombers flew over the peninsula on Monday. North Korean media said four B-1B bombers took part."
    (ev,) = _events(extractor, text)
    assert [(a.count, a.note) for a in ev.aircraft] == [(2, "also stated: 4")]


def test_the_answering_launch_by_the_other_side_is_its_own_occurrence(extractor):
    text = ("North Korea fired an intercontinental ballistic missile on Wednesday. "
            "South Korea responded by launching one of its own ballistic missiles.")
    events = _events(extractor, text)
    assert [(e.kind, e.date) for e in events] == [("missile_launch", "2024-05-08"), ("missile_launch", None)]
    assert events[1].locations == ()  # no stand-in place for the answering state


def test_a_named_exercise_a_flight_was_part_of_is_an_occurrence_too(extractor):
    text = "B-52 bombers flew over South Korea on May 1 as part of the annual Foal Eagle training exercises."
    events = _events(extractor, text)
    assert sorted((e.kind, e.date) for e in events) == [("exercise", None), ("flight", "2024-05-01")]
    exercise = next(e for e in events if e.kind == "exercise")
    assert exercise.locations == () and exercise.aircraft == ()


def test_the_test_a_flight_answers_does_not_take_the_flights_date(extractor):
    text = ("The Air Force responded to North Korea's nuclear test with a show of force on Tuesday, flying two "
            "B-1B bombers over South Korea.")
    events = _events(extractor, text)
    assert sorted((e.kind, e.date) for e in events) == [("flight", "2024-05-07"), ("nuclear_test", None)]
    test = next(e for e in events if e.kind == "nuclear_test")
    assert test.locations == ()


def test_a_month_before_an_exercise_is_no_name(extractor):
    from geo.extract.candidates import exercise_name
    text = "After a February joint air exercise, the North warned."
    i = text.index("exercise")
    assert exercise_name(text, i, i + len("exercise")) == ""


def test_a_launch_has_one_actor_the_state_that_fired(extractor):
    text = ("North Korea launched a ballistic missile on Tuesday. U.S. officials detected the launch, "
            "the Pentagon said.")
    (ev,) = _events(extractor, text)
    assert ev.countries == ("North Korea",)


def test_its_test_is_the_test_of_the_state_named_before(extractor):
    text = ("B-52 bombers flew over South Korea on Monday after the council voted sanctions on North Korea "
            "for its third nuclear test.")
    test = next(e for e in _events(extractor, text) if e.kind == "nuclear_test")
    assert test.countries == ("North Korea",)


def test_rebel_fighters_are_people_not_aircraft(extractor):
    text = "A cease-fire to evacuate rebel fighters and civilians from the city unraveled on Wednesday."
    assert _events(extractor, text) == []


def test_a_b1_is_the_b1b(extractor):
    (ev,) = _events(extractor, "Two B-1 bombers flew over South Korea on Monday.")
    assert [a.type for a in ev.aircraft] == ["B-1B"]


def test_the_bombers_sent_somewhere_are_the_bombers_of_the_flight_told(extractor):
    text = ("Two B-1B bombers flew with F-16 fighters over South Korea on Monday. "
            "The bombers were deployed to Andersen Air Force Base in Guam in April.")
    deployment = next(e for e in _events(extractor, text) if e.kind == "deployment")
    assert [a.type for a in deployment.aircraft] == ["B-1B"]


def test_flights_that_come_amid_tension_after_a_vote_are_not_dated_by_the_vote(extractor):
    text = ("B-52 bombers flew over South Korea on May 1. The B-52 flights come amid tensions after the "
            "council voted sanctions on Friday.")
    assert _kinds(extractor, text) == [("flight", "2024-05-01")]


def test_is_sending_is_a_plan(extractor):
    assert _events(extractor, "The Air Force announced it is sending two B-2 bombers to the exercise.") == []
