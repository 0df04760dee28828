"""Ordered schema migrations of the event store, applied in one locked transaction, recorded in ``schema_version``."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from geo.errors import StorageError

# Every statement says IF NOT EXISTS: a store left half-made by an older, non-atomic version is
# completed rather than refused ("table articles already exists").
MIGRATIONS: tuple[str, ...] = (
    # 1: articles and their events; an article's events are replaced whole on re-ingest.
    """
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL,
        published TEXT, source TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL, ingested_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS events (
        event_id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, status TEXT NOT NULL, date TEXT, date_precision TEXT,
        evidence_start INTEGER NOT NULL, data TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
    CREATE INDEX IF NOT EXISTS events_date ON events(date);
    """,
    # 2: analysts' corrections, keyed by the stable event id. No foreign key on purpose: re-ingest
    # deletes and re-inserts an article's events, and the corrections must outlive that (or be
    # listed as orphaned when the event is gone for good). Undo marks a row; nothing is deleted.
    """
    CREATE TABLE IF NOT EXISTS corrections (
        id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, field TEXT NOT NULL,
        value TEXT NOT NULL /* JSON */, author TEXT NOT NULL, created_at TEXT NOT NULL,
        undone_at TEXT, undone_by TEXT
    );
    CREATE INDEX IF NOT EXISTS corrections_event ON corrections(event_id);
    """,
    # 3: the other files an article's text arrived in. The articles row keeps the first file's name,
    # title and date; a later file with the same text under another name is recorded here instead
    # of overwriting them.
    """
    CREATE TABLE IF NOT EXISTS article_sources (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name TEXT NOT NULL, path TEXT NOT NULL, title TEXT NOT NULL, published TEXT,
        source TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', added_at TEXT NOT NULL,
        PRIMARY KEY (article_id, name)
    );
    """,
    # 4: sorties (geo.store.sorties): one row per sortie (its merged JSON), one per member report with
    # what the grouping compares of it, and the reports filed by kind and date bucket so that ingesting an
    # article looks at its neighbourhood only. No foreign keys, as for corrections: re-ingest replaces an
    # article's events and the refresh that follows rewrites these rows. sortie_reviews holds analysts'
    # splits and merges (undo marks a row); sortie_state the grouping version and what it has seen.
    """
    CREATE TABLE IF NOT EXISTS sorties (
        sortie_id TEXT PRIMARY KEY, kind TEXT NOT NULL, date TEXT, source_count INTEGER NOT NULL,
        data TEXT NOT NULL /* JSON */, updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sortie_reports (
        event_id TEXT PRIMARY KEY, sortie_id TEXT NOT NULL, article_id TEXT NOT NULL, kind TEXT NOT NULL,
        status TEXT NOT NULL, anchored INTEGER NOT NULL, lo INTEGER, hi INTEGER,
        features TEXT NOT NULL /* JSON: what the grouping compares (geo.sorties.features.Features.to_row) */
    );
    CREATE INDEX IF NOT EXISTS sortie_reports_sortie ON sortie_reports(sortie_id);
    CREATE INDEX IF NOT EXISTS sortie_reports_article ON sortie_reports(article_id);
    CREATE TABLE IF NOT EXISTS sortie_buckets (
        kind TEXT NOT NULL, status TEXT NOT NULL, anchored INTEGER NOT NULL, bucket INTEGER NOT NULL,
        event_id TEXT NOT NULL, PRIMARY KEY (kind, status, anchored, bucket, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS sortie_buckets_event ON sortie_buckets(event_id);
    CREATE TABLE IF NOT EXISTS sortie_reviews (
        id INTEGER PRIMARY KEY, action TEXT NOT NULL, sortie_id TEXT NOT NULL, event_ids TEXT NOT NULL /* JSON */,
        other_ids TEXT NOT NULL /* JSON */, author TEXT NOT NULL, created_at TEXT NOT NULL,
        undone_at TEXT, undone_by TEXT
    );
    CREATE TABLE IF NOT EXISTS sortie_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 5: a change counter for readers' caches (EventStore.version): every write of an article, event or
    # correction, by any process, adds one. Reading it is one lookup, where summing the events took 0.15 s
    # a page run at 100,000 events.
    """
    CREATE TABLE IF NOT EXISTS store_changes (id INTEGER PRIMARY KEY CHECK (id = 1), changes INTEGER NOT NULL);
    INSERT OR IGNORE INTO store_changes (id, changes) VALUES (1, 0);
    CREATE TRIGGER IF NOT EXISTS articles_insert_counted AFTER INSERT ON articles
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS articles_update_counted AFTER UPDATE ON articles
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS articles_delete_counted AFTER DELETE ON articles
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS events_insert_counted AFTER INSERT ON events
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS events_update_counted AFTER UPDATE ON events
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS events_delete_counted AFTER DELETE ON events
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS corrections_insert_counted AFTER INSERT ON corrections
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS corrections_update_counted AFTER UPDATE ON corrections
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS corrections_delete_counted AFTER DELETE ON corrections
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    """,
    # 6: analysts' splits and merges of sorties change what the pages show without touching an event, so
    # they count as changes too.
    """
    CREATE TRIGGER IF NOT EXISTS sortie_reviews_insert_counted AFTER INSERT ON sortie_reviews
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS sortie_reviews_update_counted AFTER UPDATE ON sortie_reviews
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS sortie_reviews_delete_counted AFTER DELETE ON sortie_reviews
        BEGIN UPDATE store_changes SET changes = changes + 1 WHERE id = 1; END;
    """,
)


def statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script``, one by one (a ``;`` inside a string or comment does not split).

    Examples
    --------
    >>> list(statements("CREATE TABLE a (x TEXT DEFAULT ';'); CREATE INDEX i ON a(x);"))
    ["CREATE TABLE a (x TEXT DEFAULT ';');", 'CREATE INDEX i ON a(x);']
    """
    buf = ""
    for ch in script:
        buf += ch
        if ch == ";" and sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


def _version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    except sqlite3.OperationalError as err:
        if "no such table" in str(err):
            return 0
        raise
    return row[0] or 0


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations ``conn`` lacks, all in one transaction; return the schema version reached.

    The transaction is ``BEGIN IMMEDIATE``: a second process creating the same store waits for the
    first to commit (within the connection's busy timeout) and then finds nothing left to do, and a
    run killed halfway leaves the store as it was before, never half-made.

    Raises
    ------
    StorageError
        When the store was written by a newer Sortie, with more migrations than this one knows.
    """
    if _version(conn) == len(MIGRATIONS):
        return len(MIGRATIONS)  # the usual case: nothing to do, and no write lock taken
    level = conn.isolation_level
    conn.isolation_level = None  # statements below run in the one transaction opened here
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = _version(conn)  # again, under the lock: another process may have just migrated
            if current > len(MIGRATIONS):
                raise StorageError(f"the store is at schema version {current}, newer than this Sortie knows "
                                   f"({len(MIGRATIONS)}); update Sortie or set GEO_STORE_PATH to another file")
            for version, script in enumerate(MIGRATIONS, 1):
                if version > current:
                    for statement in statements(script):
                        conn.execute(statement)
                    conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.isolation_level = level
    return len(MIGRATIONS)
