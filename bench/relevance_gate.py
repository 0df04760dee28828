"""Benchmark: the relevance gate loses no event on the gold corpora, and how much of general news it skips.

    python bench/relevance_gate.py [--corpus ../shared/corpus/dev ../shared/corpus/multi] [--filler ../shared/bench/geoparse]

For each gold corpus, every article is staged with what a user would know of it (the gold's
published date and URL, as ``score_corpus.py`` does), then the full extractor runs over the
folder twice, with and without the gate (``python -m geo extract`` with and without ``--no-gate``,
in this process). The two event lists must be identical, and every gold article with an event must
pass the gate. For the filler (the geoparsing benchmarks' news), it reports how many articles the
gate skips, how many the extractor finds an event in, and the gate's time per article.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.gate import default_gate  # noqa: E402
from geo.models import Article, content_id  # noqa: E402
from geo.pipeline import events_for  # noqa: E402
from geo.pipeline.parallel import RunOptions, events_of, extract_stream  # noqa: E402
from geo.pipeline.sources import iter_sources  # noqa: E402


def stage(corpus: Path, folder: Path) -> list[dict]:
    gold = [json.loads(line) for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    for d in gold:
        shutil.copy(corpus / "articles" / d["file"], folder)
        meta = {k: d[k] for k in ("published", "url") if d.get(k)}
        if meta:
            (folder / (Path(d["file"]).stem + ".meta.json")).write_text(json.dumps(meta), encoding="utf-8")
    return gold


def run(folder: Path, gate: bool) -> tuple[list[dict], int]:
    events, skipped = [], 0
    for _item, outcome in extract_stream(iter_sources([folder]), RunOptions(workers=1, gate=gate)):
        skipped += outcome is not None and outcome.status == "skipped"
        events += [e.to_dict() for e in events_of(outcome)]
    return events, skipped


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", type=Path,
                    default=[ROOT.parent / "shared" / "corpus" / "dev", ROOT.parent / "shared" / "corpus" / "multi"])
    ap.add_argument("--filler", type=Path, default=ROOT.parent / "shared" / "bench" / "geoparse")
    args = ap.parse_args()
    gate = default_gate()
    failed = False
    for corpus in args.corpus:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            gold = stage(corpus, folder)
            with_gate, skipped = run(folder, True)
            without, _ = run(folder, False)
            texts = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
            eventful = [d["file"] for d in gold if d.get("events")]
            refused = [f for f in eventful if not gate.passes(texts[f])]
        same = with_gate == without
        failed |= not same or bool(refused)
        print(f"{corpus.name}: {len(gold)} articles, {len(eventful)} with gold events; gate skipped {skipped}; "
              f"events with gate {len(with_gate)}, without {len(without)}: {'identical' if same else 'DIFFERENT'}; "
              f"gold articles with events refused by the gate: {refused or 'none'}")
    docs = []
    for path in sorted(args.filler.glob("*.jsonl")):
        docs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if docs:
        t0 = time.process_time()
        passed = [d for d in docs if gate.passes(d["text"])]
        gate_us = (time.process_time() - t0) / len(docs) * 1e6
        from datetime import date
        eventful = [d for d in docs if events_for(Article(content_id(d["text"]), d["id"], "", d["text"],
                                                          date(2017, 6, 1)))]
        lost = [d["id"] for d in eventful if d not in passed]
        print(f"filler ({args.filler.name}): {len(docs)} news articles; the gate skipped {len(docs) - len(passed)} "
              f"({(len(docs) - len(passed)) / len(docs):.1%}), passed {len(passed)}; the extractor finds events in "
              f"{len(eventful)}; lost by the gate: {lost or 'none'}; gate CPU time {gate_us:.0f} us per article")
        failed |= bool(lost)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
