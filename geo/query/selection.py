"""What a user asked to see (``EventFilter``) and the date period each event covers, below the filter's index."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from geo.query import schema as S


@dataclass(frozen=True)
class EventFilter:
    """What the user asked to see. Empty collections mean "no restriction".

    The set fields are the facets of ``geo.query.facets.FACETS`` (each facet names its field).
    """

    start: date | None = None
    end: date | None = None
    aircraft_types: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    activities: frozenset[str] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)
    articles: frozenset[str] = field(default_factory=frozenset)
    include_undated: bool = True


def period_ends(df: pd.DataFrame) -> pd.Series:
    """Last day of each event's period: the day itself, the end of its month, or 31 December."""
    dates = df[S.DATE]
    month_end = dates + pd.offsets.MonthEnd(0)
    year_end = dates + pd.offsets.YearEnd(0)
    precision = df[S.DATE_PRECISION]
    return dates.where(~precision.eq("month"), month_end).where(~precision.eq("year"), year_end)
