"""Ranks gazetteer candidates of every place name in a document: the one scoring the geoparser and event places share."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from geo.gazetteer.distance import haversine_km
from geo.gazetteer import Gazetteer, GazetteerEntry
from geo.resolve.query import NameQuery as Mention
from geo.resolve.query import suffix_key

_MAX_CANDIDATES = 60

# Weights of the resolution score (log-linear, hand-set; see docs/geoparsing.md for what each
# one fixes). Tiers: a name that is a country's name almost always means the country; curated
# military geography beats a same-named village; a first-level region beats most towns.
W_TIER = {"military": 8.0, "country": 12.0, "continent": 9.0, "macroregion": 9.0, "admin1": 5.0, "city": 0.0}
W_TIER_COUNTRY_VS_REGION = 10.0  # a country whose name a first-level region shares: context decides
W_POP = 0.55  # per decade of population (cities)
W_ADMIN1_POP = 0.3  # per decade of population (first-level regions)
W_CAPITAL = 2.0  # the city is its country's capital ("Washington" the city, "Kabul")
W_ALT_NAME = -1.0  # the name is only a GeoNames alternate name of the candidate
W_COUNTRY_CTX = 2.0  # candidate lies in a country the text names
W_TOP_COUNTRY = 1.0  # ... and that country is the text's most mentioned one
W_ADMIN1_CTX = 2.5  # candidate lies in a first-level region the text names
W_HINT = 8.0  # "X, Y": candidate lies in Y
W_NEAR = 1.0  # candidate within NEAR_KM of another place the text names
NEAR_KM = 300.0
CITY_MIN_POP = 100_000  # a capitalised name NER missed counts as a city on its own above this size
CITY_CTX_MIN_POP = 5_000  # ... or above this size when the text names the city's country


def _tier(e: GazetteerEntry) -> str:
    if e.source == "geonames":
        return "continent" if e.kind == "continent" else "city"
    return e.source


@dataclass
class _Context:
    """What the document says unambiguously, with which name said it (a name is no evidence for itself)."""

    countries: dict[str, Counter]  # ISO code -> Counter of mention keys that put the text there
    admin1: dict[str, set[str]]  # admin1 code -> mention keys
    points: list[tuple[int, str, float, float]]  # (mention index, key, lat, lon) of confident resolutions

    def country_support(self, cc: str, key: str) -> int:
        c = self.countries.get(cc)
        return sum(v for k, v in c.items() if k != key) if c else 0

    def top_country(self, key: str) -> str:
        best, best_n = "", 0
        for cc in self.countries:
            n = self.country_support(cc, key)
            if n > best_n:
                best, best_n = cc, n
        return best

    def admin1_support(self, code: str, key: str) -> bool:
        return bool(self.admin1.get(code, set()) - {key})


@dataclass(frozen=True)
class Ranked:
    """The resolver's choice for one query: the entry (None when nothing fits), a confidence and why."""

    query: Mention
    entry: GazetteerEntry | None
    confidence: float
    reason: str
    candidates: int = 0


