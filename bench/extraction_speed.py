"""Benchmark: event-extraction speed on real news text, one core, in articles/s and words/s.

    python bench/extraction_speed.py [--corpus ../shared/bench/geoparse] [--repeat 3]

Reads every JSONL document ({"id", "text"}) of the geoparsing benchmarks as an article and runs what
ingest runs on it: the event extractor (sentences, dates, aircraft, countries, place mentions, events)
and the resolve stage (every place mention ranked against the article's other places). Online
geocoding is not involved. Vocabulary loading is timed apart.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.events import EventExtractor  # noqa: E402
from geo.models import Article, content_id  # noqa: E402
from geo.pipeline import events_for  # noqa: E402
from geo.resolve import PlaceResolver  # noqa: E402
from geo.resolve.online import OnlineLookup  # noqa: E402


def load_articles(corpus: Path) -> list[Article]:
    out = []
    for path in sorted(corpus.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                out.append(Article(content_id(doc["text"]), f"{path.stem}/{doc['id']}", doc["id"], doc["text"],
                                   date(2017, 6, 1)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "bench" / "geoparse")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks
    articles = load_articles(args.corpus)
    if not articles:
        print(f"no *.jsonl documents under {args.corpus}", file=sys.stderr)
        return 2
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    extractor = EventExtractor()
    resolver = PlaceResolver(online=OnlineLookup("gazetteer"))
    events_for(articles[0], extractor=extractor, resolver=resolver)
    load_s = time.perf_counter() - t0
    best = float("inf")
    events = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        events = sum(len(events_for(a, extractor=extractor, resolver=resolver)) for a in articles)
        best = min(best, time.perf_counter() - t)
    print(f"corpus               {args.corpus} ({len(articles)} articles, {words} words)")
    print(f"vocabulary load      {load_s:.2f} s (catalogue, gazetteer, cues; once per process)")
    print(f"extract + resolve    {best:.2f} s for all articles (best of {args.repeat}), {events} events")
    print(f"articles/s           {len(articles) / best:.1f}")
    print(f"words/s              {words / best:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
