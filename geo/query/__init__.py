"""Query stage: events -> the events DataFrame, and its filters (done on an integer-coded index, geo.query.index)."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

import pandas as pd

from geo.config import Settings
from geo.extract.aircraft import load_catalogue
from geo.models import Aircraft, Article, Event, Place, Span  # noqa: F401 - Span: the doctest of flew_from
from geo.query import schema as S
from geo.query.index import index_of, select
from geo.query.selection import EventFilter, period_ends

_DATE_FORM = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


# Half the Earth's circumference: no area drawn on the map is wider than this.
_MAX_RADIUS_KM = 20_015.0


def drawable_radius(value: object) -> float:
    """A radius the map can draw: finite, positive and at most half the Earth's circumference, else 0.

    Examples
    --------
    >>> drawable_radius(150.0), drawable_radius(float("nan")), drawable_radius(1e9)
    (150.0, 0.0, 20015.0)
    """
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


def aircraft_text(aircraft: Iterable[Aircraft]) -> str:
    """The aircraft as one line for display: ``"2× B-1B, F-15C"``."""
    return ", ".join(f"{a.count}× {a.type}" if a.count and a.count > 1 else a.type for a in aircraft)


def flew_from(aircraft: Aircraft, origin: Place) -> bool:
    """True when ``aircraft`` may have flown from ``origin``: its ``origin`` names it, or says nothing.

    The name is compared with the origin's resolved name and with the article's words for it
    (its span), ignoring case.

    Examples
    --------
    >>> guam = Place("Andersen Air Force Base", 13.58, 144.93, span=Span(0, 4, "Guam"))
    >>> flew_from(Aircraft("B-1B", origin="guam"), guam), flew_from(Aircraft("F-15C", origin="Kadena"), guam)
    (True, False)
    >>> flew_from(Aircraft("KC-135"), guam)
    True
    """
    if not aircraft.origin:
        return True
    wanted = aircraft.origin.casefold()
    return wanted in (origin.name.casefold(), origin.surface.casefold())


def aircraft_from(event: Event, origin: Place) -> tuple[Aircraft, ...]:
    """The aircraft of ``event`` that flew from ``origin`` (those whose origin is not given count for every origin)."""
    return tuple(a for a in event.aircraft if flew_from(a, origin))


def main_place(event: Event) -> Place | None:
    """Where the event's marker goes: its first located location, else its first located origin."""
    return next((p for p in event.locations if p.located), None) or next((p for p in event.origins if p.located),
                                                                           None)


@lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    return {t.id: t.family for t in load_catalogue().types}


def aircraft_match(types: Iterable[str]) -> tuple[str, ...]:
    """Every designation the types answer to: each type, then its family (``B-52H`` -> ``B-52H``, ``B-52``).

    The aircraft-type filter matches on these, so choosing a family (``F-15``) keeps its variants
    (``F-15C``, ``F-15K``...). Families come from the ``family`` column of ``data/aircraft.csv``.
    """
    families = _families()
    out = dict.fromkeys(types)
    for t in list(out):
        family = families.get(t)
        if family:
            out.setdefault(family)
    return tuple(out)


