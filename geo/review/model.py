"""Analysts' corrections as values: one correction, the fields it may change, which one is in force, and undo."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from geo.errors import CorrectionError
from geo.models import EventStatus

Field = Literal["date", "kind", "aircraft", "locations", "origins", "status"]
FIELDS: tuple[str, ...] = ("date", "kind", "aircraft", "locations", "origins", "status")
"""The fields of an event a correction may change, in the order the exports list corrected ones."""
EVENT_STATUSES: tuple[str, ...] = get_args(EventStatus)


@dataclass(frozen=True)
class Correction:
    """One stored correction of one field of one event.

    Attributes
    ----------
    id : int
        Row id; a higher id is a later correction, and the later correction of a field wins.
    event_id : str
        The stable id of the corrected event.
    field : str
        One of :data:`FIELDS`.
    value : Any
        The decoded, validated JSON value: ``{"date": ..., "date_precision": ...}`` for ``date``,
        a string for ``kind`` and ``status``, a list of strings for ``aircraft``, ``locations`` and ``origins``.
    author, created_at : str
        Who made it and when (UTC, ISO 8601).
    undone_at, undone_by : str or None
        When and by whom it was undone; None while it is active.
    """

    id: int
    event_id: str
    field: str
    value: Any
    author: str
    created_at: str
    undone_at: str | None = None
    undone_by: str | None = None

    @property
    def active(self) -> bool:
        """True until the correction is undone."""
        return self.undone_at is None

    @property
    def value_text(self) -> str:
        """The value as one line of plain text, for tables and messages."""
        return format_value(self.field, self.value)


def format_value(field: str, value: Any) -> str:
    """One line of plain text for a correction value.

    Examples
    --------
    >>> format_value("date", {"date": "2017-09", "date_precision": "month"})
    '2017-09 (month)'
    >>> format_value("aircraft", ["B-1B", "F-15C"])
    'B-1B, F-15C'
    """
    if field == "date":
        return f"{value['date']} ({value['date_precision']})" if value.get("date") else "undated"
    if isinstance(value, (list, tuple)):
        return ", ".join(value) if value else "(none)"
    return str(value)


def fail(field: str, expected: str, got: Any, fix: str) -> CorrectionError:
    """The error for a value that does not fit: what was expected, what arrived (``!r``) and what to do."""
    return CorrectionError(f"{field}: expected {expected}, got {got!r}; {fix}")


def check_author(author: Any) -> str:
    """The reviewer's name, stripped.

    Raises
    ------
    CorrectionError
        When it is not a non-empty string.
    """
    if not isinstance(author, str) or not author.strip():
        raise fail("author", "a non-empty name", author, "type your name so the correction can be attributed")
    return author.strip()


def winners(event_id: str, corrections: Iterable[Correction]) -> dict[str, Correction]:
    """The correction in force for each field of one event: the latest (highest id) active one.

    Examples
    --------
    >>> a, b = Correction(1, "e1", "kind", "exercise", "ana", "t1"), Correction(2, "e1", "kind", "other", "ben", "t2")
    >>> winners("e1", [b, a])["kind"].id
    2
    """
    latest: dict[str, Correction] = {}
    for c in sorted((c for c in corrections if c.event_id == event_id and c.active), key=lambda c: c.id):
        latest[c.field] = c  # later ids overwrite earlier ones
    return latest


def undo(correction: Correction, author: str, when: str) -> Correction:
    """``correction`` marked undone by ``author`` at ``when``; it is kept in the history, never deleted.

    Raises
    ------
    CorrectionError
        When it is already undone or the author is empty.
    """
    author = check_author(author)
    if not correction.active:
        raise CorrectionError(f"correction #{correction.id} was already undone at {correction.undone_at} by "
                              f"{correction.undone_by}; nothing to do (make a new correction to change the value)")
    return replace(correction, undone_at=when, undone_by=author)


def correction_states(corrections: Iterable[Correction]) -> dict[int, str]:
    """The state of each correction, for the History: "active" (in force), "superseded by #N" (a later
    correction of the same field of the same event is in force) or "undone at ... by ...".

    Examples
    --------
    >>> a = Correction(1, "e1", "kind", "exercise", "ana", "t1")
    >>> b = Correction(2, "e1", "kind", "other", "ben", "t2")
    >>> correction_states([a, b])
    {1: 'superseded by #2', 2: 'active'}
    """
    corrections = list(corrections)
    in_force: dict[tuple[str, str], int] = {}
    for c in corrections:
        if c.active:
            key = (c.event_id, c.field)
            in_force[key] = max(in_force.get(key, c.id), c.id)  # the latest active one wins (see winners)
    states = {}
    for c in corrections:
        if not c.active:
            states[c.id] = f"undone at {c.undone_at} by {c.undone_by}"
        else:
            winner = in_force[(c.event_id, c.field)]
            states[c.id] = "active" if winner == c.id else f"superseded by #{winner}"
    return states
