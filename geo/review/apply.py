"""Analysts' corrections applied over extracted events (pure: nothing is read or written), with which fields changed."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from geo.errors import CorrectionError
from geo.models import Aircraft, Event
from geo.review.model import FIELDS, Correction, winners
from geo.review.validate import normalize_aircraft, normalize_choice, normalize_date, normalize_names

log = logging.getLogger(__name__)


def _apply_one(event: Event, field: str, value: Any, original: Event) -> Event:
    from geo.models import EVENT_KINDS
    from geo.review.model import EVENT_STATUSES
    from geo.review.places import resolve_place

    if field == "date":
        # The form only: a correction stored under a wider date window still applies.
        v = normalize_date(value)
        if v["date"] == original.date and v["date_precision"] == original.date_precision:
            return replace(event, date=original.date, date_precision=original.date_precision,
                           date_span=original.date_span)
        return replace(event, date=v["date"], date_precision=v["date_precision"], date_span=None)
    if field in ("kind", "status"):
        return replace(event, **{field: normalize_choice(field, value, EVENT_KINDS if field == "kind"
                                                         else EVENT_STATUSES)})
    if field == "aircraft":
        from geo.extract.aircraft import load_catalogue

        by_id = load_catalogue().by_id
        had = {a.type: a for a in original.aircraft}
        types = normalize_aircraft(value, had)
        # An unchanged type keeps its extracted count and span; a new one takes its role from the catalogue.
        return replace(event, aircraft=tuple(had.get(t) or Aircraft(t, by_id[t].role if t in by_id else "")
                                             for t in types))
    if field in ("locations", "origins"):
        role = "origin" if field == "origins" else "location"
        return replace(event, **{field: tuple(resolve_place(n, role, original)
                                              for n in normalize_names(field, value))})
    raise CorrectionError(f"cannot correct field {field!r}; the fields are {list(FIELDS)}")


def apply_corrections(event: Event, corrections: Iterable[Correction]) -> Event:
    """A new event with the active corrections of ``event`` applied.

    Parameters
    ----------
    event : Event
        The event as extracted.
    corrections : iterable of Correction
        Any corrections; those of other events and undone ones are ignored, and of several
        corrections of one field the latest (highest id) wins.

    Returns
    -------
    Event
        The corrected event with the same ``event_id``. A new date drops the date span; a kept
        aircraft type keeps its count; a kept place name keeps its extracted coordinates; a new
        aircraft type takes its role from the catalogue; a new place is geocoded with the gazetteer.

    Raises
    ------
    CorrectionError
        When a value no longer fits (for example a place name the gazetteer does not know).
    """
    out = event
    for field, c in winners(event.event_id, corrections).items():
        out = _apply_one(out, field, c.value, event)
    return out


@dataclass(frozen=True)
class Reviewed:
    """Events with their corrections applied, and which fields of each an analyst corrected.

    Attributes
    ----------
    events : list of Event
        In the order given.
    corrected : dict
        Event id -> the corrected fields, in the order of :data:`geo.review.model.FIELDS`; only events
        with at least one correction in force are listed.
    """

    events: list[Event]
    corrected: dict[str, tuple[str, ...]]


def review_events(events: Iterable[Event], corrections: Iterable[Correction]) -> Reviewed:
    """:func:`apply_corrections` over many events; a correction that no longer applies is skipped and logged.

    One stale correction (say, a place since removed from the gazetteer) must not hide the rest of
    the dashboard, so it is logged, the extracted value is kept and the field is not marked corrected.
    """
    by_event: dict[str, list[Correction]] = {}
    for c in corrections:
        if c.active:
            by_event.setdefault(c.event_id, []).append(c)
    out: list[Event] = []
    corrected: dict[str, tuple[str, ...]] = {}
    for e in events:
        fixed, fields = e, []
        for field, c in winners(e.event_id, by_event.get(e.event_id, ())).items():
            try:
                fixed = _apply_one(fixed, field, c.value, e)
                fields.append(field)
            except CorrectionError as err:
                log.warning("correction #%d of event %s skipped: %s", c.id, e.event_id, err)
        if fields:
            corrected[e.event_id] = tuple(f for f in FIELDS if f in fields)
        out.append(fixed)
    return Reviewed(out, corrected)


def apply_to_events(events: Iterable[Event], corrections: Iterable[Correction]) -> list[Event]:
    """The events of :func:`review_events`."""
    return review_events(events, corrections).events
