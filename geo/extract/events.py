"""Groups the mentions of an article's sentences into events: one per occurrence, with evidence for each field."""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Reversible
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.extract.aircraft import AircraftCatalogue, AircraftMention, load_catalogue
from geo.extract.countries import CountryIndex, load_countries
from geo.extract.dates import DateMention, ResolvedDate, find_dates, mask_month_may, resolve, resolve_anchor
from geo.extract.places import PlaceFinder, PlaceMention, to_place
from geo.extract.reference import Reference, birthday_month_day, reference_for
from geo.extract.sentences import Sentence, split_sentences
from geo.models import Aircraft, Article, Event, Mention, Place, Span, event_id

# Words that make a cue refer to other, undated occurrences ("earlier drills", "routine exercises").
_UNSPECIFIC = re.compile(r"\b(?:earlier|previous|past|recent|upcoming|future|any|such|similar|"
                         r"more|further|frequent|many|several|series of|more than \d+|in response to|in protest "
                         r"(?:of|against)|to protest|amid|against|condemn(?:ed|ing)?|denounc(?:ed|ing))\s+"
                         r"(?:[\w’'-]+\s+){0,4}$", re.I)
_CLAUSE_CUT = re.compile(r"[;:!?]|\.\s|,\s+(?:and|but|while|which|who|as|after|before|when|although)\b|\s--\s|\s—\s")
_AIR_GROUP = ("flight", "exercise", "deployment")
# Kinds whose actor's country is where they happened when no place is named ("North Korea fired...").
# Not exercises or deployments: "South Korea and the U.S. began drills" says nothing of where.
_ACTOR_IS_PLACE = ("missile_launch", "nuclear_test", "other")


