"""Benchmark: how well reports are grouped into sorties on the multi-report corpus, and which errors are the grouping's.

    python bench/sorties_quality.py [--corpus ../shared/corpus/multi] [--misses]

Runs ``python -m geo extract --sorties`` on the corpus (each article with a NAME.meta.json holding the
gold ``published`` date and ``url``, as ../shared/bench/score_corpus.py stages it) and scores the groups
with ../shared/bench/score_sorties.py. Then groups the *gold* events themselves (perfect extraction:
gold kind, date, types, places from places.json, countries, role) with ``geo.sorties.group_events`` and
scores that too, so the grouping's own errors show apart from extraction's.

With ``--misses`` every wrong merge or split is listed with both event lines and a cause: ``extraction``
when an extracted event's role, date or aircraft do not match its gold event (the grouping compared
wrong facts), ``grouping`` otherwise (noting an undated report in an article with no date at all, which
only its other fields can place); and the extracted events that match no gold event (extraction's extras).
Reads ../shared (third-party texts): a bench script only.
"""
from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from geo.models import Aircraft, Article, Event, Place, Span, event_id  # noqa: E402
from geo.sorties import group_events, sortie_ids  # noqa: E402


def _scorer():
    sys.path.insert(0, str(SHARED / "bench"))
    import score_events  # noqa: PLC0415 - third-party bench code, only here
    import score_sorties  # noqa: PLC0415

    return score_events, score_sorties


def extract(corpus: Path, gold: list[dict]) -> list[dict]:
    """The extractor's event lines, with sortie ids, on the staged corpus."""
    with tempfile.TemporaryDirectory() as stage:
        for d in gold:
            shutil.copy(corpus / "articles" / d["file"], stage)
            meta = {k: d[k] for k in ("published", "url") if d.get(k)}
            if meta:
                Path(stage, Path(d["file"]).stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "geo", "extract", stage, "--format", "jsonl", "--sorties"],
                             cwd=ROOT, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"geo extract failed ({run.returncode}): {run.stderr[-2000:]}")
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def gold_events(gold: list[dict], places: dict) -> tuple[list[dict], dict[str, str]]:
    """Gold events grouped by geo.sorties, as event lines, and event id -> gold sortie."""
    events, articles, truth = [], [], {}
    for art in gold:
        name = art["file"]
        published = date.fromisoformat(art["published"]) if art.get("published") else None
        articles.append(Article(name, name, "", "", published, url=art.get("url") or ""))
        for i, g in enumerate(art["events"]):
            def place(n: str, role: str) -> Place:
                v = places.get(n)
                return Place(n, v[0] if v else None, v[1] if v else None, radius_km=v[2] if v else 0.0, role=role)
            day = g.get("date")
            precision = g.get("date_precision") or ({10: "day", 7: "month", 4: "year"}[len(day)] if day else None)
            e = Event(event_id(name, g["kind"], i, day), name, g["kind"], day, precision, Span(i, i + 1, g.get("evidence", "")),
                      aircraft=tuple(Aircraft(t) for t in g.get("aircraft", [])),
                      origins=tuple(place(n, "origin") for n in g.get("origins", [])),
                      locations=tuple(place(n, "location") for n in g.get("locations", [])),
                      countries=tuple(g.get("countries", [])), article_name=name, role=g.get("role", "main"))
            events.append(e)
            truth[e.event_id] = g["sortie"]
    ids = sortie_ids(group_events(events, articles))
    return [{**e.to_dict(), "sortie": ids[e.event_id]} for e in events], truth


def score(score_sorties, gold: list[dict], preds: list[dict], near: set) -> tuple[dict, list]:
    items, total = score_sorties.match(gold, preds)
    bp, br = score_sorties.bcubed(items)
    pp, pr = score_sorties.pairwise(items)
    merged = {frozenset((x[0], y[0])) for x, y in itertools.combinations(items, 2)
              if x[1] == y[1] and frozenset((x[0], y[0])) in near}
    return ({"bcubed_f1": 2 * bp * br / (bp + br) if bp + br else 0.0, "bcubed_p": bp, "bcubed_r": br,
             "pairwise_p": pp, "pairwise_r": pr, "coverage": len(items) / total if total else 0.0,
             "near_miss_merged": len(merged)}, items)


