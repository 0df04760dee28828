"""Tests of geo/extract/gate.py: the relevance gate refuses only texts the extractor finds no event in."""
from __future__ import annotations

import ast
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from geo.extract.events import EventExtractor
from geo.extract.gate import RelevanceGate, default_gate, fold, word_paths
from geo.ingest import read_article
from geo.models import Article, content_id
from geo.pipeline import events_for

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = date(2017, 9, 20)

# Invented general news: no cue of an event in them, or none whose needs are met.
NOT_MILITARY = [
    "The city council approved a new budget for the public library on Tuesday, the mayor said.",
    "Heavy rain flooded several streets in the old town, and the regional train service was suspended.",
    "The central bank kept interest rates unchanged, citing slowing inflation and a weaker export outlook.",
    "A new exhibition of medieval manuscripts opened at the national museum, drawing long queues.\n"
    "Curators said the pages had not been shown in public for two centuries.",
    "Farmers in the valley expect a record apple harvest after a mild spring and a warm, dry summer.",
]


def _invented_texts() -> list[str]:
    """Every invented sentence the project tests extraction with: the test files' strings and the pattern examples."""
    texts: set[str] = set()
    for path in (ROOT / "tests" / "extract").glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 25 \
                    and " " in node.value:
                texts.add(node.value)
    for path in (ROOT / "data" / "patterns").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            row = json.loads(line)
            texts.update(row.get("examples", []))
            texts.update(row.get("counter_examples", []))
    return sorted(texts)


def _article(text: str) -> Article:
    return Article(content_id(text), "invented.txt", "", text, PUBLISHED)


@pytest.fixture(scope="module")
def gate() -> RelevanceGate:
    return default_gate()


def test_the_gate_passes_every_invented_text_the_extractor_finds_an_event_in(gate):
    texts = _invented_texts()
    assert len(texts) > 300  # the probe is the project's whole invented corpus, not a handful
    lost = [t for t in texts if events_for(_article(t)) and not gate.passes(t)]
    assert lost == []


def test_the_gate_refuses_a_good_part_of_the_invented_texts_that_hold_no_event(gate):
    # A gate that passed everything would lose nothing; it must also skip.
    empty = [t for t in _invented_texts() if not events_for(_article(t))]
    refused = [t for t in empty if not gate.passes(t)]
    assert len(refused) > len(empty) / 2


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "data" / "news").glob("*.[tmh]*[tdl]")), ids=lambda p: p.name)
def test_the_gate_passes_the_test_news_articles_that_hold_events(gate, path):
    article = read_article(path, published=PUBLISHED)
    if events_for(article):
        assert gate.passes(article.text)


def test_bundled_articles_pass(gate):
    for path in sorted((ROOT / "data" / "articles").glob("*.txt")):
        assert gate.passes(read_article(path).text), path.name


@pytest.mark.parametrize("text", NOT_MILITARY)
def test_general_news_is_refused(gate, text):
    assert events_for(_article(text)) == []
    assert not gate.passes(text)


@pytest.mark.parametrize("text,passes", [
    # a cue whose needed term is present: a dated launch
    ("North Korea fired two ballistic missiles into the sea on Sunday.", True),
    # a launch cue, but nothing launched: 'fired' needs a projectile
    ("The company fired its chief executive on Sunday.", False),
    # a sighting needs an aircraft in its sentence; one two sentences on is too far
    ("Police spotted the suspect near the station.\nThe city keeps a helicopter at the hospital.", False),
    ("Radar tracked four military drones near the island on Monday.", True),
    # an earthquake is an event only when its sentence dates it
    ("An earthquake shook the coast on Monday, officials said.", True),
    ("Earthquakes are common along the coast, officials said.", False),
    # a launch dated only by a known birthday, and an undated one
    ("North Korea fired a ballistic missile into the sea on the birth anniversary of Kim Il Sung, officials said.",
     True),
    ("North Korea fired a ballistic missile into the sea to mark the birthday of Kim Jong Il, officials said.", True),
    ("North Korea fired a ballistic missile into the sea, officials said.", False),
    # an undated specific flight in the lead starts an occurrence
    ("Chinese bombers flew near the islands, the ministry said.", True),
    # undated, outside the lead, but one occurrence the reader knows: a named exercise, "its fifth test"
    ("Officials in the capital spent the whole morning discussing the budget and the roads. The mayor then "
     "spoke for an hour about parks and schools in the city. Later, the jets joined the annual Iron Hawk exercises.",
     True),
    ("Markets slipped after Pyongyang carried out its fifth nuclear test.", True),
    ("Markets slipped after Pyongyang carried out a nuclear test.", False),
])
def test_the_gate_follows_the_extractors_rule_for_starting_an_occurrence(gate, text, passes):
    assert bool(events_for(_article(text))) is passes
    assert gate.passes(text) is passes


def test_a_gate_built_for_hedged_events_passes_a_planned_flight():
    text = "The U.S. will fly B-52 bombers over South Korea next Tuesday."
    hedged = EventExtractor(keep_hedged=True)
    assert events_for(_article(text), extractor=hedged)
    assert RelevanceGate(hedged).passes(text)


def test_the_gate_counts_what_it_checked_and_refused():
    gate = RelevanceGate()
    gate.passes(NOT_MILITARY[0])
    gate.passes("Two B-1B bombers flew over the peninsula on Monday.")
    assert (gate.checked, gate.refused) == (2, 1)


def test_word_paths_reads_the_words_a_regex_can_match():
    paths = word_paths(re.compile(r"\b(?:combined air|joint air)\s+(?:drills?|exercises?)\b", re.I))
    assert "combined air drill" in paths and "joint air exercises" in paths
    assert all(p.split()[0] in ("combined", "joint") for p in paths)


def test_word_paths_gives_up_on_a_regex_that_may_match_inside_a_word():
    assert word_paths(re.compile(r"(?:fly|flew)", re.I)) is None
    assert word_paths(re.compile(r"\b[a-z]+ing\b", re.I)) is None


def test_word_paths_keeps_digits_glued_to_letters_as_the_text_writes_them():
    paths = word_paths(re.compile(r"(?<![\w-])B-?52H?(?![\w-])"))
    assert paths == {"b 52", "b52", "b 52h", "b52h"}


def test_the_catalogue_paths_do_not_mistake_a_flu_subtype_for_a_bomber(gate):
    # "H5N1" holds the letters and digits of the H-5 bomber, but not as a word of its own.
    assert not gate.passes("Officials detected the H5N1 strain on two farms on Monday.")


def test_fold_list_holds_every_letter_that_ignorecase_equates_with_an_ascii_letter():
    letter = re.compile("[a-z]", re.I)
    odd = [chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert all(len(fold(ch)) == 1 and fold(ch).isascii() for ch in odd), odd
    assert fold("İNTERCEPTED") == "intercepted"
