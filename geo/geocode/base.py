"""The Geocoder protocol every backend satisfies, and the helpers that build geopy Locations."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from geopy.location import Location

from geo.gazetteer.entry import GazetteerEntry


@runtime_checkable
class Geocoder(Protocol):
    """Anything that turns a place name into geopy Locations (geopy's ``geocode`` signature, trimmed).

    Implementations return ``None`` when nothing matches; they never raise for "not found".
    """

    def geocode(self, query: str, *, exactly_one: bool = True,
                country: str | None = None) -> Location | list[Location] | None:
        """Geocode ``query``.

        Parameters
        ----------
        query : str
            A place name, optionally with a hint after a comma ("Okinawa, Japan").
        exactly_one : bool
            Return the best Location (True) or every candidate, best first (False).
        country : str, optional
            Restrict answers to this country (ISO alpha-2 code or English name).

        Returns
        -------
        Location, list of Location, or None
        """
        ...


def entry_location(entry: GazetteerEntry) -> Location:
    """A geopy Location for a gazetteer entry; ``raw`` holds every entry field.

    Examples
    --------
    >>> from geo.gazetteer import GazetteerEntry
    >>> e = GazetteerEntry("x:1", "Osan Air Base", 37.09, 127.03, "air_base", "point", 2.0,
    ...                    "South Korea", 0, None, "military")
    >>> entry_location(e).raw["precision"], entry_location(e).address
    ('point', 'Osan Air Base, South Korea')
    """
    address = entry.name if not entry.country or entry.country == entry.name else f"{entry.name}, {entry.country}"
    raw = {
        "id": entry.id, "name": entry.name, "lat": entry.lat, "lon": entry.lon, "kind": entry.kind,
        "precision": entry.precision, "radius_km": entry.radius_km, "country": entry.country,
        "population": entry.population, "geonameid": entry.geonameid, "source": entry.source,
    }
    return Location(address, (entry.lat, entry.lon), raw)
