"""Sorties in the store: regrouped around each ingested article (not the whole store), read back as ``Sortie`` objects.

After ``EventStore.save`` the pipeline calls :func:`refresh_article`; it walks the article's
neighbourhood through the ``sortie_buckets`` index (kind, status, date bucket) and rewrites only the
sorties that change (``geo.sorties.incremental``). Readers call :func:`stored_sorties`, which first runs
:func:`ensure_sorties`: it groups events stored without a sortie (a store older than this table, a
direct ``save``), follows analysts' event corrections made since the last look, and regroups everything
when the grouping rules changed (``GROUPING_VERSION``).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from geo.errors import StorageError
from geo.models import Sortie, event_from_dict, sortie_from_dict
from geo.review import apply_to_events
from geo.sorties import GROUPING_VERSION, build_sortie
from geo.sorties.cluster import BUCKET_DAYS, DATE_LINE_DAYS, MAX_BUCKETS, Links, pair_key
from geo.sorties.features import Features
from geo.sorties.grouping import group_reports
from geo.sorties.ids import assign_ids
from geo.sorties.incremental import Regrouped, regroup
from geo.sorties.report import Report, outlet_name
from geo.store.sqlite import stored_date

if TYPE_CHECKING:
    from geo.store.sqlite import EventStore

WIDE_BUCKET = -1  # reports whose window is unbounded or longer than MAX_BUCKETS buckets
_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


@dataclass(frozen=True)
class SortieUpdate:
    """What one refresh did: how many sorties it wrote and how many stored ones it replaced."""

    written: int
    replaced: int


def sortie_links(store: EventStore) -> Links:
    """The analysts' active splits and merges as must-link / cannot-link pairs, later decisions winning."""
    must: set[tuple[str, str]] = set()
    cannot: set[tuple[str, str]] = set()
    for action, ids, others in store.conn.execute(
            "SELECT action, event_ids, other_ids FROM sortie_reviews WHERE undone_at IS NULL ORDER BY id"):
        pairs = {pair_key(a, b) for a in json.loads(ids) for b in json.loads(others) if a != b}
        if action == "merge":
            must |= pairs
            cannot -= pairs
        else:
            cannot |= pairs
            must -= pairs
    return Links(frozenset(must), frozenset(cannot))


class _Loader:
    """Stored events as reports (analysts' corrections applied), each read once per refresh."""

    def __init__(self, store: EventStore):
        self.store = store
        self.cache: dict[str, Report] = {}
        self.corrections: dict[str, list] = {}
        for c in store.corrections():
            self.corrections.setdefault(c.event_id, []).append(c)

    def reports(self, ids: Iterable[str]) -> list[Report]:
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self.cache]
        for chunk in _chunks(missing):
            rows = self.store.conn.execute(
                "SELECT e.data, a.name, a.title, a.published, a.source, a.url FROM events e "
                f"JOIN articles a ON a.id = e.article_id WHERE e.event_id IN ({_marks(len(chunk))})", chunk).fetchall()
            for data, name, title, published, source, url in rows:
                event = event_from_dict(json.loads(data))
                if event.event_id in self.corrections:
                    event = apply_to_events([event], self.corrections[event.event_id])[0]
                # stored_date: a store written around ingest's checks may hold any text as a date
                self.cache[event.event_id] = Report(event, outlet=outlet_name(source, url, name), title=title,
                                                    url=url, published=stored_date(published))
        return [self.cache[i] for i in wanted if i in self.cache]

    def article(self, article_id: str) -> list[Report]:
        ids = [r[0] for r in self.store.conn.execute("SELECT event_id FROM events WHERE article_id = ? "
                                                     "ORDER BY evidence_start, event_id", (article_id,))]
        return self.reports(ids)


