"""Settings: one frozen dataclass with defaults, help text and GEO_* environment overrides."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from geo.errors import ConfigurationError

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
# The geocoders GEO_GEOCODER may name: geo.geocode's built-in registry (a test keeps the two in step).
GEOCODER_NAMES: tuple[str, ...] = ("gazetteer", "nominatim", "photon")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")

# Hard limits of the date window: outside them pandas (1677-2262) and the browser's date widgets
# (1684-2255, JavaScript's largest safe integer of microseconds) cannot hold a date.
WINDOW_FLOOR = date(1700, 1, 1)
WINDOW_CEILING = date(2200, 12, 31)


def _setting(default, help: str):  # noqa: A002 - "help" mirrors datasette's Setting(name, default, help)
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every tunable of the library. Precedence: explicit argument > GEO_<NAME> env var > default."""

    data_dir: Path = _setting(DATA_DIR, "Folder with the vocabularies, gazetteer and bundled articles.")
    articles_dir: Path = _setting(DATA_DIR / "articles", "Folder of articles the dashboard loads by default.")
    store_path: Path = _setting(REPO_ROOT / "var" / "sortie.sqlite", "SQLite file of the event store.")
    geocoder: str = _setting("gazetteer", "Geocoder backend: gazetteer (offline), nominatim or photon (online, opt-in).")
    user_agent: str = _setting("sortie-geo", "User-Agent sent to online geocoders (Nominatim requires one).")
    geocoder_domain: str = _setting("", "Host[:port] of the online geocoder; empty for the service's public one "
                                        "(nominatim.openstreetmap.org, photon.komoot.io).")
    geocoder_scheme: str = _setting("https", "http or https, for the online geocoder.")
    geocoder_timeout: float = _setting(10.0, "Seconds one online lookup may take in all (retries and waits for "
                                             "the 1 request/s limit included) before the offline gazetteer answers.")
    cache_dir: Path = _setting(Path("~/.cache/sortie").expanduser(),
                               "Folder of the built city index and of the online geocoders' answer cache.")
    max_file_mb: float = _setting(5.0, "Largest article file accepted, in megabytes.")
    earliest_date: date = _setting(date(1900, 1, 1),
                                   "Earliest publication or event date accepted (YYYY-MM-DD, from 1700-01-01).")
    years_ahead: float = _setting(1.0, "Latest date accepted, in years after today (0 to 100).")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Build settings from GEO_* environment variables, then explicit ``overrides``."""
        values: dict = {}
        for f in fields(cls):
            raw = os.environ.get(f"GEO_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls()._coerce(values)

    def _coerce(self, values: dict) -> "Settings":
        known = {f.name: f for f in fields(self)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ConfigurationError(f"unknown setting(s) {unknown}; valid settings are {sorted(known)}")
        typed: dict = {}
        for name, raw in values.items():
            default = getattr(self, name)
            try:
                if isinstance(default, Path):
                    typed[name] = Path(raw).expanduser()
                elif isinstance(default, date):
                    typed[name] = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
                elif isinstance(default, float):
                    typed[name] = float(raw)
                elif name in ("geocoder", "geocoder_scheme"):
                    typed[name] = str(raw).strip().lower()  # "Nominatim", "HTTPS" mean the same
                else:
                    typed[name] = str(raw).strip()
            except (TypeError, ValueError) as err:
                raise ConfigurationError(
                    f"setting {name!r} expects a {type(default).__name__}, got {raw!r}") from err
        out = replace(self, **typed)
        if out.max_file_mb <= 0:
            raise ConfigurationError(f"max_file_mb must be positive, got {out.max_file_mb!r}")
        if not WINDOW_FLOOR <= out.earliest_date <= WINDOW_CEILING:
            raise ConfigurationError(f"earliest_date must lie between {WINDOW_FLOOR} and {WINDOW_CEILING}, "
                                     f"got {out.earliest_date.isoformat()!r}")
        if not 0 <= out.years_ahead <= 100:
            raise ConfigurationError(f"years_ahead must be between 0 and 100, got {out.years_ahead!r}")
        out._check_geocoder()
        return out

    def _check_geocoder(self) -> None:
        """Refuse at start what would otherwise fail, or silently do nothing, at the first online lookup."""
        if self.geocoder not in GEOCODER_NAMES:
            raise ConfigurationError(f"geocoder (GEO_GEOCODER) must be one of {list(GEOCODER_NAMES)}, got "
                                     f"{self.geocoder!r}; leave it unset for the offline gazetteer")
        if self.geocoder_scheme not in ("http", "https"):
            raise ConfigurationError(f"geocoder_scheme (GEO_GEOCODER_SCHEME) must be 'http' or 'https', got "
                                     f"{self.geocoder_scheme!r}")
        if self.geocoder_domain and not _DOMAIN.fullmatch(self.geocoder_domain):
            raise ConfigurationError(f"geocoder_domain (GEO_GEOCODER_DOMAIN) must be a host name with an optional "
                                     f"port, like 'nominatim.example.org:8080' (no scheme, no path), got "
                                     f"{self.geocoder_domain!r}")
        if not 0 < self.geocoder_timeout <= 300:
            raise ConfigurationError(f"geocoder_timeout (GEO_GEOCODER_TIMEOUT) must be between 0 and 300 seconds, "
                                     f"got {self.geocoder_timeout!r}")

    def date_window(self, today: date | None = None) -> tuple[date, date]:
        """The first and last date accepted for an article or event: ``earliest_date`` to ``years_ahead`` from today.

        Examples
        --------
        >>> Settings().date_window(today=date(2024, 5, 2))
        (datetime.date(1900, 1, 1), datetime.date(2025, 5, 2))
        """
        today = today or date.today()
        latest = date.fromordinal(today.toordinal() + round(365.25 * self.years_ahead))
        return self.earliest_date, min(max(latest, self.earliest_date), WINDOW_CEILING)


def setting_help() -> dict[str, str]:
    """Setting name -> one-line help, used by the README check and ``--help``."""
    return {f.name: f.metadata["help"] for f in fields(Settings)}
