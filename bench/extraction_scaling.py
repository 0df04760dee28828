"""Benchmark: event-extraction time against article length, 1 kB to 5 MB, to show that it is linear.

    python bench/extraction_scaling.py [--sizes 1k,10k,100k,1M,5M] [--shape lines|one-line|both]
                                       [--filler ../shared/bench/geoparse] [--seed 7]

Each article is invented: sentences built from templates over the project's own vocabularies (aircraft
types of ``data/aircraft.csv``, bases and seas of ``data/gazetteer/military.csv``, country names, event
words, hedges, dates). Event sentences come with ``--background`` sentences of context that tell no
event: by default one for every two sentences with an event cue, as in the military news of
``../shared/corpus`` (160 of its 464 sentences have no cue); 0 gives the worst case, every sentence an
event.
With ``--filler`` the templates are interleaved with sentences of the geoparsing benchmark texts
(read here only, never stored).

``lines`` puts one paragraph a line, as wire copy does; ``one-line`` writes the same text with no newline
at all (the worst case for sentence splitting). For each size the script prints the CPU seconds of the
extraction (what one core spent; on a shared machine the wall time beside it can be longer), the CPU
microseconds per kB and the events found; the last line fits cpu = a * size + b * size^2 and reports
the share of the quadratic term at the largest size. Runs on one core.
"""
from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.events import EventExtractor  # noqa: E402
from geo.models import Article, content_id  # noqa: E402

ORIGIN_KINDS = {"air_base", "naval_base", "army_base"}
COUNTRIES = ("North Korea", "South Korea", "Japan", "China", "Russia", "Taiwan", "the United States", "Australia")
TEMPLATES = (
    "{count} {aircraft} bombers took off from {origin} on {day} and flew over the {area}, the ministry said.",
    "The {aircraft} jets, escorted by {count} {aircraft2} fighters, returned to {origin} after the drill.",
    "{country} fired a ballistic missile into the {area} on {day}, the joint chiefs said.",
    "{country} and {country2} held a joint air drill near the {area} with {count} {aircraft}s.",
    "Officials said the {aircraft} could fly near the {area} again if tensions rise.",
    "A {aircraft} based at {origin} conducted a patrol in the vicinity of the {area} last week.",
    "The flight came days after {country} warned of a response, a spokesman said on {weekday}.",
    "{count} {aircraft} aircraft entered the air defence zone near the {area} on {day}.",
    "The carrier strike group deployed to the {area} in late {month}.",
    "Analysts said the {area} has seen more such flights since {month}.",
)
# Sentences of news that tell no event: context, reactions, background (--background: how many per event
# sentence).
BACKGROUND = (
    "Officials in {country} said talks with {country2} would resume after the holidays.",
    "The {origin} is home to several thousand personnel and their families.",
    "Analysts in Seoul said tensions in the {area} had eased since the summit.",
    "The ministry did not comment further on the report.",
    "Trade between {country} and {country2} grew by a fifth over the past decade.",
    "{country}'s foreign minister is due to meet her counterpart from {country2} in Geneva.",
    "Fishing boats from the region often work in the {area} during the summer months.",
    "The statement was read on state television and repeated by the news agency.",
)
NUMBERS = ("Two", "Four", "Six", "A pair of", "Three", "Eight", "12")
MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September", "October", "November")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _vocabulary() -> tuple[list[str], list[str], list[str]]:
    """(aircraft ids, origin names, area names) from the project's data files."""
    with open(ROOT / "data" / "aircraft.csv", encoding="utf-8", newline="") as fh:
        aircraft = [r["id"] for r in csv.DictReader(fh)]
    origins, areas = [], []
    with open(ROOT / "data" / "gazetteer" / "military.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            (origins if row["kind"] in ORIGIN_KINDS else areas).append(row["name"])
    return aircraft, origins, areas


def _filler(folder: Path | None) -> list[str]:
    """Sentences of the benchmark texts, to mix real prose into the invented text (never stored)."""
    if folder is None:
        return []
    out: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.extend(s.strip() + "." for s in json.loads(line)["text"].replace("\n", " ").split(". ")
                           if len(s.split()) > 4)
    return out


def make_text(size: int, *, one_line: bool, seed: int = 7, filler: list[str] | None = None,
              background: float = 0.0) -> str:
    """An invented article of about ``size`` characters built from the templates.

    ``background`` is the number of background sentences (no event) per event sentence, on average.
    """
    rng = random.Random(seed)
    aircraft, origins, areas = _vocabulary()
    first = date(2017, 1, 1)
    parts: list[str] = [f"SEOUL, {MONTHS[rng.randrange(len(MONTHS))]} {rng.randrange(1, 28)} (Wire) --"]
    total = len(parts[0])
    while total < size:
        para = []
        for _ in range(rng.randrange(2, 5)):
            if filler and rng.random() < 0.5:
                para.append(rng.choice(filler))
                continue
            day = first + timedelta(days=rng.randrange(3000))
            c1, c2 = rng.sample(COUNTRIES, 2)
            templates = BACKGROUND if rng.random() < background / (1 + background) else TEMPLATES
            s = rng.choice(templates).format(
                count=rng.choice(NUMBERS), aircraft=rng.choice(aircraft), aircraft2=rng.choice(aircraft),
                origin=rng.choice(origins), area=rng.choice(areas), country=c1, country2=c2,
                day=f"{day:%B} {day.day}, {day.year}", weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS))
            para.append(s[0].upper() + s[1:])
        chunk = " ".join(para)
        parts.append(chunk)
        total += len(chunk) + 1
    return (" " if one_line else "\n").join(parts)[:size]


