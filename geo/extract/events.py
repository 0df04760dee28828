"""Groups the mentions of an article's sentences into events: one per occurrence, with evidence for each field."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Reversible
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR, Settings
from geo.errors import ConfigurationError
from geo.extract.activity import classify_activity
from geo.extract.aircraft import AircraftCatalogue, AircraftMention, load_catalogue
from geo.extract.countries import CountryIndex, load_countries
from geo.extract.dates import (DateMention, ResolvedDate, find_dates, mask_month_may, resolve, resolve_anchor,
                               within_window)
from geo.extract.patterns import load_patterns
from geo.extract.places import PlaceFinder, PlaceMention
from geo.extract.reference import Reference, birthday_month_day, reference_for
from geo.extract.sentences import Sentence, split_sentences
from geo.extract.vocab import event_words
from geo.models import Aircraft, Article, Event, Mention, Place, Span, event_id

# A clause that starts with a verb (no subject of its own) after ", and": "..., and jointly carry out drills".
_VERB_ONLY = re.compile(r"^\s*(?:(?:also|then|jointly|later|together|separately)\s+)?(?!the\b|a\b|an\b|it\b|they\b|he\b|she\b|"
                        r"we\b|i\b|this\b|that\b|these\b|those\b|its\b|their\b)[a-z]+\s", re.I)
# A relative clause right after a cue, skipped to reach the cue's own verb.
_RELATIVE = re.compile(r"^\s*,\s+(?:which|who|that)\b[^,;.]{0,80},")
_AIR_GROUP = ("flight", "exercise", "deployment")
_AIRCRAFT_ARRIVAL = "deployment-aircraft"  # the cue of aircraft arriving at a base (data/patterns/event_cues.jsonl)
_SPACE_LAUNCH = "other-space-launch"
# Date forms that name a day or month the text means, even when the article gives no year to read them in.
_TEXT_DATED = frozenset({"month_day", "day_month", "last_unit", "day_only"})


# Drafts a new mention is compared with: the latest this many. Comparing each mention with every draft of
# the article made a long one cost its number of events squared (5,000 sentences took 88 s); no article of
# news prose tells this many occurrences, so the window changes nothing short of a multi-megabyte text.
_RECENT_DRAFTS = 256
_MONTH = timedelta(days=31)


def _unspecific(before: str) -> bool:
    """Do the words before a cue make it refer to other, undated occurrences ("earlier drills", "amid
    exercises")? A name in between makes it one named occurrence again ("amid the Vigilant Storm drills")."""
    m = event_words().unspecific.search(before)
    return bool(m) and not re.search(r"\b[A-Z][a-z]+\b", before[m.start() + len(m.group(0).split()[0]):])


_EXERCISE_NAME = re.compile(r"(?:\b(?:Exercise|Operation)\s+(?P<a>[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,3}))|"
                            r"(?P<b>(?:[A-Z][\w-]*\s+){1,3})(?:(?:combined|joint|annual|military|air|naval|training|"
                            r"field|command post|computer-simulated)\s+){0,3}$")


def _exercise_name(text: str, start: int, end: int) -> str:
    """The name of an exercise its cue belongs to: "Foal Eagle" in "the annual Foal Eagle training exercises",
    "Max Thunder" in "Exercise Max Thunder 15-1"; "" when the cue names none."""
    after = re.match(r"\s+(?P<a>[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,3})", text[end:end + 40])
    if text[start:end].lower().startswith("exercise") and text[start:start + 1] == "E" and after:
        return after.group("a").strip()
    m = _EXERCISE_NAME.search(text[max(0, start - 60): start])
    if not m:
        return ""
    name = (m.group("a") or m.group("b") or "").strip()
    words = [w for w in name.split() if w not in event_words().exercise_name_noise]
    return " ".join(words) if words and len(" ".join(words)) > 3 else ""


def names_one_occurrence(sent: Sentence, cand: _Candidate) -> bool:
    """A named exercise, or the test a flight answers told as one the reader knows ("its fifth nuclear
    test"): one occurrence even when the article does not date it."""
    return bool(cand.name) or (cand.trigger and bool(event_words().specific_trigger.search(
        sent.text[max(0, cand.start - sent.start - 40): cand.start - sent.start])))


def _part_of(cuts: list[int], pos: int) -> int:
    """Which part of a sentence, split at ``cuts``, holds the offset ``pos`` (0 = before the first cut)."""
    return sum(1 for c in cuts if c <= pos)


def cuts_of(sent: Sentence) -> list[int]:
    """The offsets where a sentence turns to another occurrence (see ``event_words().other_occurrence``)."""
    return [m.start() for m in event_words().other_occurrence.finditer(sent.text)]
# Flight cues that only say aircraft were there ("bombers ... sent", "missions"), not that they flew.
_WEAK_FLIGHT_CUES = frozenset({"flight-generic-aircraft", "flight-mission"})
# Kinds whose actor's country is where they happened when no place is named ("North Korea fired...").
# Not exercises or deployments ("South Korea and the U.S. began drills" says nothing of where), nor
# other events (a space launch, a summit): the text says where those were, or nothing.
_ACTOR_IS_PLACE = ("missile_launch", "nuclear_test")


@dataclass(frozen=True)
class Cue:
    """An event-kind cue pattern from ``data/patterns/event_cues.jsonl``."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    needs: str = ""
    refers_back: bool = False  # only ever points back to an event already told ("the incident")


@dataclass(frozen=True)
class CueSet:
    """All cue patterns, the terms they may need and the hedge patterns."""

    cues: tuple[Cue, ...]
    terms: dict[str, re.Pattern[str]]
    hedges: tuple[tuple[str, re.Pattern[str]], ...]
    reporting: tuple[re.Pattern[str], ...] = ()  # hedges of what officials said, blanked out before ``hedges``

    @classmethod
    def load(cls, folder: Path | None = None) -> "CueSet":
        """Read ``event_cues.jsonl``, ``cue_terms.jsonl`` and ``hedges.jsonl`` from ``data/patterns``.

        Raises
        ------
        ConfigurationError
            When a file is invalid (see ``geo.extract.patterns``) or a cue needs a term no row defines.
        """
        folder = folder or DATA_DIR / "patterns"
        terms = {r.label: r.regex for r in load_patterns(folder / "cue_terms.jsonl").rows}
        cue_rows = load_patterns(folder / "event_cues.jsonl").rows
        for r in cue_rows:
            if r.get("needs", "") not in ("", "aircraft", *terms):
                raise ConfigurationError(f"{r.where}: row {r.id!r}: needs {r.get('needs')!r}, which is not a term of "
                                         f"cue_terms.jsonl {sorted(terms)} nor 'aircraft'; add the term or fix the name")
        cues = tuple(Cue(r.id, r.label, r.regex, str(r.get("needs", "")), bool(r.get("refers_back", False)))
                     for r in cue_rows)
        hedge_rows = load_patterns(folder / "hedges.jsonl").rows
        hedges = tuple((r.label, r.regex) for r in hedge_rows if r.label != "reporting")
        reporting = tuple(r.regex for r in hedge_rows if r.label == "reporting")
        return cls(cues, terms, hedges, reporting)


@dataclass
class _Candidate:
    kind: str
    start: int
    end: int
    text: str
    status: str
    unspecific: bool
    attach_only: bool = False  # an aircraft type with no event word: adds to the last flight, never starts one
    cue_id: str = ""
    definite: bool = False  # "the exercise", "this year's drill": refers back to an occurrence already told
    clause: int = 0  # which part of the sentence ("..., while X flew ...") the cue is in
    separate: bool = False  # "the second scramble": another occurrence than the one before, even the same day
    trigger: bool = False  # "responded to North Korea's nuclear test": an earlier event the sentence refers to
    name: str = ""  # "Foal Eagle" for "the annual Foal Eagle training exercises": a named exercise
    beside: bool = False  # told beside a flight in the same clause: the clause's dates and places are the flight's


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
    home: set[str] = field(default_factory=set)  # origins named as the unit's home base
    flew_from: dict[str, set[str]] = field(default_factory=dict)  # origin key -> the types said to fly from it
    mentions: list[Mention] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    last_sentence: int = -1  # sentences arrive in order, so this is max(sentences) without a scan
    headline: bool = False  # created by the article's title line
    born: int = -1  # index of the sentence that created it
    dated_evidence: bool = False  # the evidence sentence states a date, even one with no year to read it in
    reported_date: bool = False  # its date is only the day it was reported ("officials said on Monday")
    answering: bool = False  # a launch in answer to the other side's: its state is no stand-in for a place
    name: str = ""  # a named exercise ("Foal Eagle")
    passing: bool = False  # told only as what a flight answered or was part of: context, whatever its place


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
        """Every event the article reports, in text order, its places not yet resolved (see ``extract_article``)."""
        return list(self.extract_article(article, today=today).events)

    def extract_article(self, article: Article, *, today: date | None = None) -> "Extraction":
        """The article's events, in text order, and every place it names (the context the resolve stage reads).

        Hedged events (planned, hypothetical, cancelled, denied) are dropped unless the extractor
        was built with ``keep_hedged=True``, in which case they carry that ``status``.
        """
        text = article.text
        # Dates outside the accepted window are not dates: a publication date there is no reference
        # (arithmetic on year 1 overflows), and an event date there is dropped in _finish.
        window = Settings.from_env().date_window(today)
        published = article.published if article.published and window[0] <= article.published <= window[1] else None
        ref = reference_for(text, published, today=today)
        birthdays = sorted(birthday_month_day(text))
        birthday_starts = [b[0] for b in birthdays]
        drafts: list[_Draft] = []
        seen_places: list[PlaceMention] = []
        referents = _PlaceMemory()
        sentences = split_sentences(text)
        lead = _lead_indexes(sentences)  # once: the lead of a long article used to be rebuilt per candidate
        by_index: dict[int, tuple[list[AircraftMention], list[PlaceMention]]] = {}
        for sent in sentences:
            aircraft = self.catalogue.find(sent.text, sent.start)
            places = self.places.find(sent.text, sent.start, previous=referents.recent())
            seen_places.extend(places)
            referents.extend(places)
            by_index[sent.index] = (aircraft, places)
            candidates = self._candidates(sent, aircraft)
            if not candidates:
                continue
            dates = [d for d in find_dates(sent.text, sent.start) if d.start >= ref.dateline_end]
            claimed: dict[int, _Draft] = {}  # clause -> the occurrence it told
            for cand in candidates:
                if cand.status != "asserted" and not self.keep_hedged:
                    continue
                # Only this sentence's birthdays: scanning the article's for every candidate was quadratic.
                own_birthdays = birthdays[bisect_left(birthday_starts, sent.start):
                                          bisect_left(birthday_starts, sent.end)]
                when, span, reported = self._date_for(cand, dates, ref, drafts, own_birthdays, sent)
                if cand.unspecific or (when is not None and when.precision == "year" and event_words().generic.search(sent.text)):
                    # "in 2014, only 6 out of 10 incursions saw jets launched": a statistic, not an occurrence.
                    if not cand.unspecific and not types:
                        continue
                    when, span = None, None
                if cand.definite and when is not None and when.precision in ("month", "year"):
                    width = 4 if when.precision == "year" else 7
                    told = [d for d in drafts[-_RECENT_DRAFTS:] if d.kind in _AIR_GROUP and d.status == cand.status
                            and d.date is not None and d.date.value[:width] == when.value[:width]]
                    if told:  # "This year's training" is the training told before, not a new one
                        when, span = None, None
                # In a hedged sentence ("could deploy B-52s") the aircraft belong to the hedged event.
                types = ([a for a in aircraft if not a.hedge or cand.status != "asserted"]
                         if cand.kind == "flight" or cand.cue_id == _AIRCRAFT_ARRIVAL else [])
                if len({c.clause for c in candidates if c.kind in _AIR_GROUP}) > 1:
                    # "..., while media reported flights by EP-3Cs": each clause's aircraft are its own.
                    types = [a for a in types if _part_of(cuts_of(sent), a.start - sent.start) == cand.clause]
                mine = self._places_for(cand, candidates, places)
                # Another clause of this sentence told another occurrence ("..., while ... similar flights").
                others = [d for c, d in claimed.items() if c != cand.clause]
                recent = drafts[-_RECENT_DRAFTS:]
                pool = [d for d in recent if all(d is not o for o in others)] if others else recent
                target = self._target(pool, cand, when, bool(types), sent, tuple(a.type.id for a in types))
                if reported and target is None and self._target(pool, cand, None, bool(types), sent) is not None:
                    # "..., the ministry said on Wednesday" dates the statement: keep describing the last flight.
                    when, span = None, None
                    target = self._target(pool, cand, None, bool(types), sent)
                if target is None:
                    if cand.attach_only:
                        continue
                    # "January 6's test" in an article with no year to read it in is still a dated occurrence.
                    unplaced_day = not cand.unspecific and any(
                        d.form in _TEXT_DATED and d.role == "event" and _part_of(
                            cuts_of(sent), d.start - sent.start) == cand.clause for d in dates)
                    answering = self._answering_actor(sent, cand, recent) is not None or names_one_occurrence(sent, cand)
                    if when is None and not (cand.kind == "flight" and types) and not unplaced_day and not answering and not (
                            cand.kind in _AIR_GROUP and not cand.unspecific and sent.index in lead
                            and not any(d.kind in _AIR_GROUP for d in drafts)):
                        continue  # undated, untyped and in passing: not enough to record an occurrence
                    if when is None and cand.separate:
                        prior = [d for d in drafts[-_RECENT_DRAFTS:] if d.kind == cand.kind and d.date is not None]
                        if prior:  # "Twice on Jul. 4 ... The second scramble was ordered at 11.00"
                            when = prior[-1].date
                    target = _Draft(cand.kind, when, span, cand.status, sent,
                                    headline=_is_headline(sent, sentences), born=sent.index,
                                    reported_date=reported and when is not None, answering=answering,
                                    name=cand.name, passing=cand.trigger or cand.beside)
                    drafts.append(target)
                elif when is not None and (_more_precise(when, target.date) or (
                        target.reported_date and not reported and when.value != target.date.value)):
                    # A date of the event itself beats a coarser one, and one that only dated the report.
                    target.date, target.date_span, target.evidence = when, span, sent
                    target.reported_date = reported
                elif when is not None and target.reported_date and not reported:
                    target.reported_date = False  # the report's day turned out to be the event's too
                elif _is_headline(target.evidence, sentences) and not _is_headline(sent, sentences):
                    target.evidence = sent  # the body's first sentence about it says more than the headline
                elif target.date is None and not target.dated_evidence and types and any(
                        d.form in _TEXT_DATED and d.role == "event" for d in dates):
                    # No year to read "March 8" in, but the sentence that gives it, with the aircraft, says most.
                    target.evidence, target.dated_evidence = sent, True
                if span is not None and target.date_span == span and not target.date_note:
                    target.date_note = next((d.timezone for d in dates if d.start == span.start), "")
                if cand.kind in _AIR_GROUP:
                    claimed.setdefault(cand.clause, target)
                self._fill(target, sent, cand, types, mine, places, text, candidates)
        self._inherit_context(drafts, sentences, by_index)
        roles = _roles(drafts, sentences)
        return Extraction(article, tuple(replace(self._finish(article, d, sentences, window), role=r)
                                         for d, r in zip(drafts, roles)),
                          tuple(p.to_place() for p in seen_places))

    def _candidates(self, sent: Sentence, aircraft: list[AircraftMention]) -> list[_Candidate]:
        text = sent.text
        masked = self._hedge_text(text)  # once per sentence, not once per cue
        typed = any(not a.hedge for a in aircraft) or (self.keep_hedged and bool(aircraft))
        # "fighter jets of the United States intercepted Russian planes": generic words count as aircraft.
        airborne = typed or bool(self.cues.terms["airframe"].search(text))
        cuts = [m.start() for m in event_words().other_occurrence.finditer(text)]
        found: list[_Candidate] = []
        for cue in self.cues.cues:
            for m in cue.pattern.finditer(text):
                window = text[max(0, m.start() - 120): m.end() + 120]
                if cue.needs == "aircraft" and not airborne:
                    continue
                if cue.needs == "military" and airborne:
                    pass  # aircraft, named by type or not, are military context enough
                elif cue.needs and cue.needs != "aircraft" and not self.cues.terms[cue.needs].search(window):
                    continue
                definite = bool(event_words().definite.search(text[max(0, m.start() - 40): m.start()]))
                if cue.refers_back and not definite:
                    continue
                found.append(_Candidate(cue.kind, m.start() + sent.start, m.end() + sent.start, m.group(0),
                                        self._status(masked, m.start(), m.end()),
                                        _unspecific(text[max(0, m.start() - 40): m.start()]),
                                        cue_id=cue.id,
                                        definite=definite, clause=_part_of(cuts, m.start()),
                                        attach_only=cue.refers_back,
                                        separate=bool(event_words().separate.search(text[max(0, m.start() - 30): m.start()])),
                                        trigger=cue.kind in ("missile_launch", "nuclear_test") and bool(
                                            event_words().trigger.search(text[max(0, m.start() - 50): m.start()])),
                                        name=_exercise_name(text, m.start(), m.end()) if cue.kind == "exercise" else ""))
        # "B-52s arrived at Al Udeid": aircraft arriving at or sent to a base are a deployment, not a flight,
        # unless a word of flying itself says otherwise ("flew to", "an air drill").
        arriving = any(c.cue_id == _AIRCRAFT_ARRIVAL for c in found) and \
            not any(c.kind == "flight" and c.cue_id not in _WEAK_FLIGHT_CUES for c in found)
        if arriving:
            found = [c for c in found if c.kind != "flight"]
        for part in sorted({_part_of(cuts, a.start - sent.start) for a in aircraft if not a.hedge} or
                           ({0} if typed else set())):
            if not typed or arriving or any(c.kind == "flight" and c.clause == part for c in found):
                continue
            a = next((a for a in aircraft if not a.hedge and _part_of(cuts, a.start - sent.start) == part),
                     aircraft[0])
            # A named aircraft type taking part in anything air-related is a flight; named with no event
            # word at all ("The bombers, with a Y-9, returned to China") it can only add to the last flight.
            found.append(_Candidate("flight", a.start, a.end, a.text,
                                    self._status(masked, a.start - sent.start, a.end - sent.start), False,
                                    attach_only=not any(c.kind in _AIR_GROUP for c in found),
                                    clause=part))
        # Flight, exercise and deployment cues of one clause describe one occurrence: keep the most specific.
        out = [c for c in found if c.kind not in _AIR_GROUP]
        for part in sorted({c.clause for c in found if c.kind in _AIR_GROUP}):
            air = [c for c in found if c.kind in _AIR_GROUP and c.clause == part]
            rank = {"flight": 0, "deployment": 1, "exercise": 2}
            if all(c.kind == "exercise" for c in air) and self.cues.terms["air_force"].search(text):
                # "Air Force units at Gwangju Air Base for Exercise Max Thunder": an air exercise is a flight.
                air = [replace(c, kind="flight") for c in air]
            # A specific, asserted cue speaks for the clause; "any exercises" or "drills were scheduled" do not.
            best = min(air, key=lambda c: (c.status != "asserted", c.unspecific, c.attach_only, rank[c.kind],
                                           c.start))
            out.append(replace(best, separate=any(c.separate for c in air)))
            # "flew as part of the annual Foal Eagle exercises": the named exercise is an occurrence of its own.
            out.extend(replace(c, beside=True) for c in air if c.name and c.kind == "exercise"
                       and best.kind != "exercise" and c.status == "asserted" and not any(o.name == c.name for o in out))
        # "launched its first space rocket": a space launch, not a missile launch.
        if any(c.cue_id == _SPACE_LAUNCH for c in out):
            out = [c for c in out if c.kind != "missile_launch"]
        # "a firing drill of cruise missiles" is the launch itself, not a separate exercise.
        if any(c.kind in ("missile_launch", "nuclear_test") for c in out):
            projectile = self.cues.terms["projectile"]
            out = [c for c in out if not (c.kind == "exercise" and projectile.search(
                text[max(0, c.start - sent.start - 40): c.end - sent.start + 40]))]
        # One candidate per kind and clause, unless their dates differ (handled by the caller's merging).
        out.sort(key=lambda c: c.start)
        dedup: list[_Candidate] = []
        for c in out:
            same = [d for d in dedup if d.kind == c.kind and d.clause == c.clause]
            if same:
                if same[0].status != "asserted" and c.status == "asserted":
                    dedup[dedup.index(same[0])] = c
                continue
            dedup.append(c)
        return dedup

    def _actor(self, sent: Sentence, cand: _Candidate):
        """The state that launched or tested: the country named last before the cue in its clause (the
        subject, or what "its" stands for), else one right after it ("a test by North Korea"), else None."""
        rel = cand.start - sent.start
        before = [m for m in self.countries.find(sent.text[:rel], sent.start) if not m.demonym or
                  re.match(r"\s+(?:military|army|navy|forces|regime|government)\b", sent.text[m.end - sent.start:])]
        start = max(sent.text.rfind(";", 0, rel), sent.text.rfind(", while", 0, rel))
        before = [m for m in before if m.start - sent.start > start]
        if before:
            return before[-1]
        after = re.match(r"\s+(?:[\w-]+\s+){0,3}?by\s+(?:the\s+)?", sent.text[cand.end - sent.start:])
        if after:
            found = self.countries.find(sent.text[cand.end - sent.start + after.end():][:40],
                                        cand.end + after.end())
            if found and found[0].start == cand.end + after.end():
                return found[0]
        return None

    def _answering_actor(self, sent: Sentence, cand: _Candidate, drafts: list[_Draft]) -> str | None:
        """The state that launches in answer to another's launch ("South Korea responded by launching ..."),
        when the clause's subject is a country that took no part in the last launch told; else None."""
        if cand.kind not in ("missile_launch", "nuclear_test"):
            return None
        last = next((d for d in reversed(drafts) if d.kind == cand.kind), None)
        if last is None:
            return None
        clause = sent.text[:cand.start - sent.start]
        clause = clause[max(0, clause.rfind(";") + 1, clause.rfind(". ") + 1):]
        subject = next((m for m in self.countries.find(clause) if m.start < 40), None)
        if subject is None or not event_words().answer.search(sent.text):
            return None
        return subject.country.name if subject.country.name not in last.countries else None

    def _hedge_text(self, text: str) -> str:
        """The sentence as hedges are read in: the month "May" hidden, reporting hedges blanked (same length)."""
        text = mask_month_may(text)
        for p in self.cues.reporting:  # "could not confirm the number": the report is hedged, not the flight
            text = p.sub(lambda m: " " * len(m.group(0)), text)
        return text

    def _status(self, prepared: str, start: int, end: int) -> str:
        """The hedge around ``prepared[start:end]``; ``prepared`` is the sentence from :meth:`_hedge_text`."""
        text = prepared
        clauses = event_words().clause_cut.split(text[max(0, start - 160): start])
        before = clauses[-1]
        if len(clauses) > 1 and _VERB_ONLY.match(before):
            # "will attend ... and jointly carry out drills": the second verb shares the first one's modal.
            before = clauses[-2] + " " + before
        rest = _RELATIVE.sub(" ", text[end: end + 160], count=1)  # "the drills, which were first held in 1971, will"
        after = " ".join(event_words().clause_cut.split(rest[:60])[0].split()[:3])
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

    def _places_for(self, cand: _Candidate, cands: list[_Candidate], places: list[PlaceMention]) -> list[PlaceMention]:
        """The sentence's places that belong to this candidate: each place goes to its nearest cue.

        A named exercise beside a flight ("flew over Korea as part of the Foal Eagle exercises") and an
        event a flight answers ("responded to North Korea's test") take none: the places are the flight's.
        """
        if len(cands) == 1:
            return places
        if (cand.beside or cand.trigger) and any(c.kind == "flight" for c in cands if c is not cand):
            return []
        claimants = [c for c in cands if not ((c.beside or c.trigger) and c is not cand)]
        return [p for p in places
                if min(claimants, key=lambda c: abs((c.start + c.end) / 2 - (p.start + p.end) / 2)) is cand]

    def _target(self, drafts: list[_Draft], cand: _Candidate, when: ResolvedDate | None, typed: bool,
                sent: Sentence, cand_types: tuple[str, ...] = ()) -> _Draft | None:
        # A planned or hypothetical flight is never the same occurrence as one that happened.
        same_kind = [d for d in drafts if d.kind == cand.kind and d.status == cand.status]
        if cand.name:
            named = [d for d in drafts if d.kind == "exercise" and d.name == cand.name]
            if named:
                return named[-1]
        if cand.trigger and when is None:
            told = [d for d in drafts if d.kind == cand.kind and d.status == cand.status]
            if told:
                return told[-1]  # the test the article already told, mentioned again as the reason
        if cand.kind in ("missile_launch", "nuclear_test") and self._answering_actor(sent, cand, drafts):
            return None  # "South Korea responded by launching its own missiles": the other side's launch
        if cand.separate or (cand.unspecific and typed and cand.clause > 0):
            # "the second scramble"; "..., while media reported similar flights by EP-3Cs": other occurrences.
            return None
        if when is None and cand.definite and cand.kind in _AIR_GROUP:
            # "the exercise", "the latest air mission", "this year's training": the occurrence already told.
            told = [d for d in drafts if d.kind in _AIR_GROUP and d.status == cand.status]
            if told:
                return told[-1]
        if when is None:
            # An undated mention continues the last flight; other kinds only carry on into the very next
            # sentence ("A test-fire of an ICBM was conducted... The missile, launched from ..., landed ...").
            if same_kind and (cand.kind == "flight" or same_kind[-1].last_sentence == sent.index - 1):
                return same_kind[-1]
            return None
        # Compatible dates lie within a month of each other (see _compatible): a cheap test of that first.
        lo, hi = when.day - _MONTH, when.day + _MONTH
        for d in same_kind:
            if d.date is not None and lo <= d.date.day <= hi and _compatible(d.date, when):
                return d
        told = [d for d in same_kind if d.reported_date and d.date is not None and d.date.day >= when.day]
        if told and cand_types and set(cand_types) <= set(told[-1].aircraft):
            # "B-52s flew raids, officials said on Monday. ... A B-52 flew over the peninsula on March 8":
            # the same aircraft, and a date of the flight itself rather than of the report.
            return told[-1]
        if same_kind and same_kind[-1].date is None and (cand.kind == "flight" or same_kind[-1].headline):
            return same_kind[-1]  # the headline's event, dated by the body
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
        doubt = event_words().count_doubt.search(sent.text)
        for a in types:
            prev = d.aircraft.get(a.type.id)
            count = prev.count if prev and prev.count else a.count
            note = prev.note if prev else ""
            if prev and prev.count and a.count and a.count != prev.count and f"{a.count}" not in note:
                # Two counts in one article: the first stated stays, the other is noted, not averaged away.
                note = f"{note}; also stated: {a.count}" if note else f"also stated: {a.count}"
            if doubt and a.count and "could not be confirmed" not in note:
                note = f"the number could not be confirmed ({doubt.group(0).strip()})" + (f"; {note}" if note else "")
            d.aircraft[a.type.id] = Aircraft(a.type.id, a.type.role, count,
                                             prev.span if prev else Span(a.start, a.end, a.text), note=note)
            d.mentions.append(Mention("AIRCRAFT", a.start, a.end, a.text, a.type.id))
        located = [p for p in mine if p.role in ("origin", "location")]
        if not [p for p in located if not (p.relation == "same_as" and not p.parts)] and \
                cand.kind in _ACTOR_IS_PLACE and creating and not d.answering and not cand.trigger:
            # "North Korea launched a rocket": the actor's country is where a launch or test happened,
            # unless another sentence about the same event names the place.
            near = sorted((p for p in all_places if p.role != "qualifier" and _names_a_country(p)),
                          key=lambda p: abs(p.start - cand.start))
            for p in near[:1]:
                place = replace(p, role="location").to_place()
                d.fallback.setdefault(_place_key(place), replace(
                    place, reason="the acting state, where the text names no place"))
        for p in located:
            place = p.to_place()
            bucket = d.origins if place.role == "origin" else d.locations
            bucket.setdefault(_place_key(place), place)
            if place.role == "origin":
                if p.home:
                    d.home.add(_place_key(place))
                d.flew_from.setdefault(_place_key(place), set()).update(_types_from(p, types, located))
            d.mentions.append(Mention("PLACE", p.start, p.end, p.text, "", (("role", place.role),)))
        if cand.kind in ("missile_launch", "nuclear_test"):
            # A launch or a test has one actor: the state that fired ("sanctions on North Korea for its
            # third nuclear test", "Pyongyang launched"), not every country the sentence names.
            if d.countries:
                return  # the state told first; "U.S. officials detected the launch" adds no second one
            actor = self._actor(sent, cand)
            if actor is not None:
                d.countries.setdefault(actor.country.name, None)
                d.country_spans.setdefault(actor.country.name, Span(actor.start, actor.end, actor.text))
                return
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
        """A flight stated without its aircraft takes those of the sentence before it in the same paragraph,
        unless its own sentence names other, unspecified aircraft ("NORAD aircraft engaged an object").

        Aircraft sent somewhere named only as "the bombers" ("The bombers were deployed to Andersen in
        August") are the types of the last flight told before them.
        """
        for k, d in enumerate(drafts):
            if d.aircraft or d.kind not in ("flight", "deployment"):
                continue
            own = self.cues.terms["airframe"].search(d.evidence.text)
            back = bool(own) and bool(event_words().back_reference.search(d.evidence.text[max(0, own.start() - 12): own.start()]))
            if d.kind == "deployment":
                if not back:
                    continue
                told = next((e for e in reversed(drafts[:k]) if e.kind == "flight" and e.aircraft), None)
                word = own.group(0).lower()
                role = "bomber" if word.startswith("bomber") else "fighter" if word.startswith("fighter") else ""
                for t, a in (told.aircraft.items() if told else ()):
                    if not role or a.role == role:  # "the bombers" are the bombers, not their escorts
                        d.aircraft.setdefault(t, Aircraft(a.type, a.role))
                continue
            if own and not back:
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
                    if p.role == "location":
                        place = p.to_place()
                        d.locations.setdefault(_place_key(place), place)

    def _most_specific(self, aircraft: Iterable[Aircraft]) -> tuple[Aircraft, ...]:
        """One entry per type: "B-52" and "B-52H" in one event are the B-52H the text also names.

        Only a variant spelled as the family name plus a letter suffix absorbs it (B-52 -> B-52H,
        Tu-95 -> Tu-95MS); a type of its own that merely shares a family (KF-16 and F-16) stays.
        """
        listed = list(aircraft)
        out = [a for a in listed if not any(_variant_of(b.type, a.type) for b in listed)]
        # A variant inherits the count the family name carried ("two B-52s ... the B-52H bombers").
        for i, a in enumerate(out):
            if a.count is None:
                parent = next((b for b in listed if _variant_of(a.type, b.type) and b.count), None)
                if parent is not None:
                    out[i] = replace(a, count=parent.count)
        return tuple(out)

    @staticmethod
    def _origins(d: _Draft) -> tuple[Place, ...]:
        """The mission's origins: a unit's home base gives way to the base the text says the same aircraft
        flew from ("deployed from Dyess AFB" and "the Guam-based B-1Bs" give Guam)."""
        if d.kind != "flight":
            return tuple(d.origins.values())
        mission = {k: d.flew_from.get(k, set()) for k in d.origins if k not in d.home}

        def superseded(k: str) -> bool:
            mine = d.flew_from.get(k, set())
            return any(not mine or not other or mine & other for other in mission.values())
        return tuple(p for k, p in d.origins.items() if k not in d.home or not mission or not superseded(k))

    def _with_origins(self, d: _Draft) -> tuple[Aircraft, ...]:
        """Each type with the origin the text says it flew from, when one origin is named for it."""
        kept = {_place_key(p) for p in self._origins(d)}
        out = []
        for a in self._most_specific(d.aircraft.values()):
            froms = [k for k, types in d.flew_from.items() if k in kept and a.type in types]
            out.append(replace(a, origin=d.origins[froms[0]].name) if len(froms) == 1 else a)
        return tuple(out)

    @staticmethod
    def _activity(text: str, d: _Draft) -> str:
        """What a flight was doing, read first from its evidence sentence, then from its other sentences."""
        if d.kind != "flight":
            return ""
        found = classify_activity(d.evidence.text)
        if found:
            return found
        spans = sorted({(m.start, m.end) for m in d.mentions if m.label == "CUE"})
        return classify_activity(" ".join(text[max(0, s - 150): e + 150] for s, e in spans[:4]))

    @staticmethod
    def _locations(d: _Draft) -> dict[str, Place]:
        # "the sea" with no sea named before it places nothing: the acting state still stands in.
        if any(not (p.relation == "same_as" and not p.parts) for p in d.locations.values()):
            return d.locations
        return {**d.locations, **d.fallback}

    def _finish(self, article: Article, d: _Draft, sentences: list[Sentence], window: tuple[date, date]) -> Event:
        ev = _evidence(article.text, d, sentences)
        when = within_window(d.date, window)
        value = when.value if when else None
        return Event(
            event_id=event_id(article.id, d.kind, ev.start, value), article_id=article.id, kind=d.kind,
            date=value, date_precision=when.precision if when else None, evidence=ev,
            aircraft=self._with_origins(d), origins=self._origins(d),
            locations=tuple(p for k, p in self._locations(d).items() if k not in d.origins),
            countries=tuple(d.countries), status=d.status, date_span=d.date_span if when else None,
            article_name=article.name, date_note=d.date_note if when else "",
            country_spans=tuple(d.country_spans.items()), activity=self._activity(article.text, d),
            mentions=tuple(d.mentions))


class _PlaceMemory:
    """The places an article has named, as "the peninsula" or "the base" may refer back to them.

    The place finder walks back from the latest mention to the first name that contains the anaphor's
    head, else to the first anaphor whose referent does. Handing it every mention of the article made
    each unresolved "the region" walk the whole article (quadratic); the latest mention of each name
    (and the latest anaphor of each referent) gives the same answers, and an article names a bounded
    number of distinct places.
    """

    def __init__(self) -> None:
        self._latest: dict[tuple[str, str], PlaceMention] = {}

    def extend(self, mentions: list[PlaceMention]) -> None:
        """Remember mentions in text order."""
        for m in mentions:
            if m.kind != "anaphor":
                key = ("name", m.text.lower())
            elif m.parts:
                key = ("anaphor", m.parts[0].text.lower())
            else:
                continue  # an anaphor with no referent is never referred back to
            self._latest.pop(key, None)  # re-inserting keeps the dict ordered by latest mention
            self._latest[key] = m

    def recent(self) -> Reversible[PlaceMention]:
        """The latest mention of each name, oldest first (a view: no copy per sentence)."""
        return self._latest.values()


def _roles(drafts: list[_Draft], sentences: list[Sentence]) -> list[str]:
    """Which events the article reports ("main") and which it names in passing ("context").

    Main: an event told in the headline or the lead, and any event of the same day as one of those
    ("bombers flew on Monday ... the launch came hours after, on Monday"). Context: the rest, such as
    the earlier test a flight answers or a drill "last month".
    """
    told = [d for d in drafts if not d.passing]
    lead_sentences = _lead_indexes(sentences)
    lead = [d for d in told if d.headline or d.born in lead_sentences]
    if not lead and told:
        lead = [told[0]]
    days = {d.date.value for d in lead if d.date is not None and d.date.precision == "day"}
    return ["main" if not d.passing and (d in lead or (d.date is not None and d.date.value in days)) else "context"
            for d in drafts]


def _is_headline(sent: Sentence, sentences: list[Sentence]) -> bool:
    """The article's first line when it stands alone without final punctuation: a title."""
    return sent.index == 0 and not sent.text.rstrip().endswith((".", "!", "?", '"', "”")) and (
        len(sentences) < 2 or sentences[1].paragraph != sent.paragraph)


def _lead_indexes(sentences: list[Sentence]) -> frozenset[int]:
    """Indexes of the headline and of the first two sentences of the body (where the main event is told).

    Compute it once per article: building the body anew for every candidate and every event cost the
    number of sentences squared (5 MB of text took 94 s instead of 28).
    """
    out = {s.index for s in sentences[:1] if _is_headline(s, sentences)}
    body = 0
    for s in sentences:
        if body == 2:
            break
        if not _is_headline(s, sentences) and len(s.text) > 40:
            out.add(s.index)
            body += 1
    return frozenset(out)


def _in_lead(sent: Sentence, sentences: list[Sentence]) -> bool:
    """Is the sentence the headline or one of the first two of the body? (In a loop, use ``_lead_indexes``.)"""
    return sent.index in _lead_indexes(sentences)


def _variant_of(variant: str, family: str) -> bool:
    """Is ``variant`` the type ``family`` with a letter suffix ("B-52H" of "B-52", "Tu-95MS" of "Tu-95")?"""
    rest = variant[len(family):]
    return variant != family and variant.startswith(family) and rest.isalpha() and len(rest) <= 3


_EVIDENCE_SENTENCES = 3  # a quotable passage, not a whole article


def _evidence(text: str, d: _Draft, sentences: list[Sentence]) -> Span:
    """The passage that says so: the event's main sentence and the ones right after it that tell the same
    occurrence ("... flew over the Sea of Japan. Two Tu-95s and two H-6s patrolled ..."), as one span."""
    first = d.evidence
    last = first
    for i in range(first.index + 1, min(first.index + _EVIDENCE_SENTENCES, len(sentences))):
        if sentences[i].paragraph - first.paragraph > 1:
            break
        if i in d.sentences:
            last = sentences[i]
    return Span(first.start, last.end, text[first.start:last.end])


def _types_from(origin: PlaceMention, types: list[AircraftMention], places: list[PlaceMention]) -> set[str]:
    """The aircraft a sentence says flew from ``origin``: those named before it and after any other origin
    ("B-52s ... with F-15s from Okinawa" gives the F-15s), or every type when it names only one origin."""
    origins = sorted((p for p in places if p.role == "origin"), key=lambda p: p.start)
    if len(origins) <= 1:
        return {a.type.id for a in types}
    i = origins.index(origin) if origin in origins else 0
    lo = origins[i - 1].end if i > 0 else -1
    mine = {a.type.id for a in types if lo <= a.start < origin.start}
    return mine or {a.type.id for a in types if a.start > origin.end and
                    (i + 1 == len(origins) or a.start < origins[i + 1].start)}


def _names_a_country(p: PlaceMention) -> bool:
    """A country by name ("North Korea"), or an anaphor that points back to one ("the North")."""
    return bool(p.country) or (p.kind == "anaphor" and (
        bool(p.parts and p.parts[0].country) or p.text.split()[-1] in ("North", "South")))


def _place_key(p: Place) -> str:
    """One place per name and shape within an event: "Guam" named twice is one origin, "east of Guam" another."""
    return f"{p.name.strip().lower()}|{p.direction}|{p.distance_km:g}|{p.area_of}|{p.relation}"


@dataclass(frozen=True)
class Extraction:
    """What extraction found in one article: its events, and every place it names (for the resolver)."""

    article: Article
    events: tuple[Event, ...]
    places: tuple[Place, ...]


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


__all__ = ["EventExtractor", "CueSet", "Extraction", "extract_events", "default_extractor"]
