"""Resolve stage: every place mention (from extraction, the geoparser or a Review correction) -> coordinates, precision, extent, reason.

``resolve_events`` places every mention of an article's events; ``resolve_name`` places one name
an analyst typed. Both give :class:`geo.models.Place` objects: a located one carries a ``reason``
("qualifier Japan", "only candidate", "document country KR"); a name that cannot be placed keeps
``lat``/``lon`` None and says why in ``reason``, so it is shown as unresolved, never dropped and
never placed on a guess. The geoparser (``python -m geo toponyms``) ranks its candidates with the
same :class:`~geo.resolve.rank.CandidateRanker`.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from geo.models import Article, Event, Place, PlaceRole
from geo.resolve.places import PlaceResolver

__all__ = ["PlaceResolver", "default_resolver", "resolve_events", "resolve_name"]


@lru_cache(maxsize=1)
def default_resolver() -> PlaceResolver:
    """The process-wide resolver over the default gazetteer and ``GEO_GEOCODER``."""
    return PlaceResolver()


def resolve_events(article: Article, events: Sequence[Event], mentions: Sequence[Place] = ()) -> list[Event]:
    """Place every origin and location of ``events`` (one article's), with ``mentions`` as context."""
    return default_resolver().resolve_article(article, events, mentions)


def resolve_name(name: str, *, role: PlaceRole = "location", countries: Iterable[str] = ()) -> Place:
    """Place one name typed by an analyst, with the article's ``countries`` (ISO codes) as context.

    Returns an unresolved ``Place`` (``located`` False, ``reason`` saying why) when neither the
    gazetteer nor the configured online geocoder knows the name.
    """
    return default_resolver().resolve_name(name, role=role, countries=countries)
