"""Groups the mentions of an article's sentences into events: one per occurrence, with evidence for each field."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from geo.config import Settings
from geo.extract.aircraft import AircraftCatalogue, AircraftMention, load_catalogue
from geo.extract.assembly import event_roles, finish
from geo.extract.candidates import AIR_GROUP, AIRCRAFT_ARRIVAL, cuts_of, find_candidates, names_one_occurrence, part_of
from geo.extract.countries import CountryIndex, load_countries
from geo.extract.cues import Cue, CueSet
from geo.extract.dates import find_dates
from geo.extract.drafts import Draft, PlaceMemory
from geo.extract.eventdates import date_for, more_precise
from geo.extract.grouping import answering_actor, continued_draft, fill, inherit_context, places_for
from geo.extract.lead import is_headline, lead_indexes
from geo.extract.places import PlaceFinder, PlaceMention
from geo.extract.reference import birthday_month_day, reference_for
from geo.extract.sentences import split_sentences
from geo.extract.vocab import event_words
from geo.models import Article, Event, Place


# Date forms that name a day or month the text means, even when the article gives no year to read them in.
_TEXT_DATED = frozenset({"month_day", "day_month", "last_unit", "day_only"})

# Drafts a new mention is compared with: the latest this many. Comparing each mention with every draft of
# the article made a long one cost its number of events squared (5,000 sentences took 88 s); no article of
# news prose tells this many occurrences, so the window changes nothing short of a multi-megabyte text.
_RECENT_DRAFTS = 256


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
        drafts: list[Draft] = []
        seen_places: list[PlaceMention] = []
        referents = PlaceMemory()
        sentences = split_sentences(text)
        lead = lead_indexes(sentences)  # once: the lead of a long article used to be rebuilt per candidate
        by_index: dict[int, tuple[list[AircraftMention], list[PlaceMention]]] = {}
        for sent in sentences:
            aircraft = self.catalogue.find(sent.text, sent.start)
            places = self.places.find(sent.text, sent.start, previous=referents.recent())
            seen_places.extend(places)
            referents.extend(places)
            by_index[sent.index] = (aircraft, places)
            candidates = find_candidates(self.cues, sent, aircraft, keep_hedged=self.keep_hedged)
            if not candidates:
                continue
            dates = [d for d in find_dates(sent.text, sent.start) if d.start >= ref.dateline_end]
            claimed: dict[int, Draft] = {}  # clause -> the occurrence it told
            for cand in candidates:
                if cand.status != "asserted" and not self.keep_hedged:
                    continue
                # Only this sentence's birthdays: scanning the article's for every candidate was quadratic.
                own_birthdays = birthdays[bisect_left(birthday_starts, sent.start):
                                          bisect_left(birthday_starts, sent.end)]
                when, span, reported = date_for(cand, dates, ref, drafts, own_birthdays, sent)
                if cand.unspecific or (when is not None and when.precision == "year" and event_words().generic.search(sent.text)):
                    # "in 2014, only 6 out of 10 incursions saw jets launched": a statistic, not an occurrence.
                    if not cand.unspecific and not types:
                        continue
                    when, span = None, None
                if cand.definite and when is not None and when.precision in ("month", "year"):
                    width = 4 if when.precision == "year" else 7
                    told = [d for d in drafts[-_RECENT_DRAFTS:] if d.kind in AIR_GROUP and d.status == cand.status
                            and d.date is not None and d.date.value[:width] == when.value[:width]]
                    if told:  # "This year's training" is the training told before, not a new one
                        when, span = None, None
                # In a hedged sentence ("could deploy B-52s") the aircraft belong to the hedged event.
                types = ([a for a in aircraft if not a.hedge or cand.status != "asserted"]
                         if cand.kind == "flight" or cand.cue_id == AIRCRAFT_ARRIVAL else [])
                if len({c.clause for c in candidates if c.kind in AIR_GROUP}) > 1:
                    # "..., while media reported flights by EP-3Cs": each clause's aircraft are its own.
                    types = [a for a in types if part_of(cuts_of(sent), a.start - sent.start) == cand.clause]
                mine = places_for(cand, candidates, places)
                # Another clause of this sentence told another occurrence ("..., while ... similar flights").
                others = [d for c, d in claimed.items() if c != cand.clause]
                recent = drafts[-_RECENT_DRAFTS:]
                pool = [d for d in recent if all(d is not o for o in others)] if others else recent
                target = continued_draft(self.countries, pool, cand, when, bool(types), sent, tuple(a.type.id for a in types))
                if reported and target is None and continued_draft(self.countries, pool, cand, None, bool(types), sent) is not None:
                    # "..., the ministry said on Wednesday" dates the statement: keep describing the last flight.
                    when, span = None, None
                    target = continued_draft(self.countries, pool, cand, None, bool(types), sent)
                if target is None:
                    if cand.attach_only:
                        continue
                    # "January 6's test" in an article with no year to read it in is still a dated occurrence.
                    unplaced_day = not cand.unspecific and any(
                        d.form in _TEXT_DATED and d.role == "event" and part_of(
                            cuts_of(sent), d.start - sent.start) == cand.clause for d in dates)
                    answering = answering_actor(self.countries, sent, cand, recent) is not None or names_one_occurrence(sent, cand)
                    if when is None and not (cand.kind == "flight" and types) and not unplaced_day and not answering and not (
                            cand.kind in AIR_GROUP and not cand.unspecific and sent.index in lead
                            and not any(d.kind in AIR_GROUP for d in drafts)):
                        continue  # undated, untyped and in passing: not enough to record an occurrence
                    if when is None and cand.separate:
                        prior = [d for d in drafts[-_RECENT_DRAFTS:] if d.kind == cand.kind and d.date is not None]
                        if prior:  # "Twice on Jul. 4 ... The second scramble was ordered at 11.00"
                            when = prior[-1].date
                    target = Draft(cand.kind, when, span, cand.status, sent,
                                    headline=is_headline(sent, sentences), born=sent.index,
                                    reported_date=reported and when is not None, answering=answering,
                                    name=cand.name, passing=cand.trigger or cand.beside)
                    drafts.append(target)
                elif when is not None and (more_precise(when, target.date) or (
                        target.reported_date and not reported and when.value != target.date.value)):
                    # A date of the event itself beats a coarser one, and one that only dated the report.
                    target.date, target.date_span, target.evidence = when, span, sent
                    target.reported_date = reported
                elif when is not None and target.reported_date and not reported:
                    target.reported_date = False  # the report's day turned out to be the event's too
                elif is_headline(target.evidence, sentences) and not is_headline(sent, sentences):
                    target.evidence = sent  # the body's first sentence about it says more than the headline
                elif target.date is None and not target.dated_evidence and types and any(
                        d.form in _TEXT_DATED and d.role == "event" for d in dates):
                    # No year to read "March 8" in, but the sentence that gives it, with the aircraft, says most.
                    target.evidence, target.dated_evidence = sent, True
                if span is not None and target.date_span == span and not target.date_note:
                    target.date_note = next((d.timezone for d in dates if d.start == span.start), "")
                if cand.kind in AIR_GROUP:
                    claimed.setdefault(cand.clause, target)
                fill(self.countries, target, sent, cand, types, mine, places, text, candidates)
        inherit_context(self.cues, drafts, sentences, by_index)
        roles = event_roles(drafts, sentences)
        return Extraction(article, tuple(replace(finish(article, d, sentences, window), role=r)
                                         for d, r in zip(drafts, roles)),
                          tuple(p.to_place() for p in seen_places))


@dataclass(frozen=True)
class Extraction:
    """What extraction found in one article: its events, and every place it names (for the resolver)."""

    article: Article
    events: tuple[Event, ...]
    places: tuple[Place, ...]

@lru_cache(maxsize=1)
def default_extractor() -> EventExtractor:
    """The extractor over the bundled vocabularies, built once per process."""
    return EventExtractor()

def extract_events(article: Article, *, today: date | None = None) -> list[Event]:
    """Extract the events of one article with the default vocabularies."""
    return default_extractor().extract(article, today=today)


__all__ = ["EventExtractor", "CueSet", "Cue", "Extraction", "extract_events", "default_extractor"]
