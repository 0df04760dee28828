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

from geo.sorties.cluster import NO_LINKS, Links, Scorer, Unit, WindowIndex, make_units
from geo.sorties.features import Features
from geo.sorties.grouping import choose, cluster_anchored, cluster_loose
from geo.sorties.report import Report


class Neighbourhood(Protocol):
    """What :func:`regroup` asks of the stored groups (before the change)."""

    def near(self, f: Features, anchored: bool) -> Iterable[Report]:
        """Stored reports of ``f``'s kind and status, anchored ones or loose ones, whose date window
        comes within a day of ``f``'s (a superset is fine: every candidate is checked)."""
        ...

    def sortie_of(self, event_id: str) -> str | None:
        """The id of the stored sortie holding this event, or None."""
        ...

    def members(self, sortie_id: str) -> list[Report]:
        """The reports of a stored sortie."""
        ...

    def reports(self, event_ids: Iterable[str]) -> list[Report]:
        """The stored reports with these event ids (those that exist)."""
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

    def know(self, reports: Iterable[Report]) -> list[str]:
        """Features of stored reports (a seed's new version wins over its stored one; removed ones are skipped)."""
        out = []
        for r in reports:
            eid = r.event_id
            if eid in self.removed:
                continue
            if eid not in self.feats:
                self.feats[eid] = Features(r)
            out.append(eid)
        return out

    def sortie(self, eid: str) -> str | None:
        if eid not in self._sortie:
            self._sortie[eid] = self.hood.sortie_of(eid)
        return self._sortie[eid]

    def members(self, sid: str) -> list[str]:
        if sid not in self._members:
            reports = self.hood.members(sid)
            ids = self.know(reports)
            for eid in [r.event_id for r in reports]:
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
                self.know(self.hood.reports(missing))
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
    start = list(w.seeds)
    for eid in sorted(w.removed):
        sid = w.sortie(eid)
        if sid:
            start += w.members(sid)
    for eid in list(w.seeds):
        sid = w.sortie(eid)  # a new version of a stored report: its old sortie-mates are affected
        if sid:
            start += w.members(sid)

    region_a: set[str] = set()
    region_l: set[str] = set()
    queue: deque[str] = deque()

    def add(eid: str) -> None:
        if eid in region_a or eid in region_l:
            return
        if not w.anchored(eid):
            # A loose report is re-decided; its old sortie's other reports are dealt with below (kept as
            # they were, or regrouped in phase 3), never pulled in here: that would cascade.
            region_l.update(w.atom(eid))
            return
        for x in w.atom(eid):
            region_a.add(x)
            queue.append(x)
        for x in w.atom(eid):
            sid = w.sortie(x)
            if sid:  # the old cluster is recomputed: its anchored reports join the region, its loose ones re-decide
                for m in w.members(sid):
                    add(m)

    for eid in sorted(set(start)):
        add(eid)
    scanned: set[str] = set()
    while queue:
        x = queue.popleft()
        if x in scanned:
            continue
        scanned.add(x)
        if w.feats[x].anchored:
            for y in w.near(x, anchored=True):
                add(y)
        for y in w.near(x, anchored=False):
            if not w.anchored(y):  # a loose report that may join this component: its choice is re-made
                add(y)

    # Phase 1 over the anchored region; the other anchored clusters a re-deciding loose report may join are
    # taken as stored (their components are untouched).
    scorer = w.scorer
    a_units = make_units((w.feats[x] for x in region_a), links)
    clusters: dict[str, list[Unit]] = {c[0].key: c for c in cluster_anchored(a_units, scorer)}
    frozen: dict[str, str] = {}  # cluster key -> stored sortie id
    frozen_members: dict[str, list[str]] = {}

    def freeze(sid: str | None) -> None:
        if sid is None or sid in frozen_members:
            return
        members = w.members(sid)
        units = make_units((w.feats[m] for m in members if w.anchored(m)), links)
        if units and not any(m.event_id in region_a for u in units for m in u.members):
            frozen_members[sid] = members
            clusters[units[0].key] = units
            frozen[units[0].key] = sid

    for x in sorted(region_l):
        freeze(w.sortie(x))  # the sortie it leaves, if it leaves, is rewritten without it
        for y in w.near(x, anchored=True):
            if y not in region_a:
                freeze(w.sortie(y))

    # Phase 2 for the loose region.
    l_units = make_units((w.feats[x] for x in region_l), links)
    owner = {u.key: k for k, us in clusters.items() for u in us}
    index = WindowIndex(u for us in clusters.values() for u in us)
    choice: dict[str, str | None] = {}
    for unit in l_units:
        keys = {owner[u.key] for u in index.near(unit)}
        choice[unit.key] = choose(unit, {k: clusters[k] for k in keys}, scorer)

    # Phase 3 over the component(s) of loose reports that joined nothing.
    free = {m.event_id for u in l_units if choice[u.key] is None for m in u.members}
    region_c: set[str] = set()
    c_queue: deque[str] = deque()

    def add_free(eid: str) -> None:
        todo = [eid]
        while todo:
            for x in w.atom(todo.pop()):
                if x in region_c:
                    continue
                region_c.add(x)
                c_queue.append(x)
                sid = w.sortie(x)
                if sid and not w.old_sortie_anchored(sid):  # its old loose group is regrouped whole
                    todo.extend(m for m in w.members(sid) if m not in region_c and (m not in region_l or m in free))

    for eid in sorted(free):
        add_free(eid)
    for eid in sorted(region_l):
        sid = w.sortie(eid)
        if sid and not w.old_sortie_anchored(sid):  # its old loose group must be regrouped without it
            for m in w.members(sid):
                if m not in region_l or m in free:
                    add_free(m)
    while c_queue:
        x = c_queue.popleft()
        for y in w.near(x, anchored=False):
            if y in region_c or w.anchored(y):
                continue
            if y in region_l:
                if y in free:
                    add_free(y)
                continue
            sid = w.sortie(y)
            if sid is None or not w.old_sortie_anchored(sid):
                add_free(y)
    c_units = make_units((w.feats[x] for x in region_c), links)
    loose_clusters = cluster_loose(c_units, scorer)

    # Assemble the new groups.
    groups: list[list[str]] = []
    attached: dict[str, list[str]] = {}
    for unit in l_units:
        if choice[unit.key] is not None:
            attached.setdefault(choice[unit.key], []).extend(m.event_id for m in unit.members)
    for key, units in clusters.items():
        members = [m.event_id for u in units for m in u.members]
        if key in frozen:
            sid = frozen[key]
            kept = [m for m in frozen_members[sid] if m not in region_l and m not in region_a]
            moved = len(kept) != len(frozen_members[sid])
            if not moved and key not in attached:
                continue  # untouched stored sortie
            groups.append(sorted(set(kept) | set(attached.get(key, ()))))
        else:
            groups.append(sorted(members + attached.get(key, [])))
    for c in loose_clusters:
        groups.append(sorted(m.event_id for u in c for m in u.members))
    replaced: set[str] = set()
    previous: dict[str, str] = {}
    for g in groups:
        for eid in g:
            sid = w.sortie(eid)
            if sid:
                replaced.add(sid)
                previous[eid] = sid
    for eid in w.removed:
        sid = w.sortie(eid)
        if sid:
            replaced.add(sid)
    reports = {eid: f.report for eid, f in w.feats.items()}
    out = tuple(tuple(reports[e] for e in g) for g in sorted(groups, key=lambda g: g[0]))
    return Regrouped(out, frozenset(replaced), previous)


class MemoryNeighbourhood:
    """A :class:`Neighbourhood` over groups held in memory (tests, and the proof that regroup equals group)."""

    def __init__(self, groups: Mapping[str, Iterable[Report]]):
        self.by_sortie = {sid: list(rs) for sid, rs in groups.items()}
        self.sortie = {r.event_id: sid for sid, rs in self.by_sortie.items() for r in rs}
        self.reports_by_id = {r.event_id: r for rs in self.by_sortie.values() for r in rs}
        self.index = WindowIndex(Unit([Features(r)]) for r in self.reports_by_id.values())

    def near(self, f: Features, anchored: bool) -> list[Report]:
        return [self.reports_by_id[u.key] for u in self.index.near(Unit([f])) if u.members[0].anchored == anchored]

    def sortie_of(self, event_id: str) -> str | None:
        return self.sortie.get(event_id)

    def members(self, sortie_id: str) -> list[Report]:
        return list(self.by_sortie.get(sortie_id, ()))

    def reports(self, event_ids: Iterable[str]) -> list[Report]:
        return [self.reports_by_id[e] for e in event_ids if e in self.reports_by_id]
