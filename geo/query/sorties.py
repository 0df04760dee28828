"""Sorties as rows: the reports' frame told its sorties, one row per sortie, and the sorties a filter of reports keeps.

The map, the tables, the timeline and the exports read frames with the columns of ``geo.query.schema``.
A frame of *sorties* has the same columns, one row per sortie (``geo.models.Sortie``): its merged
date, kind, aircraft (the count most reports give), places (the union of its reports' ``Place``
objects, so a place that could not be placed still says why), its sources and disagreements. Its
``event_id`` is the sortie's id, so that a click on its marker names it. Filters are applied to the
reports: a sortie is shown when any of its reports passes (:func:`sorties_matching`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from geo.config import Settings
from geo.models import Aircraft, Event, Place, Sortie, SortieSource, Span
from geo.query import aircraft_match, aircraft_text, drawable_radius, main_place, period_start
from geo.query import schema as S
from geo.query.index import index_of, is_registered

UNITS: tuple[str, ...] = ("sorties", "reports")
"""What a row of the dashboard is: a sortie (one real occurrence, every report of it merged) or a report."""


def with_sorties(reports: pd.DataFrame, sorties: Iterable[Sortie]) -> pd.DataFrame:
    """A copy of the reports' frame in which each row carries its sortie's id, article count, sources and disagreements.

    Reports no sortie holds keep ``""``, 0 and empty tuples.
    """
    of: dict[str, Sortie] = {eid: s for s in sorties for eid in s.event_ids}
    out = reports.copy()
    found = [of.get(eid) for eid in reports[S.EVENT_ID]]
    out[S.SORTIE_ID] = [s.sortie_id if s else "" for s in found]
    out[S.SOURCE_COUNT] = pd.Series([s.source_count if s else 0 for s in found], index=out.index, dtype="int64")
    out[S.SOURCES] = [s.sources if s else () for s in found]
    out[S.DISAGREEMENTS] = [tuple(d.text for d in s.disagreements) if s else () for s in found]
    return out


def _union(groups: Iterable[Sequence[Place]]) -> tuple[Place, ...]:
    """The places of several reports, each once (by gazetteer id, else name), first mention first.

    The rule of ``geo.sorties.merge``, applied to the reports' own places, which keep their spans and reasons.
    """
    out: dict[str, Place] = {}
    for places in groups:
        for p in places:
            out.setdefault(p.gazetteer_id or p.name.lower(), p)
    return tuple(out.values())


def _lead(sources: Sequence[SortieSource]) -> SortieSource | None:
    """The source a sortie row quotes: its first report of the event itself, else its first mention."""
    return next((s for s in sources if s.role == "main"), sources[0] if sources else None)


def is_sortie_row(event_id: object, sortie_id: object) -> bool:
    """True for a row of a sorties frame (its id is its sortie's), False for a report's row.

    Examples
    --------
    >>> is_sortie_row("s-1", "s-1"), is_sortie_row("e1", "s-1"), is_sortie_row("e1", "")
    (True, False, False)
    """
    return bool(sortie_id) and event_id == sortie_id


def sorties_frame(reports: pd.DataFrame, sorties: Iterable[Sortie]) -> pd.DataFrame:
    """One row per sortie, with the columns of ``geo.query.schema.FRAME_COLUMNS``.

    Parameters
    ----------
    reports
        The reports' frame (``geo.query.events_frame``) the sorties were grouped from: their places
        (with the resolver's reasons) and aircraft origins are read from it.
    sorties
        The stored sorties (``geo.store.sorties.stored_sorties``).

    Returns
    -------
    pandas.DataFrame
        ``event_id`` and ``sortie_id`` are the sortie's id; the article, title and evidence are its lead
        report's (the first report of the event itself); ``sources`` lists every report. Sorted as
        ``events_frame`` sorts (date, article, position).
    """
    window = Settings.from_env().date_window()
    by_id = {eid: (event, title) for eid, event, title in
             zip(reports[S.EVENT_ID], reports[S.EVENT], reports[S.ARTICLE_TITLE])}
    corrected = dict(zip(reports[S.EVENT_ID], reports[S.CORRECTED]))
    rows = []
    for s in sorties:
        members = [by_id[eid][0] for eid in s.event_ids if eid in by_id]
        locations = _union(e.locations for e in members)
        origins = _union(e.origins for e in members)
        flown: dict[str, str] = {}
        for e in members:
            for a in e.aircraft:
                if a.origin:
                    flown.setdefault(a.type, a.origin)
        aircraft = tuple(Aircraft(a.type, a.role, a.count, origin=flown.get(a.type, "")) for a in s.aircraft)
        lead = _lead(s.sources)
        lead_event = by_id[lead.event_id][0] if lead and lead.event_id in by_id else None
        span = lead_event.evidence if lead_event is not None else Span(0, 0, lead.evidence if lead else "")
        event = Event(event_id=s.sortie_id, article_id=lead.article_id if lead else "", kind=s.kind, date=s.date,
                      date_precision=s.date_precision, evidence=span, aircraft=aircraft, origins=origins,
                      locations=locations, countries=s.countries, status=s.status,
                      article_name=lead.article_name if lead else "", activity=s.activity)
        main = main_place(event)
        types = tuple(a.type for a in aircraft)
        title = (by_id[lead.event_id][1] if lead and lead.event_id in by_id else "") or (lead.title if lead else "")
        rows.append({
            S.EVENT_ID: s.sortie_id, S.ARTICLE_ID: event.article_id, S.ARTICLE_NAME: event.article_name,
            S.ARTICLE_TITLE: title or event.article_name, S.KIND: s.kind, S.STATUS: s.status,
            S.DATE: period_start(s.date, window), S.DATE_TEXT: s.date if isinstance(s.date, str) else "",
            S.DATE_PRECISION: s.date_precision or "", S.AIRCRAFT_TYPES: types,
            S.AIRCRAFT_ROLES: tuple(sorted({a.role for a in aircraft if a.role})),
            S.AIRCRAFT_TEXT: aircraft_text(aircraft), S.ACTIVITY: s.activity, S.COUNTRIES: tuple(s.countries),
            S.EVIDENCE: span.text, S.EVIDENCE_START: span.start, S.EVIDENCE_END: span.end,
            S.PLACE_NAME: main.name if main else "", S.LAT: main.lat if main else None,
            S.LON: main.lon if main else None, S.PLACE_PRECISION: main.precision if main else "",
            S.RADIUS_KM: drawable_radius(main.radius_km) if main else 0.0, S.ORIGINS: origins, S.LOCATIONS: locations,
            S.SORTIE_ID: s.sortie_id, S.SOURCE_COUNT: s.source_count, S.SOURCES: s.sources,
            S.DISAGREEMENTS: tuple(d.text for d in s.disagreements),
            # A field an analyst corrected in any of its reports is marked on the sortie too.
            S.CORRECTED: tuple(sorted({f for eid in s.event_ids for f in corrected.get(eid, ())})),
            S.AIRCRAFT_MATCH: aircraft_match(types), S.EVENT: event,
        })
    if not rows:
        return S.empty_events()
    df = pd.DataFrame(rows, columns=list(S.FRAME_COLUMNS))
    df[S.DATE] = pd.to_datetime(df[S.DATE])
    for column in (S.LAT, S.LON, S.RADIUS_KM):
        df[column] = df[column].astype("float64")
    df[S.SOURCE_COUNT] = df[S.SOURCE_COUNT].astype("int64")
    return df.sort_values([S.DATE, S.ARTICLE_NAME, S.EVIDENCE_START], na_position="last").reset_index(drop=True)


def sorties_matching(sorties: pd.DataFrame, reports: pd.DataFrame, within: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``sorties`` (a sorties frame) that hold at least one of ``reports`` (filtered reports).

    A filter is applied to reports, and a sortie matches when any of its reports does: "B-1B" keeps the
    sortie one outlet says had B-1Bs even when another outlet named only its escorts.

    ``within``: the registered frame of all reports that ``reports`` was filtered from (``geo.query.index``);
    each report's sortie row is then looked up once per store version instead of matched by id each time.
    """
    if within is not None and is_registered(within):
        links = index_of(within).linked_rows(sorties, S.SORTIE_ID)
        rows = within.index.get_indexer(reports.index)
        if (rows >= 0).all():
            held = links[rows]
            kept = np.unique(held[held >= 0])
            if len(kept) == len(sorties) and is_registered(sorties):
                return sorties  # every sortie: a copy of 70,000 rows would cost 0.1 s a run and change nothing
            return sorties.iloc[kept]
    n = len(sorties)  # one factorisation of both id columns: no string set of 100,000 ids
    codes, _ = pd.factorize(pd.concat([sorties[S.SORTIE_ID], reports[S.SORTIE_ID]], ignore_index=True)
                            .astype(str))
    return sorties[np.isin(codes[:n], codes[n:][reports[S.SORTIE_ID].astype(str).to_numpy() != ""])]


__all__ = ["UNITS", "is_sortie_row", "sorties_frame", "sorties_matching", "with_sorties"]
