"""GazetteerGeocoder: the offline backend, answering from the curated tables and GeoNames cities."""
from __future__ import annotations

from pathlib import Path

from geopy.location import Location

from geo.gazetteer.distance import haversine_km
from geo.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, normalize_name
from geo.geocode.base import entry_location


class GazetteerGeocoder:
    """Offline geocoder over :class:`geo.gazetteer.Gazetteer`, returning geopy Locations.

    Understands a hint after the last comma, as newswires write places: "Okinawa, Japan",
    "Whiteman Air Force Base, Mo.", "Springfield, Illinois". Candidates inside the hint
    (same country or same first-level region) win; when the name itself is unknown, the hint's
    own place is returned, which is coarser but right.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Defaults to :func:`geo.gazetteer.load_gazetteer` with ``data_dir`` and ``min_population``.
    data_dir : Path, optional
        Gazetteer data folder (default: the repository's data/gazetteer/).
    min_population : int
        Smallest GeoNames city to consider.

    Examples
    --------
    >>> loc = GazetteerGeocoder().geocode("Okinawa, Japan")        # doctest: +SKIP
    >>> loc.raw["country"]                                          # doctest: +SKIP
    'Japan'
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, data_dir: Path | str | None = None,
                 min_population: int = 1000) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer(
            Path(data_dir) if data_dir is not None else None, min_population=min_population)

    def candidates(self, query: str, *, country: str | None = None) -> list[GazetteerEntry]:
        """Entries matching ``query`` (with its comma hint applied), best first."""
        query = (query or "").strip()
        if not query:
            return []
        found = self.gazetteer.lookup(query)
        if not found and "," in query:
            head, hint = (p.strip() for p in query.rsplit(",", 1))
            hints = self._hint_entries(hint)
            found = self.gazetteer.lookup(head)
            if hints:
                inside = [e for e in found if any(self._within(e, h) for h in hints)]
                found = inside or hints[:1]
        if country:
            iso = self._country_iso(country)
            found = [e for e in found if self.gazetteer.country_code(e) == iso]
        return found

    def geocode(self, query: str, *, exactly_one: bool = True,
                country: str | None = None) -> Location | list[Location] | None:
        """Geocode a place name offline; see :class:`geo.geocode.base.Geocoder`."""
        found = self.candidates(query, country=country)
        if not found:
            return None
        if exactly_one:
            return entry_location(found[0])
        return [entry_location(e) for e in found]

    def _hint_entries(self, hint: str) -> list[GazetteerEntry]:
        key = normalize_name(hint)
        hits = [e for e in self.gazetteer.lookup_key(key) if e.source in ("country", "admin1")]
        return hits

    def _within(self, entry: GazetteerEntry, hint: GazetteerEntry) -> bool:
        if entry.id == hint.id:
            return False
        g = self.gazetteer
        if hint.source == "country":
            return g.country_code(entry) == hint.id.split(":", 1)[1]
        code = g.admin1_code(entry)
        if code:
            return code == hint.id.split(":", 1)[1]
        # Curated entries carry no admin1 code: inside the region's extent is good enough.
        return g.country_code(entry) == g.country_code(hint) and haversine_km(entry.lat, entry.lon, hint.lat, hint.lon) <= max(hint.radius_km, 50) * 1.5

    def _country_iso(self, country: str) -> str:
        c = country.strip()
        if len(c) == 2 and c.upper() in self.gazetteer.country_names:
            return c.upper()
        for e in self.gazetteer.lookup(c):
            if e.source == "country":
                return e.id.split(":", 1)[1]
        return c.upper()
