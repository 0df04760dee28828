"""Regroup only the neighbourhood of new or removed reports, getting exactly what regrouping everything would give.

The three phases of ``geo.sorties.grouping`` each depend on little:

- an anchored report's cluster depends only on its *component*: the anchored reports it is linked to
  through chains of reports that may join;
- a loose report's choice depends only on the anchored clusters it may join (their anchored reports);
- a loose report that joined none clusters only within its component of such reports.

So :func:`regroup` walks the store from the new reports (and from the sortie-mates of the removed ones)
along "may join" links, recomputes those components, re-decides the loose reports whose candidate
clusters changed, and leaves every other sortie as it is. The store answers the walk's questions through
a :class:`Neighbourhood` (``geo.store.sorties`` with SQL; :class:`MemoryNeighbourhood` for tests).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from geo.errors import StorageError
from geo.sorties.cluster import NO_LINKS, Links, Scorer, Unit, WindowIndex, make_units
from geo.sorties.features import Features
from geo.sorties.grouping import choose, cluster_anchored, cluster_loose
from geo.sorties.report import Report


class Neighbourhood(Protocol):
    """What :func:`regroup` asks of the stored groups (before the change)."""

    def near(self, f: Features, anchored: bool) -> Iterable[Features]:
        """Stored reports of ``f``'s kind and status, anchored ones or loose ones, whose date window
        comes within a day of ``f``'s (a superset is fine: every candidate is checked)."""
        ...

    def sortie_of(self, event_id: str) -> str | None:
        """The id of the stored sortie holding this event, or None."""
        ...

    def members(self, sortie_id: str) -> list[Features]:
        """The reports of a stored sortie."""
        ...

    def features(self, event_ids: Iterable[str]) -> list[Features]:
        """The stored reports with these event ids (those that exist)."""
        ...

    def reports(self, event_ids: Iterable[str]) -> list[Report]:
        """The full reports of these stored events, for the groups :func:`regroup` returns."""
        ...


@dataclass(frozen=True)
class Regrouped:
    """What changed: the new groups, the stored sorties they replace, and each member's earlier sortie."""

    groups: tuple[tuple[Report, ...], ...]
    replaced: frozenset[str]
    previous: Mapping[str, str]


class _Walk:
    """The reports :func:`regroup` has looked at, with their features and stored sorties."""

    def __init__(self, seeds: Iterable[Report], removed: Iterable[str], hood: Neighbourhood, links: Links):
        self.hood = hood
        self.links = links
        self.partners = links.partners()
        self.scorer = Scorer(links)
        self.feats: dict[str, Features] = {}
        self.seeds = {r.event_id: r for r in seeds}
        self.removed = set(removed) - set(self.seeds)
        for r in self.seeds.values():
            self.feats[r.event_id] = Features(r)
        self.seed_index = WindowIndex(Unit([f]) for f in self.feats.values())
        self._sortie: dict[str, str | None] = {}
        self._members: dict[str, list[str]] = {}
        self._atom: dict[str, frozenset[str]] = {}

    def know(self, found: Iterable[Features]) -> list[str]:
        """Keep stored reports' features (a seed's new version wins over its stored one; removed ones are skipped)."""
        out = []
        for f in found:
            eid = f.event_id
            if eid in self.removed:
                continue
            if eid not in self.feats:
                self.feats[eid] = f
            out.append(eid)
        return out

    def sortie(self, eid: str) -> str | None:
        if eid not in self._sortie:
            self._sortie[eid] = self.hood.sortie_of(eid)
        return self._sortie[eid]

    def members(self, sid: str) -> list[str]:
        if sid not in self._members:
            found = self.hood.members(sid)
            ids = self.know(found)
            for eid in [f.event_id for f in found]:
                self._sortie.setdefault(eid, sid)
            self._members[sid] = ids
        return self._members[sid]

    def atom(self, eid: str) -> frozenset[str]:
        """The event ids an analyst's merges tie to ``eid`` (itself included), loading the stored ones."""
        if eid in self._atom:
            return self._atom[eid]
        seen, todo = {eid}, [eid]
        while todo:
            x = todo.pop()
            nxt = [p for p in self.partners.get(x, ()) if p not in seen and p not in self.removed]
            missing = [p for p in nxt if p not in self.feats]
            if missing:
                self.know(self.hood.features(missing))
            for p in nxt:
                if p in self.feats:
                    seen.add(p)
                    todo.append(p)
        atom = frozenset(seen)
        for x in atom:
            self._atom[x] = atom
        return atom

    def anchored(self, eid: str) -> bool:
        """Whether the unit of ``eid`` is anchored (any report of its atom is)."""
        return any(self.feats[x].anchored for x in self.atom(eid))

    def near(self, eid: str, anchored: bool) -> list[str]:
        """Candidate event ids (stored and new) that may join ``eid``'s report, compatible by the rules."""
        f = self.feats[eid]
        found = self.know(self.hood.near(f, anchored))
        found += [u.key for u in self.seed_index.near(Unit([f])) if u.members[0].anchored == anchored]
        out = []
        for y in dict.fromkeys(found):
            if y != eid and self.scorer.pair(f, self.feats[y]) is not None:
                out.append(y)
        return sorted(out)

    def old_sortie_anchored(self, sid: str) -> bool:
        return any(self.anchored(m) for m in self.members(sid))


