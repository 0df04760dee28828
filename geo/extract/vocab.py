"""Loads the word lists of the place finder and the event grouper (``place_words``, ``event_words``) as typed, cached regexes and sets.

The rows are validated by :mod:`geo.extract.patterns`; this module only builds, from the rows of each
label, the regex or set the extraction code reads, so that a word is added by editing data, not code.
Term lists are joined longest first: every place a list is used puts a word boundary after it, so the
order of a row's terms never changes what matches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.errors import ConfigurationError
from geo.extract.patterns import PATTERNS_DIR, PatternFile, load_pattern, load_patterns


def _terms(patterns: PatternFile, label: str) -> tuple[tuple[str, ...], int]:
    """The terms of every row labelled ``label`` in file order, and the regex flags they agree on.

    Raises
    ------
    ConfigurationError
        When no row has the label, one of them is a ``pattern`` row, or their ``case_sensitive`` differ.
    """
    rows = patterns.labelled(label)
    if not rows:
        raise ConfigurationError(f"{patterns.path}: no row labelled {label!r}; the extractor needs one "
                                 f"(labels present: {sorted({r.label for r in patterns.rows})})")
    not_terms = [r.id for r in rows if not r.terms]
    if not_terms:
        raise ConfigurationError(f"{patterns.path}: rows {not_terms} labelled {label!r} have a 'pattern'; "
                                 f"this label is a word list, so write its words in 'terms'")
    cases = {r.case_sensitive for r in rows}
    if len(cases) > 1:
        raise ConfigurationError(f"{patterns.path}: rows {[r.id for r in rows]} labelled {label!r} disagree on "
                                 f"'case_sensitive'; give them all the same value")
    return tuple(t for r in rows for t in r.terms), 0 if cases.pop() else re.I


def alternation(terms: tuple[str, ...]) -> str:
    """The escaped terms as one regex alternation, longest first (``"air base|base"``)."""
    return "|".join(re.escape(t) for t in sorted(dict.fromkeys(terms), key=len, reverse=True))


def _template(patterns: PatternFile, template: str, **labels: str) -> re.Pattern[str]:
    """``template`` with each ``{name}`` replaced by the alternation of a label's terms, compiled.

    The flags are those the labels' rows agree on (case-insensitive unless they say ``case_sensitive``).
    """
    parts, flags = {}, set()
    for name, label in labels.items():
        terms, f = _terms(patterns, label)
        parts[name] = alternation(terms)
        flags.add(f)
    if len(flags) > 1:
        raise ConfigurationError(f"{patterns.path}: labels {sorted(labels.values())} are read in one regex but "
                                 f"disagree on 'case_sensitive'; give their rows the same value")
    return re.compile(template.format(**parts), flags.pop())


@dataclass(frozen=True)
class PlaceWords:
    """The vocabulary of the place finder, from ``data/patterns/place_words.jsonl``.

    Regexes read *after* a name are matched on the text right after it, those read *before* a name
    are searched in the text up to it.
    """

    geo_possessive: re.Pattern[str]  # "'s coast", "'s own waters": the possessive names the place itself
    demonym_area: re.Pattern[str]  # " waters" after "South Korean": the demonym's country's area
    anaphor: re.Pattern[str]  # "the peninsula", "the North": a place named before (group ``head``)
    adjectival: re.Pattern[str]  # " forces", " strategic bombers": the name stands for a state
    organisation_after: re.Pattern[str]  # " Navy", " 7th Fleet": the name begins an organisation's name
    said_after: re.Pattern[str]  # " said": the name is a speaker
    leading_noise: frozenset[str]  # sentence-opening words dropped from the front of a capitalised run
    never_place: frozenset[str]  # capitalised words that alone are never a place
    us_state_abbr: frozenset[str]  # "S.D.", "Calif.": qualifiers after a comma
    ship: re.Pattern[str]  # "USS ": a ship's name follows
    coast_before: re.Pattern[str]  # "the east coast of ": the side of the place after it (group ``dir``)
    coast_after: re.Pattern[str]  # "'s western shore": the side of the place before it (group ``dir``)
    clause_cut: re.Pattern[str]  # where the clause before a place name starts

    @classmethod
    def load(cls, path: Path | None = None) -> "PlaceWords":
        """Read and build the place finder's vocabulary.

        Raises
        ------
        ConfigurationError
            When the file is invalid (see :mod:`geo.extract.patterns`) or a label the finder reads has no row.
        """
        path = path or PATTERNS_DIR / "place_words.jsonl"
        p = load_patterns(path)
        side = r"(?P<dir>north|south|east|west)(?:ern)?\s+"
        return cls(
            geo_possessive=_template(p, r"^[’']s\s+(?:(?:{mod})\s+)?(?:{noun})\b", mod="geo_possessive_modifier",
                                     noun="geo_noun"),
            demonym_area=_template(p, r"^\s+(?:{noun})\b", noun="geo_noun"),
            anaphor=_template(p, r"\bthe\s+(?P<head>{head})\b(?![\w-])", head="anaphor_head"),
            adjectival=_template(p, r"^\s+(?:[a-z]+[-\s])?(?:{head})\b", head="adjectival_head"),
            organisation_after=_template(p, r"^\s+(?:\d+(?:st|nd|rd|th)\s+)?(?:{head})\b", head="organisation_head"),
            said_after=_template(p, r"^\s+(?:{verb})\b", verb="said_after"),
            leading_noise=frozenset(_terms(p, "leading_noise")[0]),
            never_place=frozenset(_terms(p, "never_place")[0]),
            us_state_abbr=frozenset(_terms(p, "us_state_abbr")[0]),
            ship=_template(p, r"^(?:{prefix})\s", prefix="ship_prefix"),
            coast_before=_template(p, r"\b" + side + r"(?:{side}|{part})\s+of\s+(?:the\s+)?$", side="coast_side",
                                   part="coast_part"),
            coast_after=_template(p, r"^[’']s\s+" + side + r"(?:{side})\b", side="coast_side"),
            clause_cut=load_pattern(path, "clause_cut_place"),
        )


@dataclass(frozen=True)
class EventWords:
    """The vocabulary of the event grouper, from ``data/patterns/event_words.jsonl`` (see each row's note)."""

    unspecific: re.Pattern[str]
    definite: re.Pattern[str]
    clause_cut: re.Pattern[str]
    clause_split: re.Pattern[str]
    other_occurrence: re.Pattern[str]
    generic: re.Pattern[str]
    separate: re.Pattern[str]
    trigger: re.Pattern[str]
    trigger_verb: re.Pattern[str]
    specific_trigger: re.Pattern[str]
    answer: re.Pattern[str]
    count_doubt: re.Pattern[str]
    after_other: re.Pattern[str]
    back_reference: re.Pattern[str]
    exercise_name_noise: frozenset[str]

    @classmethod
    def load(cls, path: Path | None = None) -> "EventWords":
        """Read and build the event grouper's vocabulary.

        Raises
        ------
        ConfigurationError
            When the file is invalid (see :mod:`geo.extract.patterns`) or a label the grouper reads has no row.
        """
        path = path or PATTERNS_DIR / "event_words.jsonl"
        p = load_patterns(path)
        regexes = {name: load_pattern(path, name) for name in (
            "unspecific", "definite", "clause_cut", "clause_split", "other_occurrence", "generic", "separate",
            "trigger", "trigger_verb", "specific_trigger", "answer", "count_doubt", "after_other", "back_reference")}
        return cls(**regexes, exercise_name_noise=frozenset(_terms(p, "exercise_name_noise")[0]))


@lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    """The bundled place-finder vocabulary, read once per process."""
    return PlaceWords.load()


@lru_cache(maxsize=1)
def event_words() -> EventWords:
    """The bundled event-grouper vocabulary, read once per process."""
    return EventWords.load()


__all__ = ["EventWords", "PlaceWords", "alternation", "event_words", "place_words"]
