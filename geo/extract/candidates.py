"""Finds the candidate events of a sentence: cues whose needs are met, and aircraft named beside them, with their hedge and clause."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geo.extract.aircraft import AircraftMention
from geo.extract.cues import CueSet
from geo.extract.dates import mask_month_may
from geo.extract.sentences import Sentence
from geo.extract.vocab import event_words


# A clause that starts with a verb (no subject of its own) after ", and": "..., and jointly carry out drills".
_VERB_ONLY = re.compile(r"^\s*(?:(?:also|then|jointly|later|together|separately)\s+)?(?!the\b|a\b|an\b|it\b|they\b|he\b|she\b|"
                        r"we\b|i\b|this\b|that\b|these\b|those\b|its\b|their\b)[a-z]+\s", re.I)

# A relative clause right after a cue, skipped to reach the cue's own verb.
_RELATIVE = re.compile(r"^\s*,\s+(?:which|who|that)\b[^,;.]{0,80},")

AIR_GROUP = ("flight", "exercise", "deployment")

AIRCRAFT_ARRIVAL = "deployment-aircraft"  # the cue of aircraft arriving at a base (data/patterns/event_cues.jsonl)

SPACE_LAUNCH = "other-space-launch"

# Flight cues that only say aircraft were there ("bombers ... sent", "missions"), not that they flew.
_WEAK_FLIGHT_CUES = frozenset({"flight-generic-aircraft", "flight-mission"})


@dataclass
class Candidate:
    """A cue (or a named aircraft type) in a sentence that may start or continue an occurrence of ``kind``."""

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

def _unspecific(before: str) -> bool:
    """Do the words before a cue make it refer to other, undated occurrences ("earlier drills", "amid
    exercises")? A name in between makes it one named occurrence again ("amid the Vigilant Storm drills")."""
    m = event_words().unspecific.search(before)
    return bool(m) and not re.search(r"\b[A-Z][a-z]+\b", before[m.start() + len(m.group(0).split()[0]):])

_EXERCISE_NAME = re.compile(r"(?:\b(?:Exercise|Operation)\s+(?P<a>[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,3}))|"
                            r"(?P<b>(?:[A-Z][\w-]*\s+){1,3})(?:(?:combined|joint|annual|military|air|naval|training|"
                            r"field|command post|computer-simulated)\s+){0,3}$")

def exercise_name(text: str, start: int, end: int) -> str:
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

def names_one_occurrence(sent: Sentence, cand: Candidate) -> bool:
    """A named exercise, or the test a flight answers told as one the reader knows ("its fifth nuclear
    test"): one occurrence even when the article does not date it."""
    return bool(cand.name) or (cand.trigger and bool(event_words().specific_trigger.search(
        sent.text[max(0, cand.start - sent.start - 40): cand.start - sent.start])))


def part_of(cuts: list[int], pos: int) -> int:
    """Which part of a sentence, split at ``cuts``, holds the offset ``pos`` (0 = before the first cut)."""
    return sum(1 for c in cuts if c <= pos)


def cuts_of(sent: Sentence) -> list[int]:
    """The offsets where a sentence turns to another occurrence (see ``event_words().other_occurrence``)."""
    return [m.start() for m in event_words().other_occurrence.finditer(sent.text)]


def find_candidates(cues: CueSet, sent: Sentence, aircraft: list[AircraftMention], *,
                    keep_hedged: bool = False) -> list[Candidate]:
    """The candidates of one sentence: each cue matched with its needs met, and each named aircraft type
    beside no flight cue, one per kind and clause, with its hedge, back-reference and clause.

    The relevance gate (:mod:`geo.extract.gate`) calls this too, so that it refuses no sentence a
    candidate comes from.
    """
    text = sent.text
    masked = hedge_text(cues, text)  # once per sentence, not once per cue
    typed = any(not a.hedge for a in aircraft) or (keep_hedged and bool(aircraft))
    # "fighter jets of the United States intercepted Russian planes": generic words count as aircraft.
    airborne = typed or bool(cues.terms["airframe"].search(text))
    cuts = cuts_of(sent)
    found: list[Candidate] = []
    for cue in cues.cues:
        for m in cue.pattern.finditer(text):
            window = text[max(0, m.start() - 120): m.end() + 120]
            if cue.needs == "aircraft" and not airborne:
                continue
            if cue.needs == "military" and airborne:
                pass  # aircraft, named by type or not, are military context enough
            elif cue.needs and cue.needs != "aircraft" and not cues.terms[cue.needs].search(window):
                continue
            definite = bool(event_words().definite.search(text[max(0, m.start() - 40): m.start()]))
            if cue.refers_back and not definite:
                continue
            found.append(Candidate(cue.kind, m.start() + sent.start, m.end() + sent.start, m.group(0),
                                    hedge_status(cues, masked, m.start(), m.end()),
                                    _unspecific(text[max(0, m.start() - 40): m.start()]),
                                    cue_id=cue.id,
                                    definite=definite, clause=part_of(cuts, m.start()),
                                    attach_only=cue.refers_back,
                                    separate=bool(event_words().separate.search(text[max(0, m.start() - 30): m.start()])),
                                    trigger=cue.kind in ("missile_launch", "nuclear_test") and bool(
                                        event_words().trigger.search(text[max(0, m.start() - 50): m.start()])),
                                    name=exercise_name(text, m.start(), m.end()) if cue.kind == "exercise" else ""))
    # "B-52s arrived at Al Udeid": aircraft arriving at or sent to a base are a deployment, not a flight,
    # unless a word of flying itself says otherwise ("flew to", "an air drill").
    arriving = any(c.cue_id == AIRCRAFT_ARRIVAL for c in found) and \
        not any(c.kind == "flight" and c.cue_id not in _WEAK_FLIGHT_CUES for c in found)
    if arriving:
        found = [c for c in found if c.kind != "flight"]
    for part in sorted({part_of(cuts, a.start - sent.start) for a in aircraft if not a.hedge} or
                       ({0} if typed else set())):
        if not typed or arriving or any(c.kind == "flight" and c.clause == part for c in found):
            continue
        a = next((a for a in aircraft if not a.hedge and part_of(cuts, a.start - sent.start) == part),
                 aircraft[0])
        # A named aircraft type taking part in anything air-related is a flight; named with no event
        # word at all ("The bombers, with a Y-9, returned to China") it can only add to the last flight.
        found.append(Candidate("flight", a.start, a.end, a.text,
                                hedge_status(cues, masked, a.start - sent.start, a.end - sent.start), False,
                                attach_only=not any(c.kind in AIR_GROUP for c in found),
                                clause=part))
    # Flight, exercise and deployment cues of one clause describe one occurrence: keep the most specific.
    out = [c for c in found if c.kind not in AIR_GROUP]
    for part in sorted({c.clause for c in found if c.kind in AIR_GROUP}):
        air = [c for c in found if c.kind in AIR_GROUP and c.clause == part]
        rank = {"flight": 0, "deployment": 1, "exercise": 2}
        if all(c.kind == "exercise" for c in air) and cues.terms["air_force"].search(text):
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
    if any(c.cue_id == SPACE_LAUNCH for c in out):
        out = [c for c in out if c.kind != "missile_launch"]
    # "a firing drill of cruise missiles" is the launch itself, not a separate exercise.
    if any(c.kind in ("missile_launch", "nuclear_test") for c in out):
        projectile = cues.terms["projectile"]
        out = [c for c in out if not (c.kind == "exercise" and projectile.search(
            text[max(0, c.start - sent.start - 40): c.end - sent.start + 40]))]
    # One candidate per kind and clause, unless their dates differ (handled by the caller's merging).
    out.sort(key=lambda c: c.start)
    dedup: list[Candidate] = []
    for c in out:
        same = [d for d in dedup if d.kind == c.kind and d.clause == c.clause]
        if same:
            if same[0].status != "asserted" and c.status == "asserted":
                dedup[dedup.index(same[0])] = c
            continue
        dedup.append(c)
    return dedup


def hedge_text(cues: CueSet, text: str) -> str:
    """The sentence as hedges are read in: the month "May" hidden, reporting hedges blanked (same length)."""
    text = mask_month_may(text)
    for p in cues.reporting:  # "could not confirm the number": the report is hedged, not the flight
        text = p.sub(lambda m: " " * len(m.group(0)), text)
    return text


def hedge_status(cues: CueSet, prepared: str, start: int, end: int) -> str:
    """The hedge around ``prepared[start:end]``; ``prepared`` is the sentence from :func:`hedge_text`."""
    text = prepared
    clauses = event_words().clause_cut.split(text[max(0, start - 160): start])
    before = clauses[-1]
    if len(clauses) > 1 and _VERB_ONLY.match(before):
        # "will attend ... and jointly carry out drills": the second verb shares the first one's modal.
        before = clauses[-2] + " " + before
    rest = _RELATIVE.sub(" ", text[end: end + 160], count=1)  # "the drills, which were first held in 1971, will"
    after = " ".join(event_words().clause_cut.split(rest[:60])[0].split()[:3])
    for status, pattern in cues.hedges:
        if pattern.search(before) or pattern.search(after):
            return status
    return "asserted"


__all__ = ["AIR_GROUP", "AIRCRAFT_ARRIVAL", "SPACE_LAUNCH", "Candidate", "cuts_of", "exercise_name", "find_candidates", "hedge_status", "hedge_text", "names_one_occurrence", "part_of"]
