"""Benchmark: extract and ingest of article collections of 1,000 to 100,000 articles, on 1 and 2 workers.

    python bench/corpus_scale.py [--sizes 1000,10000,100000] [--workers 1,2] [--every 100] [--repeat 1]
                                 [--filler ../shared/bench/geoparse] [--keep DIR]

Builds JSON Lines collections in which one article in ``--every`` is relevant (an invented report
from ``bench/templates.py``) and the rest is filler: the news articles of the geoparsing
benchmarks (GeoVirus, TR-News), each used many times, varied so that no two texts are the same
(sentences rotated, an archive line added). Then runs, as a user would, in a child process:

    python -m geo extract COLLECTION --workers N > /dev/null
    python -m geo ingest COLLECTION --store S --workers N --quiet

and reports wall-clock time, articles/s, the CPU time used, the peak resident memory of the
process tree (summed, and of its largest process) and the store's size. The relevance gate is on
(the default); the number it skipped is read from the run's summary.

Targets (issue 14): >= 1,000 articles/s per core at 1 relevant in 100; 2 workers >= 1.7x one;
peak RSS not growing with the collection's size.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from templates import ReportMaker  # noqa: E402

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def filler_texts(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    if not texts:
        sys.exit(f"no filler: no *.jsonl documents under {folder}")
    return texts


def varied(texts: list[str], k: int) -> str:
    """The ``k``-th filler article: a base text, its sentences rotated by how often it was used, an archive line."""
    base = texts[k % len(texts)]
    sentences = _SENTENCE.split(base)
    turn = (k // len(texts)) % max(1, len(sentences))
    return " ".join(sentences[turn:] + sentences[:turn]) + f"\n(Archive item {k}.)"


def build(path: Path, n: int, every: int, texts: list[str]) -> int:
    """Write a collection of ``n`` rows; returns how many are relevant."""
    maker = ReportMaker()
    relevant = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i % every == 0:
                text, published = maker.report(i)
                relevant += 1
            else:
                text, published = varied(texts, i), "2017-06-01"
            fh.write(json.dumps({"id": f"a{i}", "text": text, "date": published}, ensure_ascii=False) + "\n")
    return relevant


def measure(args: list[str]) -> dict:
    """Run a child process; its wall time, CPU time, peak RSS (sum over its tree, and largest) and stderr."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err, open(os.devnull, "w") as out:
        child = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=err)
        proc = psutil.Process(child.pid)
        peak_sum = peak_one = 0
        cpu: dict[int, float] = {}
        while child.poll() is None:
            try:
                tree = [proc, *proc.children(recursive=True)]
                rss = []
                for p in tree:
                    try:
                        rss.append(p.memory_info().rss)
                        t = p.cpu_times()
                        cpu[p.pid] = t.user + t.system
                    except psutil.NoSuchProcess:
                        continue
                peak_sum, peak_one = max(peak_sum, sum(rss)), max(peak_one, max(rss, default=0))
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {"wall": wall, "cpu": sum(cpu.values()), "rss_sum": peak_sum, "rss_max": peak_one,
            "code": child.returncode, "stderr": stderr}


def skipped(stderr: str) -> int:
    m = re.search(r"(\d+) (?:of \d+ article\(s\) )?skipped by the relevance gate", stderr)
    return int(m.group(1)) if m else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--every", type=int, default=100, help="one relevant article in this many")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the fastest is reported")
    ap.add_argument("--filler", type=Path, default=ROOT.parent / "shared" / "bench" / "geoparse")
    ap.add_argument("--keep", type=Path, help="build the collections here and keep them (default: a temp folder)")
    ap.add_argument("--commands", default="extract,ingest")
    args = ap.parse_args()
    texts = filler_texts(args.filler)
    sizes = [int(s) for s in args.sizes.split(",")]
    workers = [int(w) for w in args.workers.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sortie-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    print(f"machine: {psutil.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"filler: {len(texts)} texts from {args.filler}", flush=True)
    print("| articles | command | workers | wall s | articles/s | CPU s | skipped by gate | peak RSS sum / largest "
          "| store |", flush=True)
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    for n in sizes:
        coll = folder / f"news-{n}.jsonl"
        if not coll.exists():
            build(coll, n, args.every, texts)
        for command in args.commands.split(","):
            for w in workers:
                best = None
                for _ in range(args.repeat):
                    store = folder / f"store-{n}-{w}.sqlite"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{store}{suffix}").unlink(missing_ok=True)
                    cmd = [py, "-m", "geo", command, str(coll), "--workers", str(w)]
                    if command == "ingest":
                        cmd += ["--store", str(store), "--quiet"]
                    run = measure(cmd)
                    if run["code"] not in (0, 1):
                        print(f"run failed ({run['code']}): {' '.join(cmd)}\n{run['stderr'][-2000:]}", file=sys.stderr)
                        return 2
                    size = sum(Path(f"{store}{s}").stat().st_size for s in ("", "-wal")
                               if Path(f"{store}{s}").exists()) if command == "ingest" else 0
                    run["store"] = size
                    if best is None or run["wall"] < best["wall"]:
                        best = run
                print(f"| {n:,} | {command} | {w} | {best['wall']:.1f} | {n / best['wall']:,.0f} | {best['cpu']:.1f} | "
                      f"{skipped(best['stderr']):,} | {best['rss_sum'] / 1e6:,.0f} / {best['rss_max'] / 1e6:,.0f} MB | "
                      f"{best['store'] / 1e6:.1f} MB |" if command == "ingest" else
                      f"| {n:,} | {command} | {w} | {best['wall']:.1f} | {n / best['wall']:,.0f} | {best['cpu']:.1f} | "
                      f"{skipped(best['stderr']):,} | {best['rss_sum'] / 1e6:,.0f} / {best['rss_max'] / 1e6:,.0f} MB | "
                      "— |", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end; collections in {folder}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
