"""Sorties stage: reported events -> sorties, one per real occurrence, with merged fields, sources and disagreements.

``group_events`` groups a batch (``python -m geo extract --sorties``); ``geo.sorties.incremental.regroup``
updates the groups around new reports, as the store does on ingest. The rules are in ``docs/sorties.md``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from geo.models import Article, Event, Sortie
from geo.sorties.cluster import NO_LINKS, Links
from geo.sorties.grouping import group_reports
from geo.sorties.ids import assign_ids, derived_id
from geo.sorties.merge import build_sortie
from geo.sorties.report import Report, make_report, outlet_name

# Stored sorties record the version of the rules that made them; a store made under other rules is regrouped.
GROUPING_VERSION = 1

__all__ = ["GROUPING_VERSION", "Links", "Report", "build_sortie", "derived_id", "group_events", "group_reports",
           "make_report", "outlet_name", "sortie_ids"]


def group_events(events: Iterable[Event], articles: Mapping[str, Article] | Iterable[Article] = (),
                 links: Links = NO_LINKS) -> list[Sortie]:
    """Group events into sorties and merge each.

    Parameters
    ----------
    events : iterable of Event
        In any order; the sorties do not depend on it.
    articles : mapping or iterable of Article
        The events' articles (by id), for outlets, titles, URLs and publication dates; an event whose
        article is missing is named by its file name.
    links : Links
        Analysts' must-link / cannot-link pairs of event ids.

    Returns
    -------
    list of Sortie
        Sorted by their first event id; each id is derived from its first report (``geo.sorties.ids``).
    """
    by_id = dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles}
    groups = group_reports([make_report(e, by_id.get(e.article_id)) for e in events], links)
    return [build_sortie(sid, g) for sid, g in zip(assign_ids(groups), groups)]


def sortie_ids(sorties: Iterable[Sortie]) -> dict[str, str]:
    """Event id -> the id of its sortie."""
    return {eid: s.sortie_id for s in sorties for eid in s.event_ids}
