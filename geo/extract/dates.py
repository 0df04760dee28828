"""Finds date expressions in text and resolves them, with a precision, against a reference date."""
from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3,
           "couple of": 2, "a couple of": 2}

# Month names are matched capitalised only: "may" and "march" are also common words.
_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
        r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|a couple of)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_PART = r"(?P<part>early|earlier|mid|middle|late|later|the (?:beginning|start|middle|end) of|(?:the )?(?:early|mid|late)-?)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MON}\s+{_DAY}\b(?:,?\s+{_YEAR}\b|,?\s+Juche\s+(?P<juche>\d{{2,3}})(?:\s*\((?:19|20)\d\d\))?)?"
                             r"(?!\s*(?:percent|%|km|miles|people|troops))")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?:,?\s+{_YEAR}\b)?")),
    ("month", re.compile(rf"(?:\b{_PART}\s*)?\b{_MON}(?:\s+(?:of\s+)?{_YEAR}\b)?")),
    ("weekday", re.compile(rf"(?:\b(?P<rel>(?i:last|next|this|early|late|on|early on))\s+)?\b{_WD}(?:[’']s)?\b"
                           r"(?:\s+(?:morning|afternoon|evening|night))?")),
    ("ago", re.compile(rf"\b{_NUM}\s+{_UNIT}\s+ago\b", re.I)),
    ("last_unit", re.compile(r"\b(?P<rel>last|this|earlier this|later this|past|previous|next|coming)\s+(?P<unit>week|month|year)\b", re.I)),
    ("deictic", re.compile(r"\b(?P<word>today|yesterday|tonight|this morning|last night|this afternoon|this evening)\b", re.I)),
    ("anchor", re.compile(rf"\b(?:(?P<num>\d+|a|an|one|two|three|four|five|six|seven|several|a few|a couple of)\s+"
                          rf"(?P<unit>day|week|month)s?|(?P<plural>days|weeks|months))\s+(?P<rel>later|after|before|earlier)\b"
                          r"|\bthe (?P<next>next|following|previous) (?P<unit2>day|week|month)\b", re.I)),
    ("year", re.compile(rf"\b(?P<pre>in|during|since|by|until|of|early|late|mid-?|earlier in|later in)\s+{_YEAR}\b")),
    # "on the 19th", "on the night of 19th": translated reports give the day of the current month alone.
    ("day_only", re.compile(r"\b(?:on|since|from|until|by)\s+(?:the\s+)?(?:(?:morning|afternoon|evening|night)\s+of\s+"
                            r"(?:the\s+)?)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"
                            r"(?!\s+(?:century|anniversary|time|round|straight|consecutive|day|week|month|year|of\b|"
                            r"[A-Z][a-z]+\s+(?:Division|Brigade|Regiment|Fleet|Air|Wing|Squadron|Army)))")),
]

# A date right after these verbs dates the reporting, not the event ("the ministry said Tuesday").
_REPORTING = re.compile(
    r"\b(?:said|says|say|told(?:\s+\w+){0,2}|announced|reported|obtained|released|published|added|stated|"
    r"confirmed|noted|wrote|posted|tweeted|disclosed|revealed|explained|warned|statement)"
    # "said in Seoul on Monday", "said during a visit to South Korea on Monday": still the day it was said.
    r"(?:\s+(?:during|in|at|while|from)\s+(?:[\w.’'-]+\s+){0,6}?)?\s*(?:on|late|early)?\s*$",
    re.I)
_SINCE = re.compile(r"\b(?:since|until|till|through|from|between|before|by)\s+(?:(?:the\s+)?(?:early|late|mid|"
                    r"middle of|end of|beginning of|start of)\s*-?\s*)?$", re.I)
