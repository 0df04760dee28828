"""Batched writes to the event store: many articles in one transaction, in WAL mode so readers keep reading.

A long ingest writes articles in batches. Each batch is one SQLite transaction: a kill loses at
most the batch being written, never leaves half an article, and the next run finds every
committed article by its content hash. Write-ahead logging lets the dashboard read the store
while an ingest writes it (readers see the last committed batch).

The store's own methods (``EventStore.save``, ``add_source``...) each open a ``with conn:``
block, which commits. Inside :func:`batch` those blocks become savepoints of the batch's one
transaction, so the same methods, unchanged, write a whole batch at once, and a failing article
rolls back only its own writes.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from geo.errors import StorageError
from geo.store.sqlite import EventStore


class _SavepointConnection:
    """A connection whose ``with`` blocks are savepoints of one outer transaction, and whose commit waits for it."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._depth = 0

    def __getattr__(self, name: str):
        return getattr(self._conn, name)

    def __enter__(self) -> "_SavepointConnection":
        self._conn.execute(f"SAVEPOINT batch_{self._depth}")
        self._depth += 1
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._depth -= 1
        name = f"batch_{self._depth}"
        if exc_type is not None:
            self._conn.execute(f"ROLLBACK TO {name}")
        self._conn.execute(f"RELEASE {name}")

    def commit(self) -> None:
        """Nothing: the batch commits once, when it ends."""

    def rollback(self) -> None:
        """Nothing here either: a failing write rolls back to its savepoint, the batch goes on."""


def enable_wal(store: EventStore) -> str:
    """Switch the store's file to write-ahead logging (it stays so); returns the journal mode now in force.

    A ``:memory:`` store, or a file system without shared memory, keeps its mode; writing still works.
    """
    if store.path == ":memory:":
        return "memory"
    try:
        row = store.conn.execute("PRAGMA journal_mode=WAL").fetchone()
    except sqlite3.Error as err:
        raise StorageError(f"cannot switch {store.path} to WAL mode: {err}") from err
    return str(row[0]).lower() if row else ""


@contextmanager
def batch(store: EventStore) -> Iterator[EventStore]:
    """Run the writes of a ``with`` block as one transaction: all of them are committed, or none.

    Raises
    ------
    StorageError
        When the transaction cannot begin (another writer holds the store past the busy timeout)
        or cannot be committed.
    """
    conn = store.conn
    if isinstance(conn, _SavepointConnection):  # already inside a batch: it is part of that one
        yield store
        return
    try:
        if conn.in_transaction:
            conn.commit()
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as err:
        raise StorageError(f"cannot start writing a batch to {store.path}: {err}") from err
    store.conn = _SavepointConnection(conn)  # type: ignore[assignment]
    try:
        yield store
    except BaseException:
        store.conn = conn
        conn.rollback()
        raise
    store.conn = conn
    try:
        conn.commit()
    except sqlite3.Error as err:
        conn.rollback()
        raise StorageError(f"cannot commit a batch to {store.path}: {err}") from err


def stored_event_count(store: EventStore, article_id: str) -> int:
    """How many events the store holds for one article."""
    return store.conn.execute("SELECT COUNT(*) FROM events WHERE article_id = ?", (article_id,)).fetchone()[0]


__all__ = ["batch", "enable_wal", "stored_event_count"]
