"""Benchmark: grouping 10,000 reported events into sorties, and regrouping after one more article in a 10,000-event store.

    python bench/sorties_speed.py [--events 10000] [--repeat 3] [--articles 5]

Builds synthetic occurrences from the aircraft catalogue and the military gazetteer (real types, real
bases and seas, random dates over eight years, as bench/dashboard_perf.py does; participants among the
countries flying the types, now and then one more), and 1-4 reports of each with the variations outlets
show (a day off, a month or a year only, fewer types, another count, a participant less), ten reports
an article. Then measures:

(a) ``geo.sorties.group_events`` over all the events (grouping and merging; best of ``--repeat``);
(b) a store holding them (``rebuild_sorties``), then ``store.save`` + ``refresh_article`` for each of
    ``--articles`` new articles (ten events each): the incremental regrouping, median and worst;
(c) the same for an article with no date at all (the costliest case: every stored event of its kinds
    is a candidate).

It also prints the B-cubed F1 of the grouping against the synthetic truth, a sanity check (the
synthetic reports are easier than real ones). Targets: (a) <= 2 s, (b) <= 0.2 s. Each figure is given as
wall-clock time and as CPU time of this process: on a machine shared with other jobs the first varies
with their load, the second much less.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.aircraft import load_catalogue  # noqa: E402
from geo.models import Aircraft, Article, Event, Span, content_id, event_id  # noqa: E402
from geo.sorties import group_events, sortie_ids  # noqa: E402
from geo.store import open_store  # noqa: E402
from geo.store.sorties import rebuild_sorties, refresh_article  # noqa: E402
from military_places import military_places  # noqa: E402

EVENTS_PER_ARTICLE = 10
FIRST_DAY, LAST_DAY = date(2017, 1, 1), date(2025, 6, 30)
KIND_WEIGHTS = {"flight": 60, "exercise": 15, "deployment": 10, "missile_launch": 8, "nuclear_test": 2, "other": 5}
COUNTRIES = ("United States", "South Korea", "Japan", "North Korea", "China", "Russia", "Australia", "Taiwan")


def synthetic(n_events: int, seed: int = 7) -> tuple[list[Article], list[list[Event]], dict[str, int]]:
    """Articles, their events and each event's true occurrence number."""
    rng = random.Random(seed)
    types = load_catalogue().types
    origins, locations = military_places()
    kinds, weights = zip(*KIND_WEIGHTS.items())
    span = (LAST_DAY - FIRST_DAY).days
    reports = []  # (day of the occurrence, occurrence number, event fields)
    occurrence = 0
    while len(reports) < n_events:
        kind = rng.choices(kinds, weights)[0]
        day = FIRST_DAY + timedelta(days=rng.randrange(span))
        crew = rng.sample(types, rng.choice((1, 1, 2, 3)))
        counts = [rng.choice((None, 2, 2, 4, 6)) for _ in crew]
        area = rng.choice(locations)
        orig = tuple(rng.sample(origins, 1)) if kind in ("flight", "deployment") and rng.random() < 0.7 else ()
        # Participants as news names them: countries flying the types, now and then one more (the host,
        # or the country the show of force answers).
        flying = sorted({o for t in crew for o in t.operators} & set(COUNTRIES)) or list(COUNTRIES)
        who = set(rng.sample(flying, min(len(flying), rng.choice((1, 2)))))
        if rng.random() < 0.3:
            who.add(rng.choice(COUNTRIES))
        who = tuple(sorted(who))
        for _ in range(rng.choice((1, 1, 2, 3, 4))):
            when = day + timedelta(days=rng.choice((0, 0, 0, 0, 1)))
            precision = rng.choices(("day", "month", "year"), (90, 8, 2))[0]
            value = {"day": when.isoformat(), "month": when.isoformat()[:7], "year": str(when.year)}[precision]
            named = [(t, c if rng.random() < 0.8 else rng.choice((None, 2, 4))) for t, c in zip(crew, counts)
                     if rng.random() < 0.8] or [(crew[0], counts[0])]
            reports.append((day, occurrence, dict(kind=kind, date=value, date_precision=precision, named=named,
                                                  locations=(area,), origins=orig if rng.random() < 0.7 else (),
                                                  countries=who if rng.random() < 0.7 else who[:1])))
        occurrence += 1
    reports = sorted(reports[:n_events], key=lambda r: (r[0], r[1]))
    # Ten reports an article, never two of one occurrence in the same article.
    articles, events, truth = [], [], {}
    open_articles: list[list] = []
    for day, occ, fields in reports:
        target = next((a for a in open_articles if occ not in {o for _, o, _ in a}), None)
        if target is None:
            target = []
            open_articles.append(target)
        target.append((day, occ, fields))
        if len(target) == EVENTS_PER_ARTICLE:
            open_articles.remove(target)
            _emit(target, articles, events, truth, rng)
    for target in open_articles:
        _emit(target, articles, events, truth, rng)
    return articles, events, truth


