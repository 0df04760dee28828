"""Loads and validates the pattern files of ``data/patterns``: JSONL rows of id, label, regex or terms, examples.

Modelled on spaCy's ``SpanRuler``/``EntityRuler`` pattern files: one JSON object a line, checked when it
is read, so that a bad row fails at start-up with the file, the line and the row's id rather than as a
wrong match in the middle of a batch.

A pattern file is::

    {"_about": "what the rows are", "_examples": "what an example means", "_labels": [...], "_extra_keys": [...]}
    {"id": "flight-verb", "label": "flight", "pattern": "\\\\bflew\\\\b", "examples": ["Two B-1Bs flew."],
     "counter_examples": ["The flag flew."], "source": "news usage"}
    {"id": "ship-prefix", "label": "ship_prefix", "terms": ["USS", "HMS"], "case_sensitive": true, ...}

The first line is the header: ``_about`` and ``_examples`` document the file, ``_labels`` (optional) lists
the labels rows may carry, ``_extra_keys`` (optional) the keys beyond the standard ones that its loader
reads (``needs``, ``value``...). Every other line is a row:

``id``
    Unique in the file.
``label``
    The kind, status, role or term the row stands for; several rows may share one.
``pattern`` or ``terms``
    A regex, or a list of words and phrases compiled to one escaped alternation, longest first, that
    must not touch a word character on either side (spaces in a term match any run of white space).
``examples``, ``counter_examples``
    Invented sentences or fragments the row must match, and near-misses it must not; what "match"
    means for a file is its header's ``_examples`` (see ``data/README.md``). At least one example.
``source``
    Where the usage comes from ("news usage", a style guide, a Wikipedia page).
``case_sensitive``
    Optional, default false: patterns and terms are matched ignoring case unless this is true.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from geo.config import DATA_DIR
from geo.errors import ConfigurationError
from geo.extract.fast_start import fast_start

PATTERNS_DIR = DATA_DIR / "patterns"
_STANDARD_KEYS = frozenset({"id", "label", "pattern", "terms", "examples", "counter_examples", "source",
                            "case_sensitive"})
_HEADER_KEYS = frozenset({"_about", "_examples", "_labels", "_extra_keys"})
_HEADER_HELP = ('line 1 must be the header row {"_about": "...", "_examples": "..."} '
                '(optional "_labels" and "_extra_keys" lists)')


@dataclass(frozen=True)
class PatternRow:
    """One validated row of a pattern file, with its regex compiled.

    ``regex`` is the compiled ``pattern``, or for a ``terms`` row the escaped alternation of its terms.
    ``extra`` holds the keys the header declares in ``_extra_keys`` (``needs``, ``value``...); those the
    loader was asked to treat as regexes are compiled with the row's flags and kept in ``extra_regex``.
    """

    id: str
    label: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    source: str
    path: Path
    line: int
    terms: tuple[str, ...] = ()
    case_sensitive: bool = False
    extra: Mapping[str, object] = field(default_factory=dict, compare=False)
    extra_regex: Mapping[str, re.Pattern[str]] = field(default_factory=dict, compare=False)

    def matches(self, text: str) -> bool:
        """Does the row's regex find a match anywhere in ``text``?"""
        return self.regex.search(text) is not None

    def get(self, key: str, default: object = None) -> object:
        """An extra key's value (``row.get("needs", "")``)."""
        return self.extra.get(key, default)

    @property
    def where(self) -> str:
        """``path:line`` of the row, for error messages and test ids."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class PatternFile:
    """A validated pattern file: its header text and its rows in file order."""

    path: Path
    about: str
    examples_mean: str
    labels: tuple[str, ...]
    extra_keys: tuple[str, ...]
    rows: tuple[PatternRow, ...]

    def labelled(self, label: str) -> tuple[PatternRow, ...]:
        """The rows carrying ``label``, in file order (empty when none does)."""
        return tuple(r for r in self.rows if r.label == label)

    def by_id(self, row_id: str) -> PatternRow:
        """The row with this id.

        Raises
        ------
        ConfigurationError
            When no row has it.
        """
        for r in self.rows:
            if r.id == row_id:
                return r
        raise ConfigurationError(f"{self.path}: no row with id {row_id!r}; ids are {[r.id for r in self.rows]}")


def terms_regex(terms: Iterable[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    """One regex for a list of words and phrases: escaped, longest first, not inside a longer word.

    >>> terms_regex(["air base", "base"]).findall("the Air  Base and the base, not basement")
    ['Air  Base', 'base']
    """
    alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(set(terms), key=len, reverse=True))
    return fast_start(re.compile(rf"(?<!\w)(?:{alternation or '(?!)'})(?!\w)", 0 if case_sensitive else re.I))


def _resolve(file: str | Path) -> Path:
    """A pattern file given by name ("place_words") or by path."""
    path = Path(file)
    if path.suffix != ".jsonl" and not path.exists():
        path = PATTERNS_DIR / f"{path.name}.jsonl"
    return path


def load_patterns(file: str | Path, *, regex_keys: Iterable[str] = ()) -> PatternFile:
    """Read and validate one pattern file.

    Parameters
    ----------
    file
        A path, or the name of a file of ``data/patterns`` without its extension ("event_cues").
    regex_keys
        Extra keys whose string values are regexes to compile and check too (``needs`` of place roles).

    Returns
    -------
    PatternFile
        The header and the rows, with every regex compiled.

    Raises
    ------
    ConfigurationError
        Naming the file, the line and the row id, when the file cannot be read, a line is not a JSON
        object, the header is missing, a required field is missing or of the wrong type, an id repeats,
        a label or key is not declared by the header, or a regex does not compile.
    """
    return _load(_resolve(file), tuple(sorted(set(regex_keys))))


@lru_cache(maxsize=64)
def _load(path: Path, regex_keys: tuple[str, ...]) -> PatternFile:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigurationError(f"cannot read pattern file {path}: {err}; expected a UTF-8 JSONL file") from err
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        raise ConfigurationError(f"{path}: pattern file is empty; {_HEADER_HELP}, then one row a line")
    header_line, header_text = numbered[0]
    header = _json_object(path, header_line, header_text)
    if not set(header) & {"_about", "_examples"} or set(header) - _HEADER_KEYS:
        raise ConfigurationError(f"{path}:{header_line}: {_HEADER_HELP}; got keys {sorted(header)!r}")
    about = _header_str(path, header_line, header, "_about")
    examples_mean = _header_str(path, header_line, header, "_examples")
    labels = _header_list(path, header_line, header, "_labels")
    extra_keys = _header_list(path, header_line, header, "_extra_keys")
    allowed = _STANDARD_KEYS | set(extra_keys)
    rows: list[PatternRow] = []
    seen: dict[str, int] = {}
    for n, text in numbered[1:]:
        row = _json_object(path, n, text)
        rows.append(_row(path, n, row, labels, allowed, set(extra_keys), regex_keys, seen))
    if not rows:
        raise ConfigurationError(f"{path}: no rows after the header; add at least one row")
    return PatternFile(path, about, examples_mean, labels, extra_keys, tuple(rows))


def _json_object(path: Path, n: int, text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise ConfigurationError(f"{path}:{n}: not valid JSON ({err.msg} at column {err.colno}); "
                                 f"each line must be one JSON object") from err
    if not isinstance(value, dict):
        raise ConfigurationError(f"{path}:{n}: expected a JSON object, got {type(value).__name__} {value!r}; "
                                 f"each line must be one JSON object")
    return value


def _header_str(path: Path, n: int, header: dict, key: str) -> str:
    value = header.get(key, "")
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{path}:{n}: header {key!r} must be a non-empty string, got {value!r}; "
                                 f"{_HEADER_HELP}")
    return value


def _header_list(path: Path, n: int, header: dict, key: str) -> tuple[str, ...]:
    value = header.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigurationError(f"{path}:{n}: header {key!r} must be a list of strings, got {value!r}")
    return tuple(value)


def _row(path: Path, n: int, row: dict, labels: tuple[str, ...], allowed: set[str], extra_keys: set[str],
         regex_keys: tuple[str, ...], seen: dict[str, int]) -> PatternRow:
    row_id = row.get("id")
    where = f"{path}:{n}: row {row_id!r}" if isinstance(row_id, str) and row_id else f"{path}:{n}: row"

    def fail(what: str, todo: str) -> ConfigurationError:
        return ConfigurationError(f"{where}: {what}; {todo}")

    missing = [k for k in ("id", "label", "examples", "source") if k not in row]
    if missing:
        raise fail(f"missing field(s) {missing}", "every row needs id, label, pattern or terms, examples and source")
    unknown = sorted(set(row) - allowed)
    if unknown:
        raise fail(f"unknown key(s) {unknown}",
                   f"use only {sorted(allowed)} (declare a loader's extra keys in the header's \"_extra_keys\")")
    for key in ("id", "label", "source"):
        if not isinstance(row[key], str) or not row[key].strip():
            raise fail(f"{key!r} must be a non-empty string, got {row[key]!r}", f"write the {key} as text")
    if row_id in seen:
        raise fail(f"duplicate id (first used on line {seen[row_id]})", "give every row of a file its own id")
    seen[row_id] = n
    if labels and row["label"] not in labels:
        raise fail(f"label {row['label']!r} is not one of {list(labels)}",
                   "use a declared label or add it to the header's \"_labels\"")
    case_sensitive = row.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise fail(f"'case_sensitive' must be true or false, got {case_sensitive!r}", "write a JSON boolean")
    flags = 0 if case_sensitive else re.I
    has_pattern, has_terms = "pattern" in row, "terms" in row
    if has_pattern == has_terms:
        raise fail("needs exactly one of 'pattern' (a regex) and 'terms' (a list of words)",
                   "give a regex in 'pattern' or a word list in 'terms'")
    terms: tuple[str, ...] = ()
    if has_pattern:
        if not isinstance(row["pattern"], str) or not row["pattern"]:
            raise fail(f"'pattern' must be a non-empty string, got {row['pattern']!r}", "write the regex as text")
        regex = _compile(row["pattern"], flags, fail, "pattern")
    else:
        if not isinstance(row["terms"], list) or not row["terms"] or \
                not all(isinstance(t, str) and t.strip() for t in row["terms"]):
            raise fail(f"'terms' must be a non-empty list of non-empty strings, got {row['terms']!r}",
                       'write ["word", "other phrase"]')
        terms = tuple(row["terms"])
        regex = terms_regex(terms, case_sensitive=case_sensitive)
    examples = _text_list(row, "examples", fail, required=True)
    counter = _text_list(row, "counter_examples", fail, required=False)
    extra = {k: row[k] for k in extra_keys if k in row}
    extra_regex = {}
    for key in regex_keys:
        value = row.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise fail(f"{key!r} must be a regex string, got {value!r}", "write the regex as text")
        extra_regex[key] = _compile(value, flags, fail, key)
    return PatternRow(row_id, row["label"], regex, examples, counter, row["source"], path, n, terms, case_sensitive,
                      MappingProxyType(extra), MappingProxyType(extra_regex))


def _compile(pattern: str, flags: int, fail, key: str) -> re.Pattern[str]:
    try:
        return fast_start(re.compile(pattern, flags))  # same matches, found faster
    except re.error as err:
        raise fail(f"{key!r} is not a valid regex ({err}): {pattern!r}",
                   "fix the regex; in JSON one regex backslash is written \\\\") from err


def _text_list(row: dict, key: str, fail, *, required: bool) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"{key!r} must be a list of non-empty strings, got {value!r}",
                   f'write "{key}": ["an invented sentence", ...]')
    if required and not value:
        raise fail(f"{key!r} is empty", "give at least one invented sentence the row must match")
    return tuple(value)


def load_terms(file: str | Path, label: str) -> frozenset[str]:
    """Every term of the ``terms`` rows labelled ``label``: ``load_terms("place_words", "ship_prefix")``.

    Raises
    ------
    ConfigurationError
        When no row has the label, or one of them is a ``pattern`` row (it has no word list).
    """
    rows = _labelled(file, label)
    regex_rows = [r.id for r in rows if not r.terms]
    if regex_rows:
        raise ConfigurationError(f"{rows[0].path}: label {label!r} has pattern rows {regex_rows}, not a word list; "
                                 f"use load_pattern() for it")
    return frozenset(t for r in rows for t in r.terms)


def load_pattern(file: str | Path, label: str) -> re.Pattern[str]:
    """One regex for the rows labelled ``label``: their patterns (or term lists) joined as alternatives.

    Each alternative keeps its own row's case sensitivity, so the result carries no global flags.

    Raises
    ------
    ConfigurationError
        When no row has the label.
    """
    rows = _labelled(file, label)
    if len(rows) == 1:
        return rows[0].regex
    parts = [f"(?{'-' if r.case_sensitive else ''}i:{r.regex.pattern})" for r in rows]
    return re.compile("|".join(parts))


def _labelled(file: str | Path, label: str) -> tuple[PatternRow, ...]:
    patterns = load_patterns(file)
    rows = patterns.labelled(label)
    if not rows:
        raise ConfigurationError(f"{patterns.path}: no row labelled {label!r}; labels are "
                                 f"{sorted({r.label for r in patterns.rows})}")
    return rows


__all__ = ["PATTERNS_DIR", "PatternFile", "PatternRow", "load_pattern", "load_patterns", "load_terms",
           "terms_regex"]
