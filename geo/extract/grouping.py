"""Decides which draft a candidate continues, and adds what its sentence says (aircraft, places, countries) to that draft."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from geo.extract.aircraft import AircraftMention
from geo.extract.candidates import AIR_GROUP, Candidate
from geo.extract.countries import CountryIndex, CountryMention
from geo.extract.cues import CueSet
from geo.extract.dates import ResolvedDate
from geo.extract.drafts import Draft, place_key
from geo.extract.eventdates import compatible
from geo.extract.places import PlaceMention
from geo.extract.sentences import Sentence
from geo.extract.vocab import event_words
from geo.models import Aircraft, Mention, Span


_MONTH = timedelta(days=31)

# Kinds whose actor's country is where they happened when no place is named ("North Korea fired...").
# Not exercises or deployments ("South Korea and the U.S. began drills" says nothing of where), nor
# other events (a space launch, a summit): the text says where those were, or nothing.
_ACTOR_IS_PLACE = ("missile_launch", "nuclear_test")


def places_for(cand: Candidate, cands: list[Candidate], places: list[PlaceMention]) -> list[PlaceMention]:
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


def continued_draft(countries: CountryIndex, drafts: list[Draft], cand: Candidate, when: ResolvedDate | None,
                    typed: bool, sent: Sentence, cand_types: tuple[str, ...] = ()) -> Draft | None:
    """The draft ``cand`` tells more of (same kind and status, a compatible date or a back-reference), or None
    when it starts an occurrence of its own; ``typed``: its sentence names aircraft types (``cand_types``)."""
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
    if cand.kind in ("missile_launch", "nuclear_test") and answering_actor(countries, sent, cand, drafts):
        return None  # "South Korea responded by launching its own missiles": the other side's launch
    if cand.separate or (cand.unspecific and typed and cand.clause > 0):
        # "the second scramble"; "..., while media reported similar flights by EP-3Cs": other occurrences.
        return None
    if when is None and cand.definite and cand.kind in AIR_GROUP:
        # "the exercise", "the latest air mission", "this year's training": the occurrence already told.
        told = [d for d in drafts if d.kind in AIR_GROUP and d.status == cand.status]
        if told:
            return told[-1]
    if when is None:
        # An undated mention continues the last flight; other kinds only carry on into the very next
        # sentence ("A test-fire of an ICBM was conducted... The missile, launched from ..., landed ...").
        if same_kind and (cand.kind == "flight" or same_kind[-1].last_sentence == sent.index - 1):
            return same_kind[-1]
        return None
    # Compatible dates lie within a month of each other (see compatible): a cheap test of that first.
    lo, hi = when.day - _MONTH, when.day + _MONTH
    for d in same_kind:
        if d.date is not None and lo <= d.date.day <= hi and compatible(d.date, when):
            return d
    told = [d for d in same_kind if d.reported_date and d.date is not None and d.date.day >= when.day]
    if told and cand_types and set(cand_types) <= set(told[-1].aircraft):
        # "B-52s flew raids, officials said on Monday. ... A B-52 flew over the peninsula on March 8":
        # the same aircraft, and a date of the flight itself rather than of the report.
        return told[-1]
    if same_kind and same_kind[-1].date is None and (cand.kind == "flight" or same_kind[-1].headline):
        return same_kind[-1]  # the headline's event, dated by the body
    return None


def acting_state(countries: CountryIndex, sent: Sentence, cand: Candidate) -> CountryMention | None:
    """The state that launched or tested: the country named last before the cue in its clause (the
    subject, or what "its" stands for), else one right after it ("a test by North Korea"), else None."""
    rel = cand.start - sent.start
    before = [m for m in countries.find(sent.text[:rel], sent.start) if not m.demonym or
              re.match(r"\s+(?:military|army|navy|forces|regime|government)\b", sent.text[m.end - sent.start:])]
    start = max(sent.text.rfind(";", 0, rel), sent.text.rfind(", while", 0, rel))
    before = [m for m in before if m.start - sent.start > start]
    if before:
        return before[-1]
    after = re.match(r"\s+(?:[\w-]+\s+){0,3}?by\s+(?:the\s+)?", sent.text[cand.end - sent.start:])
    if after:
        found = countries.find(sent.text[cand.end - sent.start + after.end():][:40],
                                    cand.end + after.end())
        if found and found[0].start == cand.end + after.end():
            return found[0]
    return None


def answering_actor(countries: CountryIndex, sent: Sentence, cand: Candidate, drafts: list[Draft]) -> str | None:
    """The state that launches in answer to another's launch ("South Korea responded by launching ..."),
    when the clause's subject is a country that took no part in the last launch told; else None."""
    if cand.kind not in ("missile_launch", "nuclear_test"):
        return None
    last = next((d for d in reversed(drafts) if d.kind == cand.kind), None)
    if last is None:
        return None
    clause = sent.text[:cand.start - sent.start]
    clause = clause[max(0, clause.rfind(";") + 1, clause.rfind(". ") + 1):]
    subject = next((m for m in countries.find(clause) if m.start < 40), None)
    if subject is None or not event_words().answer.search(sent.text):
        return None
    return subject.country.name if subject.country.name not in last.countries else None


def fill(countries: CountryIndex, d: Draft, sent: Sentence, cand: Candidate, types: list[AircraftMention],
          mine: list[PlaceMention], all_places: list[PlaceMention], text: str,
          cands: list[Candidate]) -> None:
    """Add what ``sent`` says of ``cand``'s occurrence to the draft ``d``: its aircraft (``types``), its places
    (``mine``; the acting state when it names none), its countries and the mentions that show them."""
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
            d.fallback.setdefault(place_key(place), replace(
                place, reason="the acting state, where the text names no place"))
    for p in located:
        place = p.to_place()
        bucket = d.origins if place.role == "origin" else d.locations
        bucket.setdefault(place_key(place), place)
        if place.role == "origin":
            if p.home:
                d.home.add(place_key(place))
            d.flew_from.setdefault(place_key(place), set()).update(_types_from(p, types, located))
        d.mentions.append(Mention("PLACE", p.start, p.end, p.text, "", (("role", place.role),)))
    if cand.kind in ("missile_launch", "nuclear_test"):
        # A launch or a test has one actor: the state that fired ("sanctions on North Korea for its
        # third nuclear test", "Pyongyang launched"), not every country the sentence names.
        if d.countries:
            return  # the state told first; "U.S. officials detected the launch" adds no second one
        actor = acting_state(countries, sent, cand)
        if actor is not None:
            d.countries.setdefault(actor.country.name, None)
            d.country_spans.setdefault(actor.country.name, Span(actor.start, actor.end, actor.text))
            return
    mentions = countries.find(sent.text, sent.start) if creating else []
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


def inherit_context(cues: CueSet, drafts: list[Draft], sentences: list[Sentence],
                     by_index: dict[int, tuple[list[AircraftMention], list[PlaceMention]]]) -> None:
    """A flight stated without its aircraft takes those of the sentence before it in the same paragraph,
    unless its own sentence names other, unspecified aircraft ("NORAD aircraft engaged an object").

    Aircraft sent somewhere named only as "the bombers" ("The bombers were deployed to Andersen in
    August") are the types of the last flight told before them.
    """
    for k, d in enumerate(drafts):
        if d.aircraft or d.kind not in ("flight", "deployment"):
            continue
        own = cues.terms["airframe"].search(d.evidence.text)
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
                    d.locations.setdefault(place_key(place), place)


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


__all__ = ["acting_state", "answering_actor", "continued_draft", "fill", "inherit_context", "places_for"]
