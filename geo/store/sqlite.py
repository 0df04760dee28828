"""EventStore: SQLite persistence of articles, their other sources and events, upserted by stable id."""
from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from geo.errors import StorageError
from geo.models import Article, Event, event_from_dict
from geo.store.corrections import CorrectionRows
from geo.store.migrations import migrate

log = logging.getLogger(__name__)

# Seconds a connection waits for another process's write (a first-time schema creation, an ingest)
# before giving up with "database is locked".
BUSY_TIMEOUT_S = 30.0


def stored_date(value: object) -> date | None:
    """A date column's value as a date; anything that is not an ISO date (written around the checks) is None.

    Examples
    --------
    >>> stored_date("2017-09-23"), stored_date("garbage"), stored_date(None)
    (datetime.date(2017, 9, 23), None, None)
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        log.warning("stored date %r is not an ISO date; shown as undated", value)
        return None


@dataclass(frozen=True)
class ArticleSource:
    """Another file in which a stored article's text arrived, with the metadata that file gave."""

    article_id: str
    name: str
    path: str
    title: str
    published: date | None
    source: str
    url: str


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class EventStore(CorrectionRows):
    """Articles, their other sources, their events and analysts' corrections in one SQLite file (or ``:memory:``).

    Every query of the store is a method here or in the store package (``geo.store.corrections``,
    ``geo.store.sorties``): no other stage writes SQL.
    """

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

    def article(self, article_id: str) -> Article | None:
        """The stored article with this content id, or None."""
        row = self.conn.execute("SELECT id, path, title, text, published, source, url FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        return self._article(row) if row else None

    @staticmethod
    def _article(r: tuple) -> Article:
        return Article(id=r[0], path=r[1] or "", title=r[2] or "", text=r[3] or "", published=stored_date(r[4]),
                       source=r[5] or "", url=r[6] or "")

    def save(self, article: Article, events: list[Event]) -> bool:
        """Store an article and its events, replacing what an earlier run stored for it.

        Returns True when anything changed, False when the same article and events were already stored.
        """
        rows = [(e.event_id, article.id, e.kind, e.status, e.date, e.date_precision, e.evidence.start,
                 json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)) for e in events]
        old = self.conn.execute("SELECT event_id, data FROM events WHERE article_id = ? ORDER BY event_id",
                                (article.id,)).fetchall()
        meta = (article.path, article.name, article.title, _iso(article.published), article.source, article.url)
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
                    (article.id, article.path, article.name, article.title, _iso(article.published), article.source,
                     article.url, article.text, _now()))
                self.conn.execute("DELETE FROM events WHERE article_id = ?", (article.id,))
                self.conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as err:
            raise StorageError(f"cannot write article {article.name!r} to {self.path}: {err}") from err
        return True

    def add_source(self, article: Article) -> bool:
        """Record ``article`` (a file whose text is already stored under another name) as another source of it.

        The stored article, its events and its first file's name, title and date are left as they
        are. Returns True when the source is new or its metadata changed, False when it was recorded
        already just so.

        Raises
        ------
        StorageError
            When no article with this text is stored, or the store cannot be written.
        """
        if not self.has_article(article.id):
            raise StorageError(f"cannot record {article.name!r} as another source: no stored article has its text")
        row = (article.path, article.title, _iso(article.published), article.source, article.url)
        stored = self.conn.execute("SELECT path, title, published, source, url FROM article_sources "
                                   "WHERE article_id = ? AND name = ?", (article.id, article.name)).fetchone()
        if stored is not None and tuple(stored) == row:
            return False
        try:
            with self.conn:
                self.conn.execute(
                    "INSERT INTO article_sources (article_id, name, path, title, published, source, url, added_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id, name) DO UPDATE SET "
                    "path=excluded.path, title=excluded.title, published=excluded.published, "
                    "source=excluded.source, url=excluded.url", (article.id, article.name, *row, _now()))
        except sqlite3.Error as err:
            raise StorageError(f"cannot write source {article.name!r} to {self.path}: {err}") from err
        return True

    def sources(self, article_id: str | None = None) -> list[ArticleSource]:
        """The other files stored articles arrived in (all, or one article's), by article and name."""
        sql, args = "SELECT article_id, name, path, title, published, source, url FROM article_sources", ()
        if article_id is not None:
            sql, args = sql + " WHERE article_id = ?", (article_id,)
        return [ArticleSource(r[0], r[1], r[2], r[3], stored_date(r[4]), r[5], r[6])
                for r in self.conn.execute(sql + " ORDER BY article_id, name", args)]

    def articles(self) -> list[Article]:
        """Every stored article, by name."""
        return [self._article(r) for r in
                self.conn.execute("SELECT id, path, title, text, published, source, url FROM articles ORDER BY name")]

    def events(self) -> list[Event]:
        """Every stored event, by article and position."""
        return [event_from_dict(json.loads(r[0])) for r in
                self.conn.execute("SELECT data FROM events ORDER BY article_id, evidence_start, event_id")]

    def article_titles(self) -> dict[str, str]:
        """Article id -> title, for every stored article (without reading their texts)."""
        return dict(self.conn.execute("SELECT id, title FROM articles"))

    def counts(self) -> dict[str, int]:
        """Number of articles and events stored."""
        return {"articles": self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                "events": self.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]}

    def version(self) -> str:
        """A text that changes whenever an article, event, correction or sortie review is written, by any process.

        Kept by triggers in one row (``store_changes``), so asking costs one lookup however large the
        store is (summing the events' lengths, as before, took 0.15 s at 100,000 events on every page run).
        The sortie rows are left out: they are regrouped from the events, whose writes are counted.
        """
        return str(self.conn.execute("SELECT changes FROM store_changes WHERE id = 1").fetchone()[0])


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
        conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
    except (sqlite3.Error, OSError) as err:
        raise StorageError(f"cannot open event store {path!r}: {err}; delete it or set GEO_STORE_PATH "
                           "to another file") from err
    return EventStore(conn, path)
