"""Ordered schema migrations of the event store, applied once each and recorded in ``schema_version``."""
from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: articles and their events; an article's events are replaced whole on re-ingest.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, path TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL,
        published TEXT, source TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL, ingested_at TEXT NOT NULL
    );
    CREATE TABLE events (
        event_id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, status TEXT NOT NULL, date TEXT, date_precision TEXT,
        evidence_start INTEGER NOT NULL, data TEXT NOT NULL
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_date ON events(date);
    """,
    # 2: analysts' corrections, keyed by the stable event id. No foreign key on purpose: re-ingest
    # deletes and re-inserts an article's events, and the corrections must outlive that (or be
    # listed as orphaned when the event is gone for good). Undo marks a row; nothing is deleted.
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, field TEXT NOT NULL,
        value TEXT NOT NULL /* JSON */, author TEXT NOT NULL, created_at TEXT NOT NULL,
        undone_at TEXT, undone_by TEXT
    );
    CREATE INDEX corrections_event ON corrections(event_id);
    """,
    # 3: sorties (geo.store.sorties): one row per sortie (its merged JSON), one per member report with
    # what the grouping compares of it, and the reports filed by kind and date bucket so that ingesting an
    # article looks at its neighbourhood only. No foreign keys, as for corrections: re-ingest replaces an
    # article's events and the refresh that follows rewrites these rows. sortie_reviews holds analysts'
    # splits and merges (undo marks a row); sortie_state the grouping version and what it has seen.
    """
    CREATE TABLE sorties (
        sortie_id TEXT PRIMARY KEY, kind TEXT NOT NULL, date TEXT, source_count INTEGER NOT NULL,
        data TEXT NOT NULL /* JSON */, updated_at TEXT NOT NULL
    );
    CREATE TABLE sortie_reports (
        event_id TEXT PRIMARY KEY, sortie_id TEXT NOT NULL, article_id TEXT NOT NULL, kind TEXT NOT NULL,
        status TEXT NOT NULL, anchored INTEGER NOT NULL, lo INTEGER, hi INTEGER,
        features TEXT NOT NULL /* JSON: what the grouping compares (geo.sorties.features.Features.to_row) */
    );
    CREATE INDEX sortie_reports_sortie ON sortie_reports(sortie_id);
    CREATE INDEX sortie_reports_article ON sortie_reports(article_id);
    CREATE TABLE sortie_buckets (
        kind TEXT NOT NULL, status TEXT NOT NULL, anchored INTEGER NOT NULL, bucket INTEGER NOT NULL,
        event_id TEXT NOT NULL, PRIMARY KEY (kind, status, anchored, bucket, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX sortie_buckets_event ON sortie_buckets(event_id);
    CREATE TABLE sortie_reviews (
        id INTEGER PRIMARY KEY, action TEXT NOT NULL, sortie_id TEXT NOT NULL, event_ids TEXT NOT NULL /* JSON */,
        other_ids TEXT NOT NULL /* JSON */, author TEXT NOT NULL, created_at TEXT NOT NULL,
        undone_at TEXT, undone_by TEXT
    );
    CREATE TABLE sortie_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations ``conn`` lacks; return the schema version reached."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    current = row[0] or 0
    for version, script in enumerate(MIGRATIONS, 1):
        if version > current:
            with conn:
                conn.executescript(script)
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    return len(MIGRATIONS)
