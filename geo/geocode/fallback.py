"""FallbackGeocoder: ask the primary (online) geocoder, answer from the offline one when it fails."""
from __future__ import annotations

import logging

from geopy.exc import GeopyError
from geopy.location import Location

from geo.errors import GeocoderServiceError
from geo.geocode.base import Geocoder

log = logging.getLogger(__name__)

# Everything a network service can throw at us: geopy's errors, ours, and raw socket trouble. Anything
# else raised while asking (a bug in reading some new answer shape) falls back too: an online geocoder
# is an extra, and the offline answer is always there.
_SERVICE_ERRORS = (GeopyError, GeocoderServiceError, OSError, TimeoutError)


class FallbackGeocoder:
    """``primary`` first; on a timeout, refusal or any service error, ``fallback``. Never raises those.

    Parameters
    ----------
    primary : Geocoder
        Usually cached(ratelimited(online)).
    fallback : Geocoder
        Usually the offline :class:`geo.geocode.gazetteer.GazetteerGeocoder`.
    fallback_on_none : bool
        Also ask ``fallback`` when ``primary`` finds nothing (Nominatim cannot geocode seas).
    """

    def __init__(self, primary: Geocoder, fallback: Geocoder, *, fallback_on_none: bool = True) -> None:
        self.primary = primary
        self.fallback = fallback
        self.fallback_on_none = fallback_on_none
        self.failures = 0  # how many queries fell back because of an error, for the run report

    def geocode(self, query: str, *, exactly_one: bool = True,
                country: str | None = None) -> Location | list[Location] | None:
        """Geocode with ``primary``, falling back to ``fallback``; see :class:`geo.geocode.base.Geocoder`."""
        try:
            result = self.primary.geocode(query, exactly_one=exactly_one, country=country)
        except Exception as err:  # noqa: BLE001 -- see _SERVICE_ERRORS: every fault of the online path falls back
            self.failures += 1
            # One line with the reason, no traceback: a flaky service must not flood the log.
            reason = " ".join(f"{type(err).__name__}: {err}".split())
            level = logging.WARNING if isinstance(err, _SERVICE_ERRORS) else logging.ERROR
            log.log(level, "online geocoder failed on %r (%s); using the offline gazetteer", query, reason[:300])
            return self.fallback.geocode(query, exactly_one=exactly_one, country=country)
        if result is None and self.fallback_on_none:
            return self.fallback.geocode(query, exactly_one=exactly_one, country=country)
        return result