def regroup(seeds: Iterable[Report], removed: Iterable[str], hood: Neighbourhood,
            links: Links = NO_LINKS) -> Regrouped:
    """The groups around changed reports, as a full regrouping would make them.

    Parameters
    ----------
    seeds : iterable of Report
        New reports, and new versions of stored ones.
    removed : iterable of str
        Event ids of stored reports that are gone (an article re-ingested with other events).
    hood : Neighbourhood
        The stored reports and sorties, before the change.
    links : Links
        Every active analyst decision (must-link / cannot-link pairs).

    Returns
    -------
    Regrouped
        ``groups`` replace the stored sorties ``replaced``; every other stored sortie is unchanged.
        ``previous`` maps each member to its earlier sortie, for :func:`geo.sorties.ids.assign_ids`.
    """
    w = _Walk(seeds, removed, hood, links)
    region = _Region(w)
    region.walk_anchored()
    region.freeze_context()
    region.decide_loose()
    region.walk_free()
    return region.assemble()


class _Region:
    """The reports one regrouping recomputes, phase by phase (see the module docstring)."""

    def __init__(self, w: _Walk):
        self.w = w
        self.anchored: set[str] = set()  # phase 1: whole components of anchored reports
        self.loose: set[str] = set()  # phase 2: loose reports whose choice is re-made
        self.free: set[str] = set()  # ... of which those that join no anchored cluster
        self.loose_region: set[str] = set()  # phase 3: whole components of loose reports that joined nothing
        self._queue: deque[str] = deque()
        self.clusters: dict[str, list[Unit]] = {}  # cluster key -> anchored units (recomputed or stored)
        self.frozen: dict[str, str] = {}  # cluster key -> id of the stored sortie it is, unchanged
        self.frozen_members: dict[str, list[str]] = {}  # stored sortie id -> its members
        self.l_units: list[Unit] = []
        self.choice: dict[str, str | None] = {}

    def add(self, eid: str) -> None:
        """Put a report in the region: an anchored one with its old sortie, a loose one to be re-decided."""
        w = self.w
        if eid in self.anchored or eid in self.loose:
            return
        if not w.anchored(eid):
            # A loose report is re-decided; its old sortie's other reports are dealt with later (kept as
            # they were, or regrouped in phase 3), never pulled in here: that would cascade.
            self.loose.update(w.atom(eid))
            return
        for x in w.atom(eid):
            self.anchored.add(x)
            self._queue.append(x)
        for x in w.atom(eid):
            sid = w.sortie(x)
            if sid:  # its old cluster is recomputed: the anchored reports join the region, the loose ones re-decide
                for m in w.members(sid):
                    self.add(m)

    def walk_anchored(self) -> None:
        """From the new reports (and the sortie-mates of changed or removed ones) along "may join" links."""
        w = self.w
        start = list(w.seeds)
        for eid in sorted(w.removed) + sorted(w.seeds):  # a removed report's or a new version's old sortie-mates
            sid = w.sortie(eid)
            if sid:
                start += w.members(sid)
        for eid in sorted(set(start)):
            self.add(eid)
        scanned: set[str] = set()
        while self._queue:
            x = self._queue.popleft()
            if x in scanned:
                continue
            scanned.add(x)
            if w.feats[x].anchored:
                for y in w.near(x, anchored=True):
                    self.add(y)
            for y in w.near(x, anchored=False):
                if not w.anchored(y):  # a loose report that may join this component: its choice is re-made
                    self.add(y)
        units = make_units((w.feats[x] for x in self.anchored), w.links)
        self.clusters = {c[0].key: c for c in cluster_anchored(units, w.scorer)}

    def _freeze(self, sid: str | None) -> None:
        if sid is None or sid in self.frozen_members:
            return
        w = self.w
        members = w.members(sid)
        units = make_units((w.feats[m] for m in members if w.anchored(m)), w.links)
        if units and not any(m.event_id in self.anchored for u in units for m in u.members):
            self.frozen_members[sid] = members
            self.clusters[units[0].key] = units
            self.frozen[units[0].key] = sid

    def freeze_context(self) -> None:
        """The stored anchored clusters a re-deciding loose report may join (or leaves), taken as they are."""
        for x in sorted(self.loose):
            self._freeze(self.w.sortie(x))  # the sortie it leaves, if it leaves, is rewritten without it
            for y in self.w.near(x, anchored=True):
                if y not in self.anchored:
                    self._freeze(self.w.sortie(y))

    def decide_loose(self) -> None:
        """Phase 2 for the loose region."""
        w = self.w
        self.l_units = make_units((w.feats[x] for x in self.loose), w.links)
        owner = {u.key: k for k, us in self.clusters.items() for u in us}
        index = WindowIndex(u for us in self.clusters.values() for u in us)
        for unit in self.l_units:
            keys = {owner[u.key] for u in index.near(unit)}
            self.choice[unit.key] = choose(unit, {k: self.clusters[k] for k in keys}, w.scorer)
        self.free = {m.event_id for u in self.l_units if self.choice[u.key] is None for m in u.members}

    def _add_free(self, eid: str) -> None:
        w = self.w
        todo = [eid]
        while todo:
            for x in w.atom(todo.pop()):
                if x in self.loose_region:
                    continue
                self.loose_region.add(x)
                self._queue.append(x)
                sid = w.sortie(x)
                if sid and not w.old_sortie_anchored(sid):  # its old loose group is regrouped whole
                    todo.extend(m for m in w.members(sid) if m not in self.loose_region
                                and (m not in self.loose or m in self.free))

    def walk_free(self) -> None:
        """The component(s), among loose reports that joined nothing, of those re-decided here."""
        w = self.w
        for eid in sorted(self.free):
            self._add_free(eid)
        for eid in sorted(self.loose):
            sid = w.sortie(eid)
            if sid and not w.old_sortie_anchored(sid):  # its old loose group must be regrouped without it
                for m in w.members(sid):
                    if m not in self.loose or m in self.free:
                        self._add_free(m)
        while self._queue:
            x = self._queue.popleft()
            for y in w.near(x, anchored=False):
                if y in self.loose_region or w.anchored(y):
                    continue
                if y in self.loose:
                    if y in self.free:
                        self._add_free(y)
                    continue
                sid = w.sortie(y)
                if sid is None or not w.old_sortie_anchored(sid):  # stored, and joined nothing either
                    self._add_free(y)

    def assemble(self) -> Regrouped:
        """The new groups and the stored sorties they replace."""
        w = self.w
        groups: list[list[str]] = []
        attached: dict[str, list[str]] = {}
        for unit in self.l_units:
            if self.choice[unit.key] is not None:
                attached.setdefault(self.choice[unit.key], []).extend(m.event_id for m in unit.members)
        for key, units in self.clusters.items():
            if key in self.frozen:
                members = self.frozen_members[self.frozen[key]]
                kept = [m for m in members if m not in self.loose and m not in self.anchored]
                if len(kept) == len(members) and key not in attached:
                    continue  # a stored sortie nothing left or joined
                groups.append(sorted(set(kept) | set(attached.get(key, ()))))
            else:
                groups.append(sorted([m.event_id for u in units for m in u.members] + attached.get(key, [])))
        units = make_units((w.feats[x] for x in self.loose_region), w.links)
        for c in cluster_loose(units, w.scorer):
            groups.append(sorted(m.event_id for u in c for m in u.members))
        replaced: set[str] = set()
        previous: dict[str, str] = {}
        for g in groups:
            for eid in g:
                sid = w.sortie(eid)
                if sid:
                    replaced.add(sid)
                    previous[eid] = sid
        replaced |= {sid for sid in map(w.sortie, w.removed) if sid}
        need = [e for g in groups for e in g if w.feats[e].report is None]
        loaded = {r.event_id: r for r in w.hood.reports(need)} if need else {}
        missing = [e for e in need if e not in loaded]
        if missing:  # the neighbourhood listed reports it cannot load: a store written half-way
            raise StorageError(f"stored sorties name events that are not stored: {missing[:5]}; regroup the store "
                               "(python -m geo events --sorties)")
        out = tuple(tuple(w.feats[e].report or loaded[e] for e in g) for g in sorted(groups, key=lambda g: g[0]))
        return Regrouped(out, frozenset(replaced), previous)


