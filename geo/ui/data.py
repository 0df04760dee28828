"""Cached access to the event store for the pages: one shared store, event frames cached per store version."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.config import Settings
from geo.errors import ConfigurationError
from geo.pipeline import ingest_paths
from geo.query import events_frame
from geo.store import EventStore, open_store
from geo.ui.untrusted import plain


def settings_or_stop() -> Settings:
    """The settings, or (a bad GEO_* variable) an error saying which and what it expects, and no page."""
    try:
        return Settings.from_env()
    except ConfigurationError as err:
        st.error(plain(f"Sortie cannot start: {err}. Fix the environment variable and restart."))
        st.stop()
        raise  # st.stop() raises; this line only tells readers (and type checkers) that nothing follows


@st.cache_resource(show_spinner="Opening the event store…")
def get_store(store_path: str | None = None) -> EventStore:
    """The shared store; on first use an empty store is filled from the bundled corpus in ``data/articles``."""
    settings = Settings.from_env(store_path=store_path)
    store = open_store(settings.store_path)
    if store.counts()["articles"] == 0 and settings.articles_dir.exists():
        ingest_paths([settings.articles_dir], store, settings=settings)
    return store


def store_version(store: EventStore) -> str:
    """Changes whenever articles or events change, so cached frames are rebuilt."""
    row = store.conn.execute("SELECT COUNT(*), COALESCE(MAX(ingested_at), '') FROM articles").fetchone()
    ev = store.conn.execute("SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM events").fetchone()
    # Corrections written by another session or process must also show up.
    fix = store.conn.execute("SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(undone_at), '') "
                             "FROM corrections").fetchone()
    return f"{row[0]}:{row[1]}:{ev[0]}:{ev[1]}:{fix[0]}:{fix[1]}:{fix[2]}"


# A resource, not data: st.cache_data would copy the 10k-row frame on every rerun (~0.13 s). Callers
# must treat the frame as read-only; filter_events returns new frames.
@st.cache_resource(show_spinner=False, max_entries=4)
def _frame(store_path: str, version: str) -> pd.DataFrame:
    store = get_store(store_path)
    # Analysts' corrections are applied here, so every page shows the reviewed events.
    return events_frame(store.reviewed_events(), store.articles())


def load_events(store: EventStore, version: str | None = None) -> pd.DataFrame:
    """The events DataFrame of ``store`` (shared, read-only); pass ``version`` when the page has it already."""
    return _frame(store.path, version if version is not None else store_version(store))
