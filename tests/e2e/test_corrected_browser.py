"""A corrected event in Chromium: its popup and card say which fields an analyst corrected.

The store holds the invented articles of ``tests/sortie_articles.py``; an analyst has corrected the kind of
Harbour Wire's report (a flight, now an exercise), so it leaves the sortie it shared with Lantern News.
"""
from __future__ import annotations

import pytest

from geo.store import open_store
from geo.store.sorties import refresh_events, stored_sorties
from tests.e2e.conftest import running_app
from tests.e2e.test_map_browser import _open_map
from tests.sortie_articles import HARBOUR, LANTERN, fill

CORRECTED = "kind (by an analyst, on the Review page)"


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """The app's address and the id of the sortie the corrected report now forms alone."""
    path = fill(tmp_path_factory.mktemp("corrected") / "corrected.sqlite")
    with open_store(path) as store:
        (event,) = [e for e in store.events() if e.article_id == HARBOUR.id]
        store.add_corrections(event.event_id, {"kind": "exercise"}, "analyst")
        refresh_events(store, [event.event_id])  # as the Review page does: the report regroups at once
        (sortie,) = [s for s in stored_sorties(store) if event.event_id in s.event_ids]
        assert sortie.event_ids == (event.event_id,)  # an exercise no longer joins Lantern's flight
        (other,) = [s for s in stored_sorties(store) if any(e.article_id == LANTERN.id for e in store.events()
                                                              if e.event_id in s.event_ids)]
    with running_app(path) as url:
        yield url, sortie.sortie_id, other.sortie_id


def test_a_corrected_sorties_popup_and_card_name_the_corrected_field(page, corrected):
    url, sortie_id, _ = corrected
    frame = _open_map(page, f"{url}/?event={sortie_id}")  # a shared link to the event
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(state="visible", timeout=30_000)
    text = " ".join(popup.inner_text().split())
    assert text.startswith("Exercise") and f"Corrected: {CORRECTED}" in text, text
    card = page.locator(".st-key-selected_event")
    card.get_by_text("Corrected").first.wait_for(state="visible", timeout=30_000)
    assert CORRECTED in card.inner_text()


def test_an_uncorrected_sorties_popup_says_nothing_of_corrections(page, corrected):
    url, _, lantern = corrected
    frame = _open_map(page, f"{url}/?event={lantern}")
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(state="visible", timeout=30_000)
    assert popup.inner_text().startswith("Flight") and "Corrected" not in popup.inner_text()
    card = page.locator(".st-key-selected_event")
    card.get_by_text("Lantern News").first.wait_for(state="visible", timeout=30_000)
    assert "Corrected" not in card.inner_text()
