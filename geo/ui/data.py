"""Cached access to the event store for the pages: one shared store, event frames cached per store version."""
from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.config import Settings
from geo.errors import ConfigurationError
from geo.gazetteer import load_gazetteer
from geo.pipeline import ingest_paths
from geo.query.index import register
from geo.query.views import store_frames
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


_FILLING = threading.Lock()  # one session fills an empty store; the others wait for it, then find it full


@st.cache_resource(show_spinner="Opening the event store…")
def _open(store_path: str | None) -> EventStore:
    return open_store(Settings.from_env(store_path=store_path).store_path)


def get_store(store_path: str | None = None) -> EventStore:
    """The shared store; on first use an empty store is filled from the bundled corpus in ``data/articles``.

    The first visit to a new installation shows what is being built and how far it has got: the
    gazetteer (whose city index is built from GeoNames on a machine's first start) and each article.
    """
    store = _open(store_path)
    settings = Settings.from_env(store_path=store_path)
    if store.counts()["articles"] == 0 and settings.articles_dir.exists():
        with _FILLING:
            if store.counts()["articles"] == 0:
                _fill(store, settings)
    return store


def _fill(store: EventStore, settings: Settings) -> None:
    """Ingest the bundled articles into the empty ``store``, saying what is done as it goes."""
    with st.status("First start: building the event store from the bundled articles…", expanded=True) as status:
        status.write("Loading the gazetteer (a machine's first start also builds its city index from GeoNames, "
                     "about 10 s)…")
        load_gazetteer()
        bar = st.progress(0.0, text="Reading the articles…")

        def progress(done: int, total: int, path: str) -> None:
            bar.progress(done / max(total, 1), text=f"Read {done} of {total} articles ({Path(path).name})")

        report = ingest_paths([settings.articles_dir], store, settings=settings, progress=progress)
        counts = store.counts()
        failed = sum(1 for r in report.results if not r.ok)
        status.update(label=f"Event store ready: {counts['articles']} articles, {counts['events']} events"
                            + (f" ({failed} file(s) could not be read)" if failed else ""),
                      state="complete", expanded=False)


def store_version(store: EventStore) -> str:
    """Changes whenever articles, events, corrections or sortie reviews change (in any process), so cached
    frames are rebuilt."""
    return store.version()


# A resource, not data: st.cache_data would copy the 10k-row frame on every rerun (~0.13 s). Callers
# must treat the frame as read-only; filter_events returns new frames.
@st.cache_resource(show_spinner=False, max_entries=4)
def _frames(store_path: str, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    store = get_store(store_path)
    reports, sorties = store_frames(store)
    register(reports)  # shared and read-only: filters and counts use its index (geo.query.index)
    register(sorties)  # also shared and read-only: a selection of every sortie is the frame itself
    return reports, sorties


def load_events(store: EventStore, version: str | None = None) -> pd.DataFrame:
    """The events (reports) DataFrame of ``store``, each row told its sortie (shared, read-only).

    Pass ``version`` when the page has it already.
    """
    return _frames(store.path, version if version is not None else store_version(store))[0]


def load_sorties(store: EventStore, version: str | None = None) -> pd.DataFrame:
    """The sorties of ``store`` as a frame of the same columns, one row per sortie (shared, read-only)."""
    return _frames(store.path, version if version is not None else store_version(store))[1]
