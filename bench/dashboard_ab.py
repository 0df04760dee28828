"""Benchmark: two versions of the dashboard A/B, interleaved, over one store: first map paint and a slider redraw.

    git archive main | tar -x -C /tmp/A && cp -r static /tmp/A/      # each tree with its own static/
    git archive HEAD | tar -x -C /tmp/B && cp -r static /tmp/B/
    python bench/dashboard_ab.py /tmp/A /tmp/B --store /tmp/x.sqlite [--loads 16]

The machine this runs on is shared: the same code paints in 2.6 s one minute and 3.6 s the next, so the two
servers run side by side and the page loads alternate between them in a shuffled order, each in a new
browser context, with a pause after each so that every load meets an idle server. A first paint is the
time from navigation until an event marker or a count badge (a cluster) is in the map's frame, in
either version's markup. ``--store`` can be made with ``bench/dashboard_perf.py --store FILE``.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.ui.serve import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.sortie-event, .marker-cluster, .sortie-stack"  # markers or clusters, before and after the rebuild
_GROUP_JS = ("() => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
             " const g = f && f.contentWindow && f.contentWindow.feature_group;"
             " return g && g.length ? g[g.length - 1]._leaflet_id : null; }")


@contextlib.contextmanager
def server(tree: Path, store: Path) -> Iterator[str]:
    """``streamlit run app.py`` in ``tree`` over ``store``, with this Python; yields its URL."""
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
                             "--server.port", str(port), "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"], cwd=tree, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, GEO_STORE_PATH=str(store), PYTHONPATH=str(tree)))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    log.seek(0)
                    raise SystemExit(f"the server in {tree} did not start:\n{log.read().decode()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait()
        log.close()


def paint(context, url: str):
    """Open the map page in a new tab; return it and the seconds until its first markers."""
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=120_000)
    page.frame_locator(MAP_FRAME).locator(MARKERS).first.wait_for(state="attached", timeout=120_000)
    return page, time.perf_counter() - t0


def slider_redraw(page) -> float:
    """Seconds from moving the date slider's start to its end until the map's layers are replaced."""
    page.wait_for_timeout(1500)
    before = page.evaluate(_GROUP_JS)
    page.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    t0 = time.perf_counter()
    page.keyboard.press("End")
    page.wait_for_function(f"old => ({_GROUP_JS})() !== old", arg=before, timeout=120_000)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path, help="the first tree (e.g. the code before a change)")
    ap.add_argument("b", type=Path, help="the second tree")
    ap.add_argument("--store", type=Path, required=True, help="the store both servers read")
    ap.add_argument("--loads", type=int, default=16, help="page loads per version")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    paints: dict[str, list[float]] = {"A": [], "B": []}
    redraws: dict[str, list[float]] = {"A": [], "B": []}
    with server(args.a, args.store) as url_a, server(args.b, args.store) as url_b, sync_playwright() as p:
        urls = {"A": url_a, "B": url_b}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url in urls.values():  # warm both servers: store opened, caches filled
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            paint(context, url)[0].wait_for_timeout(3000)
            context.close()
        order = random.Random(1)
        for i in range(args.loads):
            for name in order.sample(["A", "B"], 2):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page, seconds = paint(context, urls[name])
                paints[name].append(seconds)
                if i % 2 == 0:
                    redraws[name].append(slider_redraw(page))
                page.wait_for_timeout(2500)  # the session's runs end: an idle server for the next load
                context.close()
        browser.close()
    for name, tree in (("A", args.a), ("B", args.b)):
        q1, _q2, q3 = statistics.quantiles(paints[name], n=4)
        print(f"{name} ({tree}): first paint median {statistics.median(paints[name]):.2f} s "
              f"(quartiles {q1:.2f}-{q3:.2f}, {len(paints[name])} loads); slider move to redrawn map median "
              f"{statistics.median(redraws[name]):.2f} s ({len(redraws[name])} moves)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
