"""Tests of geo/extract/patterns.py and of every pattern file: each example and counter-example, and broken files."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo.errors import ConfigurationError
from geo.extract.activity import classify_activity
from geo.extract.aircraft import count_before, load_catalogue
from geo.extract.events import CueSet
from geo.extract.patterns import PATTERNS_DIR, PatternRow, load_pattern, load_patterns, load_terms, terms_regex
from geo.extract.placeroles import PlaceRules
from geo.extract.vocab import EventWords, PlaceWords

# Files another stage reads with its own loader and checks (no header row yet); all others go through
# geo.extract.patterns and have every example run here.
OWN_LOADER = {"place_context": "geo/resolve/rules.py"}
FILES = sorted(p for p in PATTERNS_DIR.glob("*.jsonl") if p.stem not in OWN_LOADER)
_PUNCT = " .,;:()\"'“”"


def _load(path: Path):
    return load_patterns(path, regex_keys=("needs",) if path.stem == "place_roles" else ())


def _cue_fires(row: PatternRow, text: str) -> bool:
    """As the event grouper uses a cue: the pattern matches and the needed term is in the sentence."""
    if not row.matches(text):
        return False
    needs = row.get("needs", "")
    typed = bool(load_catalogue().find(text))
    if needs == "aircraft":  # a catalogue type, or a generic word for aircraft ("fighter jets")
        return typed or CueSet.load().terms["airframe"].search(text) is not None
    if needs == "military" and typed:
        return True
    return not needs or CueSet.load().terms[needs].search(text) is not None


def _role_applies(row: PatternRow, text: str) -> bool:
    """As the place finder uses a role cue: its pattern and, if any, its ``needs`` regex match."""
    needs = row.extra_regex.get("needs")
    return row.matches(text) and (needs is None or needs.search(text) is not None)


def _matches_up_to_a_word(row: PatternRow, text: str) -> bool:
    """As the count reader tries a form: on the text up to the end of some word, trailing punctuation removed."""
    return any(row.regex.search(text[:m.end()].rstrip(_PUNCT)) for m in re.finditer(r"\S+", text))


def _count_example(row: PatternRow, text: str) -> bool:
    count = count_before(text)
    matched = _matches_up_to_a_word(row, text)
    if row.label == "number":
        return count == row.get("value")
    if row.label == "digits":
        return count == int(text.split()[-1])
    if row.label == "count_form":
        return count is not None and matched
    if row.label == "not_count":
        return count is None and matched
    return count is None  # phrase_stop


def _count_counter_example(row: PatternRow, text: str) -> bool:
    """True when the counter-example is rejected as it should be (see the file's header)."""
    count = count_before(text)
    if row.label == "number":
        return count != row.get("value")
    if row.label == "digits":
        return count is None
    if row.label == "count_form":
        return not _matches_up_to_a_word(row, text)
    return count is not None  # not_count and phrase_stop must not block a real count


_CAPITALISED = re.compile(r"[A-Z][\w.-]*")  # a name ends before its possessive


def _after_a_name(regex: re.Pattern[str], text: str) -> bool:
    """Does ``regex`` match right after some capitalised word, as the finder reads the words after a name?"""
    return any(regex.match(text[m.end():]) for m in _CAPITALISED.finditer(text))


def _before_a_name(regex: re.Pattern[str], text: str) -> bool:
    """Does ``regex`` match the text up to some capitalised word, as the finder reads the words before a name?"""
    return any(regex.search(text[:m.start()]) for m in _CAPITALISED.finditer(text))


def _place_word_applies(row: PatternRow, text: str, tmp: Path) -> bool:
    """As the place finder reads a row of ``place_words.jsonl`` (see the file's header): the regexes built
    with this row's terms alone in place of its label's, used where the finder uses them."""
    words = PlaceWords.load(_only_this_row(row, tmp))
    tokens = [w.rstrip(",") for w in text.split()]
    return {
        "geo_noun": lambda: _after_a_name(words.geo_possessive, text) or _after_a_name(words.demonym_area, text),
        "geo_possessive_modifier": lambda: _after_a_name(words.geo_possessive, text),
        "anaphor_head": lambda: bool(words.anaphor.search(text)),
        "adjectival_head": lambda: _after_a_name(words.adjectival, text),
        "organisation_head": lambda: _after_a_name(words.organisation_after, text),
        "said_after": lambda: _after_a_name(words.said_after, text),
        "leading_noise": lambda: text.split()[0] in words.leading_noise,
        "never_place": lambda: any(w.rstrip(".") in words.never_place for w in tokens),
        "us_state_abbr": lambda: any(w in words.us_state_abbr for w in tokens),
        "ship_prefix": lambda: any(words.ship.match(text[m.start():]) for m in _CAPITALISED.finditer(text)),
        "coast_side": lambda: _before_a_name(words.coast_before, text) or _after_a_name(words.coast_after, text),
        "coast_part": lambda: _before_a_name(words.coast_before, text),
        "clause_cut_place": lambda: bool(words.clause_cut.search(text)),
    }[row.label]()


def _event_word_applies(row: PatternRow, text: str, tmp: Path) -> bool:
    """As the event grouper reads a row of ``event_words.jsonl``: its regex, or its words, from this row alone."""
    words = EventWords.load(_only_this_row(row, tmp))
    if row.label == "exercise_name_noise":
        return any(w in words.exercise_name_noise for w in text.split())
    return bool(getattr(words, row.label).search(text))


def _only_this_row(row: PatternRow, tmp: Path) -> Path:
    """A copy of the row's file in which the other rows of its label are left out."""
    lines = row.path.read_text(encoding="utf-8").splitlines()
    kept = [line for n, line in enumerate(lines, 1)
            if n == row.line or not line.strip() or json.loads(line).get("label") != row.label]
    path = tmp / row.path.name
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def _holds(path: Path, row: PatternRow, text: str, tmp: Path) -> bool:
    """Does the row apply to ``text``, in the sense its file's header gives an example?"""
    if path.stem == "event_cues":
        return _cue_fires(row, text)
    if path.stem == "place_roles":
        return _role_applies(row, text)
    if path.stem == "activities" and row.get("voice") == "passive":
        return row.matches(text) and classify_activity(text) != row.label
    if path.stem == "activities":
        return row.matches(text) and classify_activity(text) == row.label
    if path.stem == "count_words":
        return _count_example(row, text)
    if path.stem == "place_words":
        return _place_word_applies(row, text, tmp)
    if path.stem == "event_words":
        return _event_word_applies(row, text, tmp)
    return row.matches(text)


def _rejects(path: Path, row: PatternRow, text: str, tmp: Path) -> bool:
    if path.stem == "activities" and row.get("voice") == "passive":
        return not row.matches(text)
    if path.stem == "activities":
        return classify_activity(text) != row.label
    if path.stem == "count_words":
        return _count_counter_example(row, text)
    return not _holds(path, row, text, tmp)


def _cases():
    for path in FILES:
        for row in _load(path).rows:
            for i, text in enumerate(row.examples):
                yield pytest.param(path, row, text, True, id=f"{path.stem}:{row.id}:example{i}")
            for i, text in enumerate(row.counter_examples):
                yield pytest.param(path, row, text, False, id=f"{path.stem}:{row.id}:counter{i}")


@pytest.mark.parametrize("path, row, text, should_apply", list(_cases()))
def test_every_example_applies_and_every_counter_example_does_not(path, row, text, should_apply, tmp_path):
    if should_apply:
        assert _holds(path, row, text, tmp_path), f"{row.where} {row.id}: example {text!r} does not apply"
    else:
        assert _rejects(path, row, text, tmp_path), f"{row.where} {row.id}: counter-example {text!r} applies"


def test_every_pattern_file_is_checked_and_documents_its_examples():
    assert {p.stem for p in FILES} >= {"event_cues", "cue_terms", "hedges", "place_roles", "anniversaries",
                                       "place_words", "event_words", "activities",
                                       "count_words"}
    for path in FILES:
        patterns = _load(path)
        assert patterns.about and patterns.examples_mean and patterns.rows


def test_every_row_names_its_source_and_has_an_example():
    for path in FILES:
        for row in _load(path).rows:
            assert row.source.strip() and row.examples, row.where


def test_loaders_read_the_shipped_files():
    cues = CueSet.load()
    assert {c.kind for c in cues.cues} >= {"flight", "missile_launch", "nuclear_test"}
    assert {s for s, _ in cues.hedges} == {"hypothetical", "planned", "cancelled", "denied"}
    rules = PlaceRules.load()
    assert rules.origin.search("took off from ") and rules.origin_weak_needs.search("the bombers")


# --- broken files -------------------------------------------------------------------------------------

HEADER = {"_about": "test rows", "_examples": "a fragment the pattern matches"}
GOOD = {"id": "r1", "label": "x", "pattern": "\\bflew\\b", "examples": ["jets flew"], "source": "invented"}


def _write(tmp_path: Path, *rows: object, header: object = HEADER) -> Path:
    path = tmp_path / "broken.jsonl"
    lines = [json.dumps(header)] + [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


R2 = {**GOOD, "id": "r2"}


def _without(row: dict, key: str) -> dict:
    return {k: v for k, v in row.items() if k != key}


@pytest.mark.parametrize("row, expected", [
    ({**R2, "pattern": "\\b(?:flew"}, r"row 'r2': 'pattern' is not a valid regex \(missing \), unterminated"),
    (_without(R2, "source"), r"row 'r2': missing field\(s\) \['source'\]"),
    (GOOD, r"row 'r1': duplicate id \(first used on line 2\)"),
    ({**R2, "examples": "jets flew"}, r"row 'r2': 'examples' must be a list of non-empty strings, got 'jets flew'"),
    ({**R2, "examples": []}, r"row 'r2': 'examples' is empty"),
    ({**R2, "counter_examples": [1]}, r"row 'r2': 'counter_examples' must be a list"),
    (_without(R2, "pattern"), r"row 'r2': needs exactly one of 'pattern'"),
    ({**R2, "terms": ["flew"]}, r"row 'r2': needs exactly one of 'pattern'"),
    ({**_without(R2, "pattern"), "terms": "flew"}, r"row 'r2': 'terms' must be a non-empty list"),
    ({**R2, "pattern": ""}, r"row 'r2': 'pattern' must be a non-empty string"),
    ({**R2, "counter_example": ["x"]}, r"row 'r2': unknown key\(s\) \['counter_example'\]"),
    ({**R2, "case_sensitive": "yes"}, r"row 'r2': 'case_sensitive' must be true or false"),
    ({**R2, "id": ""}, r"row: 'id' must be a non-empty string"),
    ('{"id": "r2", "label": ', r"not valid JSON"),
    ('["r2"]', r"expected a JSON object, got list"),
])
def test_a_broken_row_names_the_file_the_line_and_the_row(tmp_path, row, expected):
    path = _write(tmp_path, GOOD, row)
    with pytest.raises(ConfigurationError, match=rf"^{re.escape(str(path))}:3: {expected}") as err:
        load_patterns(path)
    assert "; " in str(err.value)  # every message also says what to do


def test_the_regex_error_says_how_to_write_a_backslash(tmp_path):
    path = _write(tmp_path, {**GOOD, "pattern": "(?P<n"})
    with pytest.raises(ConfigurationError, match=r"in JSON one regex backslash is written"):
        load_patterns(path)


def test_a_missing_header_is_named(tmp_path):
    path = _write(tmp_path, GOOD, header=GOOD)
    with pytest.raises(ConfigurationError, match=rf"^{re.escape(str(path))}:1: line 1 must be the header row"):
        load_patterns(path)


def test_an_undeclared_label_is_named(tmp_path):
    path = _write(tmp_path, GOOD, header={**HEADER, "_labels": ["y"]})
    with pytest.raises(ConfigurationError, match=rf"{re.escape(str(path))}:2: row 'r1': label 'x' is not one of \['y'\]"):
        load_patterns(path)


def test_a_bad_extra_regex_is_named(tmp_path):
    path = _write(tmp_path, {**GOOD, "needs": "[jets"}, header={**HEADER, "_extra_keys": ["needs"]})
    with pytest.raises(ConfigurationError, match=rf"{re.escape(str(path))}:2: row 'r1': 'needs' is not a valid regex"):
        load_patterns(path, regex_keys=("needs",))


def test_an_unreadable_or_empty_file_is_named(tmp_path):
    with pytest.raises(ConfigurationError, match="cannot read pattern file"):
        load_patterns(tmp_path / "absent.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="pattern file is empty"):
        load_patterns(empty)
    only_header = _write(tmp_path)
    with pytest.raises(ConfigurationError, match="no rows after the header"):
        load_patterns(only_header)


def test_blank_lines_keep_line_numbers(tmp_path):
    path = tmp_path / "gaps.jsonl"
    path.write_text(json.dumps(HEADER) + "\n\n" + json.dumps(GOOD) + "\n\n" + json.dumps({**GOOD, "pattern": "("}),
                    encoding="utf-8")
    with pytest.raises(ConfigurationError, match=rf"{re.escape(str(path))}:5: row 'r1': duplicate id \(first used on line 3\)"):
        load_patterns(path)


def test_cue_set_rejects_a_need_no_term_defines(tmp_path):
    for name in ("cue_terms", "hedges"):
        (tmp_path / f"{name}.jsonl").write_text((PATTERNS_DIR / f"{name}.jsonl").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    cue = {**GOOD, "label": "flight", "needs": "weather"}
    (tmp_path / "event_cues.jsonl").write_text(
        json.dumps({**HEADER, "_extra_keys": ["needs"]}) + "\n" + json.dumps(cue) + "\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"event_cues.jsonl:2: row 'r1': needs 'weather'"):
        CueSet.load(tmp_path)


# --- rows and accessors -------------------------------------------------------------------------------

def test_terms_are_one_escaped_whole_word_alternation():
    pattern = terms_regex(["U.S.", "air base", "base"])
    assert pattern.findall("the U.S. air  base, a base; basement, U.S.A") == ["U.S.", "air  base", "base"]


def test_case_sensitive_terms_keep_case(tmp_path):
    path = _write(tmp_path, {"id": "t", "label": "ship", "terms": ["USS"], "case_sensitive": True,
                             "examples": ["USS Maine"], "source": "invented"})
    row = load_patterns(path).rows[0]
    assert row.matches("USS Maine") and not row.matches("uss maine")


def test_load_terms_gives_the_words_of_a_label():
    assert {"USS", "HMS", "ROKS"} <= load_terms("place_words", "ship_prefix")
    assert "Calif." in load_terms("place_words", "us_state_abbr")


def test_load_pattern_joins_rows_and_keeps_each_rows_case():
    intercept = load_pattern("activities", "intercept")  # three rows, one regex
    assert intercept.search("Fighters were scrambled to intercept the bombers.")
    assert not intercept.search("The bombers flew a long patrol over the sea.")
    ship = load_pattern(PATTERNS_DIR / "place_words.jsonl", "ship_prefix")
    assert ship.search("USS Michigan") and not ship.search("uss michigan")


def test_load_pattern_of_one_pattern_row_is_that_row():
    assert load_pattern("event_words", "clause_split").search("flew on Monday, a day after the launch")


def test_accessors_name_a_missing_label_or_a_wrong_kind():
    with pytest.raises(ConfigurationError, match=r"no row labelled 'nothing'; labels are \["):
        load_terms("place_words", "nothing")
    with pytest.raises(ConfigurationError, match=r"label 'clause_split' has pattern rows \['clause-split-dates'\]"):
        load_terms("event_words", "clause_split")


def test_extra_keys_are_kept():
    ships = load_patterns("place_words").by_id("ship-prefixes")
    assert "names a ship" in ships.get("note")
    with pytest.raises(ConfigurationError, match="no row with id 'nope'"):
        load_patterns("place_words").by_id("nope")
