"""Online backends (Nominatim, Photon) through geopy: opt-in, for connected machines only."""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Any

from geopy.geocoders import Nominatim, Photon
from geopy.location import Location

DEFAULT_USER_AGENT = "sortie-geoparser/0.1 (offline-first; set GEO_USER_AGENT to identify your deployment)"


def _radius_from_bbox(south: float, north: float, west: float, east: float) -> float:
    """Half the diagonal of a bounding box, in km (rough extent of the feature)."""
    mid = math.radians((south + north) / 2)
    dy = (north - south) * 111.2
    dx = abs(east - west) * 111.2 * math.cos(mid)
    return round(math.hypot(dx, dy) / 2, 1)


def _precision(radius_km: float, country_level: bool) -> str:
    if country_level:
        return "country"
    if radius_km <= 25:
        return "point"
    return "region" if radius_km > 150 else "area"


class _OnlineGeocoder(ABC):
    """Shared behaviour: hold a geopy geocoder, add our precision fields to each Location's raw."""

    provider = ""
    online = True  # get_geocoder wraps online backends as fallback(cached(ratelimited(...)), gazetteer)

    def __init__(self, geolocator: Any) -> None:
        self.geolocator = geolocator

    def geocode(self, query: str, *, exactly_one: bool = True,
                country: str | None = None) -> Location | list[Location] | None:
        """Ask the service; geopy's errors (timeouts, refusals) propagate for the wrappers to handle."""
        if not (query or "").strip():
            return None
        found = self._ask(query, exactly_one=exactly_one, country=country)
        if found is None:
            return None
        if exactly_one:
            return self._annotate(found)
        return [self._annotate(loc) for loc in found] or None

    @abstractmethod
    def _ask(self, query: str, *, exactly_one: bool, country: str | None) -> Any:
        """Call the wrapped geopy geocoder with this service's own arguments."""

    def _annotate(self, loc: Location) -> Location:
        raw = dict(loc.raw or {})
        radius, country_level = self._extent(raw)
        raw.update({"precision": _precision(radius, country_level), "radius_km": radius,
                    "source": self.provider, "name": loc.address.split(",")[0]})
        return Location(loc.address, (loc.latitude, loc.longitude), raw)

    def _extent(self, raw: dict) -> tuple[float, bool]:  # pragma: no cover
        return 0.0, False


class NominatimGeocoder(_OnlineGeocoder):
    """OpenStreetMap Nominatim via :class:`geopy.geocoders.Nominatim`.

    Parameters
    ----------
    user_agent : str
        Identifies the application, as Nominatim's usage policy requires.
    timeout : float
        Seconds to wait for an answer.
    domain, scheme : str
        Service address ("nominatim.openstreetmap.org", "https"); tests point them at a local server.
    """

    provider = "nominatim"

    def __init__(self, *, user_agent: str = DEFAULT_USER_AGENT, timeout: float = 10.0,
                 domain: str = "nominatim.openstreetmap.org", scheme: str = "https") -> None:
        super().__init__(Nominatim(user_agent=user_agent, timeout=timeout, domain=domain, scheme=scheme))

    def _ask(self, query: str, *, exactly_one: bool, country: str | None) -> Any:
        return self.geolocator.geocode(query, exactly_one=exactly_one,
                                       country_codes=[country.lower()] if country and len(country) == 2 else None)

    def _extent(self, raw: dict) -> tuple[float, bool]:
        bbox = raw.get("boundingbox")
        radius = 0.0
        if bbox and len(bbox) == 4:
            s, n, w, e = (float(x) for x in bbox)
            radius = _radius_from_bbox(s, n, w, e)
        country_level = raw.get("addresstype") == "country" or raw.get("type") == "country"
        return radius, country_level


class PhotonGeocoder(_OnlineGeocoder):
    """Komoot Photon via :class:`geopy.geocoders.Photon`; same parameters as :class:`NominatimGeocoder`."""

    provider = "photon"

    def __init__(self, *, user_agent: str = DEFAULT_USER_AGENT, timeout: float = 10.0,
                 domain: str = "photon.komoot.io", scheme: str = "https") -> None:
        super().__init__(Photon(user_agent=user_agent, timeout=timeout, domain=domain, scheme=scheme))

    def _ask(self, query: str, *, exactly_one: bool, country: str | None) -> Any:
        found = self.geolocator.geocode(query, exactly_one=exactly_one)
        if found is None or not country or len(country) != 2:
            return found
        # Photon has no country filter: drop answers from other countries.
        keep = [loc for loc in ([found] if exactly_one else found)
                if (loc.raw.get("properties", {}).get("countrycode") or "").upper() == country.upper()]
        if exactly_one:
            return keep[0] if keep else None
        return keep

    def _extent(self, raw: dict) -> tuple[float, bool]:
        props = raw.get("properties", {})
        ext = props.get("extent")
        radius = 0.0
        if ext and len(ext) == 4:  # [west, north, east, south]
            w, n, e, s = (float(x) for x in ext)
            radius = _radius_from_bbox(s, n, w, e)
        return radius, props.get("type") == "country"
