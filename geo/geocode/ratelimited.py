"""RateLimitedGeocoder: geopy's RateLimiter around a geocoder, with errors translated to ours."""
from __future__ import annotations

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from geo.errors import GeocoderServiceError
from geo.geocode.base import Geocoder


class RateLimitedGeocoder:
    """Space calls to ``inner`` at least ``min_delay_seconds`` apart (Nominatim allows one a second).

    geopy's RateLimiter retries service errors ``max_retries`` times; what still fails is raised
    as :class:`geo.errors.GeocoderServiceError`, chained to geopy's error, for the fallback to catch.
    """

    def __init__(self, inner: Geocoder, *, min_delay_seconds: float = 1.0, max_retries: int = 1,
                 error_wait_seconds: float = 2.0) -> None:
        self.inner = inner
        self._limited = RateLimiter(inner.geocode, min_delay_seconds=min_delay_seconds, max_retries=max_retries,
                                    error_wait_seconds=error_wait_seconds, swallow_exceptions=False)

    def geocode(self, query: str, *, exactly_one: bool = True,
                country: str | None = None) -> Location | list[Location] | None:
        """Call the inner geocoder through the rate limiter; see :class:`geo.geocode.base.Geocoder`."""
        try:
            return self._limited(query, exactly_one=exactly_one, country=country)
        except GeopyError as err:
            raise GeocoderServiceError(f"{type(self.inner).__name__} failed on {query!r}: {err}") from err
        except OSError as err:  # a socket error geopy's adapter did not wrap
            raise GeocoderServiceError(f"{type(self.inner).__name__} could not connect for {query!r}: {err}") from err
