"""RateLimitedGeocoder: one pace per online service per process, retries within one deadline per lookup."""
from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable

from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable, GeopyError
from geopy.location import Location

from geo.errors import GeocoderServiceError
from geo.geocode.base import Geocoder

# Worth another try: the service was slow, busy or asked us to slow down. A refusal or a bad answer is not.
_RETRYABLE = (GeocoderTimedOut, GeocoderUnavailable, GeocoderRateLimited)


class Pace:
    """When the next request to one service may leave: at least ``min_delay_seconds`` after the last one.

    Shared by every caller in the process (see :func:`shared_pace`): Nominatim allows one request a
    second from an application, not one a second from each Review correction.
    """

    def __init__(self, min_delay_seconds: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.min_delay_seconds = min_delay_seconds
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next = float("-inf")

    def wait(self, deadline: float, what: str) -> None:
        """Wait for this caller's turn; raise :class:`GeocoderServiceError` if it would come after ``deadline``."""
        if not self._lock.acquire(timeout=max(0.0, deadline - self._clock())):
            raise GeocoderServiceError(f"{what}: other lookups of this service held it past the deadline")
        try:
            now = self._clock()
            start = max(now, self._next)
            if start > deadline:
                raise GeocoderServiceError(f"{what}: its turn under the rate limit ({start - now:.1f} s away) "
                                           "comes after the lookup's deadline")
            if start > now:
                self._sleep(start - now)
            self._next = start + self.min_delay_seconds
        finally:
            self._lock.release()


_PACES: dict[str, Pace] = {}
_PACES_LOCK = threading.Lock()


def shared_pace(service: str, min_delay_seconds: float) -> Pace:
    """The process's one :class:`Pace` for ``service`` (its address); the first caller sets its delay."""
    with _PACES_LOCK:
        pace = _PACES.get(service)
        if pace is None:
            pace = _PACES[service] = Pace(min_delay_seconds)
        return pace


class RateLimitedGeocoder:
    """Call ``inner`` at its service's pace, retrying slow or busy answers, all within ``deadline_seconds``.

    Each request waits for its turn under ``pace`` (default: a pace of its own), is given what is
    left of the deadline as its timeout, and is retried at most ``max_retries`` times, after
    ``error_wait_seconds``, when the service timed out, was unavailable or rate-limited us, and
    only if the retry can still finish before the deadline. Whatever still fails is raised as
    :class:`geo.errors.GeocoderServiceError`, chained to geopy's error, for the fallback to catch.
    A hung service used to hold a lookup for 62 s; now it holds it for ``deadline_seconds``.
    """

    def __init__(self, inner: Geocoder, *, min_delay_seconds: float = 1.0, max_retries: int = 1,
                 error_wait_seconds: float = 2.0, deadline_seconds: float = 10.0, pace: Pace | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.inner = inner
        self.pace = pace or Pace(min_delay_seconds, clock=clock, sleep=sleep)
        self.max_retries = max(0, max_retries)
        self.error_wait_seconds = error_wait_seconds
        self.deadline_seconds = deadline_seconds
        self._clock, self._sleep = clock, sleep
        self._takes_timeout = "timeout" in inspect.signature(inner.geocode).parameters

    def geocode(self, query: str, *, exactly_one: bool = True,
                country: str | None = None) -> Location | list[Location] | None:
        """Call the inner geocoder through the pace and the deadline; see :class:`geo.geocode.base.Geocoder`."""
        name = type(self.inner).__name__
        what = f"{name} lookup of {query!r}"
        deadline = self._clock() + self.deadline_seconds
        for attempt in range(self.max_retries + 1):
            self.pace.wait(deadline, what)
            left = deadline - self._clock()
            if left <= 0:
                raise GeocoderServiceError(f"{what}: no time left of its {self.deadline_seconds:g} s deadline")
            extra = {"timeout": left} if self._takes_timeout else {}
            try:
                return self.inner.geocode(query, exactly_one=exactly_one, country=country, **extra)
            except GeopyError as err:
                retry = (isinstance(err, _RETRYABLE) and attempt < self.max_retries
                         and self._clock() + self.error_wait_seconds < deadline)
                if not retry:
                    raise GeocoderServiceError(f"{name} failed on {query!r}: {type(err).__name__}: {err}") from err
                self._sleep(self.error_wait_seconds)
            except OSError as err:  # a socket error geopy's adapter did not wrap
                raise GeocoderServiceError(f"{name} could not connect for {query!r}: {err}") from err
        raise GeocoderServiceError(f"{what}: no attempt was made")  # unreachable: the loop returns or raises
