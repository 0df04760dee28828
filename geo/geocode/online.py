"""Online backends (Nominatim, Photon) through geopy: opt-in, for connected machines only."""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Any

from geopy.adapters import RequestsAdapter
from geopy.geocoders import Nominatim, Photon
from geopy.location import Location

from geo.errors import GeocoderServiceError

DEFAULT_USER_AGENT = "sortie-geoparser/0.1 (offline-first; set GEO_USER_AGENT to identify your deployment)"
# What geopy raises while reading an answer it does not expect ("lat": "north", a Photon feature without
# geometry, a list where a dict should be): the service's fault, so it falls back like a refusal.
_ANSWER_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError)


def _one_try_adapter(*, proxies: Any, ssl_context: Any) -> RequestsAdapter:
    """geopy's HTTP adapter without its own connection retries: the rate limiter decides on retries, within
    the lookup's deadline (the adapter's retries multiplied every timeout)."""
    return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)


def _coordinate(value: Any, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and low <= number <= high else None


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
        self.address = f"{geolocator.scheme}://{geolocator.domain}"

    def geocode(self, query: str, *, exactly_one: bool = True, country: str | None = None,
                timeout: float | None = None) -> Location | list[Location] | None:
        """Ask the service, waiting at most ``timeout`` seconds (default: the constructor's).

        geopy's errors (timeouts, refusals) propagate for the wrappers to handle. An answer that
        cannot be read, or whose coordinates are missing, not numbers or out of range, raises
        :class:`geo.errors.GeocoderServiceError` saying so: it is never returned, so never cached.
        """
        if not (query or "").strip():
            return None
        try:
            found = self._ask(query, exactly_one=exactly_one, country=country, timeout=timeout)
            if found is None:
                return None
            if exactly_one:
                return self._annotate(found, query)
            return [self._annotate(loc, query) for loc in found] or None
        except _ANSWER_ERRORS as err:
            raise GeocoderServiceError(f"{self.provider} at {self.address} answered {query!r} in a form it cannot "
                                       f"read ({type(err).__name__}: {err})") from err

    @abstractmethod
    def _ask(self, query: str, *, exactly_one: bool, country: str | None, timeout: float | None) -> Any:
        """Call the wrapped geopy geocoder with this service's own arguments."""

    @abstractmethod
    def _raw_point(self, raw: dict) -> tuple[Any, Any]:
        """(latitude, longitude) as the service wrote them in its answer."""

    def _annotate(self, loc: Location, query: str) -> Location:
        raw = dict(loc.raw or {})
        # geopy turns missing coordinates into (0, 0) and wraps a longitude of 200 to -160: read the answer's own.
        raw_lat, raw_lon = self._raw_point(raw)
        lat, lon = _coordinate(raw_lat, -90, 90), _coordinate(raw_lon, -180, 180)
        if lat is None or lon is None:
            raise GeocoderServiceError(f"{self.provider} at {self.address} answered {query!r} without valid "
                                       f"coordinates (latitude {raw_lat!r}, longitude {raw_lon!r})")
        radius, country_level = self._extent(raw)
        raw.update({"precision": _precision(radius, country_level), "radius_km": radius,
                    "source": self.provider, "name": (loc.address or query).split(",")[0]})
        return Location(loc.address or query, (lat, lon), raw)

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
        super().__init__(Nominatim(user_agent=user_agent, timeout=timeout, domain=domain, scheme=scheme,
                                   adapter_factory=_one_try_adapter))

    def _ask(self, query: str, *, exactly_one: bool, country: str | None, timeout: float | None) -> Any:
        return self.geolocator.geocode(query, exactly_one=exactly_one, **_timeout(timeout),
                                       country_codes=[country.lower()] if country and len(country) == 2 else None)

    def _raw_point(self, raw: dict) -> tuple[Any, Any]:
        return raw.get("lat"), raw.get("lon")

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
        super().__init__(Photon(user_agent=user_agent, timeout=timeout, domain=domain, scheme=scheme,
                                adapter_factory=_one_try_adapter))

    def _ask(self, query: str, *, exactly_one: bool, country: str | None, timeout: float | None) -> Any:
        found = self.geolocator.geocode(query, exactly_one=exactly_one, **_timeout(timeout))
        if found is None or not country or len(country) != 2:
            return found
        # Photon has no country filter: drop answers from other countries.
        keep = [loc for loc in ([found] if exactly_one else found)
                if (loc.raw.get("properties", {}).get("countrycode") or "").upper() == country.upper()]
        if exactly_one:
            return keep[0] if keep else None
        return keep

    def _raw_point(self, raw: dict) -> tuple[Any, Any]:
        coordinates = (raw.get("geometry") or {}).get("coordinates") or ()
        return (coordinates[1], coordinates[0]) if len(coordinates) >= 2 else (None, None)

    def _extent(self, raw: dict) -> tuple[float, bool]:
        props = raw.get("properties", {})
        ext = props.get("extent")
        radius = 0.0
        if ext and len(ext) == 4:  # [west, north, east, south]
            w, n, e, s = (float(x) for x in ext)
            radius = _radius_from_bbox(s, n, w, e)
        return radius, props.get("type") == "country"


def _timeout(seconds: float | None) -> dict[str, float]:
    """geopy's per-call ``timeout`` argument, only when the caller set one (else the constructor's applies)."""
    return {} if seconds is None else {"timeout": max(0.05, seconds)}