@dataclass(frozen=True)
class Cue:
    """An event-kind cue pattern from ``data/patterns/event_cues.jsonl``."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    needs: str = ""


@dataclass(frozen=True)
class CueSet:
    """All cue patterns, the terms they may need and the hedge patterns."""

    cues: tuple[Cue, ...]
    terms: dict[str, re.Pattern[str]]
    hedges: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def load(cls, folder: Path | None = None) -> "CueSet":
        """Read ``event_cues.jsonl``, ``cue_terms.jsonl`` and ``hedges.jsonl`` from ``data/patterns``."""
        folder = folder or DATA_DIR / "patterns"

        def rows(name: str) -> list[dict]:
            return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        cues = tuple(Cue(r["id"], r["kind"], re.compile(r["pattern"], re.I), r.get("needs", ""))
                     for r in rows("event_cues.jsonl"))
        terms = {r["term"]: re.compile(r["pattern"], re.I) for r in rows("cue_terms.jsonl") if r["pattern"]}
        hedges = tuple((r["status"], re.compile(r["pattern"], re.I)) for r in rows("hedges.jsonl"))
        return cls(cues, terms, hedges)


@dataclass
class _Candidate:
    kind: str
    start: int
    end: int
    text: str
    status: str
    unspecific: bool
    attach_only: bool = False  # an aircraft type with no event word: adds to the last flight, never starts one


@dataclass
class _Draft:
    kind: str
    date: ResolvedDate | None
    date_span: Span | None
    status: str
    evidence: Sentence
    aircraft: dict[str, Aircraft] = field(default_factory=dict)
    origins: dict[str, Place] = field(default_factory=dict)
    locations: dict[str, Place] = field(default_factory=dict)
    countries: dict[str, None] = field(default_factory=dict)
    country_spans: dict[str, Span] = field(default_factory=dict)
    date_note: str = ""
    fallback: dict[str, Place] = field(default_factory=dict)  # the actor's country, used if nothing else
    mentions: list[Mention] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    last_sentence: int = -1  # sentences arrive in order, so this is max(sentences) without a scan
    seq: int = 0  # creation order, so the index can answer "the first compatible draft"


class _DraftIndex:
    """An article's drafts by kind and status, and by the value and month of their date.

    Finding the draft a dated mention joins used to scan every draft of the article, so a long
    article cost its number of events squared. ``_compatible`` joins equal values, a day or week
    within a week of a week, and a month with the days and weeks in it; so the drafts with the same
    value, and those of the right precision in the months of the date and a week either side, are
    every candidate. A compatible mention joins a draft rather than start one, so those lists stay short.
    """

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], list[_Draft]] = {}
        self._buckets: dict[tuple, list[_Draft]] = {}
        self._count = 0

    def add(self, d: _Draft) -> None:
        """Register a new draft (and its date, if it has one)."""
        d.seq = self._count
        self._count += 1
        self._groups.setdefault((d.kind, d.status), []).append(d)
        self.dated(d)

    def dated(self, d: _Draft) -> None:
        """Register the draft's current date; call after every change of ``d.date``.

        A re-dated draft stays listed under its old date too; ``first_compatible`` checks the date
        a listed draft has now, so a stale listing is never wrong, and each draft is re-dated at most
        three times (only to a more precise date).
        """
        if d.date is None:
            return
        group, p, month = (d.kind, d.status), d.date.precision, (d.date.day.year, d.date.day.month)
        self._list(group, "value", d.date.value).append(d)
        if p in ("day", "week"):
            self._list(group, "day-or-week", month).append(d)
        if p in ("week", "month"):
            self._list(group, p, month).append(d)

    def _list(self, group: tuple[str, str], what: str, key: object) -> list[_Draft]:
        return self._buckets.setdefault((*group, what, key), [])

    def last(self, kind: str, status: str) -> _Draft | None:
        """The latest draft of this kind and status."""
        group = self._groups.get((kind, status))
        return group[-1] if group else None

    def first_compatible(self, kind: str, status: str, when: ResolvedDate) -> _Draft | None:
        """The earliest draft of this kind and status whose date could be ``when`` (see ``_compatible``)."""
        group, p = (kind, status), when.precision
        month = (when.day.year, when.day.month)
        near = {(x.year, x.month) for x in (when.day - timedelta(days=7), when.day + timedelta(days=7))} | {month}
        keys: list[tuple] = [(*group, "value", when.value)]
        if p == "day":
            keys += [(*group, "week", m) for m in near] + [(*group, "month", month)]
        elif p == "week":
            keys += [(*group, "day-or-week", m) for m in near] + [(*group, "month", month)]
        elif p == "month":
            keys.append((*group, "day-or-week", month))
        found = [d for key in keys for d in self._buckets.get(key, ())
                 if d.date is not None and _compatible(d.date, when)]
        return min(found, key=lambda d: d.seq) if found else None


class _PlaceMemory:
    """The places an article has named, as "the peninsula" or "the base" may refer back to them.

    The place finder walks back from the latest mention to the first whose name contains the
    anaphor's head. Handing it every mention of the article made each unresolved "the region" walk
    the whole article (quadratic); the latest mention of each name gives the same answer, and an
    article names a bounded number of distinct places.
    """

    def __init__(self) -> None:
        self._latest: dict[str, PlaceMention] = {}

    def extend(self, mentions: list[PlaceMention]) -> None:
        """Remember mentions in text order; only resolved ones can be referred back to."""
        for m in mentions:
            if m.entry is not None or m.country is not None:
                key = m.text.lower()
                self._latest.pop(key, None)  # re-inserting keeps the dict ordered by latest mention
                self._latest[key] = m

    def recent(self) -> Reversible[PlaceMention]:
        """The latest mention of each name, oldest first (a view: no copy per sentence)."""
        return self._latest.values()


class EventExtractor:
    """Turns an ``Article`` into ``Event``s using the catalogue, gazetteer and cue data."""

    def __init__(self, catalogue: AircraftCatalogue | None = None, countries: CountryIndex | None = None,
                 places: PlaceFinder | None = None, cues: CueSet | None = None, *,
                 keep_hedged: bool = False):
        self.catalogue = catalogue or load_catalogue()
        self.countries = countries or load_countries()
        self.places = places or PlaceFinder(self.countries)
        self.cues = cues or CueSet.load()
        self.keep_hedged = keep_hedged

    def extract(self, article: Article, *, today: date | None = None) -> list[Event]:
        """Every event the article reports, in text order.

        Hedged events (planned, hypothetical, cancelled, denied) are dropped unless the extractor
        was built with ``keep_hedged=True``, in which case they carry that ``status``.
        """
        text = article.text
        ref = reference_for(text, article.published, today=today)
        context = {m.country.name for m in self.countries.find(text)}
        birthdays = sorted(birthday_month_day(text))
        birthday_starts = [b[0] for b in birthdays]
        drafts: list[_Draft] = []
        index = _DraftIndex()
        seen_places = _PlaceMemory()
        sentences = split_sentences(text)
        by_index: dict[int, tuple[list[AircraftMention], list[PlaceMention]]] = {}
        for sent in sentences:
            aircraft = self.catalogue.find(sent.text, sent.start)
            places = self.places.find(sent.text, sent.start, context=context, previous=seen_places.recent())
            seen_places.extend(places)
            by_index[sent.index] = (aircraft, places)
            candidates = self._candidates(sent, aircraft)
            if not candidates:
                continue
            dates = [d for d in find_dates(sent.text, sent.start) if d.start >= ref.dateline_end]
            for cand in candidates:
                if cand.status != "asserted" and not self.keep_hedged:
                    continue
                # Only this sentence's birthdays: scanning the article's for every candidate was quadratic.
                mine_bd = birthdays[bisect_left(birthday_starts, sent.start):bisect_left(birthday_starts, sent.end)]
                when, span, reported = self._date_for(cand, dates, ref, drafts, mine_bd, sent)
                if cand.unspecific:
                    when, span = None, None
                # In a hedged sentence ("could deploy B-52s") the aircraft belong to the hedged event.
                types = ([a for a in aircraft if not a.hedge or cand.status != "asserted"]
                         if cand.kind == "flight" else [])
                mine = self._places_for(cand, candidates, places)
                target = self._target(index, cand, when, sent)
                if reported and target is None and self._target(index, cand, None, sent) is not None:
                    # "..., the ministry said on Wednesday" dates the statement: keep describing the last flight.
                    when, span = None, None
                    target = self._target(index, cand, None, sent)
                if target is None:
                    if cand.attach_only:
                        continue
                    if when is None and not (cand.kind == "flight" and types):
                        continue  # undated and untyped: not enough to record an occurrence
                    target = _Draft(cand.kind, when, span, cand.status, sent)
                    drafts.append(target)
                    index.add(target)
                elif when is not None and _more_precise(when, target.date):
                    target.date, target.date_span, target.evidence = when, span, sent
                    index.dated(target)
                if span is not None and target.date_span == span and not target.date_note:
                    target.date_note = next((d.timezone for d in dates if d.start == span.start), "")
                self._fill(target, sent, cand, types, mine, places, text, candidates)
        self._inherit_context(drafts, sentences, by_index)
        return [self._finish(article, d) for d in drafts]

    def _candidates(self, sent: Sentence, aircraft: list[AircraftMention]) -> list[_Candidate]:
        text = sent.text
        masked = mask_month_may(text)  # once per sentence, not once per cue
        typed = any(not a.hedge for a in aircraft) or (self.keep_hedged and bool(aircraft))
        found: list[_Candidate] = []
        for cue in self.cues.cues:
            for m in cue.pattern.finditer(text):
                window = text[max(0, m.start() - 120): m.end() + 120]
                if cue.needs == "aircraft" and not typed:
                    continue
                if cue.needs == "military" and typed:
                    pass  # a catalogue aircraft type is military context enough
                elif cue.needs and cue.needs != "aircraft" and not self.cues.terms[cue.needs].search(window):
                    continue
                found.append(_Candidate(cue.kind, m.start() + sent.start, m.end() + sent.start, m.group(0),
                                        self._status(masked, m.start(), m.end()),
                                        bool(_UNSPECIFIC.search(text[max(0, m.start() - 40): m.start()]))))
        if typed and not any(c.kind == "flight" for c in found):
            a = next((a for a in aircraft if not a.hedge), aircraft[0])
            # A named aircraft type taking part in anything air-related is a flight; named with no event
            # word at all ("The bombers, with a Y-9, returned to China") it can only add to the last flight.
            found.append(_Candidate("flight", a.start, a.end, a.text,
                                    self._status(masked, a.start - sent.start, a.end - sent.start), False,
                                    attach_only=not any(c.kind in _AIR_GROUP for c in found)))
        # Flight, exercise and deployment cues of one sentence describe one occurrence: keep the most specific.
        air = [c for c in found if c.kind in _AIR_GROUP]
        out = [c for c in found if c.kind not in _AIR_GROUP]
        if air:
            rank = {"flight": 0, "deployment": 1, "exercise": 2}
            # A specific, asserted cue speaks for the sentence; "any exercises" or "drills were scheduled" do not.
            out.append(min(air, key=lambda c: (c.status != "asserted", c.unspecific, c.attach_only, rank[c.kind],
                                               c.start)))
        # "a firing drill of cruise missiles" is the launch itself, not a separate exercise.
        if any(c.kind in ("missile_launch", "nuclear_test") for c in out):
            projectile = self.cues.terms["projectile"]
            out = [c for c in out if not (c.kind == "exercise" and projectile.search(
                text[max(0, c.start - sent.start - 40): c.end - sent.start + 40]))]
        # One candidate per kind and sentence, unless their dates differ (handled by the caller's merging).
        out.sort(key=lambda c: c.start)
        dedup: list[_Candidate] = []
        for c in out:
            same = [d for d in dedup if d.kind == c.kind]
            if same:
                if same[0].status != "asserted" and c.status == "asserted":
                    dedup[dedup.index(same[0])] = c
                continue
            dedup.append(c)
        return dedup

    def _status(self, masked: str, start: int, end: int) -> str:
        """The hedge around ``masked[start:end]``; ``masked`` is the sentence with the month "May" hidden."""
        text = masked
        before = _CLAUSE_CUT.split(text[max(0, start - 60): start])[-1]
        after = " ".join(_CLAUSE_CUT.split(text[end: end + 40])[0].split()[:3])
        for status, pattern in self.cues.hedges:
            if pattern.search(before) or pattern.search(after):
                return status
        return "asserted"

    def _date_for(self, cand: _Candidate, dates: list[DateMention], ref: Reference, drafts: list[_Draft],
                  birthdays: list[tuple[int, int, int, int]], sent: Sentence
                  ) -> tuple[ResolvedDate | None, Span | None, bool]:
        """The candidate's date, its span, and whether it only dates the reporting ("said Tuesday").

        Dates in the candidate's own clause come first, then the nearest. "X came a day after Y"
        dates Y a day before X; "A day after the test, bombers flew" dates the flight a day after
        the last event; "On Sept. 4, a day after the test, bombers flew" keeps Sept. 4.
        """
        anchor = drafts[-1].date if drafts else None
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

    def _places_for(self, cand: _Candidate, cands: list[_Candidate], places: list[PlaceMention]) -> list[PlaceMention]:
        """The sentence's places that belong to this candidate: each place goes to its nearest cue."""
        if len(cands) == 1:
            return places
        return [p for p in places
                if min(cands, key=lambda c: abs((c.start + c.end) / 2 - (p.start + p.end) / 2)) is cand]

    def _target(self, index: _DraftIndex, cand: _Candidate, when: ResolvedDate | None,
                sent: Sentence) -> _Draft | None:
        # A planned or hypothetical flight is never the same occurrence as one that happened.
        last = index.last(cand.kind, cand.status)
        if when is None:
            # An undated mention continues the last flight; other kinds only carry on into the very next
            # sentence ("A test-fire of an ICBM was conducted... The missile, launched from ..., landed ...").
            if last is not None and (cand.kind == "flight" or last.last_sentence == sent.index - 1):
                return last
            return None
        found = index.first_compatible(cand.kind, cand.status, when)
        if found is not None:
            return found
        if cand.kind == "flight" and last is not None and last.date is None:
            return last
        return None

    def _fill(self, d: _Draft, sent: Sentence, cand: _Candidate, types: list[AircraftMention],
              mine: list[PlaceMention], all_places: list[PlaceMention], text: str,
              cands: list[_Candidate]) -> None:
        # The sentence that creates an event, or names its aircraft, says who took part; a passing
        # mention ("The flight came after days of rhetoric between...") adds places, not participants.
        creating = not d.sentences or bool(types) or d.evidence.index == sent.index
        d.sentences.add(sent.index)
        d.last_sentence = sent.index
        d.mentions.append(Mention("CUE", cand.start, cand.end, cand.text, cand.kind))
        for a in types:
            prev = d.aircraft.get(a.type.id)
            count = max(filter(None, [a.count, prev.count if prev else None]), default=None)
            d.aircraft[a.type.id] = Aircraft(a.type.id, a.type.role, count, prev.span if prev else Span(a.start, a.end, a.text))
            d.mentions.append(Mention("AIRCRAFT", a.start, a.end, a.text, a.type.id))
        located = [p for p in mine if p.role in ("origin", "location")]
        if not located and cand.kind in _ACTOR_IS_PLACE and creating:
            # "North Korea launched a rocket": the actor's country is where a launch or test happened,
            # unless another sentence about the same event names the place.
            near = sorted((p for p in all_places if p.role != "qualifier" and
                           (p.country is not None or (p.entry and p.entry.precision == "country"))),
                          key=lambda p: abs(p.start - cand.start))
            for p in near[:1]:
                place = to_place(PlaceMention(p.start, p.end, p.text, p.entry, p.country, "location"))
                if place:
                    d.fallback.setdefault(place.gazetteer_id or place.name, place)
        for p in located:
            place = to_place(p)
            if place is None:
                continue
            bucket = d.origins if place.role == "origin" else d.locations
            bucket.setdefault(place.gazetteer_id or place.name, place)
            d.mentions.append(Mention("PLACE", p.start, p.end, p.text, place.gazetteer_id, (("role", place.role),)))
        mentions = self.countries.find(sent.text, sent.start) if creating else []
        if len(cands) > 1:  # "B-52s flew ..., a day after North Korea fired ...": each clause has its actors
            mentions = [cm for cm in mentions if min(cands, key=lambda c: abs(c.start - cm.start)) is cand]
        for cm in mentions:
            before = text[max(0, cm.start - 30): cm.start].lower()
            if any(p.role in ("location", "origin", "qualifier") and p.start <= cm.start < p.end for p in all_places) or \
                    re.search(r"\b(?:against|toward|towards|near|off|over|threat of|provocations? by|at)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}$", before):
                continue
            d.countries.setdefault(cm.country.name, None)
            d.country_spans.setdefault(cm.country.name, Span(cm.start, cm.end, cm.text))
        for a in types:
            if len(a.type.operators) == 1:
                d.countries.setdefault(a.type.operators[0], None)

    def _inherit_context(self, drafts: list[_Draft], sentences: list[Sentence],
                         by_index: dict[int, tuple[list[AircraftMention], list[PlaceMention]]]) -> None:
        """A flight stated without its aircraft takes those of the sentence before it in the same paragraph."""
        for d in drafts:
            if d.kind != "flight" or d.aircraft:
                continue
            i = d.evidence.index - 1
            if i < 0 or sentences[i].paragraph != d.evidence.paragraph:
                continue
            aircraft, places = by_index.get(i, ([], []))
            for a in aircraft:
                if not a.hedge:
                    d.aircraft.setdefault(a.type.id, Aircraft(a.type.id, a.type.role, a.count, Span(a.start, a.end, a.text)))
            if not d.locations:
                for p in places:
                    place = to_place(p) if p.role == "location" else None
                    if place:
                        d.locations.setdefault(place.gazetteer_id or place.name, place)

    def _finish(self, article: Article, d: _Draft) -> Event:
        ev = Span(d.evidence.start, d.evidence.end, d.evidence.text)
        value = d.date.value if d.date else None
        return Event(
            event_id=event_id(article.id, d.kind, ev.start, value), article_id=article.id, kind=d.kind,
            date=value, date_precision=d.date.precision if d.date else None, evidence=ev,
            aircraft=tuple(d.aircraft.values()), origins=tuple(d.origins.values()),
            locations=tuple(p for k, p in (d.locations or d.fallback).items() if k not in d.origins),
            countries=tuple(d.countries), status=d.status, date_span=d.date_span, article_name=article.name,
            date_note=d.date_note, country_spans=tuple(d.country_spans.items()),
            mentions=tuple(d.mentions))


