"""Tests of geo/extract/events.py: invented short articles -> events with date, aircraft, origins and locations."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.extract.aircraft import AircraftCatalogue
from geo.extract.events import EventExtractor
from geo.models import Article, Event, content_id

MINI = Path(__file__).resolve().parent.parent / "data" / "aircraft_mini.csv"
WEDNESDAY = date(2017, 9, 20)  # publication date of the invented articles

ONE_FLIGHT = "Two U.S. B-1B bombers based in Guam flew over South Korea on Monday."
PLANNED = "The U.S. will fly B-52 bombers over South Korea next Tuesday."
HYPOTHETICAL = "The U.S. could deploy B-52 bombers to Guam on Monday."
DENIED = "The Air Force did not fly B-52 bombers over South Korea on Monday."


@pytest.fixture(scope="module")
def catalogue() -> AircraftCatalogue:
    return AircraftCatalogue.load(MINI)


@pytest.fixture(scope="module")
def extractor(catalogue) -> EventExtractor:
    return EventExtractor(catalogue=catalogue)


@pytest.fixture(scope="module")
def hedged_extractor(catalogue) -> EventExtractor:
    return EventExtractor(catalogue=catalogue, keep_hedged=True)


def article(text: str, published: date | None = WEDNESDAY) -> Article:
    return Article(id=content_id(text), path=f"articles/{content_id(text)}.txt", title="", text=text,
                   published=published)


def _events(ex: EventExtractor, text: str) -> list[Event]:
    return ex.extract(article(text), today=date(2020, 1, 1))


def _one(ex: EventExtractor, text: str) -> Event:
    events = _events(ex, text)
    assert len(events) == 1, [e.to_dict() for e in events]
    return events[0]


def test_flight_has_kind_and_date(extractor):
    e = _one(extractor, ONE_FLIGHT)
    assert (e.kind, e.date, e.date_precision, e.status) == ("flight", "2017-09-18", "day", "asserted")


def test_flight_has_its_aircraft_with_count_and_role(extractor):
    e = _one(extractor, ONE_FLIGHT)
    assert [(a.type, a.role, a.count) for a in e.aircraft] == [("B-1B", "bomber", 2)]


def test_flight_has_its_origin(extractor):
    assert [p.name for p in _one(extractor, ONE_FLIGHT).origins] == ["Guam"]


def test_flight_has_its_location(extractor):
    assert [p.name for p in _one(extractor, ONE_FLIGHT).locations] == ["South Korea"]


def test_flight_records_the_participating_country(extractor):
    assert "United States" in _one(extractor, ONE_FLIGHT).countries


def test_two_mentions_of_one_flight_merge(extractor):
    text = ONE_FLIGHT + " The B-1B bombers flew for ten hours on Monday, the Air Force said."
    assert len(_events(extractor, text)) == 1


def test_flights_on_different_dates_are_two_events(extractor):
    text = ("Two B-1B bombers flew over South Korea on Sept. 18. "
            "Four F-35A jets flew over South Korea on Sept. 20.")
    assert [(e.date, e.aircraft[0].type) for e in _events(extractor, text)] == [("2017-09-18", "B-1B"),
                                                                                ("2017-09-20", "F-35A")]


@pytest.mark.parametrize("text", [PLANNED, HYPOTHETICAL, DENIED])
def test_hedged_flights_are_dropped_by_default(extractor, text):
    assert _events(extractor, text) == []


@pytest.mark.parametrize("text, status", [(PLANNED, "planned"), (HYPOTHETICAL, "hypothetical"),
                                          (DENIED, "denied")])
def test_hedged_flights_are_kept_with_their_status_on_request(hedged_extractor, text, status):
    assert [(e.kind, e.status) for e in _events(hedged_extractor, text)] == [("flight", status)]


def test_missile_launch_kind(extractor):
    e = _one(extractor, "North Korea fired two ballistic missiles on Tuesday.")
    assert (e.kind, e.date) == ("missile_launch", "2017-09-19")


def test_missile_launch_is_located_in_the_launching_country(extractor):
    e = _one(extractor, "North Korea fired two ballistic missiles on Tuesday.")
    assert [p.name for p in e.locations] == ["North Korea"]


def test_nuclear_test_kind(extractor):
    e = _one(extractor, "North Korea conducted its sixth nuclear test on Sunday.")
    assert (e.kind, e.date) == ("nuclear_test", "2017-09-17")


def test_nuclear_test_site_alone_is_not_a_test(extractor):
    events = _events(extractor, "Satellite images showed new tunnels at the nuclear test site on Sunday.")
    assert [e.kind for e in events if e.kind == "nuclear_test"] == []


def test_article_without_dates_or_places_gives_no_events(extractor):
    assert _events(extractor, "Officials met to discuss the budget. They agreed on little.") == []


def test_article_without_published_date_still_extracts(extractor):
    events = extractor.extract(article("Two B-1B bombers flew over South Korea on Sept. 18, 2017.", None))
    assert [e.date for e in events] == ["2017-09-18"]


def test_event_ids_are_stable_across_runs(catalogue):
    text = ONE_FLIGHT + " North Korea fired two ballistic missiles on Tuesday."
    first = [e.event_id for e in _events(EventExtractor(catalogue=catalogue), text)]
    second = [e.event_id for e in _events(EventExtractor(catalogue=catalogue), text)]
    assert len(first) == 2 and first == second


def test_event_ids_differ_between_events(extractor):
    ids = [e.event_id for e in _events(extractor, ONE_FLIGHT + " North Korea fired two missiles on Tuesday.")]
    assert len(set(ids)) == 2


MULTI = ("SEOUL, Sept. 20 (UPI) -- Two U.S. B-1B bombers based in Guam flew over South Korea on Monday. "
         "North Korea fired two ballistic missiles on Tuesday.\n"
         "Four F-35A jets flew near Pyongyang on Sept. 12, the ministry said.")


def test_evidence_spans_slice_the_article_text(extractor):
    a = article(MULTI)
    events = extractor.extract(a)
    assert len(events) == 3
    assert all(a.text[e.evidence.start:e.evidence.end] == e.evidence.text for e in events)


def test_aircraft_spans_point_at_the_aircraft_text(extractor):
    a = article(MULTI)
    spans = [ac.span for e in extractor.extract(a) for ac in e.aircraft]
    assert [(a.text[s.start:s.end], s.text) for s in spans] == [("B-1B", "B-1B"), ("F-35A", "F-35A")]


def test_place_and_date_spans_slice_the_article_text(extractor):
    a = article(MULTI)
    spans = [s for e in extractor.extract(a) for s in
             [e.date_span, *(p.span for p in (*e.origins, *e.locations))] if s is not None]
    assert spans and all(a.text[s.start:s.end] == s.text for s in spans)


def test_dateline_date_is_not_an_event_date(extractor):
    assert [e.date for e in extractor.extract(article(MULTI))] == ["2017-09-18", "2017-09-19", "2017-09-12"]


def test_event_carries_the_article_name(extractor):
    a = article(ONE_FLIGHT)
    assert extractor.extract(a)[0].article_name == a.name


def test_a_day_after_an_earlier_event_dates_the_flight_the_day_after(extractor):
    text = ("North Korea conducted a nuclear test on Sept. 3. "
            "A day after the test, two B-1B bombers flew over South Korea.")
    flights = [e for e in _events(extractor, text) if e.kind == "flight"]
    assert [e.date for e in flights] == ["2017-09-04"]


def test_hedged_flight_keeps_its_aircraft(hedged_extractor):
    e = _one(hedged_extractor, PLANNED)
    assert [a.type for a in e.aircraft] == ["B-52"]


def test_undated_hypothetical_flight_is_kept_on_request(hedged_extractor):
    events = _events(hedged_extractor, "The U.S. could deploy B-52 bombers to Guam.")
    assert [(e.kind, e.status) for e in events] == [("flight", "hypothetical")]


def test_airspace_violation_by_named_aircraft_is_a_flight(extractor):
    events = _events(extractor, "Two Russian Tu-95 bombers violated South Korean airspace on Monday.")
    assert [(e.kind, e.date) for e in events] == [("flight", "2017-09-18")]


def test_two_events_in_one_sentence_take_their_own_dates(extractor):
    text = ("North Korea fired two ballistic missiles on Tuesday, and the U.S. flew B-1B bombers over "
            "South Korea on Wednesday.")
    assert sorted((e.kind, e.date) for e in _events(extractor, text)) == [("flight", "2017-09-20"),
                                                                          ("missile_launch", "2017-09-19")]


def test_dateline_after_a_headline_is_not_an_event_date(extractor):
    text = "Bombers fly near Korea\n" + MULTI
    assert [e.date for e in extractor.extract(article(text))][0] == "2017-09-18"