class StoreNeighbourhood:
    """The ``geo.sorties.incremental.Neighbourhood`` of a store: SQL lookups by kind, status and date bucket.

    Candidates are compared on the compact rows of ``sortie_reports``; only the reports of the groups
    written are read in full.
    """

    def __init__(self, store: EventStore, loader: _Loader):
        self.store = store
        self.loader = loader
        self._parsed: dict[str, Features] = {}
        self._every: dict[tuple, list[Features]] = {}

    def _rows(self, sql: str, args: Sequence) -> list[Features]:
        out = []
        for eid, row in self.store.conn.execute(sql, args):
            f = self._parsed.get(eid)
            if f is None:
                f = self._parsed[eid] = Features.from_row(eid, row)
            out.append(f)
        return out

    def near(self, f: Features, anchored: bool) -> list[Features]:
        """Stored reports whose window may come within a day of ``f``'s."""
        flag = int(anchored)
        if f.lo is None:  # undated, in an article of unknown date: every report of its kind (read once)
            key = (f.kind, f.status, flag)
            if key not in self._every:
                self._every[key] = self._rows("SELECT event_id, features FROM sortie_reports WHERE kind = ? "
                                              "AND status = ? AND anchored = ?", key)
            return self._every[key]
        if (f.hi - f.lo) // BUCKET_DAYS > MAX_BUCKETS:
            return self._rows("SELECT event_id, features FROM sortie_reports WHERE kind = ? AND status = ? "
                              "AND anchored = ? AND (lo IS NULL OR (lo <= ? AND hi >= ?))",
                              (f.kind, f.status, flag, f.hi + DATE_LINE_DAYS, f.lo - DATE_LINE_DAYS))
        lo, hi = f.lo - DATE_LINE_DAYS, f.hi + DATE_LINE_DAYS
        return self._rows(
            "SELECT event_id, features FROM sortie_reports WHERE event_id IN ("
            "SELECT event_id FROM sortie_buckets WHERE kind = ? AND status = ? AND anchored = ? "
            "AND bucket BETWEEN ? AND ?) "
            "OR event_id IN (SELECT b.event_id FROM sortie_buckets b JOIN sortie_reports r ON r.event_id = b.event_id "
            "WHERE b.kind = ? AND b.status = ? AND b.anchored = ? AND b.bucket = ? "
            "AND (r.lo IS NULL OR (r.lo <= ? AND r.hi >= ?)))",
            (f.kind, f.status, flag, lo // BUCKET_DAYS, hi // BUCKET_DAYS,
             f.kind, f.status, flag, WIDE_BUCKET, hi, lo))

    def sortie_of(self, event_id: str) -> str | None:
        """The stored sortie of an event."""
        row = self.store.conn.execute("SELECT sortie_id FROM sortie_reports WHERE event_id = ?", (event_id,)).fetchone()
        return row[0] if row else None

    def members(self, sortie_id: str) -> list[Features]:
        """The reports of a stored sortie."""
        return self._rows("SELECT event_id, features FROM sortie_reports WHERE sortie_id = ? ORDER BY event_id",
                          (sortie_id,))

    def features(self, event_ids: Iterable[str]) -> list[Features]:
        """Stored reports by event id."""
        out: list[Features] = []
        for chunk in _chunks(list(event_ids)):
            out += self._rows(f"SELECT event_id, features FROM sortie_reports WHERE event_id IN ({_marks(len(chunk))})",
                              chunk)
        return out

    def reports(self, event_ids: Iterable[str]) -> list[Report]:
        """Full stored reports (event, article, corrections applied) by event id."""
        return self.loader.reports(event_ids)


