"""A sortie's popup in Chromium: its sources (outlet, title to the reader, address, date, sentence) and its disagreements.

The store holds invented articles (``tests/sortie_articles.py``): Harbour Wire and Lantern News report one
B-1B flight, two bombers against four; Lantern News's address is ``javascript:``, its title has markup.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import running_app
from tests.e2e.test_map_browser import MAP_FRAME, _open_map, click_event_marker
from tests.sortie_articles import COUNT_DISAGREEMENT, HARBOUR, LANTERN, fill


@pytest.fixture(scope="module")
def sortie_url(tmp_path_factory):
    store = fill(tmp_path_factory.mktemp("sorties") / "sorties.sqlite")
    with running_app(store) as url:
        yield url


SOURCES_JS = """() => [...document.querySelectorAll('.leaflet-popup-content ol.s-sources > li')].map(li => ({
    outlet: li.querySelector('.s-outlet').textContent,
    line: li.querySelector('div').textContent,
    title: li.querySelector('.s-title').textContent,
    reader: li.querySelector('a.s-reader') ? li.querySelector('a.s-reader').href : null,
    address: li.querySelector('a.s-url') ? [li.querySelector('a.s-url').textContent, li.querySelector('a.s-url').href]
                                         : null,
    evidence: li.querySelector('blockquote') ? li.querySelector('blockquote').textContent : '',
}))"""


def test_a_sorties_popup_lists_its_sources_and_where_they_disagree(page, sortie_url):
    frame = _open_map(page, sortie_url)
    assert page.get_by_text("2 of 2 sorties shown (from 3 of 3 reports)").count() == 1
    click_event_marker(page)
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(state="visible", timeout=10_000)
    map_frame = next(f for f in page.frames if "st_folium" in f.url)
    map_frame.wait_for_function("() => document.querySelectorAll('.leaflet-popup-content ol.s-sources > li')"
                                ".length === 2", timeout=10_000)
    sources = map_frame.evaluate(SOURCES_JS)
    assert [s["outlet"] for s in sources] == ["Harbour Wire", "Lantern News"]
    harbour, lantern = sources
    assert "published 2023-03-14" in harbour["line"] and "published 2023-03-15" in lantern["line"]
    # Titles as text (Lantern's markup shown, not applied), each linked to the article in the reader.
    assert harbour["title"] == HARBOUR.title and lantern["title"] == LANTERN.title
    assert harbour["reader"].endswith("/articles?article=harbour.txt")
    assert lantern["reader"].endswith("/articles?article=lantern.txt")
    # The http(s) address is shown as it is and links there; the javascript: one is neither shown nor linked.
    assert harbour["address"] == [HARBOUR.url, HARBOUR.url] and lantern["address"] is None
    assert "javascript:" not in popup.inner_text()
    assert frame.locator(".leaflet-popup-content a[href^='javascript']").count() == 0
    assert frame.locator(".leaflet-popup-content i").count() == 0
    # Each source quotes its own sentence.
    assert "Two U.S. Air Force B-1B bombers" in harbour["evidence"] and "Four American B-1B" in lantern["evidence"]
    disagreements = frame.locator(".leaflet-popup-content ul.s-disagreements li").all_inner_texts()
    assert COUNT_DISAGREEMENT in disagreements
    assert "Sources: 2 articles report it" in popup.inner_text()


def test_the_selected_sorties_card_lists_the_same_sources(page, sortie_url):
    _open_map(page, sortie_url)
    click_event_marker(page)
    card = page.locator(".st-key-selected_event")
    card.wait_for(state="visible", timeout=30_000)
    card.get_by_text("Harbour Wire").first.wait_for(state="visible", timeout=30_000)  # filled after the rerun
    text = card.inner_text()
    assert "Sources: 2 articles report it" in text
    assert "Harbour Wire" in text and "Lantern News" in text and COUNT_DISAGREEMENT in text
    assert card.locator(f"a[href='{HARBOUR.url}']").count() == 1
    assert card.locator("a[href^='javascript']").count() == 0 and LANTERN.title in text
    assert page.locator(MAP_FRAME).count() == 1
