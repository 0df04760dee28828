"""Finds countries in text by name, alias or demonym ("U.S.", "the DPRK", "South Korean") from ``countries.csv``."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.errors import ConfigurationError
from geo.extract.trie import trie_pattern

# Short upper-case aliases collide with words ("US" vs "us"), so every form is matched case-sensitively;
# a name written in capitals as a whole ("NORTH KOREA") is also accepted.
_MIN_ALIAS = 2
# Aliases that are also ordinary words or are too ambiguous in military news to count as a country.
_SKIP_ALIASES = {"Korea", "Georgia", "Jordan", "Chad", "Turkey", "Guinea", "Niger", "Congo", "Dominica",
                 "Nippon", "ROC", "PRC", "Man", "Mali"}


@dataclass(frozen=True)
class Country:
    """A country: its name, ISO code, representative point and extent."""

    iso2: str
    name: str
    lat: float
    lon: float
    radius_km: float
    geonameid: int | None
    capital: str


@dataclass(frozen=True)
class CountryMention:
    """A country named in text, as a name or a demonym."""

    start: int
    end: int
    text: str
    country: Country
    demonym: bool


class CountryIndex:
    """Matcher over country names, aliases and demonyms."""

    def __init__(self, countries: list[tuple[Country, list[str], list[str]]]):
        self.by_name: dict[str, Country] = {}
        self._forms: dict[str, tuple[Country, bool]] = {}
        for country, names, demonyms in countries:
            self.by_name[country.name.lower()] = country
            for n in names:
                if len(n) >= _MIN_ALIAS and n not in _SKIP_ALIASES:
                    self._forms.setdefault(n, (country, False))
            for d in demonyms:
                if len(d) >= 3:
                    self._forms.setdefault(d, (country, True))
        alternation = trie_pattern(self._forms)
        self._pattern = re.compile(rf"(?<![\w.\-])(?:the\s+)?(?P<form>{alternation})(?![\w\-]|\.\w)")

    @classmethod
    def load(cls, path: Path | None = None) -> "CountryIndex":
        """Read ``data/gazetteer/countries.csv``.

        Raises
        ------
        ConfigurationError
            When the file is missing or malformed.
        """
        path = path or DATA_DIR / "gazetteer" / "countries.csv"
        rows = []
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                for n, row in enumerate(csv.DictReader(fh), 2):
                    try:
                        c = Country(row["iso2"], row["name"], float(row["lat"]), float(row["lon"]),
                                    float(row["radius_km"] or 0), int(row["geonameid"]) if row["geonameid"] else None,
                                    row["capital"])
                    except (KeyError, ValueError) as err:
                        raise ConfigurationError(f"{path}:{n}: bad country row ({err})") from err
                    names = [row["name"], *[a for a in row["aliases"].split("|") if a]]
                    rows.append((c, names, [d for d in row["demonyms"].split("|") if d]))
        except OSError as err:
            raise ConfigurationError(f"cannot read country table {path}: {err}") from err
        return cls(rows)

    def get(self, name: str) -> Country | None:
        """The country called ``name`` (its main name, case-insensitive)."""
        return self.by_name.get(name.lower())

    def find(self, text: str, offset: int = 0) -> list[CountryMention]:
        """Every country named in ``text``.

        >>> idx = CountryIndex([(Country("KP", "North Korea", 40, 127, 200, None, ""), ["North Korea", "DPRK"],
        ...                     ["North Korean"])])
        >>> [(m.text, m.demonym) for m in idx.find("The DPRK said North Korean jets flew.")]
        [('DPRK', False), ('North Korean', True)]
        """
        out = []
        for m in self._pattern.finditer(text):
            country, demonym = self._forms[m.group("form")]
            # "anti-American" is an attitude, not a participant.
            if text[max(0, m.start("form") - 5): m.start("form")].lower().endswith("anti-"):
                continue
            out.append(CountryMention(m.start("form") + offset, m.end() + offset, m.group("form"), country, demonym))
        return out


@lru_cache(maxsize=2)
def load_countries(path: Path | None = None) -> CountryIndex:
    """The country index, loaded once per process."""
    return CountryIndex.load(path)
