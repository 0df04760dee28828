"""Turns a finished draft into an ``Event`` (its aircraft, origins, places, activity and evidence), and tells main events from context."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from geo.extract.activity import classify_activity
from geo.extract.dates import within_window
from geo.extract.drafts import Draft, place_key
from geo.extract.lead import lead_indexes
from geo.extract.sentences import Sentence
from geo.models import Aircraft, Article, Event, Place, Span, event_id


def finish(article: Article, d: Draft, sentences: list[Sentence], window: tuple[date, date]) -> Event:
    """The ``Event`` of a finished draft; a date outside the accepted ``window`` is dropped."""
    ev = _evidence(article.text, d, sentences)
    when = within_window(d.date, window)
    value = when.value if when else None
    return Event(
        event_id=event_id(article.id, d.kind, ev.start, value), article_id=article.id, kind=d.kind,
        date=value, date_precision=when.precision if when else None, evidence=ev,
        aircraft=with_origins(d), origins=origins(d),
        locations=tuple(p for k, p in locations(d).items() if k not in d.origins),
        countries=tuple(d.countries), status=d.status, date_span=d.date_span if when else None,
        article_name=article.name, date_note=d.date_note if when else "",
        country_spans=tuple(d.country_spans.items()), activity=activity(article.text, d),
        mentions=tuple(d.mentions))


def most_specific(aircraft: Iterable[Aircraft]) -> tuple[Aircraft, ...]:
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


def origins(d: Draft) -> tuple[Place, ...]:
    """The mission's origins: a unit's home base gives way to the base the text says the same aircraft
    flew from ("deployed from Dyess AFB" and "the Guam-based B-1Bs" give Guam)."""
    if d.kind != "flight":
        return tuple(d.origins.values())
    mission = {k: d.flew_from.get(k, set()) for k in d.origins if k not in d.home}

    def superseded(k: str) -> bool:
        mine = d.flew_from.get(k, set())
        return any(not mine or not other or mine & other for other in mission.values())
    return tuple(p for k, p in d.origins.items() if k not in d.home or not mission or not superseded(k))


def with_origins(d: Draft) -> tuple[Aircraft, ...]:
    """Each type with the origin the text says it flew from, when one origin is named for it."""
    kept = {place_key(p) for p in origins(d)}
    out = []
    for a in most_specific(d.aircraft.values()):
        froms = [k for k, types in d.flew_from.items() if k in kept and a.type in types]
        out.append(replace(a, origin=d.origins[froms[0]].name) if len(froms) == 1 else a)
    return tuple(out)


def activity(text: str, d: Draft) -> str:
    """What a flight was doing, read first from its evidence sentence, then from its other sentences."""
    if d.kind != "flight":
        return ""
    found = classify_activity(d.evidence.text)
    if found:
        return found
    spans = sorted({(m.start, m.end) for m in d.mentions if m.label == "CUE"})
    return classify_activity(" ".join(text[max(0, s - 150): e + 150] for s, e in spans[:4]))


def locations(d: Draft) -> dict[str, Place]:
    """Where the occurrence happened: the places named, else the acting state standing in for them."""
    # "the sea" with no sea named before it places nothing: the acting state still stands in.
    if any(not (p.relation == "same_as" and not p.parts) for p in d.locations.values()):
        return d.locations
    return {**d.locations, **d.fallback}


def event_roles(drafts: list[Draft], sentences: list[Sentence]) -> list[str]:
    """Which events the article reports ("main") and which it names in passing ("context").

    Main: an event told in the headline or the lead, and any event of the same day as one of those
    ("bombers flew on Monday ... the launch came hours after, on Monday"). Context: the rest, such as
    the earlier test a flight answers or a drill "last month".
    """
    told = [d for d in drafts if not d.passing]
    lead_sentences = lead_indexes(sentences)
    lead = [d for d in told if d.headline or d.born in lead_sentences]
    if not lead and told:
        lead = [told[0]]
    days = {d.date.value for d in lead if d.date is not None and d.date.precision == "day"}
    return ["main" if not d.passing and (d in lead or (d.date is not None and d.date.value in days)) else "context"
            for d in drafts]

def _variant_of(variant: str, family: str) -> bool:
    """Is ``variant`` the type ``family`` with a letter suffix ("B-52H" of "B-52", "Tu-95MS" of "Tu-95")?"""
    rest = variant[len(family):]
    return variant != family and variant.startswith(family) and rest.isalpha() and len(rest) <= 3

_EVIDENCE_SENTENCES = 3  # a quotable passage, not a whole article

def _evidence(text: str, d: Draft, sentences: list[Sentence]) -> Span:
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


__all__ = ["activity", "event_roles", "finish", "locations", "most_specific", "origins", "with_origins"]
