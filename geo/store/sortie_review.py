"""Analysts' review of sorties: split a report out of one, merge two; recorded with who and when, undoable, kept across re-ingest.

A decision is stored by event ids, which re-ingesting an unchanged article keeps, so it survives
re-ingest: a split keeps the report apart from the reports it was grouped with, a merge keeps the two
sorties' reports together, whatever the grouping rules would do (``geo.store.sorties.sortie_links``
turns the active decisions into must-link / cannot-link pairs, the later decision winning). Undo marks
the decision; nothing is deleted. Each change regroups the reports it touches at once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from geo.errors import SortieReviewError
from geo.store.sorties import ensure_sorties, refresh_events, sortie_members, sortie_of_event

if TYPE_CHECKING:
    from geo.store.sqlite import EventStore

ACTIONS: tuple[str, ...] = ("split", "merge")


@dataclass(frozen=True)
class SortieReview:
    """One stored decision.

    Attributes
    ----------
    id : int
        Row id; a later decision has a higher id and wins over an earlier one on the same reports.
    action : str
        ``split`` (``event_ids`` taken out of ``sortie_id``, apart from ``other_ids``) or ``merge``
        (sortie ``sortie_id``, whose reports were ``event_ids``, merged with the sortie whose reports were
        ``other_ids``).
    author, created_at : str
        Who decided and when (UTC, ISO 8601).
    undone_at, undone_by : str or None
        When and by whom it was undone; None while active.
    """

    id: int
    action: str
    sortie_id: str
    event_ids: tuple[str, ...]
    other_ids: tuple[str, ...]
    author: str
    created_at: str
    undone_at: str | None = None
    undone_by: str | None = None

    @property
    def active(self) -> bool:
        """True until the decision is undone."""
        return self.undone_at is None

    @property
    def text(self) -> str:
        """The decision in one line of plain text."""
        if self.action == "split":
            return f"split report {self.event_ids[0]} out of sortie {self.sortie_id} ({len(self.other_ids)} other report(s))"
        return (f"merged sortie {self.sortie_id} ({len(self.event_ids)} report(s)) with another of "
                f"{len(self.other_ids)} report(s)")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _author(author: Any) -> str:
    if not isinstance(author, str) or not author.strip():
        raise SortieReviewError(f"author: expected a non-empty name, got {author!r}; type your name so the change "
                                "can be attributed")
    return author.strip()


def _row(r) -> SortieReview:
    return SortieReview(int(r[0]), r[1], r[2], tuple(json.loads(r[3])), tuple(json.loads(r[4])), r[5], r[6], r[7], r[8])


def _get(store: EventStore, review_id: int) -> SortieReview | None:
    row = store.conn.execute("SELECT id, action, sortie_id, event_ids, other_ids, author, created_at, undone_at, "
                             "undone_by FROM sortie_reviews WHERE id = ?", (review_id,)).fetchone()
    return _row(row) if row else None


def _record(store: EventStore, action: str, sortie_id: str, ids: list[str], others: list[str], author: str) -> int:
    with store.conn:
        return store.conn.execute(
            "INSERT INTO sortie_reviews (action, sortie_id, event_ids, other_ids, author, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (action, sortie_id, json.dumps(ids), json.dumps(others), author, _now())
        ).lastrowid


def split_report(store: EventStore, event_id: str, author: str, sortie_id: str | None = None) -> SortieReview:
    """Take one report out of its sortie and keep it apart from the sortie's other reports.

    Parameters
    ----------
    store : EventStore
    event_id : str
        The report's event id.
    author : str
        Who decides.
    sortie_id : str, optional
        The sortie the analyst saw the report in; refused when the report has moved since.

    Returns
    -------
    SortieReview
        The stored decision. The report then forms a sortie of its own, or joins another one the
        grouping rules allow.

    Raises
    ------
    SortieReviewError
        When the author is empty, the event is not stored, it is in another sortie than ``sortie_id``,
        or it is its sortie's only report.
    """
    author = _author(author)
    ensure_sorties(store)
    current = sortie_of_event(store, event_id)
    if current is None:
        raise SortieReviewError(f"no stored report has event id {event_id!r}; pick a report of a stored sortie "
                                "(its article may have been re-ingested with other events)")
    if sortie_id is not None and sortie_id != current:
        raise SortieReviewError(f"report {event_id} is in sortie {current}, not {sortie_id!r}; reload to see the "
                                "current sorties")
    others = [e for e in sortie_members(store, current) if e != event_id]
    if not others:
        raise SortieReviewError(f"report {event_id} is the only report of sortie {current}; there is nothing to "
                                "split it from")
    review_id = _record(store, "split", current, [event_id], others, author)
    refresh_events(store, [event_id, *others])
    return _get(store, review_id)


def merge_sorties(store: EventStore, sortie_id: str, other_id: str, author: str) -> SortieReview:
    """Merge two sorties into one and keep their reports together.

    Returns
    -------
    SortieReview
        The stored decision; the merged sortie keeps the id of the one with more reports (the smaller
        id on a tie).

    Raises
    ------
    SortieReviewError
        When the author is empty, either sortie is not stored, or both ids are the same.
    """
    author = _author(author)
    ensure_sorties(store)
    if sortie_id == other_id:
        raise SortieReviewError(f"cannot merge sortie {sortie_id!r} with itself; pick two different sorties")
    ids, others = sortie_members(store, sortie_id), sortie_members(store, other_id)
    for sid, members in ((sortie_id, ids), (other_id, others)):
        if not members:
            raise SortieReviewError(f"no stored sortie has id {sid!r}; reload to see the current sorties")
    review_id = _record(store, "merge", sortie_id, ids, others, author)
    refresh_events(store, [*ids, *others])
    return _get(store, review_id)


def undo_review(store: EventStore, review_id: int, author: str) -> SortieReview:
    """Undo a split or merge (it is kept, marked with who undid it and when) and regroup its reports.

    Raises
    ------
    SortieReviewError
        When the author is empty, no decision has this id, or it was already undone.
    """
    author = _author(author)
    review = _get(store, review_id)
    if review is None:
        raise SortieReviewError(f"no sortie review has id {review_id!r}; reload to see the current history")
    if not review.active:
        raise SortieReviewError(f"sortie review #{review_id} was already undone at {review.undone_at} by "
                                f"{review.undone_by}; nothing to do")
    with store.conn:
        store.conn.execute("UPDATE sortie_reviews SET undone_at = ?, undone_by = ? WHERE id = ?",
                           (_now(), author, review_id))
    refresh_events(store, [*review.event_ids, *review.other_ids])
    return _get(store, review_id)


def sortie_reviews(store: EventStore, include_undone: bool = False) -> list[SortieReview]:
    """Stored decisions, oldest first (undone ones too with ``include_undone``)."""
    sql = ("SELECT id, action, sortie_id, event_ids, other_ids, author, created_at, undone_at, undone_by "
           "FROM sortie_reviews" + ("" if include_undone else " WHERE undone_at IS NULL") + " ORDER BY id")
    return [_row(r) for r in store.conn.execute(sql)]


def orphaned_reviews(store: EventStore) -> list[SortieReview]:
    """Active decisions naming a report that is no longer stored (its article changed or was removed)."""
    stored = {r[0] for r in store.conn.execute("SELECT event_id FROM events")}
    return [r for r in sortie_reviews(store) if not set(r.event_ids + r.other_ids) <= stored]


__all__ = ["ACTIONS", "SortieReview", "merge_sorties", "orphaned_reviews", "sortie_reviews", "split_report",
           "undo_review"]
