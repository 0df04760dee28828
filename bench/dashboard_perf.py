"""Benchmark: how fast the map page updates and paints with 10,000 and 100,000 events (server side and in Chromium).

    python bench/dashboard_perf.py [--events 10000 100000] [--store /tmp/x.sqlite] [--no-browser] [--repeat 3]

For each size of ``--events`` (several sizes are measured in one run, then compared: the ratio of
each size's slider move and first paint to the first size's), builds a synthetic store of that many events from the aircraft catalogue and the military
gazetteer (real types, real bases and seas, random dates), then measures:

(a) server side of a filter change: the pure functions (filter, map layers, st_folium arguments)
    and the whole page script under ``streamlit.testing.v1.AppTest`` for a date-slider move;
(b) in Debian Chromium (Playwright): the first map paint on a warm server, and slider moves until
    the map has redrawn, checking that the map iframe was not remounted; then, for comparison, the
    first paint of the same page on the small bundled corpus.

Targets: server side of an update <= 1 s; first paint < 3 s on a warm server. At 100,000 events:
slider move server side <= 1 s and <= 1.5x the 10,000 figure; first paint <= 1.3x the 10,000 one.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.aircraft import load_catalogue  # noqa: E402
from geo.models import Aircraft, Article, Event, Span, content_id, event_id  # noqa: E402
from geo.ui.serve import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from geo.store import open_store  # noqa: E402
from geo.store.sorties import rebuild_sorties  # noqa: E402
from military_places import military_places  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.leaflet-interactive, .marker-cluster, .sortie-stack"  # markers, lines, clusters (old and new)

EVENTS_PER_ARTICLE = 10
FIRST_DAY, LAST_DAY = date(2017, 1, 1), date(2025, 6, 30)
KIND_WEIGHTS = {"flight": 60, "exercise": 15, "deployment": 10, "missile_launch": 8, "nuclear_test": 2, "other": 5}
COUNTRIES = ("United States", "South Korea", "Japan", "North Korea", "China", "Russia", "Australia", "Taiwan")
VERBS = {"flight": "flew over", "exercise": "exercised near", "deployment": "deployed to",
         "missile_launch": "tracked a launch towards", "nuclear_test": "monitored a test near",
         "other": "were reported near"}


def make_store(path: Path, n_events: int, seed: int = 7) -> dict[str, int]:
    """Fill a new store at ``path`` with ``n_events`` synthetic events; return its counts."""
    rng = random.Random(seed)
    catalogue = load_catalogue()
    origins, locations = military_places()
    kinds, weights = zip(*KIND_WEIGHTS.items())
    span_days = (LAST_DAY - FIRST_DAY).days
    if path.exists():
        path.unlink()
    with open_store(path) as store:
        for a in range(0, n_events, EVENTS_PER_ARTICLE):
            published = FIRST_DAY + timedelta(days=rng.randrange(span_days))
            sentences, planned = [], []
            for _ in range(min(EVENTS_PER_ARTICLE, n_events - a)):
                kind = rng.choices(kinds, weights)[0]
                types = rng.sample(catalogue.types, rng.choice((1, 1, 2, 3)))
                counts = [rng.choice((None, 2, 2, 4, 6)) for _ in types]
                loc = rng.choice(locations)
                orig = tuple(rng.sample(origins, rng.choice((1, 1, 2)))) if kind in ("flight", "deployment") \
                    and rng.random() < 0.7 else ()
                day = published - timedelta(days=rng.randrange(0, 4))
                precision = rng.choices(("day", "month", "year"), (90, 8, 2))[0]
                date_value = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
                crew = " and ".join(f"{c} {t.id}" if c else t.id for c, t in zip(counts, types))
                frm = f" from {' and '.join(o.name for o in orig)}" if orig else ""
                sentence = f"On {date_value}, {crew} aircraft{frm} {VERBS[kind]} the {loc.name}, officials said."
                sentences.append(sentence)
                planned.append((kind, types, counts, loc, orig, date_value, precision, sentence))
            text = " ".join(sentences)
            article_name = f"synthetic-{a // EVENTS_PER_ARTICLE:05d}.txt"
            article = Article(content_id(text + article_name), article_name,
                              f"Synthetic report {a // EVENTS_PER_ARTICLE} on shows of force", text, published,
                              source="bench")
            events, pos = [], 0
            for kind, types, counts, loc, orig, date_value, precision, sentence in planned:
                start = text.index(sentence, pos)
                pos = start + len(sentence)
                countries = tuple(sorted({loc_c for loc_c in (rng.choice(COUNTRIES), rng.choice(COUNTRIES))}))
                events.append(Event(
                    event_id=event_id(article.id, kind, start, date_value), article_id=article.id, kind=kind,
                    date=date_value, date_precision=precision, evidence=Span(start, pos, sentence),
                    aircraft=tuple(Aircraft(t.id, t.role, c) for t, c in zip(types, counts)),
                    origins=orig, locations=(loc,), countries=countries, article_name=article_name))
            store.save(article, events)
        # Ingest groups reports into sorties as it stores them; one regrouping at the end gives the same sorties.
        rebuild_sorties(store)
        return store.counts()


def _timed(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def server_side(store_path: Path, repeat: int) -> dict[str, float]:
    """Time the pure functions of an update, then the page script under AppTest for a slider move."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from streamlit_folium import _get_feature_group_string

    from geo.query import schema as S
    from geo.query import EventFilter, events_frame, filter_events, option_counts
    from geo.query.facets import FACETS
    from geo.query.index import register
    from geo.render import base_map, choose_frame, data_bounds, dynamic_layers
    from geo.render.payload import PreparedLayers
    from geo.query.timeline import weekly_counts

    with open_store(store_path) as store:
        t, events = _timed(lambda: events_frame(store.events(), store.articles()), 1)
    print(f"events in store: {len(events):,}; loading them into a frame (once per store version, cached): {t:.2f} s")
    t_frame, frame = _timed(lambda: choose_frame(events), 1)
    t_bounds, bounds = _timed(lambda: data_bounds(events, frame=frame), 1)
    t_prep, prepared = _timed(lambda: PreparedLayers(events, frame), 1)
    print(f"once per store version (cached by the page): frame {t_frame * 1000:.0f} ms, fitted view "
          f"{t_bounds * 1000:.0f} ms, per-event layer data {t_prep * 1000:.0f} ms")
    lo = events[S.DATE].min().date()
    flt = EventFilter(start=lo + timedelta(days=365), end=lo + timedelta(days=3 * 365))
    t_unregistered, _ = _timed(lambda: filter_events(events, flt), 1)
    t_index, index = _timed(lambda: register(events), 1)  # as the page's cached frame is
    t_filter, shown = _timed(lambda: filter_events(events, flt), repeat)
    t_counts, _ = _timed(lambda: index.facet_counts(flt), repeat)
    t_pandas_counts, _ = _timed(lambda: {f.key: option_counts(shown, f.column) for f in FACETS}, 1)
    print(f"index of the frame (once per store version, cached): {t_index * 1000:.0f} ms; filter_events on a frame "
          f"without one (indexes it first): {t_unregistered * 1000:.0f} ms")
    t_base, _ = _timed(lambda: base_map(events, frame=frame, bounds=bounds), repeat)
    t_week, _ = _timed(lambda: weekly_counts(shown), repeat)

    def layers_and_js(df, remembered: bool) -> tuple[float, float, int]:
        """Best times of building the layers, and of that plus st_folium's JS for them; the JS size.

        ``remembered``: the payloads were built before (PreparedLayers keeps the last few), as for a
        new visitor's default view; otherwise they are built afresh each time.
        """
        best_layers = best_total = float("inf")
        size = 0
        dynamic_layers(df, frame=frame, prepared=prepared)
        for _ in range(repeat):
            if not remembered:
                prepared._texts.clear()
            m = base_map(events, frame=frame, bounds=bounds)
            m.get_root().render()
            t0 = time.perf_counter()
            groups = dynamic_layers(df, frame=frame, prepared=prepared)
            t1 = time.perf_counter()
            size = sum(len(_get_feature_group_string(g, m, i)) for i, g in enumerate(groups))
            t2 = time.perf_counter()
            best_layers, best_total = min(best_layers, t1 - t0), min(best_total, t2 - t0)
        return best_layers, best_total, size

    print(f"per update, best of {repeat} (filter to {len(shown):,} of {len(events):,} events):")
    print(f"  filter_events (through the index)             {t_filter * 1000:7.1f} ms")
    print(f"  facet counts, every facet given the others    {t_counts * 1000:7.1f} ms  (plain pandas counts over "
          f"the filtered rows alone: {t_pandas_counts * 1000:.0f} ms)")
    for df in (shown, events):
        for remembered in (False, True):
            t_layers, t_total, size = layers_and_js(df, remembered)
            how = "remembered" if remembered else "new       "
            print(f"  map layers, {len(df):>6,} events, {how}        {t_layers * 1000:7.1f} ms")
            print(f"  map layers + st_folium JS, {len(df):>6,}, {how} {t_total * 1000:7.1f} ms  "
                  f"({size / 1e6:.2f} MB of JS)")
    print(f"  base map (same every run, not redrawn)        {t_base * 1000:7.1f} ms")
    print(f"  weekly timeline counts                        {t_week * 1000:7.1f} ms")

    os.environ["GEO_STORE_PATH"] = str(store_path)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    t0 = time.perf_counter()
    at.run()
    t_first = time.perf_counter() - t0
    if at.exception:
        raise SystemExit(f"the page failed: {at.exception}")
    t0 = time.perf_counter()
    at.run()
    t_warm = time.perf_counter() - t0
    hi = at.sidebar.slider(key="flt_dates").value[1]
    moves = []
    for k in range(repeat):
        start = lo + timedelta(days=365 * (k + 1))
        at.sidebar.slider(key="flt_dates").set_value((start, hi))
        t0 = time.perf_counter()
        at.run()
        moves.append(time.perf_counter() - t0)
        if at.exception:
            raise SystemExit(f"the page failed: {at.exception}")
    at.sidebar.slider(key="flt_dates").set_value((lo, hi))
    t0 = time.perf_counter()
    at.run()
    t_back = time.perf_counter() - t0
    print("page script under AppTest (whole run: load, filters, table, timeline, map arguments):")
    print(f"  first run (cold caches, loads the store)  {t_first:6.2f} s")
    print(f"  rerun, nothing changed                    {t_warm:6.2f} s")
    print(f"  date-slider move (median of {repeat})         {statistics.median(moves):6.2f} s   "
          f"[{', '.join(f'{m:.2f}' for m in moves)}]")
    print(f"  slider back to all {len(events):,} events         {t_back:6.2f} s")
    return {"first run": t_first, "rerun": t_warm, "slider move": statistics.median(moves), "slider back": t_back}


