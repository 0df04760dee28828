"""Deterministic complete-linkage clustering of reports: units (analyst-linked atoms), pair scores, candidate index, agglomeration."""
from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from geo.sorties.features import Features
from geo.sorties.rules import DATE_LINE_DAYS, compatible, similarity

# Bucket width (days) of the candidate index, and the most buckets one report is filed under (a year is
# 92); a wider or unbounded window goes to a list that every lookup of its kind scans.
BUCKET_DAYS = 4
MAX_BUCKETS = 100


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The unordered pair of two event ids as a sorted tuple."""
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Links:
    """Analysts' decisions as pairs of event ids: ``must`` be one sortie, ``cannot`` be one sortie."""

    must: frozenset[tuple[str, str]] = frozenset()
    cannot: frozenset[tuple[str, str]] = frozenset()

    def apart(self, a: str, b: str) -> bool:
        """True when an analyst split ``a`` and ``b`` apart."""
        return pair_key(a, b) in self.cannot

    def partners(self) -> dict[str, set[str]]:
        """Event id -> the ids it must share a sortie with (directly)."""
        out: dict[str, set[str]] = {}
        for a, b in self.must:
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
        return out


NO_LINKS = Links()


class Scorer:
    """Pair scores with a cache: None when two reports may not be one sortie, else their similarity."""

    def __init__(self, links: Links = NO_LINKS):
        self.links = links
        self._cache: dict[tuple[str, str], float | None] = {}

    def pair(self, a: Features, b: Features) -> float | None:
        """The similarity of two reports, or None when a join rule or an analyst's split keeps them apart."""
        key = pair_key(a.event_id, b.event_id)
        if key in self._cache:
            return self._cache[key]
        value = similarity(a, b) if key not in self.links.cannot and compatible(a, b) else None
        self._cache[key] = value
        return value


class Unit:
    """Reports that stay together: one report, or several an analyst merged (must-links)."""

    __slots__ = ("members", "key", "anchored")

    def __init__(self, members: Iterable[Features]):
        members = tuple(members)
        self.members = members if len(members) == 1 else tuple(sorted(members, key=lambda f: f.event_id))
        self.key = self.members[0].event_id
        self.anchored = any(m.anchored for m in self.members)

    def __repr__(self) -> str:
        return f"Unit({[m.event_id for m in self.members]})"


def make_units(items: Iterable[Features], links: Links) -> list[Unit]:
    """Group reports into units along the analysts' must-links (a union-find over the pairs), sorted by key."""
    by_id = {f.event_id: f for f in items}
    pairs = [(a, b) for a, b in sorted(links.must) if a in by_id and b in by_id]
    if not pairs:
        return [Unit((by_id[i],)) for i in sorted(by_id)]
    parent = {i: i for i in by_id}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[Features]] = {}
    for i in sorted(by_id):
        groups.setdefault(root(i), []).append(by_id[i])
    return sorted((Unit(g) for g in groups.values()), key=lambda u: u.key)


def unit_link(scorer: Scorer, u: Unit, v: Unit) -> tuple[float, int] | None:
    """(sum of pair scores, number of pairs) between two units, or None when any pair may not join."""
    total, n = 0.0, 0
    for a in u.members:
        for b in v.members:
            s = scorer.pair(a, b)
            if s is None:
                return None
            total += s
            n += 1
    return total, n


def _long(f: Features) -> bool:
    """Unbounded, or wider than MAX_BUCKETS buckets: filed in one list that every lookup scans."""
    return f.lo is None or (f.hi - f.lo) // BUCKET_DAYS > MAX_BUCKETS


