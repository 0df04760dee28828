"""Reports -> groups, one per real occurrence, in three deterministic phases (anchored, attached, loose).

1. **Anchored** reports (a day or a week date) cluster with each other (complete linkage, average score).
2. **Loose** reports (a month, a year, undated) each join the anchored cluster they fit best, judged
   against its anchored reports only, so that one loose report never bridges two occurrences.
3. Loose reports that joined none cluster with each other.

Each phase depends only on the reports it is given, which is what lets ``geo.sorties.incremental``
regroup a neighbourhood of the store and get what regrouping everything would give.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from geo.sorties.cluster import NO_LINKS, Links, Scorer, Unit, WindowIndex, agglomerate, make_units
from geo.sorties.features import Features
from geo.sorties.report import Report

# Lowest mean pair score at which two anchored clusters merge: a shared day (2.0) is enough; a day apart
# (0.8) needs something more in common (an area, a family, participants).
MERGE_SCORE = 1.0
# Lowest mean score at which a loose report joins an anchored cluster (an undated report must share
# something: a family, an area, or a date just before its article).
ATTACH_SCORE = 0.6
# Lowest mean score at which loose reports with no anchored cluster group with each other.
LOOSE_MERGE_SCORE = 1.0
# Of the clusters a loose report fits, the one more articles report is the likelier (a report is more
# often about a widely reported occurrence): PRIOR_WEIGHT x ln(articles) is added when ranking them, never
# when deciding whether the report fits at all.
PRIOR_WEIGHT = 0.5


def cluster_anchored(units: Sequence[Unit], scorer: Scorer, index: WindowIndex | None = None) -> list[list[Unit]]:
    """Phase 1: the anchored units, clustered (``index``: a WindowIndex of exactly these units, if one is built)."""
    return agglomerate(units, (index or WindowIndex(units)).near, scorer, MERGE_SCORE)


def cluster_loose(units: Sequence[Unit], scorer: Scorer) -> list[list[Unit]]:
    """Phase 3: loose units that joined no anchored cluster, clustered among themselves."""
    index = WindowIndex(units)
    return agglomerate(units, index.near, scorer, LOOSE_MERGE_SCORE)


def attach_score(scorer: Scorer, loose: Unit, cluster: Sequence[Unit]) -> float | None:
    """How well a loose unit fits a cluster: its best pair score with the cluster's anchored reports, or None
    when it may not join (every pair must be allowed).

    The best pair, not the mean: a loose report is one outlet's account, and it is the closest other
    account of the occurrence that tells which occurrence it is.
    """
    best: float | None = None
    for u in cluster:
        for a in loose.members:
            for b in u.members:
                s = scorer.pair(a, b)
                if s is None:
                    return None
                best = s if best is None or s > best else best
    return best


def prior(cluster: Sequence[Unit]) -> float:
    """PRIOR_WEIGHT x ln(the number of articles reporting the cluster)."""
    return PRIOR_WEIGHT * math.log(len({m.article_id for u in cluster for m in u.members}))


def recency_bonus(loose: Unit, cluster: Sequence[Unit]) -> float:
    """An undated report speaks, most likely, of the latest such occurrence before its article appeared.

    Given to the candidate cluster whose anchored date is the latest before the publication date:
    0.6 within a week, 0.45 within a month, 0.15 within a year, else nothing (an older occurrence
    found in the store may well not be the one meant: the store need not hold every occurrence).
    """
    published = [m.published for m in loose.members if not m.dated and m.published is not None]
    latest = _latest(cluster)
    if not published or latest is None:
        return 0.0
    age = min(published) - latest
    return 0.6 if age <= 7 else 0.45 if age <= 31 else 0.15 if age <= 366 else 0.0


def _latest(cluster: Sequence[Unit]) -> int | None:
    """The last day a cluster's dated reports can mean (an analyst's merge may add an undated one)."""
    return max((m.hi for u in cluster for m in u.members if m.dated), default=None)


def choose(loose: Unit, candidates: Mapping[str, Sequence[Unit]], scorer: Scorer) -> str | None:
    """Phase 2 for one loose unit: the key of the cluster it joins, or None.

    It may join the clusters it fits with a score (best pair, plus the recency bonus of an undated
    report) of at least ATTACH_SCORE; of those it joins the one with the highest score plus prior, then
    the smallest key.
    """
    scored = {}
    for key in sorted(candidates):
        score = attach_score(scorer, loose, candidates[key])
        if score is not None:
            scored[key] = score
    dates = [d for d in (_latest(candidates[k]) for k in scored) if d is not None]
    if dates and all(not m.dated for m in loose.members):
        latest = max(dates)
        for key in scored:
            if _latest(candidates[key]) == latest:
                scored[key] = round(scored[key] + recency_bonus(loose, candidates[key]), 9)
    best: tuple[float, str] | None = None
    for key in sorted(scored):
        if scored[key] < ATTACH_SCORE:
            continue
        rank = round(scored[key] + prior(candidates[key]), 9)
        if best is None or rank > best[0]:
            best = (rank, key)
    return best[1] if best else None


def attach(loose: Sequence[Unit], clusters: Mapping[str, Sequence[Unit]], scorer: Scorer,
           index: WindowIndex | None = None) -> dict[str, str | None]:
    """Phase 2: loose unit key -> the key of the anchored cluster it joins, or None.

    A cluster's key is the smallest event id of its anchored reports. ``index``: a WindowIndex of
    exactly the clusters' units, if one is built.
    """
    owner = {u.key: key for key, units in clusters.items() for u in units}
    index = index or WindowIndex(u for units in clusters.values() for u in units)
    out: dict[str, str | None] = {}
    for unit in loose:
        keys = {owner[u.key] for u in index.near(unit)}
        out[unit.key] = choose(unit, {k: clusters[k] for k in keys}, scorer)
    return out


def group_features(items: Iterable[Features], links: Links = NO_LINKS) -> list[list[Features]]:
    """All three phases over ``items``: the groups, each sorted by event id, sorted by their first id."""
    scorer = Scorer(links)
    units = make_units(items, links)
    anchored = [u for u in units if u.anchored]
    loose = [u for u in units if not u.anchored]
    index = WindowIndex(anchored)
    clusters = {c[0].key: c for c in cluster_anchored(anchored, scorer, index)}
    choice = attach(loose, clusters, scorer, index)
    groups: dict[str, list[Features]] = {k: [m for u in c for m in u.members] for k, c in clusters.items()}
    for unit in loose:
        if choice[unit.key] is not None:
            groups[choice[unit.key]].extend(unit.members)
    for c in cluster_loose([u for u in loose if choice[u.key] is None], scorer):
        groups[c[0].key] = [m for u in c for m in u.members]
    return sorted((sorted(g, key=lambda f: f.event_id) for g in groups.values()), key=lambda g: g[0].event_id)


def unique_reports(reports: Iterable[Report]) -> list[Report]:
    """One report per event id, sorted by id (the same file given twice gives the same events twice)."""
    by_id: dict[str, Report] = {}
    for r in reports:
        held = by_id.get(r.event_id)
        if held is None or (r.event.article_name, r.outlet) < (held.event.article_name, held.outlet):
            by_id[r.event_id] = r  # keep one copy, the same whatever the input order
    return [by_id[k] for k in sorted(by_id)]


def group_reports(reports: Iterable[Report], links: Links = NO_LINKS) -> list[list[Report]]:
    """Group reports into sorties (membership only; :func:`geo.sorties.group_events` also merges them).

    Parameters
    ----------
    reports : iterable of Report
        In any order; the result does not depend on it. Duplicate event ids count once.
    links : Links
        Analysts' must-link and cannot-link pairs.

    Returns
    -------
    list of list of Report
        The groups, each sorted by event id, sorted by their first event id.
    """
    items = [Features(r) for r in unique_reports(reports)]
    return [[f.report for f in g] for g in group_features(items, links)]