def family_variants(types: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each family among ``types``' families that has other variants among them: family -> those variants.

    The aircraft-type filter labels these families as such ("F-15 family"), since they keep their variants.
    """
    families = _families()
    out: dict[str, list[str]] = {}
    for t in sorted(set(types)):
        family = families.get(t)
        if family and family != t:
            out.setdefault(family, []).append(t)
    return {family: tuple(variants) for family, variants in out.items()}


def events_frame(events: Iterable[Event], articles: Iterable[Article] | Mapping[str, str] = (), *,
                 corrected: Mapping[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """The events as a DataFrame with the columns of ``geo.query.schema``: the one view the pages, map and exports read.

    One row per event. The place columns hold the events' own ``Place`` objects and ``EVENT`` the
    ``Event`` itself, so that render and export read attributes, never positions. The marker goes at
    :func:`main_place`. Rows are sorted by date (undated last), article and position in the article.

    Parameters
    ----------
    events
        The events (their analysts' corrections applied, for the dashboard).
    articles
        Their articles, or article id -> title: an event's title is its article's (else its file name).
    corrected
        Event id -> the fields an analyst corrected (``geo.review.Reviewed.corrected``), for ``CORRECTED``.
    """
    titles = dict(articles) if isinstance(articles, Mapping) else {a.id: a.title for a in articles}
    corrected = corrected or {}
    window = Settings.from_env().date_window()
    rows = []
    for e in events:
        main = main_place(e)
        types = tuple(a.type for a in e.aircraft)
        rows.append({
            S.EVENT_ID: e.event_id, S.ARTICLE_ID: e.article_id, S.ARTICLE_NAME: e.article_name,
            S.ARTICLE_TITLE: titles.get(e.article_id, e.article_name), S.KIND: e.kind, S.STATUS: e.status,
            S.DATE: period_start(e.date, window), S.DATE_TEXT: e.date if isinstance(e.date, str) else "",
            S.DATE_PRECISION: e.date_precision or "",
            S.AIRCRAFT_TYPES: types, S.AIRCRAFT_ROLES: tuple(sorted({a.role for a in e.aircraft if a.role})),
            S.AIRCRAFT_TEXT: aircraft_text(e.aircraft), S.ACTIVITY: e.activity, S.COUNTRIES: tuple(e.countries),
            S.EVIDENCE: e.evidence.text, S.EVIDENCE_START: e.evidence.start, S.EVIDENCE_END: e.evidence.end,
            S.PLACE_NAME: main.name if main else "", S.LAT: main.lat if main else None,
            S.LON: main.lon if main else None, S.PLACE_PRECISION: main.precision if main else "",
            S.RADIUS_KM: drawable_radius(main.radius_km) if main else 0.0,
            S.ORIGINS: tuple(e.origins), S.LOCATIONS: tuple(e.locations),
            S.SORTIE_ID: "", S.SOURCE_COUNT: 0, S.SOURCES: (), S.DISAGREEMENTS: (),
            S.CORRECTED: tuple(corrected.get(e.event_id, ())), S.AIRCRAFT_MATCH: aircraft_match(types), S.EVENT: e,
        })
    if not rows:
        return S.empty_events()
    df = pd.DataFrame(rows, columns=list(S.FRAME_COLUMNS))
    df[S.DATE] = pd.to_datetime(df[S.DATE])
    df[S.LAT] = df[S.LAT].astype("float64")
    df[S.LON] = df[S.LON].astype("float64")
    df[S.RADIUS_KM] = df[S.RADIUS_KM].astype("float64")
    df[S.SOURCE_COUNT] = df[S.SOURCE_COUNT].astype("int64")
    return df.sort_values([S.DATE, S.ARTICLE_NAME, S.EVIDENCE_START], na_position="last").reset_index(drop=True)


def filter_events(df: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    """Rows of ``df`` that pass every part of ``f``, index labels kept.

    An event of a month or year is kept when its period overlaps the date range; undated events
    are kept only with ``include_undated``. Each facet matches as ``geo.query.facets`` says: a
    ``value`` column when its value is chosen, a ``members`` column when any member is (an
    aircraft family such as F-15 keeps its variants: see :func:`aircraft_match`). The work is
    done on the frame's index (``geo.query.index``): the registered one of a shared frame, else
    a new one.
    """
    return select(df, index_of(df).mask(f))


def option_counts(df: pd.DataFrame, column: str, unit: str | None = None) -> dict[str, int]:
    """How many events carry each value of a column (tuple columns count each member).

    With ``unit`` (a column such as ``sortie_id``), how many distinct values of that column the rows carrying
    each value have: the sorties a facet value keeps, counted from their reports.
    """
    values = df[column]
    if unit is not None:
        pairs = set()
        for members, key in zip(values, df[unit]):
            for v in (set(members) if isinstance(members, tuple) else (members,)):
                if v is not None and v == v:
                    pairs.add((str(v), key))
        counted = Counter(v for v, _ in pairs)
        return {k: counted[k] for k in sorted(counted) if k}
    if len(values) and isinstance(values.iloc[0], tuple):
        # A Counter over the members: pandas' explode took 20 ms a column at 10,000 events, on every run.
        counts = Counter(str(v) for members in values if isinstance(members, tuple)
                         for v in set(members) if v is not None and v == v)  # v == v: not NaN
        return {k: counts[k] for k in sorted(counts) if k}
    return {str(k): int(v) for k, v in values.value_counts().sort_index().items() if str(k)}