# "the third time this year", "twice last month": a count over a period, not the date of one event.
_COUNTING = re.compile(r"\b(?:times?|twice|thrice|once)\s+$", re.I)
_DAY_FORMS = frozenset({"iso", "month_day", "day_month", "weekday", "deictic", "day_only"})
_TZ = re.compile(r"^\s*\((?P<tz>[A-Z][A-Za-z .]*(?:Time|time|KST|EST|EDT|JST|UTC|GMT|PST|PDT)[A-Za-z .]*)\)")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, not yet resolved."""

    start: int
    end: int
    text: str
    form: str  # iso, month_day, day_month, month, weekday, ago, last_unit, deictic, anchor, year, day_only
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    amount: int | None = None
    unit: str | None = None
    relation: str = ""  # last/next/this, later/after/before, early/mid/late
    role: str = "event"  # event, reporting (said Tuesday), range (since May)
    timezone: str = ""


@dataclass(frozen=True)
class ResolvedDate:
    """A date value with its precision; ``day`` is a representative day used for ordering."""

    value: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    precision: str  # day, week, month, year
    day: date

    @staticmethod
    def of_day(d: date, precision: str = "day") -> "ResolvedDate":
        """A day (or a week around it)."""
        return ResolvedDate(d.isoformat(), precision, d)

    @staticmethod
    def of_month(year: int, month: int) -> "ResolvedDate":
        """A whole month."""
        return ResolvedDate(f"{year:04d}-{month:02d}", "month", date(year, month, 1))

    @staticmethod
    def of_year(year: int) -> "ResolvedDate":
        """A whole year."""
        return ResolvedDate(f"{year:04d}", "year", date(year, 1, 1))


def within_window(resolved: ResolvedDate | None, window: tuple[date, date]) -> ResolvedDate | None:
    """``resolved``, or None when the day it starts on lies outside ``window`` (``Settings.date_window``).

    Examples
    --------
    >>> window = (date(1900, 1, 1), date(2030, 1, 1))
    >>> within_window(ResolvedDate.of_year(2017), window).value, within_window(ResolvedDate.of_year(2099), window)
    ('2017', None)
    """
    if resolved is None or not window[0] <= resolved.day <= window[1]:
        return None
    return resolved


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _amount(raw: str | None) -> int | None:
    if raw is None:
        return None
    raw = raw.lower()
    return int(raw) if raw.isdigit() else NUMBERS.get(raw)


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)
        return True
    except ValueError:
        return False


class _Taken:
    """Non-overlapping spans kept sorted, so an overlap test is a binary search rather than a scan.

    ``find_dates`` runs over a whole article when it has no publication date; testing each match
    against every span taken so far made that quadratic in the number of dates.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a taken span?"""
        i = bisect.bisect_right(self._starts, start)
        # Only the span starting at or before ``start`` and the one after it can overlap.
        return (i > 0 and self._ends[i - 1] > start) or (i < len(self._starts) and self._starts[i] < end)

    def add(self, start: int, end: int) -> None:
        """Take a span that overlaps none taken."""
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Find date expressions in ``text``; offsets are shifted by ``offset``.

    Longer, more specific forms win over the shorter forms they contain.

    >>> [m.text for m in find_dates("On Saturday, two weeks ago, and on Nov. 2 (Korea Standard Time).")]
    ['On Saturday', 'two weeks ago', 'Nov. 2']
    """
    found: list[DateMention] = []
    taken = _Taken()
    for form, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            mention = _mention(form, m, text)
            if mention is None:
                continue
            taken.add(m.start(), m.end())
            found.append(replace(mention, start=m.start() + offset, end=m.end() + offset))
    found.sort(key=lambda d: d.start)
    return _ranges(found, text, offset)


_RANGE_FROM = re.compile(r"\b(?:from|between)\s+$", re.I)
_RANGE_TO = re.compile(r"^\s*(?:to|through|thru|till|until|and|-|–|—)\s*$", re.I)


