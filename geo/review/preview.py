"""What a Review form would do before it is saved: where each typed place resolves, how far the event moves.

Typing "Atlantis" as a location used to save at once and move a Korean event to a town on another
continent with no word of where it went. :func:`preview_changes` resolves every typed name as saving would
(:func:`geo.review.places.place_for_name`) and measures the move of the event's marker;
:func:`review_decision` refuses a name nobody knows and asks to confirm a move of over
:data:`MAX_MOVE_KM`. The Review page only shows what these return.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from geo.gazetteer.distance import haversine_km
from geo.models import Event, Place
from geo.review.places import place_for_name
from geo.review.validate import split_names

MAX_MOVE_KM = 2_000.0
"""A correction that moves an event further than this asks for confirmation: a typo or a namesake far away."""

PLACE_FIELDS = {"locations": "location", "origins": "origin"}


@dataclass(frozen=True)
class PlaceCheck:
    """One typed name of the form and where it resolves."""

    field: str  # "locations" or "origins"
    typed: str
    place: Place  # without coordinates when nobody knows the name
    from_event: bool  # the event already had a place of this name: kept as extracted
    km_from_event: float | None  # from the event's marker before the change

    @property
    def resolved(self) -> bool:
        """True when the name has coordinates."""
        return self.place.located

    def describe(self) -> str:
        """One line: "Atlantis (location) → Atlantis, ZA, -33.567, 18.483, 12,571 km from the event's place"."""
        head = f"{self.typed} ({self.field[:-1]})"
        if not self.resolved:
            return f"{head}: unknown place ({self.place.reason or 'no gazetteer entry'})"
        where = ", ".join(x for x in (self.place.name, self.place.country) if x)
        line = f"{head} → {where}, {self.place.lat:.3f}, {self.place.lon:.3f}"
        if self.from_event:
            line += ", as extracted"
        if self.km_from_event is not None:
            line += f", {self.km_from_event:,.0f} km from the event's place"
        return line


@dataclass(frozen=True)
class ReviewPreview:
    """Every typed place of a form and how far the event's marker moves with the changes."""

    checks: tuple[PlaceCheck, ...]
    before: Place | None  # the event's marker now
    after: Place | None  # its marker once the changes are saved
    move_km: float | None  # None when the marker does not change or one side has none

    @property
    def unknown(self) -> tuple[str, ...]:
        """Typed names that resolve nowhere."""
        return tuple(c.typed for c in self.checks if not c.resolved)

    @property
    def needs_confirmation(self) -> bool:
        """True when the event would move more than :data:`MAX_MOVE_KM`."""
        return self.move_km is not None and self.move_km > MAX_MOVE_KM

    def lines(self) -> list[str]:
        """What the form shows: one line per typed place, then the move."""
        out = [c.describe() for c in self.checks]
        if self.move_km is not None and self.before is not None and self.after is not None:
            out.append(f"The event moves {self.move_km:,.0f} km, from {_where(self.before)} to {_where(self.after)}.")
        elif self.before is not None and self.after is None:
            out.append(f"The event will have no located place (now at {self.before.name}).")
        return out


def _where(place: Place | None) -> str:
    return "nowhere" if place is None else ", ".join(x for x in (place.name, place.country) if x)


def marker(event: Event) -> Place | None:
    """Where the map puts the event: its first located location, else its first located origin
    (the rule of ``geo.query.events_frame``)."""
    return next((p for p in event.locations if p.located), None) or next((p for p in event.origins if p.located), None)


def preview_changes(event: Event, changes: Mapping[str, Any]) -> ReviewPreview:
    """Resolve the typed places of ``changes`` (as :func:`geo.ui.review_form.form_changes` gives them)
    as saving would, and measure how far the event's marker moves.

    Parameters
    ----------
    event : Event
        The event as the form was filled from (its corrections applied).
    changes : mapping
        Field -> value; only ``locations`` and ``origins`` are looked at.
    """
    before = marker(event)
    own = {p.name.casefold() for p in (*event.locations, *event.origins)}
    checks: list[PlaceCheck] = []
    moved = event
    for field, role in PLACE_FIELDS.items():
        if field not in changes:
            continue
        names = changes[field] if not isinstance(changes[field], str) else split_names(changes[field])
        places = []
        for name in names:
            place = place_for_name(name, role, event)
            km = (haversine_km(before.lat, before.lon, place.lat, place.lon)
                  if before is not None and place.located else None)
            checks.append(PlaceCheck(field, name, place, name.casefold() in own, km))
            places.append(place)
        moved = replace(moved, **{field: tuple(p for p in places if p.located)})
    after = marker(moved)
    move = None
    if before is not None and after is not None and (before.lat, before.lon) != (after.lat, after.lon):
        move = haversine_km(before.lat, before.lon, after.lat, after.lon)
    return ReviewPreview(tuple(checks), before, after, move)


Action = Literal["save", "refuse", "confirm"]


@dataclass(frozen=True)
class Decision:
    """What to do with a submitted form: ``save``, ``refuse`` (an unknown name) or ``confirm`` (a long move)."""

    action: Action
    message: str


def review_decision(preview: ReviewPreview, *, confirmed: bool) -> Decision:
    """Refuse unknown names; ask to confirm a move over :data:`MAX_MOVE_KM` unless ``confirmed``; else save."""
    if preview.unknown:
        why = "; ".join(f"{c.typed!r} ({c.place.reason or 'not in the gazetteer'})"
                        for c in preview.checks if not c.resolved)
        return Decision("refuse", f"Not saved: cannot place {why}. Check the spelling, try the official name "
                                  "(e.g. 'Osan Air Base', 'East China Sea'), or add the place to "
                                  "data/gazetteer/military.csv.")
    if preview.needs_confirmation and not confirmed:
        return Decision("confirm", f"Not saved yet: this moves the event {preview.move_km:,.0f} km, from "
                                   f"{_where(preview.before)} to {_where(preview.after)}. If that is right, tick "
                                   "'Confirm the move' and save again.")
    return Decision("save", "")
