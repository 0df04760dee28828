"""Sortie ids: derived from the first report of a sortie, and inherited by the group that keeps most of a sortie's reports."""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from geo.sorties.report import Report

PREFIX = "s-"


def anchor_order(report: Report) -> tuple:
    """Sort key of a sortie's reports for its id: main reports first, then the earliest published, then event id."""
    return (report.event.role != "main", report.published.toordinal() if report.published else 10 ** 7,
            report.event_id)


def derived_id(group: Sequence[Report], taken: Callable[[str], bool] = lambda _: False) -> str:
    """``s-`` + the event id of the group's first report (:func:`anchor_order`) whose id is free.

    >>> from geo.models import Event, Span
    >>> ev = Event("a1b2c3", "art", "flight", None, None, Span(0, 1, "x"))
    >>> derived_id([Report(ev)])
    's-a1b2c3'
    """
    for r in sorted(group, key=anchor_order):
        candidate = PREFIX + r.event_id
        if not taken(candidate):
            return candidate
    digest = hashlib.sha256("|".join(sorted(r.event_id for r in group)).encode("utf-8")).hexdigest()
    n = 0
    while taken(f"{PREFIX}{digest[:16]}{'-%d' % n if n else ''}"):
        n += 1
    return f"{PREFIX}{digest[:16]}{'-%d' % n if n else ''}"


def assign_ids(groups: Sequence[Sequence[Report]], previous: Mapping[str, str] | None = None,
               taken: Callable[[str], bool] = lambda _: False) -> list[str]:
    """An id for each group: inherited from the earlier sortie it shares most reports with, else derived.

    Parameters
    ----------
    groups : sequence of sequences of Report
    previous : mapping, optional
        Event id -> the id of the sortie it was in before this regrouping.
    taken : callable
        Tells whether an id is held by a sortie outside these groups (never reused).

    Returns
    -------
    list of str
        One id per group, in order. An earlier sortie's id goes to the group holding most of its
        reports (then the one holding the report it was named after), so adding reports to a sortie,
        or splitting a few out, keeps its id; each id goes to one group only.
    """
    previous = previous or {}
    offers = []
    for gi, group in enumerate(groups):
        counts = Counter(previous[r.event_id] for r in group if r.event_id in previous)
        ids = {r.event_id for r in group}
        for sid, n in counts.items():
            offers.append((-n, sid[len(PREFIX):] not in ids, sid, min(ids), gi))
    out: dict[int, str] = {}
    used: set[str] = set()
    retired = set(previous.values())  # an earlier id nobody inherits is not handed to another occurrence
    for _, _, sid, _, gi in sorted(offers):
        if gi not in out and sid not in used:
            out[gi] = sid
            used.add(sid)
    for gi in sorted(range(len(groups)), key=lambda i: min(r.event_id for r in groups[i])):
        if gi not in out:
            out[gi] = derived_id(groups[gi], lambda s: s in used or s in retired or taken(s))
            used.add(out[gi])
    return [out[i] for i in range(len(groups))]
