"""Invented articles for the dashboard's sortie tests: two outlets report one invented flight with different counts.

Harbour Wire says two B-1Bs, Lantern News four, on the same Tuesday over the Korean Peninsula: one sortie
with a count disagreement. Cedar Daily reports a separate B-52H flight "over the sea" (a place that cannot
be placed), a sortie of its own. No sentence comes from a real article.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from geo.models import Article, content_id
from geo.pipeline import ingest_article
from geo.store import open_store


def _article(name: str, text: str, published: str, title: str, source: str, url: str) -> Article:
    return Article(content_id(text), name, title, text, date.fromisoformat(published), source, url)


HARBOUR = _article(
    "harbour.txt",
    "SEOUL, March 14 (Harbour Wire) -- Two U.S. Air Force B-1B bombers flew over the Korean Peninsula on Tuesday "
    "in a show of force, joined by South Korean F-15K fighter jets, the defence ministry said.\n\n"
    "The bombers took off from Andersen Air Force Base in Guam and returned after the drill, officials said.\n",
    "2023-03-14", "US bombers fly over peninsula in show of force", "Harbour Wire",
    "https://harbour.example/news/b1b-flight")
LANTERN = _article(
    "lantern.txt",
    "TOKYO, March 15 (Lantern News) -- Four American B-1B strategic bombers staged a flight over the Korean "
    "Peninsula on Tuesday, escorted by South Korean F-15K jets, a South Korean official said.\n\n"
    "The aircraft flew from Guam, the official added.\n",
    "2023-03-15", "B-1B bombers <i>stage</i> flight near Korea", "Lantern News", "javascript:alert(1)")
CEDAR = _article(
    "cedar.txt",
    "WASHINGTON, March 21 (Cedar Daily) -- Two B-52H bombers flew over the sea on Monday during a long-range "
    "training mission, the Air Force said.\n",
    "2023-03-21", "B-52s fly <b>training</b> mission", "Cedar Daily", "https://cedar.example/b52")
ARTICLES = (HARBOUR, LANTERN, CEDAR)
COUNT_DISAGREEMENT = "2 B-1B (Harbour Wire) vs 4 B-1B (Lantern News)"


def fill(store_path: Path) -> Path:
    """Ingest the invented articles into the store at ``store_path`` (grouping them into sorties)."""
    with open_store(store_path) as store:
        for article in ARTICLES:
            result = ingest_article(article, store)
            assert result.ok, result.message
    return store_path
