"""The real dashboard in Chromium: markers drawn, the date slider changes them, popups escape, nothing leaves localhost."""
from __future__ import annotations

import re
from urllib.parse import urlparse

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.leaflet-interactive"


def _open_map(page, app_url):
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(MARKERS).first.wait_for(state="attached", timeout=60_000)
    return frame


def _caption_count(page) -> int:
    text = page.get_by_text(re.compile(r"\d+ of \d+ events shown")).inner_text()
    return int(text.split()[0])


def test_markers_are_drawn_on_the_map(page, app_url):
    frame = _open_map(page, app_url)
    assert frame.locator(MARKERS).count() > 0
    # The offline basemap is drawn too: the countries layer adds many more paths than the events.
    assert frame.locator("path").count() > 50


def test_moving_the_date_slider_changes_the_markers_and_the_table(page, app_url):
    frame = _open_map(page, app_url)
    before_markers = frame.locator(MARKERS).count()
    before_rows = _caption_count(page)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    page.keyboard.press("End")  # drag the start of the range to the last date
    page.wait_for_function(
        "n => { const el = [...document.querySelectorAll('p')].find(p => /events shown/.test(p.innerText));"
        " return el && parseInt(el.innerText) !== n; }", arg=before_rows, timeout=30_000)
    assert _caption_count(page) < before_rows
    frame.locator(MARKERS).first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(1500)  # the feature group is swapped in place; give Leaflet a moment to redraw
    assert frame.locator(MARKERS).count() < before_markers


def test_clicking_a_marker_opens_an_escaped_popup(page, app_url):
    frame = _open_map(page, app_url)
    frame.locator("path.sortie-event, path.leaflet-interactive").last.click(force=True)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=10_000)
    assert popup.inner_text().strip()
    assert frame.locator(".leaflet-popup-content script").count() == 0


def test_no_request_leaves_the_local_server(page, app_url):
    _open_map(page, app_url)
    page.wait_for_timeout(2000)
    hosts = {urlparse(u).hostname for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {sorted(hosts)}"
