"""The filters, defined once: widget key, events column, EventFilter field, label, help and URL parameter.

The sidebar (``geo.ui.filters``), the query string (``geo.ui.urlstate``) and the pandas filter
(``geo.query``) all read this table, so a facet is added in one place.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.query import schema as S

# Widget keys, namespaced so that pages can read and set them (the play-back moves FLT_DATES).
FLT_DATES = "flt_dates"
FLT_TYPES = "flt_types"
FLT_ROLES = "flt_roles"
FLT_KINDS = "flt_kinds"
FLT_COUNTRIES = "flt_countries"
FLT_ARTICLES = "flt_articles"
FLT_UNDATED = "flt_undated"


@dataclass(frozen=True)
class Facet:
    """One multiselect filter: its widget key, the events column it reads and the EventFilter field it sets."""

    key: str
    column: str
    field: str
    label: str
    help: str
    param: str  # the query-string parameter that carries it (``?type=B-1B``)


FACETS: tuple[Facet, ...] = (
    Facet(FLT_TYPES, S.AIRCRAFT_MATCH, "aircraft_types", "Aircraft type",
          "Show only events in which one of these types took part. A family (B-52, F-15) includes its "
          "variants (B-52H; F-15C, F-15K...).", "type"),
    Facet(FLT_ROLES, S.AIRCRAFT_ROLES, "roles", "Aircraft role",
          "Bomber, fighter, tanker...: events in which an aircraft of one of these roles took part.", "role"),
    Facet(FLT_KINDS, S.KIND, "kinds", "Event kind", "Flights, missile launches, exercises...", "kind"),
    Facet(FLT_COUNTRIES, S.COUNTRIES, "countries", "Country", "Events that name one of these countries.", "country"),
    Facet(FLT_ARTICLES, S.ARTICLE_NAME, "articles", "Source article", "Events read from these articles.", "article"),
)
"""The multiselect filters, in sidebar order. Each option's label shows how many events it would
keep given the *other* filters (the usual faceted-search count)."""
