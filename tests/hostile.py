"""Invented articles whose title, file name, source, URL, text and reviewer carry markup, links and templates.

Shared by the AppTest and browser tests of "text from articles is text". ``HOST`` is a reserved
name that never resolves (RFC 6761), so even a request that did leave would reach no one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.models import Article, content_id
from geo.pipeline import ingest_article
from geo.store import open_store

HOST = "attacker.invalid"
TITLE = f"![t](http://{HOST}/b.png) <img src=x onerror=window.__pwned=1> {{{{ 7*7 }}}} `tick"
URL = f"https://www.defense.gov/News/](http://{HOST}/phish) [x"
NAME = "brief`ing` ![n](n.png) <img src=n.png> {{x}}.txt"
SOURCE = "<script>window.__pwned=2</script> **Wire** :red[alert] $x$"
AUTHOR = f"![r](http://{HOST}/r.png) `who"
UNTITLED_NAME = "untitled`![u](u.png)`.txt"
TEXT = ("Two B-1B bombers from Guam flew over the Korean Peninsula on September 18, 2017 "
        "<script>window.__pwned=3</script> <img src=x onerror=window.__pwned=4> {{ 7*7 }}, the ministry said.")
UNTITLED_TEXT = "Two B-52 bombers from Guam flew over the East China Sea on September 20, 2017, officials said."
PAYLOADS = (TITLE, URL, NAME, SOURCE, AUTHOR, UNTITLED_NAME)


@dataclass(frozen=True)
class HostileStore:
    """Ids in a store filled by :func:`fill_hostile_store`."""

    article_id: str
    untitled_id: str
    event_id: str


def hostile_articles() -> list[Article]:
    """The titled hostile article and one without a title (its file name stands in for it)."""
    return [Article(content_id(TEXT), NAME, TITLE, TEXT, date(2017, 9, 19), SOURCE, URL),
            Article(content_id(UNTITLED_TEXT), UNTITLED_NAME, "", UNTITLED_TEXT, date(2017, 9, 21))]


def fill_hostile_store(path: Path) -> HostileStore:
    """Store the hostile articles and a correction by a hostile reviewer name; return their ids."""
    titled, untitled = hostile_articles()
    with open_store(path) as store:
        for article in (titled, untitled):
            ingest_article(article, store)
        event_id = next(e.event_id for e in store.events() if e.article_id == titled.id)
        store.add_corrections(event_id, {"kind": "exercise"}, AUTHOR)
    return HostileStore(titled.id, untitled.id, event_id)
