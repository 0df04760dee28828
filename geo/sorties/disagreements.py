"""Where the reports of one sortie differ, field by field, written for a person ("2 B-1B (Yonhap) vs 4 B-1B (KCNA)")."""
from __future__ import annotations

import re
from datetime import date
from collections.abc import Callable, Hashable, Mapping, Sequence

from geo.gazetteer.distance import haversine_km
from geo.models import Disagreement, Place
from geo.sorties.features import family_of
from geo.sorties.report import Report

# Two origins closer than their radii plus this are one place named two ways (Andersen AFB and Guam).
ORIGIN_SLACK_KM = 25.0
# Words of a time-zone note ("Eastern Standard Time", "EST") that make a date a US one.
_US_ZONE_WORDS = frozenset({"eastern", "pacific", "central", "mountain", "alaska", "hawaii", "et", "est", "edt", "pt",
                            "pst", "pdt", "ct", "cst", "cdt"})


def outlet_labels(reports: Sequence[Report]) -> dict[str, str]:
    """Event id -> how the text names its report: the outlet, with the article's file name when two articles share it."""
    per_outlet: dict[str, set[str]] = {}
    for r in reports:
        per_outlet.setdefault(r.outlet, set()).add(r.article_id)
    return {r.event_id: r.outlet if len(per_outlet[r.outlet]) == 1 else f"{r.outlet}, {r.event.article_name}"
            for r in reports}


def _who(ids: Sequence[str], labels: Mapping[str, str]) -> str:
    names: list[str] = []
    for i in ids:
        if labels[i] not in names:
            names.append(labels[i])
    return ", ".join(names)


def _by_value(reports: Sequence[Report], value: Callable[[Report], Hashable | None]) -> dict:
    out: dict = {}
    for r in reports:
        v = value(r)
        if v is not None:
            out.setdefault(v, []).append(r.event_id)
    return out


def count_disagreements(reports: Sequence[Report], labels: Mapping[str, str]) -> list[Disagreement]:
    """Per aircraft family, the reports that give a number and do not give the same one."""
    out = []
    families = sorted({family_of(a.type) for r in reports for a in r.event.aircraft})
    for fam in families:
        counts: dict[int, list[str]] = {}
        names: dict[int, dict[str, int]] = {}
        for r in reports:
            given = [a for a in r.event.aircraft if family_of(a.type) == fam and a.count is not None]
            if given:
                a = max(given, key=lambda x: (x.count, x.type))
                counts.setdefault(a.count, []).append(r.event_id)
                tally = names.setdefault(a.count, {})
                tally[a.type] = tally.get(a.type, 0) + 1
        if len(counts) < 2:
            continue
        parts, values = [], []
        for n in sorted(counts):
            label = min(names[n], key=lambda t: (-names[n][t], t))
            parts.append(f"{n} {label} ({_who(counts[n], labels)})")
            values.append((f"{n} {label}", tuple(counts[n])))
        out.append(Disagreement("count", " vs ".join(parts), tuple(values)))
    return out


def type_disagreement(reports: Sequence[Report], labels: Mapping[str, str]) -> list[Disagreement]:
    """The aircraft types each report names, when at least two reports name different sets."""
    sets = _by_value(reports, lambda r: tuple(sorted({a.type for a in r.event.aircraft})) or None)
    if len(sets) < 2:
        return []
    ordered = sorted(sets, key=lambda t: (-len(sets[t]), t))
    parts = [f"{', '.join(t)} ({_who(sets[t], labels)})" for t in ordered]
    values = [(", ".join(t), tuple(sets[t])) for t in ordered]
    silent = [r.event_id for r in reports if not r.event.aircraft]
    text = "types " + " vs ".join(parts)
    if silent:
        text += f"; none named ({_who(silent, labels)})"
        values.append(("none named", tuple(silent)))
    return [Disagreement("types", text, tuple(values))]


def _zone(note: str) -> str:
    """"US date" for a US time zone, else the note as written ("Korea Standard Time")."""
    words = set(re.findall(r"[a-z]+", note.lower()))
    if words & _US_ZONE_WORDS and "european" not in words:
        return "US date"
    return note


