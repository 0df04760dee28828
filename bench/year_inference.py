"""Benchmark: how many articles get the right year from their text alone (no publication date, no sidecar).

    python bench/year_inference.py [--gold ../shared/gold/seed-events.jsonl] [--articles data/articles]

For each gold article it runs the reference-date finder on the text with ``published=None`` and
compares the year found (from a dateline + weekday, an anniversary or an explicit date) with the
year of the gold publication date.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.reference import reference_for  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "seed-events.jsonl")
    ap.add_argument("--articles", type=Path, default=ROOT / "data" / "articles")
    ap.add_argument("--today", type=date.fromisoformat, default=date.today(), help="latest year allowed")
    args = ap.parse_args()
    right = total = 0
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        text = (args.articles / gold["file"]).read_text(encoding="utf-8")
        ref = reference_for(text, None, today=args.today)
        want = int(gold["published"][:4])
        ok = ref.year == want
        right += ok
        total += 1
        print(f"{gold['file']:28s} gold {want}  found {ref.year or '-':>4}  via {ref.how:13s} {'ok' if ok else 'MISS'}")
    print(f"years right without publication dates: {right}/{total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
