"""Works out the date an article's relative dates count from: publication date, dateline, or inferred year."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.errors import ConfigurationError
from geo.extract.dates import WEEKDAYS, find_dateline, find_dates, weekday_years
from geo.extract.patterns import load_patterns

_ORDINAL = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:birth\s+)?anniversary\s+of\s+(?:the\s+)?(?P<what>[^.;]{3,90})", re.I)
_BIRTHDAY = re.compile(r"\b(?:birthday|birth anniversary)\s+of\s+(?P<what>[^.;,]{3,80})|(?P<who>[A-Z][\w -]{3,40})[’']s\s+birthday", re.I)
_EXPLICIT_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class Anniversary:
    """A dated historical event that articles count anniversaries from."""

    pattern: re.Pattern[str]
    year: int
    month: int
    day: int


@lru_cache(maxsize=2)
def load_anniversaries(path: Path | None = None) -> tuple[Anniversary, ...]:
    """Read ``data/patterns/anniversaries.jsonl``: a validated pattern file whose rows carry year, month, day.

    Raises
    ------
    ConfigurationError
        When a row is invalid (see ``geo.extract.patterns``) or its year, month and day are not a date.
    """
    out = []
    for row in load_patterns(path or DATA_DIR / "patterns" / "anniversaries.jsonl").rows:
        ymd = (row.get("year"), row.get("month"), row.get("day"))
        try:
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in ymd):
                raise TypeError(f"year, month and day must be integers, got {ymd!r}")
            date(*ymd)
        except (TypeError, ValueError) as err:
            raise ConfigurationError(f"{row.where}: row {row.id!r}: {err}; give the event's date as integers "
                                     f'"year", "month", "day"') from err
        out.append(Anniversary(row.regex, *ymd))
    return tuple(out)


@dataclass(frozen=True)
class Reference:
    """The article's reference date (may be None) and, failing that, a reference year, with how it was found."""

    day: date | None
    year: int | None
    how: str  # published, dateline, anniversary, weekday, explicit-date, none
    dateline_end: int = 0  # offset where a dateline ends; dates inside it are not event dates


def anniversary_dates(text: str) -> list[tuple[int, int, date]]:
    """Dates fixed by anniversaries: "the 73rd anniversary of the start of the Korean War" -> 2023-06-25.

    Returns (start, end, date) triples; a birthday without an ordinal gives the month and day in year 1.
    """
    out = []
    for m in _ORDINAL.finditer(text):
        for a in load_anniversaries():
            if a.pattern.search(m.group("what")):
                out.append((m.start(), m.end(), date(a.year + int(m.group("n")), a.month, a.day)))
                break
    return out


# Every birthday phrase contains "birth"; scanning only around it spares the case-insensitive pattern,
# which tries a name at every letter, the rest of the article (0.4 s a megabyte otherwise).
_BIRTH = re.compile(r"birth", re.I)
_BIRTH_REACH = 200  # wider than the longest phrase on either side of "birth"


def _birth_regions(text: str) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` around each "birth", where every birthday phrase lies."""
    regions: list[tuple[int, int]] = []
    for m in _BIRTH.finditer(text):
        start, end = max(0, m.start() - _BIRTH_REACH), m.end() + _BIRTH_REACH
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions


def birthday_month_day(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, month, day) of birthdays of known people: "the birthday of ... Kim Il Sung"."""
    out = []
    matches = (m for start, end in _birth_regions(text) for m in _BIRTHDAY.finditer(text, start, end))
    for m in matches:
        what = m.group("what") or f"birth of {m.group('who')}"
        for a in load_anniversaries():
            if a.pattern.search(what) or a.pattern.search("birth of " + what):
                out.append((m.start(), m.end(), a.month, a.day))
                break
    return out


def reference_for(text: str, published: date | None, *, today: date | None = None) -> Reference:
    """Find the reference date of an article.

    Order: the publication date; a dateline with a year; a dateline whose year follows from a
    weekday in the lead ("SEOUL, April 15 ... said Tuesday"); an anniversary; the latest full
    date written in the text. Without any of them only a year may be known, or nothing.
    """
    today = today or date.today()
    dl = find_dateline(text)
    end = dl.end if dl else 0
    if published:
        return Reference(published, published.year, "published", end)
    if dl and dl.year:
        return Reference(date(dl.year, dl.month, dl.day), dl.year, "dateline", end)
    years = [int(y) for y in _EXPLICIT_YEAR.findall(text) if int(y) <= today.year]
    lo = max(years) if years else 1990
    anniversaries = anniversary_dates(text)
    if dl:
        lead = text[dl.end: dl.end + 400].split("\n")[0]
        for m in re.finditer(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", lead):
            wd = WEEKDAYS[m.group(0).lower()]
            # Wire copy reports an event the same day or the day before the dateline.
            for lag in (0, 1):
                cands = weekday_years(dl.month, dl.day, (wd + lag) % 7, lo=lo, hi=today.year)
                if cands:
                    return Reference(date(cands[0], dl.month, dl.day), cands[0], "weekday", end)
        if anniversaries:
            y = anniversaries[0][2].year
            return Reference(date(y, dl.month, dl.day), y, "anniversary", end)
    if anniversaries:
        return Reference(None, anniversaries[0][2].year, "anniversary", end)
    full = [date(d.year, d.month, d.day) for d in find_dates(text) if d.year and d.month and d.day]
    if full:
        return Reference(max(full), max(full).year, "explicit-date", end)
    return Reference(None, None, "none", end)
