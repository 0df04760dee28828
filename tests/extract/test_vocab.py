"""Tests of geo/extract/vocab.py: the finder and grouper read their word lists from data, and bad lists are named."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.errors import ConfigurationError
from geo.extract.patterns import PATTERNS_DIR
from geo.extract.places import PlaceFinder
from geo.extract.vocab import EventWords, PlaceWords, alternation, event_words, place_words


def _copy_with(tmp_path: Path, name: str, *rows: dict, drop_label: str = "") -> Path:
    """A copy of a shipped file of ``data/patterns`` with ``rows`` added and the rows of ``drop_label`` left out."""
    lines = (PATTERNS_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not drop_label or json.loads(line).get("label") != drop_label]
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join(kept + [json.dumps(r) for r in rows]) + "\n", encoding="utf-8")
    return path


def _row(label: str, terms: list[str], **more: object) -> dict:
    return {"id": f"test-{label}", "label": label, "terms": terms, "examples": ["invented"], "source": "invented",
            **more}


def test_a_word_added_to_the_data_changes_what_the_finder_reads(tmp_path):
    text = "Drones flew near Guam squadrons on Monday."
    assert [(m.text, m.role) for m in PlaceFinder().find(text)] == [("Guam", "location")]
    words = PlaceWords.load(_copy_with(tmp_path, "place_words", _row("adjectival_head", ["squadrons"],
                                                                     case_sensitive=True)))
    # "Guam squadrons" now names whose squadrons they are: an actor, not where the drones flew.
    assert [(m.text, m.role) for m in PlaceFinder(words=words).find(text)] == [("Guam", "")]


def test_the_shipped_vocabularies_load_once_with_their_words():
    assert place_words() is place_words() and event_words() is event_words()
    assert "Pentagon" in place_words().never_place and "S.D." in place_words().us_state_abbr
    assert place_words().anaphor.search("flew over the ADIZ").group("head") == "ADIZ"
    assert not place_words().anaphor.search("The peninsula")  # only "the" in lower case starts an anaphor
    assert event_words().clause_cut.search("talks may resume but bombers flew")
    assert "Sunday" in event_words().exercise_name_noise


def test_terms_are_joined_longest_first_and_escaped():
    assert alternation(("base", "air base", "U.S.", "base")) == r"air\ base|base|U\.S\."  # equal lengths keep their order


def test_a_label_the_finder_reads_must_have_a_row(tmp_path):
    path = _copy_with(tmp_path, "place_words", drop_label="ship_prefix")
    with pytest.raises(ConfigurationError, match=r"place_words.jsonl: no row labelled 'ship_prefix'; the extractor"):
        PlaceWords.load(path)


def test_a_word_list_label_written_as_a_pattern_is_named(tmp_path):
    bad = {"id": "ship-regex", "label": "ship_prefix", "pattern": "USS", "examples": ["USS Maine"], "source": "x"}
    with pytest.raises(ConfigurationError, match=r"rows \['ship-regex'\] labelled 'ship_prefix' have a 'pattern'"):
        PlaceWords.load(_copy_with(tmp_path, "place_words", bad))


def test_rows_of_one_label_must_agree_on_case(tmp_path):
    path = _copy_with(tmp_path, "place_words", _row("said_after", ["stated"]))  # the shipped row is case-sensitive
    with pytest.raises(ConfigurationError, match=r"labelled 'said_after' disagree on 'case_sensitive'"):
        PlaceWords.load(path)


def test_labels_read_in_one_regex_must_agree_on_case(tmp_path):
    path = _copy_with(tmp_path, "place_words", _row("coast_part", ["portion"], case_sensitive=True),
                      drop_label="coast_part")
    with pytest.raises(ConfigurationError, match=r"labels \['coast_part', 'coast_side'\] are read in one regex"):
        PlaceWords.load(path)


def test_a_missing_event_word_label_is_named(tmp_path):
    path = _copy_with(tmp_path, "event_words", drop_label="count_doubt")
    with pytest.raises(ConfigurationError, match=r"no row labelled 'count_doubt'"):
        EventWords.load(path)
