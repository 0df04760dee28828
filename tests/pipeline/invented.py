"""Invented articles for the pipeline tests: flights and launches from templates, and general news filler."""
from __future__ import annotations

import json
from pathlib import Path

from geo.models import Article
from geo.store import EventStore
from geo.store.sorties import stored_sorties

AIRCRAFT = ("B-1B", "B-52H", "F-15K", "H-6K", "Tu-95MS", "KC-135")
PLACES = ("the Korean Peninsula", "the East China Sea", "the Sea of Japan", "Guam", "the Yellow Sea")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
FILLER = (
    "The city council approved a new budget for the public library, the mayor said.",
    "Heavy rain flooded several streets in the old town and the regional train service was suspended.",
    "A new exhibition of medieval manuscripts opened at the national museum, drawing long queues.",
    "Farmers in the valley expect a record apple harvest after a mild spring.",
)


def relevant(i: int) -> str:
    """The ``i``-th invented report of a flight or a launch."""
    if i % 5 == 4:
        return f"North Korea fired {2 + i % 3} ballistic missiles into the sea on {DAYS[i % 5]}, report {i} said."
    return (f"Two {AIRCRAFT[i % len(AIRCRAFT)]} bombers flew over {PLACES[i % len(PLACES)]} on {DAYS[i % 5]}, "
            f"officials said in statement {i}.")


def filler(i: int) -> str:
    """The ``i``-th invented general news item (no event in it)."""
    return f"{FILLER[i % len(FILLER)]} Item {i} of the local desk."


def write_collection(path: Path, n: int, *, every: int = 3, broken: tuple[int, ...] = ()) -> Path:
    """A JSON Lines collection of ``n`` rows, one in ``every`` relevant; the rows in ``broken`` are not JSON."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i in broken:
                fh.write('{"text": "cut off\n')
                continue
            text = relevant(i) if i % every == 0 else filler(i)
            fh.write(json.dumps({"id": f"r{i}", "text": text, "date": f"2017-09-{1 + i % 28:02d}"}) + "\n")
    return path


def store_contents(store: EventStore) -> dict:
    """What a store holds, without the times of writing: articles, sources, events and sorties."""
    def article(a: Article) -> tuple:
        return (a.id, a.path, a.title, a.text, a.published, a.source, a.url)
    return {"articles": sorted(article(a) for a in store.articles()),
            "sources": sorted((s.article_id, s.name, s.path, s.title, s.published) for s in store.sources()),
            "events": sorted(json.dumps(e.to_dict(), sort_keys=True) for e in store.events()),
            "sorties": sorted(json.dumps(s.to_dict(), sort_keys=True, default=str) for s in stored_sorties(store))}
