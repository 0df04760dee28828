"""Splitting a report out of its sortie on the Review page, in Chromium, and the Map counting the sorties anew.

The store holds the invented articles of ``tests/sortie_articles.py``: Harbour Wire and Lantern News report one
flight (one sortie, two reports), Cedar Daily another.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo.store import open_store
from tests.e2e.conftest import running_app
from tests.sortie_articles import COUNT_DISAGREEMENT, HARBOUR, fill

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def review_url(tmp_path_factory):
    """The app's address and Harbour Wire's report of the shared flight."""
    path = fill(tmp_path_factory.mktemp("sortie-review") / "review.sqlite")
    with open_store(path) as store:
        (event,) = [e for e in store.events() if e.article_id == HARBOUR.id]
    with running_app(path) as url:
        yield url, event.event_id


def test_a_report_split_out_of_its_sortie_is_its_own_sortie_on_the_map(page, review_url):
    url, event_id = review_url
    page.goto(f"{url}/review?event={event_id}", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Sortie").wait_for(timeout=60_000)
    expect(page.get_by_text(re.compile(r"This report is one of the 2 report\(s\) of sortie s-"))).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text(COUNT_DISAGREEMENT)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("None yet.")).to_be_visible(timeout=TIMEOUT)

    page.get_by_role("button", name="Split this report out").click()
    # In the history table, and on the line with its Undo button.
    expect(page.get_by_text(re.compile(rf"split report {event_id} out of sortie s-\S+ \(1 other report\(s\)\)"))
           ).to_have_count(2, timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"This report is one of the 1 report\(s\) of sortie s-"))).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Undo")).to_have_count(1, timeout=TIMEOUT)

    # Across pages: the Map now shows three sorties for the three reports (two before the split).
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Map").click()
    expect(page.get_by_text("3 of 3 sorties shown (from 3 of 3 reports)")).to_be_visible(timeout=60_000)