class WindowIndex:
    """Units filed by (kind, status) and date bucket, to find the few that can share a sortie with a report."""

    def __init__(self, units: Iterable[Unit] = ()):
        self._buckets: dict[tuple[str, str, int], list[Unit]] = {}
        self._unbounded: dict[tuple[str, str], list[Unit]] = {}
        self._all: dict[tuple[str, str], list[Unit]] = {}
        for u in units:
            self.add(u)

    def add(self, unit: Unit) -> None:
        """File a unit under the buckets of each member's window."""
        done: set[tuple] = set()
        for m in unit.members:
            ks = (m.kind, m.status)
            if ks not in done:
                self._all.setdefault(ks, []).append(unit)
                done.add(ks)
            if _long(m):
                if ks + (None,) not in done:
                    self._unbounded.setdefault(ks, []).append(unit)
                    done.add(ks + (None,))
                continue
            for b in range(m.lo // BUCKET_DAYS, m.hi // BUCKET_DAYS + 1):
                key = (m.kind, m.status, b)
                if key not in done:
                    self._buckets.setdefault(key, []).append(unit)
                    done.add(key)

    def near(self, unit: Unit) -> list[Unit]:
        """Units with a member of the same kind and status whose window comes within a day of a member of ``unit``."""
        seen: dict[str, Unit] = {}
        for m in unit.members:
            ks = (m.kind, m.status)
            if _long(m):
                pool: Iterable[Unit] = self._all.get(ks, ())
            else:
                pool = [u for b in range((m.lo - DATE_LINE_DAYS) // BUCKET_DAYS, (m.hi + DATE_LINE_DAYS) // BUCKET_DAYS + 1)
                        for u in self._buckets.get((m.kind, m.status, b), ())]
                pool = [*pool, *self._unbounded.get(ks, ())]
            for u in pool:
                if u.key != unit.key:
                    seen.setdefault(u.key, u)
        return [seen[k] for k in sorted(seen)]


@dataclass
class _Agglomeration:
    members: dict[str, list[Unit]] = field(default_factory=dict)
    links: dict[str, dict[str, tuple[float, int]]] = field(default_factory=dict)


def agglomerate(units: Sequence[Unit], near: Callable[[Unit], Iterable[Unit]], scorer: Scorer,
                threshold: float) -> list[list[Unit]]:
    """Complete-linkage, average-score agglomerative clustering, independent of the order of ``units``.

    Two clusters may merge only when every pair of their reports may join; of the pairs that may, the
    one with the highest mean pair score merges first (ties: the smaller event ids), while that mean
    is at least ``threshold``.

    Parameters
    ----------
    units : sequence of Unit
    near : callable
        Unit -> candidate units (those whose reports might join it); others are never compared.
    scorer : Scorer
    threshold : float
        Lowest mean pair score at which two clusters merge.

    Returns
    -------
    list of list of Unit
        The clusters, each sorted by unit key, sorted by their first key.
    """
    state = _Agglomeration()
    live = {u.key: u for u in units}
    for key in sorted(live):
        state.members[key] = [live[key]]
        state.links[key] = {}
    for key in sorted(live):
        u = live[key]
        for v in near(u):
            if v.key <= key or v.key not in live:
                continue
            link = unit_link(scorer, u, v)
            if link is not None:
                state.links[key][v.key] = link
                state.links[v.key][key] = link
    heap = [(-round(s / n, 9), a, b) for a, nbrs in state.links.items() for b, (s, n) in nbrs.items()
            if a < b and s / n >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        link = state.links.get(a, {}).get(b)
        if link is None or round(link[0] / link[1], 9) != -neg:
            continue  # stale: a or b merged since this entry was pushed
        la, lb = state.links.pop(a), state.links.pop(b)
        for n in la:
            if n != b:
                state.links[n].pop(a, None)
        for n in lb:
            if n != a:
                state.links[n].pop(b, None)
        merged: dict[str, tuple[float, int]] = {}
        for n in sorted(la):
            if n != b and n in lb:  # complete linkage: a neighbour of the merge must have been linked to both
                merged[n] = (la[n][0] + lb[n][0], la[n][1] + lb[n][1])
        state.links[a] = merged
        state.members[a].extend(state.members.pop(b))
        for n, (s, c) in merged.items():
            state.links[n][a] = (s, c)
            if s / c >= threshold:
                heapq.heappush(heap, (-round(s / c, 9), min(a, n), max(a, n)))
    return sorted((sorted(ms, key=lambda u: u.key) for ms in state.members.values()), key=lambda ms: ms[0].key)