_LAST_GROUP_JS = ("(w) => { w = w || window; const g = w.feature_group;"
                  " return g && g.length ? g[g.length - 1]._leaflet_id : null; }")
_CAPTION_JS = ("() => { const el = [...document.querySelectorAll('p')]"
               ".find(p => /[\\d,]+ of [\\d,]+ \\w+ shown/.test(p.innerText));"
               " return el ? el.innerText : ''; }")


def _paint(page, url: str) -> float:
    """Seconds from navigation until event markers (or clusters) are in the map frame."""
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=120_000)
    page.frame_locator(MAP_FRAME).locator(MARKERS).first.wait_for(state="attached", timeout=120_000)
    return time.perf_counter() - t0


_WINDOW_JS = ("() => { const el = [...document.querySelectorAll('p')].find(p => p.innerText.startsWith('Window '));"
              " return el ? el.innerText : ''; }")


def playback_steps(page, steps: int = 8) -> tuple[list[float], list[float]]:
    """Press Play and time ``steps`` steps: (seconds between window captions, seconds between map redraws)."""
    frame_js = ("() => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
                " const w = f && f.contentWindow; const g = w && w.feature_group;"
                " return g && g.length ? g[g.length - 1]._leaflet_id : null; }")
    page.locator(".st-key-play_on label").click()
    captions, redraws = [], []
    last_caption, last_group = page.evaluate(_WINDOW_JS), page.evaluate(frame_js)
    deadline = time.perf_counter() + 60
    while (len(captions) < steps + 1 or len(redraws) < steps + 1) and time.perf_counter() < deadline:
        caption, group = page.evaluate(_WINDOW_JS), page.evaluate(frame_js)
        now = time.perf_counter()
        if caption != last_caption:
            captions.append(now)
            last_caption = caption
        if group != last_group:
            redraws.append(now)
            last_group = group
        page.wait_for_timeout(20)
    page.locator(".st-key-play_on label").click()  # pause
    gaps = lambda ts: [b - a for a, b in zip(ts[1:], ts[2:])]  # noqa: E731 - the first step is Play's own
    return gaps(captions), gaps(redraws)


