"""EventStore: SQLite persistence of articles and events, upserted by stable id so re-ingest changes nothing."""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

from geo.errors import StorageError
from geo.models import Article, Event, event_from_dict
from geo.store.migrations import migrate


class EventStore:
    """Articles and their events in one SQLite file (or ``:memory:``)."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def has_article(self, article_id: str) -> bool:
        """Is an article with this content id stored?"""
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def save(self, article: Article, events: list[Event]) -> bool:
        """Store an article and its events, replacing what an earlier run stored for it.

        Returns True when anything changed, False when the same article and events were already stored.
        """
        rows = [(e.event_id, article.id, e.kind, e.status, e.date, e.date_precision, e.evidence.start,
                 json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)) for e in events]
        old = self.conn.execute("SELECT event_id, data FROM events WHERE article_id = ? ORDER BY event_id",
                                (article.id,)).fetchall()
        meta = (article.path, article.name, article.title,
                article.published.isoformat() if article.published else None, article.source, article.url)
        stored = self.conn.execute("SELECT path, name, title, published, source, url FROM articles WHERE id = ?",
                                   (article.id,)).fetchone()
        if stored is not None and tuple(stored) == meta and sorted((r[0], r[7]) for r in rows) == [tuple(o) for o in old]:
            return False
        try:
            with self.conn:
                self.conn.execute(
                    "INSERT INTO articles (id, path, name, title, published, source, url, text, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET path=excluded.path, "
                    "name=excluded.name, title=excluded.title, published=excluded.published, "
                    "source=excluded.source, url=excluded.url",
                    (article.id, article.path, article.name, article.title,
                     article.published.isoformat() if article.published else None, article.source, article.url,
                     article.text, datetime.now(timezone.utc).isoformat(timespec="seconds")))
                self.conn.execute("DELETE FROM events WHERE article_id = ?", (article.id,))
                self.conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as err:
            raise StorageError(f"cannot write article {article.name!r} to {self.path}: {err}") from err
        return True

    def articles(self) -> list[Article]:
        """Every stored article, by name."""
        out = []
        for r in self.conn.execute("SELECT id, path, title, text, published, source, url FROM articles ORDER BY name"):
            out.append(Article(id=r[0], path=r[1], title=r[2], text=r[3],
                               published=date.fromisoformat(r[4]) if r[4] else None, source=r[5], url=r[6]))
        return out

    def events(self) -> list[Event]:
        """Every stored event, by article and position."""
        return [event_from_dict(json.loads(r[0])) for r in
                self.conn.execute("SELECT data FROM events ORDER BY article_id, evidence_start, event_id")]

    def reviewed_events(self) -> list[Event]:
        """Every stored event with its analysts' active corrections applied (see ``geo.store.corrections``)."""
        # Imported here so the import goes one way: the corrections module works on an EventStore.
        from geo.store.corrections import apply_to_events, corrections_for

        return apply_to_events(self.events(), corrections_for(self))

    def counts(self) -> dict[str, int]:
        """Number of articles and events stored."""
        return {"articles": self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                "events": self.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]}


def open_store(path: str | Path = ":memory:") -> EventStore:
    """Open (creating and migrating if needed) the store at ``path``.

    Raises
    ------
    StorageError
        When the file cannot be opened or is not a Sortie store.
    """
    path = str(path)
    try:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except (sqlite3.Error, OSError) as err:
        raise StorageError(f"cannot open event store {path!r}: {err}; delete it or set GEO_STORE_PATH "
                           "to another file") from err
    return EventStore(conn, path)
