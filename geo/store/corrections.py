"""The store's side of analysts' corrections: the corrections table, written and read by name.

What a correction may say, how it is checked and how it changes an event is the review model
(``geo.review``); this module only stores a checked correction with who and when, marks one undone
(nothing is deleted) and reads them back. :class:`CorrectionRows` is a part of
:class:`geo.store.sqlite.EventStore`.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from geo.errors import CorrectionError, StorageError
from geo.models import Event, event_from_dict
from geo.review import Correction, Reviewed, check_author, normalize_value, review_events, undo

COLUMNS: tuple[str, ...] = ("id", "event_id", "field", "value", "author", "created_at", "undone_at", "undone_by")
"""The corrections table's columns, read by these names."""
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM corrections"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _correction(row: tuple) -> Correction:
    values = dict(zip(COLUMNS, row))
    values["id"], values["value"] = int(values["id"]), json.loads(values["value"])
    return Correction(**values)


class CorrectionRows:
    """Corrections in the store: added after the review model checked them, undone, listed, applied."""

    conn: sqlite3.Connection
    path: str
    events: Callable[[], list[Event]]  # EventStore's: every stored event, as extracted

    def event(self, event_id: str) -> Event | None:
        """The stored event with this id as extracted (no corrections), or None."""
        row = self.conn.execute("SELECT data FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return event_from_dict(json.loads(row[0])) if row else None

    def add_corrections(self, event_id: str, changes: Mapping[str, Any], author: str) -> list[int]:
        """Check every change with the review model, then store them all in one transaction.

        Parameters
        ----------
        event_id : str
            A stored event's id.
        changes : mapping
            Field -> value, as ``geo.review.normalize_value`` takes them (a date must lie in the
            configured date window).
        author : str
            Who makes the corrections.

        Returns
        -------
        list of int
            The new corrections' ids, in the order of ``changes``.

        Raises
        ------
        CorrectionError
            When the event is not stored, the author is empty or any value is invalid (nothing is stored then).
        """
        author = check_author(author)
        event = self.event(event_id)
        if event is None:
            raise CorrectionError(f"no stored event has id {event_id!r}; pick an event from the store "
                                  "(it may have gone when its article was re-ingested)")
        rows = [(event_id, f, json.dumps(normalize_value(f, v, event), ensure_ascii=False), author, _now())
                for f, v in changes.items()]
        try:
            with self.conn:
                return [self.conn.execute("INSERT INTO corrections (event_id, field, value, author, created_at) "
                                          "VALUES (?, ?, ?, ?, ?)", row).lastrowid for row in rows]
        except sqlite3.Error as err:
            raise StorageError(f"cannot write corrections to {self.path}: {err}") from err

    def add_correction(self, event_id: str, field: str, value: Any, author: str) -> int:
        """Store one correction of one field of a stored event and return its id (see :meth:`add_corrections`).

        Examples
        --------
        >>> cid = store.add_correction(event.event_id, "kind", "exercise", "ana")   # doctest: +SKIP
        """
        return self.add_corrections(event_id, {field: value}, author)[0]

    def correction(self, correction_id: int) -> Correction | None:
        """One stored correction by id, or None."""
        row = self.conn.execute(f"{_SELECT} WHERE id = ?", (correction_id,)).fetchone()
        return _correction(row) if row else None

    def undo_correction(self, correction_id: int, author: str) -> Correction:
        """Mark a correction undone (it is kept, with who undid it and when) and return it as it is now.

        Raises
        ------
        CorrectionError
            When no correction has this id, it is already undone, or the author is empty.
        """
        author = check_author(author)
        stored = self.correction(correction_id)
        if stored is None:
            raise CorrectionError(f"no correction has id {correction_id!r}; reload the page to see the current "
                                  "history")
        done = undo(stored, author, _now())
        with self.conn:
            self.conn.execute("UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?",
                              (done.undone_at, done.undone_by, correction_id))
        return done

    def corrections(self, event_id: str | None = None, include_undone: bool = False) -> list[Correction]:
        """Stored corrections, oldest first: every event's, or one event's; undone ones with ``include_undone``."""
        sql, args = f"{_SELECT} WHERE 1=1", []
        if event_id is not None:
            sql, args = sql + " AND event_id = ?", [event_id]
        if not include_undone:
            sql += " AND undone_at IS NULL"
        return [_correction(r) for r in self.conn.execute(sql + " ORDER BY id", args)]

    def orphaned_corrections(self, include_undone: bool = False) -> list[Correction]:
        """Corrections whose event is no longer stored (its article changed or was removed), oldest first."""
        sql = (f"{_SELECT} WHERE event_id NOT IN (SELECT event_id FROM events)"
               + ("" if include_undone else " AND undone_at IS NULL") + " ORDER BY id")
        return [_correction(r) for r in self.conn.execute(sql)]

    def corrections_seen(self) -> tuple[int, int, int]:
        """(how many corrections, the latest id, how many undone): changes whenever a correction is made or undone."""
        n, latest, undone = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0), COUNT(undone_at) "
                                              "FROM corrections").fetchone()
        return int(n), int(latest), int(undone)

    def reviewed(self) -> Reviewed:
        """Every stored event with its active corrections applied, and which fields were corrected."""
        return review_events(self.events(), self.corrections())

    def reviewed_events(self) -> list[Event]:
        """Every stored event with its analysts' active corrections applied."""
        return self.reviewed().events

    def reviewed_event(self, event_id: str) -> Event | None:
        """The event with this id with its active corrections applied, or None."""
        event = self.event(event_id)
        return review_events([event], self.corrections(event_id)).events[0] if event else None
