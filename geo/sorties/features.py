"""What the grouping compares of a report, computed once: date window, aircraft families, areas, participants."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from geo.sorties.report import Report

# An undated main event happened shortly before its article was written; an undated context mention
# ("the nuclear test") may be years older. Both are bounded by the publication date (+1 day for time zones).
UNDATED_MAIN_DAYS = 14
UNDATED_CONTEXT_DAYS = 3650
# A report whose date window is at most this many days wide anchors a sortie (a day or a week);
# wider ones (a month, a year, undated) can only join sorties, or group with each other when nothing anchors them.
ANCHOR_MAX_DAYS = 7
# The extractor places a launch or test the text does not place at its acting state ("North Korea fired
# ..." -> North Korea) and says so in the place's reason: that is who acted, not where, so it neither makes
# two reports' areas agree nor keeps them apart.
ACTING_STATE = "the acting state"
# Places named by news are points or circles; a base is given a few km, so two reports naming a base and
# the town beside it still overlap.
MIN_RADIUS_KM = 5.0


@lru_cache(maxsize=1)
def _catalogue_maps() -> tuple[dict[str, str], dict[str, str], dict[str, frozenset[str]]]:
    from geo.extract.aircraft import load_catalogue

    cat = load_catalogue()
    return ({t.id: t.family for t in cat.types}, {t.id: t.role for t in cat.types},
            {t.id: frozenset(t.operators) for t in cat.types})


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from geo.extract.countries import load_countries

    return {c.iso2: c.name for c in load_countries().by_name.values()}


def operators_of(type_id: str) -> frozenset[str]:
    """The countries the catalogue lists as flying a type (none for a type it lacks)."""
    return _catalogue_maps()[2].get(type_id, frozenset())


def place_country(place) -> str:
    """The name of the country a resolved place lies in ("" when unknown)."""
    code = place.country or (place.gazetteer_id[8:] if place.gazetteer_id.startswith("country:") else "")
    return _country_names().get(code.upper(), "") if code else ""


@lru_cache(maxsize=4096)
def family_of(type_id: str) -> str:
    """The catalogue family of an aircraft type ("B-52" for "B-52H"); an unknown type is its own family.

    >>> family_of("F-15K"), family_of("KF-16"), family_of("Hwasong-15")
    ('F-15', 'F-16', 'Hwasong-15')
    """
    families = _catalogue_maps()[0]
    if type_id in families:
        return families[type_id]
    from geo.extract.aircraft import load_catalogue

    found = load_catalogue().lookup(type_id)
    return found.family if found else type_id


@lru_cache(maxsize=4096)
def role_of(type_id: str, given: str = "") -> str:
    """The catalogue role of a type (bomber, fighter...), else the role the event gives, else ""."""
    return _catalogue_maps()[1].get(type_id) or given


@lru_cache(maxsize=65536)
def date_window(value: str | None, precision: str | None) -> tuple[int, int] | None:
    """(first, last) day ordinals a dated value can mean, or None when undated or unreadable.

    >>> a, b = date_window("2017-11", "month"); date.fromordinal(a), date.fromordinal(b)
    (datetime.date(2017, 11, 1), datetime.date(2017, 11, 30))
    >>> date_window("2017-11-28", "week")[1] - date_window("2017-11-28", "week")[0]
    6
    """
    if not value:
        return None
    try:
        parts = [int(p) for p in str(value)[:10].split("-")]
        if len(parts) == 3:
            first = date(*parts)
            span = 6 if precision == "week" else 0
            return first.toordinal(), first.toordinal() + span
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1
        if len(parts) == 1:
            return date(parts[0], 1, 1).toordinal(), date(parts[0], 12, 31).toordinal()
    except ValueError:
        return None
    return None


class Features:
    """The comparable parts of one report.

    Built from a :class:`Report`, or from the compact row the store keeps (:meth:`to_row`,
    :meth:`from_row`), in which case ``report`` is None until the full report is loaded.
    """

    __slots__ = ("report", "event_id", "article_id", "kind", "status", "role", "lo", "hi", "day", "anchored",
                 "families", "types", "roles", "counts", "areas", "area_ids", "origin_ids", "countries", "evident",
                 "activity", "published", "dated")

    def __init__(self, report: Report):
        e = report.event
        self.report: Report | None = report
        self.event_id = e.event_id
        self.article_id = e.article_id
        self.kind = e.kind
        self.status = e.status
        self.role = e.role or "main"
        self.published = report.published.toordinal() if report.published else None
        window = date_window(e.date, e.date_precision)
        self.dated = window is not None
        if window is None:
            if self.published is None:
                lo = hi = None
            else:
                back = UNDATED_MAIN_DAYS if self.role == "main" else UNDATED_CONTEXT_DAYS
                lo, hi = self.published - back, self.published + 1
        else:
            lo, hi = window
        self.lo, self.hi = lo, hi
        self.day = lo if window is not None and lo == hi else None
        self.anchored = lo is not None and hi is not None and hi - lo < ANCHOR_MAX_DAYS and window is not None
        families: dict[str, str] = {}
        roles: dict[str, set[str]] = {}
        counts: dict[str, int] = {}
        for a in e.aircraft:
            fam = family_of(a.type)
            families[a.type] = fam
            # A type of unknown role (not in the catalogue) still names a part of the occurrence.
            roles.setdefault(role_of(a.type, a.role) or "?", set()).add(fam)
            if a.count is not None:
                counts[fam] = max(counts.get(fam, 0), a.count)
        self.types = frozenset(families)
        self.families = frozenset(families.values())
        self.roles = {r: frozenset(f) for r, f in roles.items()}
        self.counts = counts
        areas = [p for p in e.locations if not p.reason.startswith(ACTING_STATE)]
        self.areas = tuple((p.lat, p.lon, max(p.radius_km or 0.0, MIN_RADIUS_KM)) for p in areas
                           if p.lat is not None and p.lon is not None)
        self.area_ids = frozenset(p.gazetteer_id or p.name.lower() for p in areas)
        self.origin_ids = frozenset(p.gazetteer_id or p.name.lower() for p in e.origins)
        self.countries = frozenset(e.countries)
        # The countries the report shows taking part: those flying a type it names, or where one of its
        # places is. A country it only names ("in response to North Korea's test") may be the reason, not a
        # participant. A report naming no aircraft shows nothing either way, so all its countries count.
        if e.aircraft:
            shown = {place_country(p) for p in (*e.origins, *e.locations)}
            for a in e.aircraft:
                shown |= operators_of(a.type)
            self.evident = self.countries & frozenset(shown)
        else:
            self.evident = self.countries
        self.activity = e.activity or ""

    def __repr__(self) -> str:
        return f"Features({self.event_id}, {self.kind}, {self.lo}-{self.hi})"

    def to_row(self) -> str:
        """Everything but the report, as compact JSON (the store compares stored reports without reading them)."""
        return json.dumps([self.article_id, self.kind, self.status, self.role, self.lo, self.hi, self.day,
                           self.anchored, sorted(self.families), sorted(self.types),
                           {r: sorted(f) for r, f in sorted(self.roles.items())}, self.counts,
                           [list(a) for a in self.areas], sorted(self.area_ids), sorted(self.origin_ids),
                           sorted(self.countries), sorted(self.evident), self.activity, self.published, self.dated],
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_row(cls, event_id: str, row: str) -> "Features":
        """The features :meth:`to_row` wrote, without their report (``report`` is None)."""
        (article_id, kind, status, role, lo, hi, day, anchored, families, types, roles, counts, areas, area_ids,
         origin_ids, countries, evident, activity, published, dated) = json.loads(row)
        f = cls.__new__(cls)
        f.report, f.event_id, f.article_id, f.kind, f.status, f.role = None, event_id, article_id, kind, status, role
        f.lo, f.hi, f.day, f.anchored = lo, hi, day, anchored
        f.families, f.types = frozenset(families), frozenset(types)
        f.roles = {r: frozenset(x) for r, x in roles.items()}
        f.counts = counts
        f.areas = tuple(tuple(a) for a in areas)
        f.area_ids, f.origin_ids, f.countries = frozenset(area_ids), frozenset(origin_ids), frozenset(countries)
        f.evident = frozenset(evident)
        f.activity, f.published, f.dated = activity, published, dated
        return f

    def same(self, other: "Features") -> bool:
        """True when every compared part is equal (the report aside)."""
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__ if k != "report")