def line(p: dict) -> str:
    ac = ",".join(f"{a['type']}x{a['count']}" if a.get("count") else a["type"] for a in p.get("aircraft") or [])
    return (f"{p['article'][:44]:44s} {p['kind']:14s} {str(p.get('date')):10s} {p.get('role', ''):7s} [{ac}] "
            f"{[x['name'] for x in p.get('locations') or []]} {p.get('countries')}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "multi"))
    ap.add_argument("--misses", action="store_true")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    score_events, score_sorties = _scorer()
    gold = [json.loads(x) for x in open(corpus / "gold.jsonl", encoding="utf-8") if x.strip()]
    places = {k: v for k, v in json.load(open(corpus / "places.json", encoding="utf-8")).items() if not k.startswith("_")}
    near: set = set()
    for x in open(corpus / "sorties.jsonl", encoding="utf-8"):
        if x.strip():
            d = json.loads(x)
            near |= {frozenset((d["sortie"], o)) for o in d.get("near_misses", [])}
    preds = extract(corpus, gold)
    oracle, _ = gold_events(gold, places)
    for label, rows in (("extracted events", preds), ("gold events (perfect extraction)", oracle)):
        result, _ = score(score_sorties, gold, rows, near)
        print(f"{label:34s} " + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                           for k, v in result.items()))
    if not a.misses:
        return
    # Which prediction matched which gold event, article by article, as score_sorties matches them.
    by_art: dict[str, list[dict]] = {}
    for p in preds:
        by_art.setdefault(p["article"], []).append(p)
    matched: dict[tuple[str, int], tuple[dict, dict]] = {}
    for art in gold:
        gs, ps = art["events"], by_art.get(art["file"], [])
        pairs = sorted(((score_events.pair_score(g, p), gi, pi) for gi, g in enumerate(gs) for pi, p in enumerate(ps)),
                       reverse=True)
        gm, pm = {}, set()
        for s, gi, pi in pairs:
            if s > 0 and gi not in gm and pi not in pm:
                gm[gi] = pi
                pm.add(pi)
        for gi, pi in gm.items():
            matched[(art["file"], gi)] = (gs[gi], ps[pi])
        for pi, p in enumerate(ps):
            if pi not in pm:
                print(f"extra   {line(p)}  sortie {p['sortie']}")

    undated_articles = {d["file"] for d in gold if not d.get("published")}

    def cause(g: dict, p: dict) -> str:
        wrong = []
        if g.get("role", "main") != p.get("role", "main"):
            wrong.append(f"role {p.get('role')} (gold {g.get('role', 'main')})")
        if score_events.date_ok(g, p) is False:
            wrong.append(f"date {p.get('date')} (gold {g.get('date')})")
        types = {a["type"] for a in p.get("aircraft") or []}
        if not all(any(score_events.same_type(t, u) for u in types) for t in g.get("aircraft", [])) or \
                not all(any(score_events.same_type(t, u) for t in g.get("aircraft", [])) for u in types):
            wrong.append(f"types {sorted(types)} (gold {g.get('aircraft')})")
        no_date = not p.get("date") and p["article"] in undated_articles
        note = " (an undated report in an article with no date)" if no_date else ""
        return ("extraction: " + "; ".join(wrong) if wrong else "grouping") + note

    keys = sorted(matched)
    for k1, k2 in itertools.combinations(keys, 2):
        (g1, p1), (g2, p2) = matched[k1], matched[k2]
        same_gold, same_pred = g1["sortie"] == g2["sortie"], p1["sortie"] == p2["sortie"]
        if same_gold != same_pred:
            why = [c for c in (cause(g1, p1), cause(g2, p2)) if c != "grouping"]
            print(f"{'merged' if same_pred else 'split':7s} {g1['sortie']} / {g2['sortie']}: "
                  f"{' | '.join(dict.fromkeys(why)) or 'grouping'}\n        {line(p1)}\n        {line(p2)}")


if __name__ == "__main__":
    main()