def _size(token: str) -> int:
    token = token.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(token[-1], 1)
    return int(float(token.rstrip("km")) * scale)


def _fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares time = a*n + b*n^2 (no constant: an empty text takes no time)."""
    s11 = sum(n * n for n, _ in points)
    s12 = sum(n ** 3 for n, _ in points)
    s22 = sum(n ** 4 for n, _ in points)
    t1 = sum(n * t for n, t in points)
    t2 = sum(n * n * t for n, t in points)
    det = s11 * s22 - s12 * s12
    return (t1 * s22 - t2 * s12) / det, (s11 * t2 - s12 * t1) / det


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1k,10k,100k,250k,500k,1M,2M,5M", help="comma-separated sizes (k, M)")
    ap.add_argument("--shape", choices=("lines", "one-line", "both"), default="both")
    ap.add_argument("--filler", type=Path, default=None, help="folder of *.jsonl texts to mix in")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--background", type=float, default=0.5,
                    help="background sentences (no event) per event sentence; 0 makes every sentence an event")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks
    sizes = [_size(s) for s in args.sizes.split(",")]
    filler = _filler(args.filler)
    extractor = EventExtractor()
    extractor.extract(Article("warm", "warm.txt", "warm", make_text(2_000, one_line=False), date(2020, 1, 1)))
    shapes = ("lines", "one-line") if args.shape == "both" else (args.shape,)
    for shape in shapes:
        print(f"shape {shape}, {args.background:g} background sentence(s) per event sentence"
              f"{', filler from ' + str(args.filler) if filler else ''}")
        print(f"{'chars':>10} {'cpu s':>8} {'wall s':>8} {'cpu us/kB':>10} {'events':>7}")
        points = []
        for size in sizes:
            text = make_text(size, one_line=shape == "one-line", seed=args.seed, filler=filler,
                             background=args.background)
            article = Article(content_id(text), f"synthetic-{size}.txt", "synthetic", text, date(2024, 6, 1))
            gc.collect()  # the last article's garbage is not this one's cost
            wall, cpu = time.perf_counter(), time.process_time()
            found = len(extractor.extract(article))
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            points.append((len(text), cpu))
            print(f"{len(text):>10,} {cpu:>8.2f} {wall:>8.2f} {cpu / len(text) * 1e9:>10.0f} {found:>7}", flush=True)
        if len(points) >= 2:
            a, b = _fit(points)
            n = points[-1][0]
            share = b * n * n / max(a * n + b * n * n, 1e-12)
            print(f"fit: {a * 1e9:.0f} us/kB linear, quadratic share at {n:,} chars: {share:.1%}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
