"""Dates a candidate event from the date mentions of its sentence, and tells whether two dates can be one occurrence."""
from __future__ import annotations

import re
from datetime import date

from geo.extract.candidates import Candidate
from geo.extract.dates import DateMention, ResolvedDate, resolve, resolve_anchor
from geo.extract.drafts import Draft
from geo.extract.reference import Reference
from geo.extract.sentences import Sentence
from geo.extract.vocab import event_words
from geo.models import Span


def date_for(cand: Candidate, dates: list[DateMention], ref: Reference, drafts: list[Draft],
              birthdays: list[tuple[int, int, int, int]], sent: Sentence
              ) -> tuple[ResolvedDate | None, Span | None, bool]:
    """The candidate's date, its span, and whether it only dates the reporting ("said Tuesday").

    Dates in the candidate's own clause come first, then the nearest. "X came a day after Y"
    dates Y a day before X; "A day after the test, bombers flew" dates the flight a day after
    the last event; "On Sept. 4, a day after the test, bombers flew" keeps Sept. 4.
    """
    # "This action came a day after X and two days after Y": both count back from the event told before.
    anchor = next((d.date for d in reversed(drafts) if d.born != sent.index), None) if drafts else None
    resolved: list[tuple[DateMention, ResolvedDate]] = []
    for d in dates:
        if d.form == "anchor":
            continue
        r = resolve(d, ref.day, anchor) if ref.day else _resolve_year_only(d, ref.year)
        if r:
            resolved.append((d, r))
    own = [r for m, r in resolved if m.role == "event"]
    for d in dates:
        if d.form != "anchor":
            continue
        if d.relation in ("after", "before"):
            phrase_end = sent.start + _clause_end(sent.text, d.end - sent.start)
            if d.end <= cand.start < phrase_end:  # the cue is the thing the phrase dates
                r = resolve_anchor(d, own[0] if own else anchor, flip=True)
            elif own:
                continue  # the phrase dates some other event; this one has its own date
            else:
                r = resolve_anchor(d, anchor)
        else:
            r = resolve_anchor(d, own[0] if own else anchor)
        if r:
            resolved.append((d, r))
    if cand.beside or (cand.trigger and not event_words().trigger_verb.search(
            sent.text[max(0, cand.start - sent.start - 50): cand.end - sent.start])):
        # "responded to North Korea's nuclear test with a show of force on Tuesday", "flew on May 1 as part
        # of the Foal Eagle exercises": only a date right after the event's own words dates it ("its
        # nuclear test on Sept. 9"); the others are the flight's. A trigger told with its own verb
        # ("after Pyongyang carried out its fifth nuclear test ... on Friday") keeps its clause's dates.
        resolved = [(m, r) for m, r in resolved if cand.end <= m.start <= cand.end + 15]
    # "The flight comes after Pyongyang launched missiles on Sunday": Sunday dates the launch.
    cut = event_words().after_other.search(sent.text)
    if cut and cand.start < sent.start + cut.start():
        resolved = [(m, r) for m, r in resolved if m.start < sent.start + cut.start()]
    events = [(m, r) for m, r in resolved if m.role == "event"]
    pool = events or [(m, r) for m, r in resolved if m.role == "reporting"]
    if not pool:
        for s, e, month, day in birthdays:
            if sent.start <= s < sent.end and ref.year:
                return (ResolvedDate.of_day(date(ref.year, month, day)),
                        Span(s, e, sent.text[s - sent.start:e - sent.start]), False)
        return None, None, False
    mine = _clause_index(sent, cand.start)
    m, r = min(pool, key=lambda mr: (_clause_index(sent, mr[0].start) != mine,
                                     abs((mr[0].start + mr[0].end) / 2 - (cand.start + cand.end) / 2)))
    return r, Span(m.start, m.end, m.text), not events


def _clause_end(text: str, pos: int) -> int:
    """Where the clause that continues at ``pos`` ends: the next comma, semicolon or the sentence end."""
    m = re.compile(r"[,;]").search(text, pos)
    return m.start() if m else len(text)

def _clause_index(sent: Sentence, pos: int) -> int:
    """Which clause of the sentence an absolute offset falls in (split at "; " and ", and", ", days after"...)."""
    return sum(1 for m in event_words().clause_split.finditer(sent.text) if m.start() + sent.start <= pos)

def _resolve_year_only(d: DateMention, year: int | None) -> ResolvedDate | None:
    """Without a reference day, only forms that name a month can take the inferred year."""
    if d.year or year is None:
        return resolve(d, None) if d.year else None
    if d.form in ("month_day", "day_month", "iso") and d.month and d.day:
        return ResolvedDate.of_day(date(year, d.month, d.day))
    if d.form == "month" and d.month:
        return ResolvedDate.of_month(year, d.month)
    return None

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

def more_precise(new: ResolvedDate, old: ResolvedDate | None) -> bool:
    return old is None or _PRECISION_RANK[new.precision] < _PRECISION_RANK[old.precision]

def compatible(a: ResolvedDate, b: ResolvedDate) -> bool:
    """Could two dates describe the same occurrence? Equal days, or a week/month that contains the other."""
    if a.value == b.value:
        return True
    if "week" in (a.precision, b.precision) and {a.precision, b.precision} <= {"day", "week"}:
        return abs((a.day - b.day).days) <= 7
    if "month" in (a.precision, b.precision):
        return a.value[:7] == b.value[:7] and "year" not in (a.precision, b.precision)
    return False


__all__ = ["compatible", "date_for", "more_precise"]