_CLAUSE_SPLIT = re.compile(r";|,\s+(?:and|but|while|whereas|as|when|although)\b|,\s+(?:\w+\s+){0,2}(?:after|before|later|earlier)\b")


def _clause_end(text: str, pos: int) -> int:
    """Where the clause that continues at ``pos`` ends: the next comma, semicolon or the sentence end."""
    m = re.compile(r"[,;]").search(text, pos)
    return m.start() if m else len(text)


def _clause_index(sent: Sentence, pos: int) -> int:
    """Which clause of the sentence an absolute offset falls in (split at "; " and ", and", ", days after"...)."""
    return sum(1 for m in _CLAUSE_SPLIT.finditer(sent.text) if m.start() + sent.start <= pos)


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


def _more_precise(new: ResolvedDate, old: ResolvedDate | None) -> bool:
    return old is None or _PRECISION_RANK[new.precision] < _PRECISION_RANK[old.precision]


def _compatible(a: ResolvedDate, b: ResolvedDate) -> bool:
    """Could two dates describe the same occurrence? Equal days, or a week/month that contains the other."""
    if a.value == b.value:
        return True
    if "week" in (a.precision, b.precision) and {a.precision, b.precision} <= {"day", "week"}:
        return abs((a.day - b.day).days) <= 7
    if "month" in (a.precision, b.precision):
        return a.value[:7] == b.value[:7] and "year" not in (a.precision, b.precision)
    return False


@lru_cache(maxsize=1)
def default_extractor() -> EventExtractor:
    """The extractor over the bundled vocabularies, built once per process."""
    return EventExtractor()


def extract_events(article: Article, *, today: date | None = None) -> list[Event]:
    """Extract the events of one article with the default vocabularies."""
    return default_extractor().extract(article, today=today)


__all__ = ["EventExtractor", "CueSet", "extract_events", "default_extractor"]
