"""Query stage: events -> the events DataFrame, and pure pandas filters over it."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from geo.config import Settings
from geo.query import schema as S
from geo.models import Article, Event, Place

_DATE_FORM = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _place_tuple(p: Place) -> tuple:
    # A place without real coordinates (NaN, out of range) carries None, as an unlocated one does.
    lat, lon = (p.lat, p.lon) if p.located else (None, None)
    return (p.name, lat, lon, p.precision, _radius(p.radius_km))


# Half the Earth's circumference: no area drawn on the map is wider than this.
_MAX_RADIUS_KM = 20_015.0


def _radius(value: object) -> float:
    """A radius the map can draw: finite, positive and at most half the Earth's circumference, else 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return 0.0
    return min(float(value), _MAX_RADIUS_KM)


def period_start(text: str | None, window: tuple[date, date]) -> pd.Timestamp:
    """The first day of a stored date ("YYYY-MM-DD", "YYYY-MM", "YYYY"), or NaT when it is not a date in ``window``.

    A store written around ingest's checks may hold any text; such a date is kept as text but not
    placed on the time axis, so that no widget or chart is handed a date it cannot hold.

    Examples
    --------
    >>> w = (date(1900, 1, 1), date(2030, 1, 1))
    >>> period_start("2017-09", w), period_start("3017-09-23", w), period_start("2017-02-30", w)
    (Timestamp('2017-09-01 00:00:00'), NaT, NaT)
    """
    if not isinstance(text, str) or not _DATE_FORM.fullmatch(text):
        return pd.NaT
    try:
        day = date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return pd.NaT
    return pd.Timestamp(day) if window[0] <= day <= window[1] else pd.NaT


def _aircraft_text(e: Event) -> str:
    return ", ".join(f"{a.count}× {a.type}" if a.count and a.count > 1 else a.type for a in e.aircraft)


def events_frame(events: Iterable[Event], articles: Iterable[Article] = ()) -> pd.DataFrame:
    """One row per event with the columns of ``geo.query.schema``; the marker goes at the first located place."""
    titles = {a.id: a.title for a in articles}
    window = Settings.from_env().date_window()
    rows = []
    for e in events:
        main = next((p for p in e.locations if p.located), None) or next((p for p in e.origins if p.located), None)
        rows.append({
            S.EVENT_ID: e.event_id, S.ARTICLE_ID: e.article_id, S.ARTICLE_NAME: e.article_name,
            S.ARTICLE_TITLE: titles.get(e.article_id, e.article_name), S.KIND: e.kind, S.STATUS: e.status,
            S.DATE: period_start(e.date, window), S.DATE_TEXT: e.date if isinstance(e.date, str) else "",
            S.DATE_PRECISION: e.date_precision or "",
            S.AIRCRAFT_TYPES: tuple(a.type for a in e.aircraft), S.AIRCRAFT_ROLES: tuple(sorted({a.role for a in e.aircraft if a.role})),
            S.AIRCRAFT_TEXT: _aircraft_text(e), S.COUNTRIES: tuple(e.countries), S.EVIDENCE: e.evidence.text,
            S.EVIDENCE_START: e.evidence.start, S.EVIDENCE_END: e.evidence.end,
            S.PLACE_NAME: main.name if main else "", S.LAT: main.lat if main else None,
            S.LON: main.lon if main else None, S.PLACE_PRECISION: main.precision if main else "",
            S.RADIUS_KM: _radius(main.radius_km) if main else 0.0,
            S.ORIGINS: tuple(_place_tuple(p) for p in e.origins),
            S.LOCATIONS: tuple(_place_tuple(p) for p in e.locations),
        })
    if not rows:
        return S.empty_events()
    df = pd.DataFrame(rows, columns=list(S.EVENT_COLUMNS))
    df[S.DATE] = pd.to_datetime(df[S.DATE])
    df[S.LAT] = df[S.LAT].astype("float64")
    df[S.LON] = df[S.LON].astype("float64")
    return df.sort_values([S.DATE, S.ARTICLE_NAME, S.EVIDENCE_START], na_position="last").reset_index(drop=True)


@dataclass(frozen=True)
class EventFilter:
    """What the user asked to see. Empty collections mean "no restriction"."""

    start: date | None = None
    end: date | None = None
    aircraft_types: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)
    articles: frozenset[str] = field(default_factory=frozenset)
    include_undated: bool = True


def _any_in(values: pd.Series, wanted: frozenset[str]) -> pd.Series:
    return values.map(lambda tup: bool(wanted.intersection(tup)))


def period_ends(df: pd.DataFrame) -> pd.Series:
    """Last day of each event's period: the day itself, the end of its month, or 31 December."""
    dates = df[S.DATE]
    month_end = dates + pd.offsets.MonthEnd(0)
    year_end = dates + pd.offsets.YearEnd(0)
    precision = df[S.DATE_PRECISION]
    return dates.where(~precision.eq("month"), month_end).where(~precision.eq("year"), year_end)


def filter_events(df: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    """Rows of ``df`` that pass every part of ``f``.

    An event of a month or year is kept when its period overlaps the date range; undated events
    are kept only with ``include_undated``.
    """
    keep = pd.Series(True, index=df.index)
    if f.start or f.end:
        start = pd.Timestamp(f.start) if f.start else pd.Timestamp.min
        end = pd.Timestamp(f.end) if f.end else pd.Timestamp.max
        period_end = period_ends(df)
        dated = df[S.DATE].notna()
        in_range = dated & (period_end >= start) & (df[S.DATE] <= end)
        keep &= in_range | (~dated & f.include_undated)
    elif not f.include_undated:
        keep &= df[S.DATE].notna()
    if f.aircraft_types:
        keep &= _any_in(df[S.AIRCRAFT_TYPES], f.aircraft_types)
    if f.roles:
        keep &= _any_in(df[S.AIRCRAFT_ROLES], f.roles)
    if f.kinds:
        keep &= df[S.KIND].isin(f.kinds)
    if f.countries:
        keep &= _any_in(df[S.COUNTRIES], f.countries)
    if f.articles:
        keep &= df[S.ARTICLE_NAME].isin(f.articles)
    return df[keep]


def option_counts(df: pd.DataFrame, column: str) -> dict[str, int]:
    """How many events carry each value of a column (tuple columns count each member)."""
    values = df[column]
    if len(values) and isinstance(values.iloc[0], tuple):
        # A Counter over the members: pandas' explode took 20 ms a column at 10,000 events, on every run.
        counts = Counter(str(v) for members in values if isinstance(members, tuple)
                         for v in set(members) if v is not None and v == v)  # v == v: not NaN
        return {k: counts[k] for k in sorted(counts) if k}
    return {str(k): int(v) for k, v in values.value_counts().sort_index().items() if str(k)}
