"""Tests of geo/extract/sentences.py: sentence spans that keep offsets and survive abbreviations."""
from __future__ import annotations

import pytest

from geo.extract import sentences
from geo.extract.sentences import MAX_SENTENCE, split_sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize("text", [
    "The U.S. Air Force flew two bombers.",
    "Gen. Kim watched the drill.",
    "The jets flew on Nov. 2 near the border.",
    "The bombers left Knob Noster, Mo., on Friday.",
])
def test_abbreviations_do_not_end_a_sentence(text):
    assert _texts(text) == [text]


def test_full_stop_before_a_capital_ends_a_sentence():
    assert _texts("Two bombers flew. They returned to Guam.") == ["Two bombers flew.", "They returned to Guam."]


def test_newline_ends_a_sentence_without_punctuation():
    assert _texts("Bombers fly near the DMZ\nTwo B-1B bombers flew.") == ["Bombers fly near the DMZ",
                                                                         "Two B-1B bombers flew."]


def test_each_line_is_a_new_paragraph():
    sentences = split_sentences("Headline\nFirst. Second.\nThird.")
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]


def test_offsets_slice_the_sentence_text():
    text = "  Gen. Kim spoke.  The U.S. jets flew!\r\n\nWere they B-1Bs? Yes.\n"
    sentences = split_sentences(text)
    assert len(sentences) == 4
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_sentences_are_indexed_in_order():
    assert [s.index for s in split_sentences("One. Two. Three.")] == [0, 1, 2]


def test_an_over_long_line_is_cut_into_bounded_sentences_at_clause_breaks():
    clause = "the jets flew near the border, "
    text = "Two bombers took off; " + clause * 5_000 + "and returned."
    sentences = split_sentences(text)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert all(s.text.endswith((",", ";", ".")) for s in sentences)  # cut after a comma, never inside a word
    assert {s.paragraph for s in sentences} == {0}
    assert "".join(text[s.start:s.end + 1] for s in sentences).rstrip() == text


def test_a_line_without_spaces_is_cut_at_the_cap():
    text = "x" * (3 * MAX_SENTENCE + 7)
    assert [len(s.text) for s in split_sentences(text)] == [MAX_SENTENCE] * 3 + [7]


class _RecordingPattern:
    """Stands in for the word-before-a-stop pattern and records how many characters each search reads."""

    def __init__(self, pattern):
        self.pattern, self.widths = pattern, []

    def search(self, text, pos=0, endpos=None):
        endpos = len(text) if endpos is None else endpos
        self.widths.append(endpos - pos)
        return self.pattern.search(text, pos, endpos)


def test_each_full_stop_is_checked_against_a_bounded_window(monkeypatch):
    # The check used to read the whole line before every full stop: a 2 MB line took 20 minutes.
    recorder = _RecordingPattern(sentences._WORD_BEFORE)
    monkeypatch.setattr(sentences, "_WORD_BEFORE", recorder)
    text = "Gen. Kim spoke. " * 2_000
    assert len(split_sentences(text)) == 2_000
    assert recorder.widths and max(recorder.widths) <= 64


def test_a_run_of_dots_not_followed_by_a_capital_ends_no_sentence():
    # Every dot of the run used to start a match that read to the end of the run (50,000 squared steps).
    text = "The jets flew" + "." * 50_000 + "x and then they left. They returned."
    pieces = split_sentences(text)
    assert max(len(s.text) for s in pieces) <= MAX_SENTENCE
    assert [s.text for s in pieces][-1] == "They returned."
    assert pieces[-2].text.endswith("x and then they left.")


def test_abbreviation_at_the_end_of_a_long_line_is_still_recognised():
    text = "The jets flew. " * 1_000 + "They left Knob Noster, Mo. On Friday they returned."
    assert _texts(text)[-1] == "They left Knob Noster, Mo. On Friday they returned."
