"""The filters, defined once: key, column, EventFilter field, label, URL parameter, counting and export wording.

Each facet also says how it is matched, how its options read in the sidebar and its help text.

The sidebar (``geo.ui.filters``), the query string (``geo.ui.urlstate``), the filter itself
(``geo.query.filter_events`` through ``geo.query.index``) and the export's description of a
selection (``geo.render.export.describe_filter``) all read this table, so a facet is added here
(and as a field of ``geo.query.EventFilter``, which a test checks).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from geo.query import schema as S

# Widget keys, namespaced so that pages can read and set them (the play-back moves FLT_DATES).
FLT_DATES = "flt_dates"
FLT_TYPES = "flt_types"
FLT_ROLES = "flt_roles"
FLT_KINDS = "flt_kinds"
FLT_ACTIVITIES = "flt_activities"
FLT_COUNTRIES = "flt_countries"
FLT_ARTICLES = "flt_articles"
FLT_UNDATED = "flt_undated"

Count = Literal["value", "members"]
"""How a facet counts and matches its options: ``value``, the column holds one text per event (its kind)
and the event counts for it; ``members``, the column holds a tuple (its aircraft types) and the event counts
once for each distinct member, and matches when any member is chosen."""
OptionText = Literal["value", "kind", "title", "family", "words"]
"""How an option reads in the sidebar: as stored; a kind's readable name; the article's title for its file
name; a type family marked as such ("F-15 family"); underscores as spaces ("joint drill")."""


@dataclass(frozen=True)
class Facet:
    """One multiselect filter.

    Attributes
    ----------
    key : str
        The widget's session-state key.
    column : str
        The events column it reads (``geo.query.schema``).
    field : str
        The ``EventFilter`` field it sets.
    label, help : str
        The sidebar widget's label and help.
    param : str
        The query-string parameter that carries it (``?type=B-1B``).
    count : Count
        How an event counts for (and matches) its options.
    export : str
        How a selection's description names it ("aircraft types B-1B, F-15C").
    option : OptionText
        How its options read in the sidebar.
    most : int or None
        List at most this many options in the sidebar (those with the most events given the other filters, and
        the chosen ones); None: all. 10,000 article titles were 0.44 MB sent to the browser on every run.
    """

    key: str
    column: str
    field: str
    label: str
    help: str
    param: str
    count: Count
    export: str
    option: OptionText = "value"
    most: int | None = None


FACETS: tuple[Facet, ...] = (
    Facet(FLT_TYPES, S.AIRCRAFT_MATCH, "aircraft_types", "Aircraft type",
          "Show only events in which one of these types took part. A family (B-52, F-15) includes its "
          "variants (B-52H; F-15C, F-15K...).", "type", "members", "aircraft types", "family"),
    Facet(FLT_ROLES, S.AIRCRAFT_ROLES, "roles", "Aircraft role",
          "Bomber, fighter, tanker...: events in which an aircraft of one of these roles took part.", "role",
          "members", "roles"),
    Facet(FLT_KINDS, S.KIND, "kinds", "Event kind", "Flights, missile launches, exercises...", "kind", "value",
          "kinds", "kind"),
    Facet(FLT_ACTIVITIES, S.ACTIVITY, "activities", "Activity",
          "What a flight was doing, when the article says: joint drill, escort, patrol, reconnaissance, ADIZ "
          "entry, intercept, transit...", "activity", "value", "activities", "words"),
    Facet(FLT_COUNTRIES, S.COUNTRIES, "countries", "Country", "Events that name one of these countries.", "country",
          "members", "countries"),
    Facet(FLT_ARTICLES, S.ARTICLE_NAME, "articles", "Source article", "Events read from these articles.", "article",
          "value", "articles", "title", most=500),
)
"""The multiselect filters, in sidebar order. Each option's label shows how many events it would
keep given the *other* filters (the usual faceted-search count)."""
FACET_BY_KEY: dict[str, Facet] = {f.key: f for f in FACETS}