class MemoryNeighbourhood:
    """A :class:`Neighbourhood` over groups held in memory (tests, and the proof that regroup equals group)."""

    def __init__(self, groups: Mapping[str, Iterable[Report]]):
        self.by_sortie = {sid: list(rs) for sid, rs in groups.items()}
        self.sortie = {r.event_id: sid for sid, rs in self.by_sortie.items() for r in rs}
        self.reports_by_id = {r.event_id: r for rs in self.by_sortie.values() for r in rs}
        # Rebuilt from rows, as the store does: what regroup reads must not need more than a row holds.
        self.feats = {eid: Features.from_row(eid, Features(r).to_row()) for eid, r in self.reports_by_id.items()}
        self.index = WindowIndex(Unit([f]) for f in self.feats.values())

    def near(self, f: Features, anchored: bool) -> list[Features]:
        """Held reports within a day of ``f``'s window."""
        return [u.members[0] for u in self.index.near(Unit([f])) if u.members[0].anchored == anchored]

    def sortie_of(self, event_id: str) -> str | None:
        """The held group of an event."""
        return self.sortie.get(event_id)

    def members(self, sortie_id: str) -> list[Features]:
        """The reports of a held group."""
        return [self.feats[r.event_id] for r in self.by_sortie.get(sortie_id, ())]

    def features(self, event_ids: Iterable[str]) -> list[Features]:
        """Held reports by id."""
        return [self.feats[e] for e in event_ids if e in self.feats]

    def reports(self, event_ids: Iterable[str]) -> list[Report]:
        """Full held reports by id."""
        return [self.reports_by_id[e] for e in event_ids if e in self.reports_by_id]