def _bucket_rows(f: Features) -> list[tuple]:
    flag = int(f.anchored)
    if f.lo is None or (f.hi - f.lo) // BUCKET_DAYS > MAX_BUCKETS:
        return [(f.kind, f.status, flag, WIDE_BUCKET, f.event_id)]
    return [(f.kind, f.status, flag, b, f.event_id) for b in range(f.lo // BUCKET_DAYS, f.hi // BUCKET_DAYS + 1)]


def _taken(store: EventStore, replaced: frozenset[str]) -> Callable[[str], bool]:
    def taken(sid: str) -> bool:
        if sid in replaced:
            return False
        return store.conn.execute("SELECT 1 FROM sorties WHERE sortie_id = ?", (sid,)).fetchone() is not None
    return taken


def _delete_rows(store: EventStore, sortie_ids: Iterable[str], event_ids: Iterable[str]) -> None:
    conn = store.conn
    for chunk in _chunks(sorted(set(sortie_ids))):
        marks = _marks(len(chunk))
        conn.execute(f"DELETE FROM sortie_buckets WHERE event_id IN "
                     f"(SELECT event_id FROM sortie_reports WHERE sortie_id IN ({marks}))", chunk)
        conn.execute(f"DELETE FROM sortie_reports WHERE sortie_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM sorties WHERE sortie_id IN ({marks})", chunk)
    for chunk in _chunks(sorted(set(event_ids))):
        marks = _marks(len(chunk))
        conn.execute(f"DELETE FROM sortie_buckets WHERE event_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM sortie_reports WHERE event_id IN ({marks})", chunk)


def _insert(store: EventStore, sorties: Sequence[Sortie], features: dict[str, Features]) -> None:
    now = _now()
    store.conn.executemany(
        "INSERT INTO sorties (sortie_id, kind, date, source_count, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(s.sortie_id, s.kind, s.date, s.source_count, json.dumps(s.to_dict(), ensure_ascii=False, sort_keys=True),
          now) for s in sorties])
    rows, buckets = [], []
    for s in sorties:
        for eid in s.event_ids:
            f = features[eid]
            rows.append((eid, s.sortie_id, f.article_id, f.kind, f.status, int(f.anchored), f.lo, f.hi, f.to_row()))
            buckets += _bucket_rows(f)
    store.conn.executemany("INSERT INTO sortie_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    store.conn.executemany("INSERT INTO sortie_buckets VALUES (?, ?, ?, ?, ?)", buckets)


def _apply(store: EventStore, result: Regrouped, removed: Iterable[str]) -> SortieUpdate:
    ids = assign_ids(result.groups, result.previous, _taken(store, result.replaced))
    sorties = [build_sortie(sid, g) for sid, g in zip(ids, result.groups)]
    features = {r.event_id: Features(r) for g in result.groups for r in g}
    try:
        with store.conn:
            _delete_rows(store, result.replaced, [*removed, *features])
            _insert(store, sorties, features)
            # A first refresh of a new store records the rules it used (a different version is left for
            # ensure_sorties to notice and regroup everything).
            store.conn.execute("INSERT OR IGNORE INTO sortie_state (key, value) VALUES ('version', ?)",
                               (json.dumps(GROUPING_VERSION),))
    except Exception as err:  # sqlite3.Error, or a constraint broken by a bug: never leave half a regrouping
        raise StorageError(f"cannot write sorties to {store.path}: {err}; run `python -m geo events --sorties` "
                           "to regroup the store") from err
    return SortieUpdate(len(sorties), len(result.replaced))


def refresh_events(store: EventStore, event_ids: Iterable[str]) -> SortieUpdate:
    """Regroup the neighbourhood of these events (new, corrected, split or merged, or gone from the store).

    Parameters
    ----------
    store : EventStore
    event_ids : iterable of str
        Events whose grouping may have changed. Those no longer stored are taken out of their sorties.

    Returns
    -------
    SortieUpdate
    """
    loader = _Loader(store)
    wanted = sorted(set(event_ids))
    seeds = loader.reports(wanted)
    have = {r.event_id for r in seeds}
    removed = [e for e in wanted if e not in have]
    result = regroup(seeds, removed, StoreNeighbourhood(store, loader), sortie_links(store))
    return _apply(store, result, removed)


def refresh_article(store: EventStore, article_id: str) -> SortieUpdate:
    """Regroup around an article just saved: its events now, and those an earlier version of it had."""
    loader = _Loader(store)
    seeds = loader.article(article_id)
    had = [r[0] for r in store.conn.execute("SELECT event_id FROM sortie_reports WHERE article_id = ?", (article_id,))]
    now = {r.event_id for r in seeds}
    removed = [e for e in had if e not in now]
    result = regroup(seeds, removed, StoreNeighbourhood(store, loader), sortie_links(store))
    return _apply(store, result, removed)


def _set_state(store: EventStore, key: str, value) -> None:
    store.conn.execute("INSERT INTO sortie_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                       "value = excluded.value", (key, json.dumps(value)))


def _state(store: EventStore, key: str):
    row = store.conn.execute("SELECT value FROM sortie_state WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def _corrections_seen(store: EventStore) -> list:
    return list(store.corrections_seen())


def rebuild_sorties(store: EventStore) -> SortieUpdate:
    """Regroup the whole store from scratch; a sortie keeps its id when a group holds most of its reports."""
    loader = _Loader(store)
    ids = [r[0] for r in store.conn.execute("SELECT event_id FROM events ORDER BY event_id")]
    reports = loader.reports(ids)
    groups = group_reports(reports, sortie_links(store))
    previous = dict(store.conn.execute("SELECT event_id, sortie_id FROM sortie_reports").fetchall())
    every = {r[0] for r in store.conn.execute("SELECT sortie_id FROM sorties")} | set(previous.values())
    result = Regrouped(tuple(tuple(g) for g in groups), frozenset(every), previous)
    update = _apply(store, result, previous)
    with store.conn:
        _set_state(store, "version", GROUPING_VERSION)
        _set_state(store, "corrections", _corrections_seen(store))
    return update


def ensure_sorties(store: EventStore) -> SortieUpdate | None:
    """Bring the stored sorties up to date with the stored events; None when they already were.

    Regroups everything when the grouping rules changed or no sortie is stored yet; otherwise groups
    the events stored without a sortie, drops the reports whose events are gone, and regroups the events
    whose analyst corrections changed since the last look.
    """
    version = _state(store, "version")
    has_rows = store.conn.execute("SELECT 1 FROM sortie_reports LIMIT 1").fetchone() is not None
    if version != GROUPING_VERSION or not has_rows:
        has_events = store.conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None
        if not has_events and not has_rows:
            with store.conn:
                _set_state(store, "version", GROUPING_VERSION)
                _set_state(store, "corrections", _corrections_seen(store))
            return None
        return rebuild_sorties(store)
    stale = [r[0] for r in store.conn.execute(
        "SELECT event_id FROM events WHERE event_id NOT IN (SELECT event_id FROM sortie_reports) "
        "UNION SELECT event_id FROM sortie_reports WHERE event_id NOT IN (SELECT event_id FROM events)")]
    seen = _corrections_seen(store)
    if seen != _state(store, "corrections"):
        stale += [r[0] for r in store.conn.execute("SELECT DISTINCT event_id FROM corrections")]
    if not stale:
        return None
    update = refresh_events(store, stale)
    with store.conn:
        _set_state(store, "corrections", seen)
    return update


def stored_sorties(store: EventStore) -> list[Sortie]:
    """Every stored sortie (brought up to date first), by date then id."""
    ensure_sorties(store)
    return [sortie_from_dict(json.loads(r[0])) for r in
            store.conn.execute("SELECT data FROM sorties ORDER BY date IS NULL, date, sortie_id")]


def stored_sortie(store: EventStore, sortie_id: str) -> Sortie | None:
    """One stored sortie by id, or None."""
    row = store.conn.execute("SELECT data FROM sorties WHERE sortie_id = ?", (sortie_id,)).fetchone()
    return sortie_from_dict(json.loads(row[0])) if row else None


def sortie_of_event(store: EventStore, event_id: str) -> str | None:
    """The id of the stored sortie holding an event, or None."""
    row = store.conn.execute("SELECT sortie_id FROM sortie_reports WHERE event_id = ?", (event_id,)).fetchone()
    return row[0] if row else None


def sortie_ids_by_event(store: EventStore) -> dict[str, str]:
    """Event id -> sortie id for every stored event (brought up to date first)."""
    ensure_sorties(store)
    return dict(store.conn.execute("SELECT event_id, sortie_id FROM sortie_reports").fetchall())


def sortie_members(store: EventStore, sortie_id: str) -> list[str]:
    """The event ids of a stored sortie."""
    return [r[0] for r in store.conn.execute("SELECT event_id FROM sortie_reports WHERE sortie_id = ? "
                                             "ORDER BY event_id", (sortie_id,))]


__all__ = ["SortieUpdate", "StoreNeighbourhood", "ensure_sorties", "rebuild_sorties", "refresh_article",
           "refresh_events", "sortie_ids_by_event", "sortie_links", "sortie_members", "sortie_of_event",
           "stored_sortie", "stored_sorties"]
