"""The only part of ``geo`` that imports Streamlit: cached loaders, sidebar filters and messages for the pages."""
from __future__ import annotations

from geo.ui.data import get_store, load_events, load_sorties, store_version
from geo.ui.filters import sidebar_filters

__all__ = ["get_store", "load_events", "load_sorties", "sidebar_filters", "store_version"]