def browser_side(store_path: Path, repeat: int, *, title: str, moves: bool = True) -> dict[str, float]:
    """First paint on a warm server, and (``moves``) slider moves until the map redraws, in Debian Chromium."""
    from playwright.sync_api import sync_playwright

    with running_app(store_path) as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            t_cold = _paint(page, url)  # warms the server: store opened, frame and layer data cached
            print(f"Chromium (Playwright, headless), {title}:")
            print(f"  first visit, cold server (store + caches loaded)  {t_cold:6.2f} s")
            paints = []
            for _ in range(repeat):
                page.wait_for_timeout(3000)  # let the last session finish its run: a warm, idle server
                page.close()
                page = context.new_page()
                paints.append(_paint(page, url))
            print(f"  first map paint, warm server (median of {repeat})     {statistics.median(paints):6.2f} s   "
                  f"[{', '.join(f'{x:.2f}' for x in paints)}]")
            out = {"first paint": statistics.median(paints)}
            frame = page.frame_locator(MAP_FRAME)
            page.wait_for_timeout(1000)
            for label, key in () if not moves else (("slider start moved to the last date (few events left)", "End"),
                               ("slider start moved back to the first date (all events)", "Home")):
                n_before = frame.locator(MARKERS).count()
                caption = page.evaluate(_CAPTION_JS)
                # A probe inside the map's document: it survives only if the iframe is not reloaded.
                iframe = page.query_selector(MAP_FRAME)
                inner = iframe.content_frame()
                inner.evaluate("() => { window.__sortieProbe = 42; }")
                last_group = inner.evaluate(_LAST_GROUP_JS)
                thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
                thumb.focus()
                t0 = time.perf_counter()
                page.keyboard.press(key)
                page.wait_for_function(f"() => ({_CAPTION_JS})() !== {json.dumps(caption)}", timeout=120_000)
                t_table = time.perf_counter() - t0
                # st_folium adds the new feature groups (higher Leaflet ids) when it has evaluated them.
                page.wait_for_function(
                    "old => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
                    f" const w = f && f.contentWindow; const id = w && ({_LAST_GROUP_JS})(w);"
                    " return id && id !== old; }", arg=last_group, timeout=120_000)
                t_map = time.perf_counter() - t0
                same = page.evaluate(f"f => f.isConnected && f === document.querySelector({json.dumps(MAP_FRAME)})",
                                     iframe)
                probe = inner.evaluate("() => window.__sortieProbe")
                page.wait_for_timeout(1000)
                n_after = frame.locator(MARKERS).count()
                print(f"  {label}:")
                print(f"    caption updated after                            {t_table:6.2f} s   "
                      f"({caption} -> {page.evaluate(_CAPTION_JS)})")
                print(f"    map feature groups redrawn after                 {t_map:6.2f} s   "
                      f"(markers + clusters drawn: {n_before} -> {n_after})")
                print(f"    map iframe remounted: {'no' if same and probe == 42 else 'YES'} "
                      f"(same iframe element: {bool(same)}, in-frame probe kept: {probe == 42})")
            page.wait_for_timeout(1000)
            captions, redraws = playback_steps(page)
            if captions:
                print(f"  play-back, step by month (the promise: {0.8:.1f} s a step), median of {len(captions)}:")
                print(f"    window caption every                             {statistics.median(captions):6.2f} s   "
                      f"[{', '.join(f'{x:.2f}' for x in captions)}]")
            if redraws:
                print(f"    map redrawn every                                {statistics.median(redraws):6.2f} s   "
                      f"[{', '.join(f'{x:.2f}' for x in redraws)}]")
            browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[10_000],
                    help="one or more sizes, each measured in turn and compared with the first (10000 100000)")
    ap.add_argument("--store", type=Path, help="where to write the synthetic store (default: a temporary file; "
                                               "with several sizes, the size is added to its name)")
    ap.add_argument("--reuse", action="store_true",
                    help="keep a store already at --store that holds that many events instead of building it again")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="sortie-bench-")
    figures: dict[int, dict[str, float]] = {}
    for n in args.events:
        store_path = args.store or Path(tmp.name) / "bench.sqlite"
        if len(args.events) > 1:
            store_path = store_path.with_name(f"{store_path.stem}-{n}{store_path.suffix}")
        t0 = time.perf_counter()
        counts = None
        if args.reuse and store_path.exists():
            with open_store(store_path) as store:
                counts = store.counts() if store.counts()["events"] == n else None
        counts = counts or make_store(store_path, n)
        print(f"\n=== {n:,} events ===\nsynthetic store: {counts['events']:,} events in {counts['articles']:,} "
              f"articles ({time.perf_counter() - t0:.1f} s to build) at {store_path}")
        figures[n] = server_side(store_path, args.repeat)
        if not args.no_browser:
            figures[n].update(browser_side(store_path, args.repeat, title=f"{counts['events']:,} events"))
    if not args.no_browser:
        # The same page on the 4 bundled articles (an empty store is filled from data/articles):
        # the floor that Streamlit, st_folium and this machine set, measured at the same time.
        browser_side(Path(tmp.name) / "bundled.sqlite", args.repeat, title="baseline: the bundled corpus",
                     moves=False)
    if len(figures) > 1:
        base_n = args.events[0]
        print(f"\nsummary (ratio to {base_n:,} events):")
        for name in ("slider move", "first run", "first paint"):
            if name not in figures[base_n]:
                continue
            cells = [f"{n:,}: {f[name]:.2f} s ({f[name] / figures[base_n][name]:.2f}x)" for n, f in figures.items()]
            print(f"  {name + (' (server side)' if name != 'first paint' else ' (Chromium, warm)'):32} "
                  + "; ".join(cells))
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
