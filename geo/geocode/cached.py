"""CachedGeocoder: a persistent SQLite memo in front of any geocoder (answers and "not found")."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geopy.location import Location

from geo.geocode.base import Geocoder

_SCHEMA = "CREATE TABLE IF NOT EXISTS geocode_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)"


def _dump(result: Location | list[Location] | None) -> str:
    def one(loc: Location) -> dict:
        return {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw}
    if result is None:
        return "null"
    if isinstance(result, list):
        return json.dumps([one(x) for x in result])
    return json.dumps(one(result))


def _load(text: str) -> Location | list[Location] | None:
    def one(d: dict) -> Location:
        return Location(d["address"], (d["lat"], d["lon"]), d["raw"])
    data = json.loads(text)
    if data is None:
        return None
    if isinstance(data, list):
        return [one(x) for x in data]
    return one(data)


class CachedGeocoder:
    """Remember every answer of ``inner`` in SQLite, so a query reaches the service once, ever.

    Composes like geopy's RateLimiter: wrap a geocoder (anything with ``geocode``) or a bare
    callable (``RateLimiter(geolocator.geocode)``). Failures are not cached; "not found" is.

    Parameters
    ----------
    inner : Geocoder or callable
        What to ask on a cache miss.
    path : Path or str
        SQLite file (created if missing); ":memory:" for a per-process cache.
    namespace : str
        Prefix of the cache keys, so two services can share one file.
    """

    def __init__(self, inner: Geocoder | Callable[..., Any], path: Path | str, *, namespace: str = "") -> None:
        self.inner = inner
        self._call = inner.geocode if hasattr(inner, "geocode") else inner
        self.namespace = namespace or type(getattr(inner, "inner", inner)).__name__
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # One connection per wrapper, shared across Streamlit's threads under a lock.
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute(_SCHEMA)

    def _key(self, query: str, exactly_one: bool, country: str | None) -> str:
        return json.dumps([self.namespace, " ".join(query.split()).casefold(), exactly_one, country])

    def geocode(self, query: str, *, exactly_one: bool = True,
                country: str | None = None) -> Location | list[Location] | None:
        """Answer from the cache, else ask ``inner`` and store its answer."""
        key = self._key(query, exactly_one, country)
        with self._lock:
            row = self._db.execute("SELECT value FROM geocode_cache WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return _load(row[0])
        result = self._call(query, exactly_one=exactly_one, country=country)
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?)", (key, _dump(result), time.time()))
        return result

    __call__ = geocode

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM geocode_cache").fetchone()[0])

    def close(self) -> None:
        """Close the SQLite connection."""
        self._db.close()