class CandidateRanker:
    """Scores gazetteer candidates of each mention against the rest of the document.

    Parameters
    ----------
    gazetteer : Gazetteer
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._name_keys: dict[str, str] = {}

    def candidates(self, m: Mention) -> list[GazetteerEntry]:
        """Gazetteer entries a mention may refer to, best prior first."""
        g = self.gazetteer
        if m.abbrev:
            return [e for e in (g.get(i) for i in m.curated) if e is not None]
        found = g.lookup_key(m.key)
        if not found:
            sk = suffix_key(m.text)
            if sk:
                found = g.lookup_key(sk)
        return found[:_MAX_CANDIDATES]

    def _primary_key(self, e: GazetteerEntry) -> str:
        from geo.gazetteer import normalize_name
        k = self._name_keys.get(e.id)
        if k is None:
            k = self._name_keys[e.id] = normalize_name(e.name)
        return k

    def _context(self, mentions: list[Mention], cands: list[list[GazetteerEntry]]) -> _Context:
        """Countries and regions the document names unambiguously, and their points."""
        g = self.gazetteer
        countries: dict[str, Counter] = {}
        admin1: dict[str, set[str]] = {}
        points = []
        for k, (m, cs) in enumerate(zip(mentions, cands)):
            if not cs:
                continue
            top = cs[0]
            sure = top.source in ("country", "military") or len(cs) == 1 or top.kind == "continent"
            # A city that dwarfs its namesakes ("Atlanta": 500k against 5k) is evidence too.
            sure = sure or (top.source == "geonames" and top.population >= 100_000 and all(
                c.population * 10 <= top.population for c in cs[1:]))
            if top.source == "admin1" and all(c.source != "admin1" or c.id == top.id for c in cs[1:3]):
                # A region name with no same-named rival region ("Queensland", "Missouri").
                sure = sure or all(c.population < top.population / 5 for c in cs[1:] if c.source == "geonames")
            if not sure or m.weak:
                continue
            cc = g.country_code(top)
            if cc:
                countries.setdefault(cc, Counter())[m.key] += 1
            a1 = g.admin1_code(top)
            if a1:
                admin1.setdefault(a1, set()).add(m.key)
            points.append((k, m.key, top.lat, top.lon))
        return _Context(countries, admin1, points)

    def _city_evidence(self, m: Mention, cs: list[GazetteerEntry], ctx: _Context) -> list[GazetteerEntry]:
        """Candidates of a name only the city matcher found, or [] when the evidence is too thin.

        Kept: a city of at least CITY_MIN_POP under its own name (not sentence-initial, where any
        word is capitalised), or a town of at least CITY_CTX_MIN_POP in a country the text names.
        """
        g = self.gazetteer
        keep = []
        for e in cs:
            if e.source != "geonames" or e.kind != "city":
                continue
            own = self._primary_key(e) == m.key
            big = own and e.population >= CITY_MIN_POP and not m.sentence_initial
            local = e.population >= CITY_CTX_MIN_POP and ctx.country_support(g.country_code(e), m.key) > 0
            if big or local:
                keep.append(e)
        return keep

    def score(self, m: Mention, e: GazetteerEntry, ctx: _Context, k: int,
              hint: list[GazetteerEntry] | None, rival_region: bool = False) -> float:
        """Log-linear score of candidate ``e`` for mention ``m`` (index ``k``) in context ``ctx``."""
        g = self.gazetteer
        t = _tier(e)
        s = W_TIER[t]
        if t == "country" and rival_region:
            # "Georgia": the country and the US state share the name; context decides.
            s = W_TIER_COUNTRY_VS_REGION
        if t == "city":
            s += W_POP * math.log10(e.population + 10)
            if self._primary_key(e) != m.key:
                s += W_ALT_NAME
            if self.gazetteer.is_capital(e):
                s += W_CAPITAL
        elif t == "admin1":
            s += W_ADMIN1_POP * math.log10(e.population + 10)
        cc = g.country_code(e)
        if cc and ctx.country_support(cc, m.key):
            s += W_COUNTRY_CTX
            if cc == ctx.top_country(m.key):
                s += W_TOP_COUNTRY
        a1 = g.admin1_code(e)
        if a1 and e.source != "admin1" and ctx.admin1_support(a1, m.key):
            s += W_ADMIN1_CTX
        if hint:
            for h in hint:
                if h.source == "country" and cc == h.id.split(":", 1)[1]:
                    s += W_HINT
                    break
                if h.source == "admin1" and (a1 == h.id.split(":", 1)[1] or (
                        e.source == "military" and haversine_km(e.lat, e.lon, h.lat, h.lon) <= max(h.radius_km, 50) * 1.5)):
                    s += W_HINT
                    break
        if ctx.points and e.precision != "country":
            # Near another place the text names; for a region, that place lies inside it.
            reach = NEAR_KM if e.precision in ("point", "area") else max(e.radius_km * 1.2, NEAR_KM)
            for j, key, lat, lon in ctx.points:
                if j != k and key != m.key and haversine_km(e.lat, e.lon, lat, lon) <= reach:
                    s += W_NEAR
                    break
        return s

    def rank(self, mentions: list[Mention]) -> list[Ranked]:
        """Choose an entry for every mention of one document, in the order given.

        Parameters
        ----------
        mentions : list of NameQuery
            Every place name of the document, in text order (the geoparser's, or an article's
            event places), so that each is read in the light of the others.

        Returns
        -------
        list of Ranked
            One per mention; ``entry`` is None for a name with no fitting candidate, and
            ``reason`` says why in either case.
        """
        cands = [self.candidates(m) for m in mentions]
        ctx = self._context(mentions, cands)
        # Hints ("Okinawa, Japan"): the qualifier's own candidates restrict the qualified name.
        hints: dict[int, list[GazetteerEntry]] = {}
        for k, m in enumerate(mentions):
            if m.hint_for is not None:
                hints.setdefault(m.hint_for, []).extend(
                    [e for e in cands[k] if e.source in ("country", "admin1")][:3])
        chosen: list[tuple[GazetteerEntry | None, float, str]] = []
        by_key: dict[str, list[tuple[int, GazetteerEntry, float, float]]] = {}
        for k, (m, cs) in enumerate(zip(mentions, cands)):
            n_all = len(cs)
            if m.cityish:
                cs = cands[k] = self._city_evidence(m, cs, ctx)
            if m.weak and cs and not any(ctx.country_support(self.gazetteer.country_code(e), m.key) for e in cs):
                cs = cands[k] = []  # a bare "NSW" in a text that never mentions Australia
            if not cs:
                why = ("not in the gazetteer" if n_all == 0 else
                       "only small places of that name, in countries the text does not name")
                chosen.append((None, 0.0, why))
                continue
            rival = any(c.source == "admin1" for c in cs) and any(c.source == "country" for c in cs)
            scored = sorted(((self.score(m, e, ctx, k, hints.get(k), rival), n, e) for n, e in enumerate(cs)),
                            key=lambda x: (-x[0], x[1]))
            best_s, _, best = scored[0]
            second = scored[1][0] if len(scored) > 1 else best_s - 5.0
            conf = 1.0 / (1.0 + math.exp(-(best_s - second)))
            chosen.append((best, conf, self._reason(m, best, scored[1][2] if len(scored) > 1 else None, ctx, k,
                                                     hints.get(k))))
            by_key.setdefault(m.key, []).append((k, best, best_s, conf))
        # One sense per document: every mention of a name gets its best-supported reading,
        # unless it carries its own hint ("Springfield, Ill." vs "Springfield, Mo.").
        for key, items in by_key.items():
            if len(items) < 2:
                continue
            votes: dict[str, float] = {}
            for _, e, s, _c in items:
                votes[e.id] = votes.get(e.id, 0.0) + s
            win = max(votes, key=votes.get)
            win_entry = next(e for _, e, _s, _c in items if e.id == win)
            for k, e, _s, c in items:
                if k not in hints and e.id != win:
                    chosen[k] = (win_entry, c * 0.8, "one sense per document: the reading of its other mentions")
        return [Ranked(m, e, round(conf, 3), why, len(cs)) for m, cs, (e, conf, why) in zip(mentions, cands, chosen)]

    def _reason(self, m: Mention, best: GazetteerEntry, runner: GazetteerEntry | None, ctx: _Context, k: int,
                hint: list[GazetteerEntry] | None) -> str:
        """A few words on what decided the choice, for the analyst ("qualifier Japan", "document country KR")."""
        if runner is None:
            return "only candidate"
        g = self.gazetteer
        cc = g.country_code(best)
        if hint and any((h.source == "country" and cc == h.id.split(":", 1)[1]) or
                        (h.source == "admin1" and g.admin1_code(best) == h.id.split(":", 1)[1]) for h in hint):
            return f"qualifier {hint[0].name}"
        if cc and ctx.country_support(cc, m.key) and not ctx.country_support(g.country_code(runner), m.key):
            return f"document country {cc}"
        tb, tr = _tier(best), _tier(runner)
        if W_TIER[tb] > W_TIER[tr]:
            return f"{tb} entry over a {tr} of the same name"
        if ctx.points and best.precision != "country":
            return "near other places the text names" if self.score(m, best, ctx, k, None) > self.score(
                m, runner, ctx, k, None) and tb == tr and best.population <= runner.population else "largest of its name"
        return "largest of its name"
