"""Geocoder registry: GEOCODERS, register_geocoder() and get_geocoder(name, **config)."""
from __future__ import annotations

import inspect
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.config import Settings
from geo.errors import ConfigurationError, GeocoderNotFound
from geo.geocode.base import Geocoder, entry_location
from geo.geocode.cached import CachedGeocoder
from geo.geocode.fallback import FallbackGeocoder
from geo.geocode.gazetteer import GazetteerGeocoder
from geo.geocode.online import NominatimGeocoder, PhotonGeocoder
from geo.geocode.ratelimited import RateLimitedGeocoder, shared_pace

# Adding a backend takes three places (geopy's checklist, adapted):
#   1. geo/geocode/<name>.py: one class whose geocode(query, *, exactly_one=True, country=None)
#      returns geopy Location(s) or None (set ``online = True`` on it if it calls a network service:
#      get_geocoder then wraps it in the cache, the rate limiter and the offline fallback);
#   2. here: import it and register_geocoder("<name>", TheClass) below;
#   3. tests/geocode/test_<name>.py: subclass tests.geocode.contract.GeocoderContract
#      (the registry-parametrised contract test then runs it too), and list it in docs/geoparsing.md.
GEOCODERS: dict[str, type] = {}


def register_geocoder(name: str, cls: type) -> None:
    """Make ``cls`` available as ``get_geocoder(name)``.

    Parameters
    ----------
    name : str
        Registry key (lower case, e.g. "nominatim").
    cls : type
        A class whose instances satisfy :class:`geo.geocode.base.Geocoder`.

    Raises
    ------
    ConfigurationError
        When ``cls`` has no ``geocode`` method.
    """
    if not callable(getattr(cls, "geocode", None)):
        raise ConfigurationError(f"geocoder {name!r}: {cls!r} has no geocode() method; expected a Geocoder class")
    GEOCODERS[name.lower()] = cls


register_geocoder("gazetteer", GazetteerGeocoder)
register_geocoder("nominatim", NominatimGeocoder)
register_geocoder("photon", PhotonGeocoder)

_WRAPPER_KEYS = {"cache_path", "min_delay_seconds", "max_retries", "error_wait_seconds", "deadline_seconds",
                 "data_dir", "min_population", "raw"}


def default_cache_path() -> Path:
    """SQLite file of the online geocoders' cache: $GEO_CACHE_DIR/geocode.sqlite (~/.cache/sortie/...)."""
    from geo.gazetteer.cities import cache_dir
    return cache_dir() / "geocode.sqlite"


def get_geocoder(name: str = "gazetteer", **config: Any) -> Geocoder:
    """Build a geocoder by registry name. The default is the offline gazetteer.

    An online backend ("nominatim", "photon") comes wrapped as
    ``FallbackGeocoder(CachedGeocoder(RateLimitedGeocoder(online)), GazetteerGeocoder())``:
    answers are cached in SQLite, calls are spaced out, and a timeout or refusal falls back to
    the offline answer instead of raising.

    Parameters
    ----------
    name : str
        A key of :data:`GEOCODERS`.
    **config
        Passed to the backend's constructor (``user_agent``, ``timeout``, ``domain``, ``scheme``...),
        except the wrapper settings: ``cache_path`` (default :func:`default_cache_path`),
        ``min_delay_seconds`` (1.0, kept by the one pace per service address the process shares),
        ``max_retries`` (1), ``error_wait_seconds`` (2.0), ``deadline_seconds`` (the whole lookup,
        retries and waits included; default ``timeout``, else 10), ``data_dir`` and
        ``min_population`` (for the gazetteer), and ``raw=True`` to get the bare online backend
        without wrappers.

    Returns
    -------
    Geocoder

    Raises
    ------
    GeocoderNotFound
        When ``name`` is not registered; the message lists the options.

    Examples
    --------
    >>> get_geocoder("gazetteer").geocode("Kadena Air Base").raw["precision"]   # doctest: +SKIP
    'point'
    """
    key = (name or "").lower()
    cls = GEOCODERS.get(key)
    if cls is None:
        raise GeocoderNotFound(f"Unknown geocoder {name!r}; options are: {sorted(GEOCODERS)}")
    own = {k: v for k, v in config.items() if k not in _WRAPPER_KEYS}
    gaz_cfg = {k: config[k] for k in ("data_dir", "min_population") if k in config}
    if not getattr(cls, "online", False):
        params = inspect.signature(cls).parameters
        return cls(**{**own, **{k: v for k, v in gaz_cfg.items() if k in params}})
    if "user_agent" not in own and os.environ.get("GEO_USER_AGENT"):
        own["user_agent"] = os.environ["GEO_USER_AGENT"]
    online = cls(**own)
    if config.get("raw"):
        return online
    delay = float(config.get("min_delay_seconds", 1.0))
    limited = RateLimitedGeocoder(online, max_retries=int(config.get("max_retries", 1)),
                                  error_wait_seconds=float(config.get("error_wait_seconds", 2.0)),
                                  deadline_seconds=float(config.get("deadline_seconds", own.get("timeout", 10.0))),
                                  pace=shared_pace(f"{key} {online.address}", delay))
    cached = CachedGeocoder(limited, config.get("cache_path") or default_cache_path(), namespace=key)
    return FallbackGeocoder(cached, GazetteerGeocoder(**gaz_cfg))


@lru_cache(maxsize=4)
def _configured(name: str, domain: str, scheme: str, timeout: float, user_agent: str, cache_path: Path) -> Geocoder:
    service = {"domain": domain} if domain else {}
    return get_geocoder(name, **service, scheme=scheme, timeout=timeout, user_agent=user_agent,
                        cache_path=cache_path)


def configured_geocoder(settings: Settings | None = None) -> Geocoder:
    """The geocoder the settings ask for (GEO_GEOCODER, _DOMAIN, _SCHEME, _TIMEOUT), built once per process.

    Every caller (each Review correction) shares it, so its answer cache is opened once and all
    its requests keep one pace. The default is the offline gazetteer.
    """
    s = settings or Settings.from_env()
    if s.geocoder not in GEOCODERS or not getattr(GEOCODERS[s.geocoder], "online", False):
        return get_geocoder(s.geocoder)
    return _configured(s.geocoder, s.geocoder_domain, s.geocoder_scheme, s.geocoder_timeout,
                       s.user_agent, s.cache_dir / "geocode.sqlite")


__all__ = [
    "GEOCODERS", "CachedGeocoder", "FallbackGeocoder", "GazetteerGeocoder", "Geocoder", "NominatimGeocoder",
    "PhotonGeocoder", "RateLimitedGeocoder", "configured_geocoder", "default_cache_path", "entry_location",
    "get_geocoder", "register_geocoder",
]
