"""Asks the online geocoder named by GEO_GEOCODER for names the gazetteer lacks, and says what happened."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from geo.config import Settings
from geo.geocode import configured_geocoder
from geo.geocode.base import Geocoder


@dataclass(frozen=True)
class OnlineAnswer:
    """What the online service said: a point (or None) and the words for the place's ``reason``."""

    location: tuple[float, float] | None
    reason: str
    service: str


class OnlineLookup:
    """The configured online geocoder, or nothing for the offline default.

    It is asked only for names with no gazetteer candidate at all; its answers are cached, spaced
    out and fall back offline (see :func:`geo.geocode.configured_geocoder`).

    Parameters
    ----------
    service : str
        A registry name ("nominatim", "photon"); "gazetteer" disables online lookups.
    geocoder : Geocoder, optional
        The wrapped geocoder to ask (built from ``service`` when omitted).
    """

    def __init__(self, service: str = "gazetteer", geocoder: Geocoder | None = None) -> None:
        self.service = service
        self.enabled = service != "gazetteer"
        self._geocoder = geocoder

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> "OnlineLookup":
        """The lookup ``GEO_GEOCODER`` asks for (the offline default asks nothing)."""
        settings = settings or Settings.from_env()
        return _lookup_for(settings.geocoder, settings.user_agent)

    @property
    def geocoder(self) -> Geocoder:
        """The wrapped geocoder, built on first use so an offline run never imports geopy's services."""
        if self._geocoder is None:
            # The process's one geocoder for this service, with GEO_GEOCODER_DOMAIN, _SCHEME and _TIMEOUT.
            self._geocoder = configured_geocoder(replace(Settings.from_env(), geocoder=self.service))
        return self._geocoder

    def lookup(self, name: str) -> OnlineAnswer:
        """Ask the service about ``name``; a failure falls back offline and says so."""
        if not self.enabled:
            return OnlineAnswer(None, "online geocoding is off (GEO_GEOCODER=gazetteer)", "gazetteer")
        gc = self.geocoder
        before = getattr(gc, "failures", 0)
        loc = gc.geocode(name)
        failed = getattr(gc, "failures", 0) > before
        if failed:
            reason = f"{self.service} could not be reached; fell back to the offline gazetteer"
            if loc is None:
                return OnlineAnswer(None, reason + ", which has no entry for it", self.service)
            return OnlineAnswer((float(loc.latitude), float(loc.longitude)), reason, "gazetteer")
        if loc is None:
            return OnlineAnswer(None, f"{self.service} found nothing either", self.service)
        return OnlineAnswer((float(loc.latitude), float(loc.longitude)), f"{self.service}: {loc.address}",
                            self.service)


@lru_cache(maxsize=4)
def _lookup_for(service: str, user_agent: str) -> OnlineLookup:
    # One lookup (and so one cache and one rate limiter) per service for the whole process.
    return OnlineLookup(service)
