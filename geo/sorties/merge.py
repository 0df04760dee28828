"""One sortie from its reports: the most precise date they support, the union of aircraft, places and participants, sources."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from geo.models import Place, Sortie, SortieAircraft, SortieSource
from geo.sorties.disagreements import disagreements
from geo.sorties.features import family_of
from geo.sorties.report import Report

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# A context mention ("the flight on Monday") is weaker evidence of the date than a report of the event itself.
_CONTEXT_WEIGHT = 0.5
# Events west of this longitude are in the Americas, where the local date is the earlier of two one day apart.
_WESTERN_HEMISPHERE_LON = -30.0


def _tally(values: Iterable) -> dict:
    """value -> how many times it occurs (a plain dict: Counter costs more than the rest of a small sortie)."""
    out: dict = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def source_order(report: Report) -> tuple:
    """Sources are listed by publication date (undated last), then outlet, then event id."""
    return (report.published is None, report.published or 0, report.outlet, report.event_id)


def merged_date(reports: Sequence[Report]) -> tuple[str | None, str | None]:
    """(date, precision): the most precise value the reports give; of several, the one most reports give.

    On a tie between two values, as a US date and a local date of one moment give, the later one is
    taken (the local date of an event in Asia, Europe or the Pacific west of the date line), or the earlier
    one for an event in the Americas.
    """
    dated = [r for r in reports if r.event.date]
    if not dated:
        return None, None
    best = min(_PRECISION_RANK.get(r.event.date_precision or "", 4) for r in dated)
    votes: dict[str, float] = {}
    precision: dict[str, str] = {}
    for r in dated:
        if _PRECISION_RANK.get(r.event.date_precision or "", 4) == best:
            votes[r.event.date] = votes.get(r.event.date, 0.0) + (1.0 if r.event.role == "main" else _CONTEXT_WEIGHT)
            precision[r.event.date] = r.event.date_precision or ""
    top = max(votes.values())
    tied = sorted(v for v, n in votes.items() if n == top)
    lons = [p.lon for r in reports for p in r.event.locations if p.located]
    west = bool(lons) and sum(lons) / len(lons) < _WESTERN_HEMISPHERE_LON
    value = tied[0] if west else tied[-1]
    return value, precision[value] or None


def merged_aircraft(reports: Sequence[Report]) -> tuple[SortieAircraft, ...]:
    """Every type any report names, with each naming report's count.

    A bare family ("B-1") is folded into the one variant of it the sortie names ("B-1B"), so one
    aircraft is not listed twice; with several variants it stays on its own.
    """
    rows: dict[str, dict] = {}
    for r in reports:
        for a in r.event.aircraft:
            row = rows.setdefault(a.type, {"role": a.role, "counts": {}})
            row["counts"].setdefault(r.event_id, a.count)
            row["role"] = row["role"] or a.role
    for t in list(rows):
        variants = [v for v in rows if v != t and family_of(v) == t]
        if family_of(t) == t and len(variants) == 1:
            target = rows[variants[0]]
            for eid, n in rows.pop(t)["counts"].items():
                target["counts"].setdefault(eid, n)
    return tuple(SortieAircraft(t, row["role"], tuple(row["counts"].items())) for t, row in rows.items())


def _union_places(groups: Sequence[Sequence[Place]]) -> tuple[Place, ...]:
    out: dict[str, Place] = {}
    for places in groups:
        for p in places:
            out.setdefault(p.gazetteer_id or p.name.lower(), p)
    return tuple(out.values())


def _majority(values: Sequence[str]) -> str:
    counts = _tally(v for v in values if v)
    if not counts:
        return ""
    first = {v: i for i, v in reversed(list(enumerate(values)))}
    return min(counts, key=lambda v: (-counts[v], first[v]))


def source_of(report: Report) -> SortieSource:
    """The source entry of one report."""
    e = report.event
    return SortieSource(event_id=e.event_id, article_id=e.article_id, article_name=e.article_name,
                        outlet=report.outlet, title=report.title, url=report.url, published=report.published,
                        evidence=e.evidence.text, role=e.role or "main", date=e.date, date_precision=e.date_precision,
                        date_note=e.date_note)


def build_sortie(sortie_id: str, reports: Sequence[Report]) -> Sortie:
    """Merge the reports of one sortie.

    Parameters
    ----------
    sortie_id : str
    reports : sequence of Report
        Its members, in any order (at least one).

    Returns
    -------
    Sortie
        Kind, status and activity (the one most reports give; they differ only after an analyst's
        merge), the merged date, the union of aircraft
        (each report's count), origins, areas and countries (most often named first), the sources by
        publication date, and the disagreements.
    """
    ordered = sorted(reports, key=source_order)
    date_value, precision = merged_date(ordered)
    countries = _tally(c for r in ordered for c in dict.fromkeys(r.event.countries))
    first_seen = {c: i for i, c in reversed(list(enumerate(c for r in ordered for c in r.event.countries)))}
    return Sortie(
        sortie_id=sortie_id, kind=_majority([r.event.kind for r in ordered]),
        status=_majority([r.event.status for r in ordered]),
        activity=_majority([r.event.activity for r in ordered]), date=date_value, date_precision=precision,
        aircraft=merged_aircraft(ordered),
        origins=_union_places([r.event.origins for r in ordered]),
        locations=_union_places([r.event.locations for r in ordered]),
        countries=tuple(sorted(countries, key=lambda c: (-countries[c], first_seen[c]))),
        sources=tuple(source_of(r) for r in ordered),
        disagreements=disagreements(ordered) if len(ordered) > 1 else ())  # one report disagrees with nobody