def _emit(batch: list, articles: list, events: list, truth: dict, rng: random.Random) -> None:
    n = len(articles)
    sentences = [f"Report {i}: {f['kind']} on {f['date']} by {', '.join(t.id for t, _ in f['named'])}."
                 for i, (_, _, f) in enumerate(batch)]
    text = " ".join(sentences)
    published = max(d for d, _, _ in batch) + timedelta(days=rng.randrange(0, 3))
    name = f"synthetic-{n:05d}.txt"
    article = Article(content_id(text + name), name, f"Synthetic report {n}", text, published, source=f"outlet{n % 40}")
    out, pos = [], 0
    for sentence, (_, occ, f) in zip(sentences, batch):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        e = Event(event_id=event_id(article.id, f["kind"], start, f["date"]), article_id=article.id, kind=f["kind"],
                  date=f["date"], date_precision=f["date_precision"], evidence=Span(start, pos, sentence),
                  aircraft=tuple(Aircraft(t.id, t.role, c) for t, c in f["named"]), origins=f["origins"],
                  locations=f["locations"], countries=f["countries"], article_name=name)
        out.append(e)
        truth[e.event_id] = occ
    articles.append(article)
    events.append(out)


def bcubed_f1(truth: dict[str, int], predicted: dict[str, str]) -> float:
    """B-cubed F1 of a grouping against the true occurrences."""
    pairs = Counter((truth[e], predicted[e]) for e in truth)
    gold = Counter(truth[e] for e in truth)
    pred = Counter(predicted[e] for e in truth)
    p = sum(n * n / pred[s] for (_, s), n in pairs.items()) / len(truth)
    r = sum(n * n / gold[g] for (g, _), n in pairs.items()) / len(truth)
    return 2 * p * r / (p + r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--articles", type=int, default=5, help="new articles added one at a time to the store")
    a = ap.parse_args()
    extra = max(1, a.articles)
    articles, per_article, truth = synthetic(a.events + extra * EVENTS_PER_ARTICLE)
    # The new articles are full ones picked anywhere in time; the store holds the others (exactly --events).
    full = [i for i, es in enumerate(per_article) if len(es) == EVENTS_PER_ARTICLE]
    picked = set(random.Random(11).sample(full, extra))
    base_articles = [x for i, x in enumerate(articles) if i not in picked]
    base_per_article = [x for i, x in enumerate(per_article) if i not in picked]
    new_articles = [articles[i] for i in sorted(picked)]
    new_per_article = [per_article[i] for i in sorted(picked)]
    base_events = [e for es in base_per_article for e in es]
    print(f"{len(base_events)} synthetic events in {len(base_articles)} articles, "
          f"{len({truth[e.event_id] for e in base_events})} true occurrences")
    load_catalogue()  # vocabulary load is not grouping time
    best, cpu, sorties = float("inf"), float("inf"), []
    for _ in range(a.repeat):
        t, c = time.perf_counter(), time.process_time()
        sorties = group_events(base_events, base_articles)
        best, cpu = min(best, time.perf_counter() - t), min(cpu, time.process_time() - c)
    ids = sortie_ids(sorties)
    print(f"(a) group_events over {len(base_events)} events: {best:.2f} s, {cpu:.2f} s of CPU (best of {a.repeat}; "
          f"target <= 2 s); "
          f"{len(sorties)} sorties, B-cubed F1 against the synthetic truth "
          f"{bcubed_f1({e.event_id: truth[e.event_id] for e in base_events}, ids):.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp) / "bench.sqlite") as store:
            for article, evs in zip(base_articles, base_per_article):
                store.save(article, evs)
            t = time.perf_counter()
            rebuild_sorties(store)
            print(f"    store of {store.counts()['events']} events grouped from scratch (rebuild_sorties): "
                  f"{time.perf_counter() - t:.2f} s")
            times, cpus, saves = [], [], []
            for article, evs in zip(new_articles, new_per_article):
                t = time.perf_counter()
                store.save(article, evs)
                t2, c = time.perf_counter(), time.process_time()
                update = refresh_article(store, article.id)
                times.append(time.perf_counter() - t2)
                cpus.append(time.process_time() - c)
                saves.append(t2 - t)
            print(f"(b) one more article ({EVENTS_PER_ARTICLE} events) into the {len(base_events)}-event store: "
                  f"refresh_article median {statistics.median(times):.3f} s, worst {max(times):.3f} s over "
                  f"{len(times)} articles (CPU median {statistics.median(cpus):.3f} s, worst {max(cpus):.3f} s; "
                  f"target <= 0.2 s); store.save itself {statistics.median(saves):.3f} s; "
                  f"last one rewrote {update.written} sortie(s)")
            # The hard case: no publication date and no dated event, so every stored event of its kinds
            # is a candidate.
            article, evs = new_articles[0], new_per_article[0]
            undated = replace(article, id=article.id + "-undated", published=None)
            store.save(undated, [replace(e, event_id=e.event_id + "u", article_id=undated.id, date=None,
                                         date_precision=None) for e in evs])
            t, c = time.perf_counter(), time.process_time()
            refresh_article(store, undated.id)
            print(f"(c) one more article with no date at all ({EVENTS_PER_ARTICLE} undated events, no publication "
                  f"date): refresh_article {time.perf_counter() - t:.3f} s ({time.process_time() - c:.3f} s of CPU)")


if __name__ == "__main__":
    main()