def _ranges(found: list[DateMention], text: str, offset: int) -> list[DateMention]:
    """In "from Sept. 25 to Oct. 9" the first date is when it began (the event's date), the second its end."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        lead = text[max(0, a.start - offset - 12): a.start - offset]
        if _RANGE_FROM.search(lead) and _RANGE_TO.match(text[a.end - offset: b.start - offset]):
            out[i], out[i + 1] = replace(a, role="event"), replace(b, role="range")
    return out


def _mention(form: str, m: re.Match[str], text: str) -> DateMention | None:
    g = m.groupdict()
    before = text[max(0, m.start() - 40): m.start()]
    role = "event"
    if _REPORTING.search(before):
        role = "reporting"
    elif _SINCE.search(before) or (_COUNTING.search(before) and form not in _DAY_FORMS):
        role = "range"  # "twice last month" counts over a period; "twice on Monday" still dates both
    tz = _TZ.match(text[m.end(): m.end() + 40])
    base = dict(start=m.start(), end=m.end(), text=m.group(0), form=form, role=role,
                timezone=tz.group("tz") if tz else "")
    if form == "iso":
        y, mo, d = int(g["year"]), int(g["m"]), int(g["day"])
        return DateMention(**base, year=y, month=mo, day=d) if _valid(y, mo, d) else None
    if form in ("month_day", "day_month"):
        mo, d = _month(g["mon"]), int(g["day"])
        y = int(g["year"]) if g.get("year") else None
        if g.get("juche"):  # North Korea's calendar: Juche 1 is 1912
            y = int(g["juche"]) + 1911
        if not _valid(y, mo, d):
            return None
        return DateMention(**base, year=y, month=mo, day=d)
    if form == "month":
        mon = g["mon"]
        part = (g.get("part") or "").strip().lower()
        # A bare month needs a cue that it is a date: "in May", "late May", "May 2023", "a February exercise".
        lead = text[max(0, m.start() - 12): m.start()].lower()
        if not (g.get("year") or part or re.search(r"\b(?:in|since|until|by|during|of|last|this|next|a|an|the|"
                                                   r"from|early|late|mid|through|before|after)\s*-?$", lead)):
            return None
        if mon.rstrip(".").lower() in ("may", "mar") and not (g.get("year") or part or lead.rstrip().endswith(("in", "since", "of", "until", "by", "during", "late", "early", "mid"))):
            return None
        rel = "early" if "early" in part or "beginning" in part or "start" in part else \
            "late" if "late" in part or "end" in part else "mid" if "mid" in part else ""
        return DateMention(**base, year=int(g["year"]) if g.get("year") else None, month=_month(mon), relation=rel)
    if form == "weekday":
        rel = (g.get("rel") or "").lower()
        return DateMention(**base, weekday=WEEKDAYS[g["wd"].lower()], relation=rel if rel in ("last", "next", "this") else "")
    if form == "ago":
        n = _amount(g["num"])
        return DateMention(**base, amount=n, unit=g["unit"].lower(), relation="ago") if n else None
    if form == "last_unit":
        return DateMention(**base, unit=g["unit"].lower(), relation=g["rel"].lower())
    if form == "deictic":
        word = g["word"].lower()
        return DateMention(**base, amount=-1 if word in ("yesterday", "last night") else 0, unit="day",
                           relation="deictic")
    if form == "anchor":
        if g.get("next"):
            n, unit = 1, g["unit2"].lower()
            rel = "before" if g["next"].lower() == "previous" else "later"
        else:
            n = _amount(g.get("num")) if g.get("num") else None
            unit = (g.get("unit") or g.get("plural") or "day").lower().rstrip("s")
            rel = g["rel"].lower()
        return DateMention(**base, amount=n, unit=unit, relation=rel)
    if form == "day_only":
        d = int(g["day"])
        return DateMention(**base, day=d) if 1 <= d <= 31 else None
    if form == "year":
        pre = g["pre"].lower()
        if pre in ("since", "until", "by"):
            base["role"] = "range"
        return DateMention(**base, year=int(g["year"]),
                           relation="early" if "early" in pre else "late" if "late" in pre else "")
    return None


_MONTH_MAY = re.compile(r"\bMay\b")


def mask_month_may(text: str) -> str:
    """Hide the capitalised month "May" (same length) so hedge patterns, matched without case, do not read
    "In late May" or "SEOUL, May 2 --" as the modal verb "may"."""
    return _MONTH_MAY.sub("Mxx", text)


def closest_year(month: int, day: int, ref: date) -> int:
    """The year that puts month/day closest to ``ref`` ("Nov. 2" read on 2018-01-03 is 2017)."""
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if not _valid(y, month, day):
            continue
        gap = abs((date(y, month, day) - ref).days)
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best else ref.year


def resolve(mention: DateMention, ref: date | None, anchor: ResolvedDate | None = None) -> ResolvedDate | None:
    """Resolve ``mention`` against the reference date ``ref`` (dateline or publication) and an anchor.

    The anchor is the date of the event the text last spoke of, used by "days later" and
    "a day after". Returns None when the text does not fix a date: guesses are never returned.
    """
    f = mention.form
    if f in ("iso", "month_day", "day_month"):
        if mention.year:
            return ResolvedDate.of_day(date(mention.year, mention.month, mention.day))
        if ref is None:
            return None
        y = closest_year(mention.month, mention.day, ref)
        return ResolvedDate.of_day(date(y, mention.month, mention.day))
    if f == "month":
        if mention.year:
            return ResolvedDate.of_month(mention.year, mention.month)
        if ref is None:
            return None
        # Past tense dominates news: a month later in the year than the reference is last year's.
        y = ref.year if mention.month <= ref.month else ref.year - 1
        return ResolvedDate.of_month(y, mention.month)
    if f == "year":
        return ResolvedDate.of_year(mention.year) if mention.year else None
    if ref is None:
        return None
    if f == "day_only":
        # The latest such day on or before the reference: "the 19th" read on the 22nd is this month's.
        y, m = ref.year, ref.month
        for _ in range(2):
            if _valid(y, m, mention.day) and date(y, m, mention.day) <= ref:
                return ResolvedDate.of_day(date(y, m, mention.day))
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return None
    if f == "weekday":
        delta = (ref.weekday() - mention.weekday) % 7
        if mention.relation == "next":
            return ResolvedDate.of_day(ref + timedelta(days=(mention.weekday - ref.weekday()) % 7 or 7))
        if mention.relation == "last" and delta == 0:
            delta = 7
        return ResolvedDate.of_day(ref - timedelta(days=delta))
    if f == "deictic":
        return ResolvedDate.of_day(ref + timedelta(days=mention.amount or 0))
    if f == "ago":
        n, unit = mention.amount or 1, mention.unit
        if unit == "day":
            return ResolvedDate.of_day(ref - timedelta(days=n), "day" if n <= 2 else "week")
        if unit == "week":
            return ResolvedDate.of_day(ref - timedelta(weeks=n), "week")
        if unit == "month":
            y, m = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return ResolvedDate.of_month(y, m + 1)
        return ResolvedDate.of_year(ref.year - n)
    if f == "last_unit":
        rel, unit = mention.relation, mention.unit
        back = 0 if rel in ("this", "earlier this", "later this") else -1 if rel in ("next", "coming") else 1
        if unit == "week":
            return ResolvedDate.of_day(ref - timedelta(weeks=back) - timedelta(days=ref.weekday() - 2 if back else 0), "week")
        if unit == "month":
            y, m = divmod(ref.year * 12 + ref.month - 1 - back, 12)
            return ResolvedDate.of_month(y, m + 1)
        return ResolvedDate.of_year(ref.year - back)
    if f == "anchor":
        return resolve_anchor(mention, anchor)
    return None


def resolve_anchor(mention: DateMention, anchor: ResolvedDate | None, *, flip: bool = False) -> ResolvedDate | None:
    """Resolve "days later", "a day after", "the next day" against the anchor event's date.

    ``flip`` reverses the direction: in "A came a day after B", B lies a day *before* A.
    """
    if anchor is None:
        return None
    sign = 1 if mention.relation in ("later", "after") else -1
    if flip:
        sign = -sign
    if anchor.precision in ("month", "year"):
        return anchor  # "days later" than a February exercise is still, at best, February
    if mention.amount is None:  # "days later", "weeks later": direction known, distance not
        step = {"day": 3, "week": 14, "month": 60}.get(mention.unit or "day", 3)
        out = anchor.day + timedelta(days=sign * step)
        if mention.unit == "month":
            return ResolvedDate.of_month(out.year, out.month)
        return ResolvedDate.of_day(out, "week")
    days = {"day": 1, "week": 7, "month": 30}.get(mention.unit or "day", 1) * mention.amount
    precision = anchor.precision if mention.unit == "day" else "week" if mention.unit == "week" else "month"
    out = anchor.day + timedelta(days=sign * days)
    return ResolvedDate.of_month(out.year, out.month) if precision == "month" else ResolvedDate.of_day(out, precision)


_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Za-z.'/\- ]{{1,40}}(?:,\s*[A-Z][A-Za-z.' ]{{1,30}})?)\s*,\s*"
    rf"(?:{_MON}\s+{_DAY}|{_DAY.replace('day>', 'day2>')}\s+(?:of\s+)?{_MON.replace('mon>', 'mon2>')})"
    rf"(?:,?\s+{_YEAR})?\s*(?:\((?P<agency>[^)]{{1,40}})\))?\s*(?:--|—|–|-|:)")


@dataclass(frozen=True)
class Dateline:
    """A wire-copy dateline: "SEOUL, April 15 (UPI) --"."""

    place: str
    month: int
    day: int
    year: int | None
    end: int


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of an article, or of a line after its headline, if it has one."""
    m = None
    offset = 0
    for line in re.finditer(r"[^\n]+", text[:600]):
        m = _DATELINE.match(line.group(0)[:300])
        if m:
            offset = line.start()
            break
        if line.start() > 0 and len(line.group(0)) > 200:
            break  # past the headline and into the body
    if not m:
        return None
    month, day = _month(m.group("mon") or m.group("mon2")), int(m.group("day") or m.group("day2"))
    year = int(m.group("year")) if m.group("year") else None
    if not _valid(year, month, day):
        return None
    return Dateline(m.group("place").strip(), month, day, year, offset + m.end())


def weekday_years(month: int, day: int, weekday: int, *, lo: int, hi: int) -> list[int]:
    """Years in [lo, hi] in which month/day falls on ``weekday`` (0 = Monday), latest first."""
    return [y for y in range(hi, lo - 1, -1) if _valid(y, month, day) and calendar.weekday(y, month, day) == weekday]
