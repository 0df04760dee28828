"""Store stage: the only entry point to persistence (``open_store``)."""
from __future__ import annotations

from geo.store.sqlite import EventStore, open_store

__all__ = ["EventStore", "open_store"]