def date_disagreement(reports: Sequence[Report], labels: Mapping[str, str]) -> list[Disagreement]:
    """The day dates reports give, when they give more than one."""
    days = _by_value(reports, lambda r: r.event.date if r.event.date_precision == "day" and r.event.date else None)
    if len(days) < 2:
        return []
    parts, values = [], []
    notes = {r.event_id: _zone(r.event.date_note) for r in reports if r.event.date_note}
    for d in sorted(days):
        who = _who(days[d], labels)
        zone = sorted({notes[i] for i in days[d] if i in notes})
        parts.append(f"{d} ({who}{', ' + ', '.join(zone) if zone else ''})")
        values.append((d, tuple(days[d])))
    text = "date " + " vs ".join(parts)
    first, last = min(days), max(days)
    try:
        one_day = (date.fromisoformat(last) - date.fromisoformat(first)).days == 1
    except ValueError:  # a store written around ingest's checks may hold "2017-02-30": not a day apart of anything
        one_day = False
    if one_day:
        text += ": a day apart, as a local date and a US or UTC date of one moment can be"
    return [Disagreement("date", text, tuple(values))]


def _same_place(a: Place, b: Place) -> bool:
    if (a.gazetteer_id and a.gazetteer_id == b.gazetteer_id) or a.name.lower() == b.name.lower():
        return True
    if a.located and b.located:
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= (a.radius_km or 0) + (b.radius_km or 0) + ORIGIN_SLACK_KM
    return False


def origin_disagreement(reports: Sequence[Report], labels: Mapping[str, str]) -> list[Disagreement]:
    """The origins reports give, when two of them name places that are not one another (Guam vs Okinawa)."""
    named = [r for r in reports if r.event.origins]
    parent = list(range(len(named)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(named)):
        for j in range(i + 1, len(named)):
            if any(_same_place(a, b) for a in named[i].event.origins for b in named[j].event.origins):
                parent[root(j)] = root(i)
    classes: dict[int, list[Report]] = {}
    for i, r in enumerate(named):
        classes.setdefault(root(i), []).append(r)
    if len(classes) < 2:
        return []
    parts, values = [], []
    for members in sorted(classes.values(), key=lambda ms: (-len(ms), ms[0].event_id)):
        names: dict[str, int] = {}
        for p in (p for r in members for p in r.event.origins):
            names[p.name] = names.get(p.name, 0) + 1
        label = " / ".join(sorted(names, key=lambda n: (-names[n], n)))
        ids = tuple(r.event_id for r in members)
        parts.append(f"{label} ({_who(ids, labels)})")
        values.append((label, ids))
    return [Disagreement("origin", "origin " + " vs ".join(parts), tuple(values))]


def activity_disagreement(reports: Sequence[Report], labels: Mapping[str, str]) -> list[Disagreement]:
    """What reports say the aircraft were doing, when they say different things (patrol vs intercept)."""
    acts = _by_value(reports, lambda r: r.event.activity or None)
    if len(acts) < 2:
        return []
    ordered = sorted(acts, key=lambda a: (-len(acts[a]), a))
    text = "activity " + " vs ".join(f"{a.replace('_', ' ')} ({_who(acts[a], labels)})" for a in ordered)
    return [Disagreement("activity", text, tuple((a, tuple(acts[a])) for a in ordered))]


def disagreements(reports: Sequence[Report]) -> tuple[Disagreement, ...]:
    """Every disagreement among a sortie's reports: counts, types, date, origin, activity (in that order).

    Examples
    --------
    >>> from geo.models import Aircraft, Event, Span
    >>> def rep(eid, outlet, n):
    ...     ev = Event(eid, eid, "flight", "2017-09-18", "day", Span(0, 1, "x"), aircraft=(Aircraft("B-1B", count=n),))
    ...     return Report(ev, outlet=outlet)
    >>> [d.text for d in disagreements([rep("e1", "Yonhap", 2), rep("e2", "KCNA", 4)])]
    ['2 B-1B (Yonhap) vs 4 B-1B (KCNA)']
    """
    labels = outlet_labels(reports)
    return (*count_disagreements(reports, labels), *type_disagreement(reports, labels),
            *date_disagreement(reports, labels), *origin_disagreement(reports, labels),
            *activity_disagreement(reports, labels))
