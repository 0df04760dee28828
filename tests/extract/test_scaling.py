"""Extraction work grows with the text, not with its square: counted steps, never timings."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from geo.extract import events as events_module
from geo.extract import grouping, lead
from geo.extract.aircraft import AircraftCatalogue
from geo.extract.events import EventExtractor
from geo.models import Article, content_id

MINI = Path(__file__).resolve().parent.parent / "data" / "aircraft_mini.csv"
SEAS = ("East China Sea", "Sea of Japan", "Yellow Sea")


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    return EventExtractor(catalogue=AircraftCatalogue.load(MINI))


def _dated_flights(n: int) -> Article:
    """``n`` flights on ``n`` different days, one sentence a line (invented)."""
    first = date(2015, 1, 1)
    lines = []
    for i in range(n):
        day = first + timedelta(days=3 * i)
        lines.append(f"On {day:%B} {day.day}, {day.year}, two B-52 bombers flew over the {SEAS[i % 3]}.")
    text = "\n".join(lines)
    return Article(content_id(text), "flights.txt", "", text, date(2024, 1, 1))


def _count_calls(monkeypatch, name: str, *modules) -> list[int]:
    """Count the calls of function ``name`` made from any of ``modules`` (each has it under that name)."""
    calls = [0]
    for module in modules:
        real = getattr(module, name)

        def counted(*args, real=real, **kwargs):
            calls[0] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, counted)
    return calls


def test_a_dated_mention_is_compared_with_a_bounded_number_of_drafts_however_many_the_article_has(
        extractor, monkeypatch):
    # Each dated mention used to be compared with every earlier draft: 1,200 flights, 720,000 comparisons.
    n = 1_200
    calls = _count_calls(monkeypatch, "compatible", grouping)
    found = extractor.extract(_dated_flights(n), today=date(2025, 1, 1))
    assert len(found) == n and len({e.date for e in found}) == n
    assert calls[0] <= (events_module._RECENT_DRAFTS + 2) * n


def test_the_index_finds_the_first_compatible_draft_as_the_scan_did(extractor):
    text = ("Two B-52 bombers flew over the Yellow Sea in March 2019.\n"
            "Two B-52 bombers flew over the East China Sea on March 12, 2019.\n"
            "Two B-52 bombers flew over the Sea of Japan on April 2, 2019.\n"
            "The B-52 bombers flew over the Yellow Sea again on March 12, 2019.")
    found = extractor.extract(Article(content_id(text), "a.txt", "", text, date(2019, 5, 1)), today=date(2020, 1, 1))
    # The March 12 flights join the March flight (month contains the day, refined to the day); April stays apart.
    assert [(e.date, len(e.locations)) for e in found] == [("2019-03-12", 2), ("2019-04-02", 1)]


def test_the_place_finder_is_handed_one_mention_per_named_place_not_every_mention(extractor, monkeypatch):
    # Every unresolved "the region" walked back over every place the article had named so far.
    seen: list[int] = []
    real = extractor.places.find

    def recording(text, offset=0, *, previous=None):
        seen.append(len(previous or ()))
        return real(text, offset, previous=previous)
    monkeypatch.setattr(extractor.places, "find", recording)
    line = "Two B-52 bombers flew over the {} and near Guam, close to the region, on March 3, 2019."
    text = "\n".join(line.format(SEAS[i % 3]) for i in range(300))
    extractor.extract(Article(content_id(text), "a.txt", "", text, date(2019, 5, 1)), today=date(2020, 1, 1))
    assert len(seen) == 300 and max(seen) <= 4


def test_an_anaphor_still_refers_to_the_latest_place_it_names_however_far_back(extractor):
    text = ("Two B-52 bombers flew over the Korean Peninsula on March 3, 2019.\n"
            + "\n".join("Officials in Guam spoke of the drill on March 4, 2019." for _ in range(200))
            + "\nOn March 9, 2019, two B-1B bombers flew over the peninsula again.")
    found = extractor.extract(Article(content_id(text), "a.txt", "", text, date(2019, 5, 1)), today=date(2020, 1, 1))
    last = [e for e in found if e.date == "2019-03-09"]
    assert [p.gazetteer_id for p in last[0].locations] == [
        next(p.gazetteer_id for e in found if e.date == "2019-03-03" for p in e.locations)]


def test_taken_date_spans_answer_overlaps_as_a_scan_of_all_of_them_would():
    import random

    from geo.extract.dates import _Taken
    rng = random.Random(3)
    taken, spans = _Taken(), []
    for _ in range(3_000):
        s = rng.randrange(50_000)
        e = s + rng.randrange(1, 30)
        brute = any(s < te and ts < e for ts, te in spans)
        assert taken.overlaps(s, e) == brute
        if not brute:
            taken.add(s, e)
            spans.append((s, e))
    assert len(spans) > 500


def test_dates_of_a_whole_undated_article_are_found_once_each():
    from geo.extract.dates import find_dates
    first = date(2015, 1, 1)
    text = " ".join(f"Jets flew on {first + timedelta(days=i):%B %d, %Y} and again days later." for i in range(2_000))
    found = find_dates(text)
    assert [d.form for d in found].count("month_day") == 2_000
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_a_flight_on_a_birthday_takes_the_birthday_of_its_own_sentence(extractor):
    # Each candidate looked through every birthday of the article; now only those of its sentence.
    filler = "\n".join("Officials marked the birthday of Kim Jong Il." for _ in range(300))
    text = filler + "\nTwo B-52 bombers flew over the Yellow Sea on the birthday of Kim Il Sung.\n" + filler
    found = extractor.extract(Article(content_id(text), "a.txt", "", text, date(2019, 5, 1)), today=date(2020, 1, 1))
    assert [(e.date, e.date_span.text) for e in found] == [("2019-04-15", "birthday of Kim Il Sung")]


def test_birthdays_found_around_each_birth_are_those_a_scan_of_the_whole_text_finds():
    from geo.extract import reference
    parts = ["Jets flew on the birthday of Kim Il Sung.", "Kim Jong Il's birthday passed quietly.",
             "The birth anniversary of Kim Il Sung came and went.", "Nothing flew. " * 30,
             "Births rose.", "Kim Il Sung's birthday, and the birthday of Kim Jong Il, were marked."]
    text = " ".join(parts[i % len(parts)] for i in range(120))
    found = reference.birthday_month_day(text)
    whole = [(m.start(), m.end()) for m in reference._BIRTHDAY.finditer(text)]
    assert [(s, e) for s, e, _, _ in found] == whole
    assert len(found) == 100


def test_the_lead_of_an_article_is_found_once_not_once_per_event(extractor, monkeypatch):
    # The lead (headline and first two body sentences) was rebuilt over every sentence for every
    # candidate and every event: 5 MB of text took 94 s instead of 28.
    calls = _count_calls(monkeypatch, "is_headline", events_module, lead)
    n = 1_500
    extractor.extract(_dated_flights(n), today=date(2025, 1, 1))
    assert calls[0] <= 12 * n
