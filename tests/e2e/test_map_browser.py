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


UNCOVERED_MARKERS_JS = """() => [...document.querySelectorAll('path.sortie-event')].map(p => {
    const r = p.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    return document.elementFromPoint(x, y) === p ? [x, y] : null;
}).filter(Boolean)"""


def click_event_marker(page, which: int = -1) -> None:
    """Click an event marker that nothing covers (a legend, a badge), with the mouse, as a person would."""
    frame = next(f for f in page.frames if "st_folium" in f.url)
    frame.wait_for_function(f"() => ({UNCOVERED_MARKERS_JS})().length > 0", timeout=30_000)
    x, y = frame.evaluate(UNCOVERED_MARKERS_JS)[which]
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def _caption_count(page) -> int:
    text = page.get_by_text(re.compile(r"\d+ of \d+ \w+ shown")).inner_text()
    return int(text.split()[0])


def test_markers_are_drawn_on_the_map(page, app_url):
    frame = _open_map(page, app_url)
    assert frame.locator(MARKERS).count() > 0
    # The offline basemap is drawn too: the countries layer adds many more paths than the events.
    # (It is fetched without blocking the markers, so it may arrive a moment after them.)
    frame.locator("path").nth(50).wait_for(state="attached", timeout=30_000)
    assert frame.locator("path").count() > 50


def test_moving_the_date_slider_changes_the_markers_and_the_table(page, app_url):
    frame = _open_map(page, app_url)
    before_markers = frame.locator(MARKERS).count()
    before_rows = _caption_count(page)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    page.keyboard.press("End")  # drag the start of the range to the last date
    page.wait_for_function(
        "n => { const el = [...document.querySelectorAll('p')].find(p => /\\d+ of \\d+ \\w+ shown/.test(p.innerText));"
        " return el && parseInt(el.innerText) !== n; }", arg=before_rows, timeout=30_000)
    assert _caption_count(page) < before_rows
    frame.locator(MARKERS).first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(1500)  # the feature group is swapped in place; give Leaflet a moment to redraw
    assert frame.locator(MARKERS).count() < before_markers


def test_clicking_a_marker_opens_an_escaped_popup(page, app_url):
    frame = _open_map(page, app_url)
    click_event_marker(page)
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(state="visible", timeout=10_000)
    assert popup.inner_text().strip()
    assert frame.locator(".leaflet-popup-content script").count() == 0


def test_no_request_leaves_the_local_server(page, app_url):
    _open_map(page, app_url)
    page.wait_for_timeout(2000)
    hosts = {urlparse(u).hostname for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {sorted(hosts)}"


# -- What a person sees when using the filters, the play-back and the linked views ---------------------

EVENT_MARKERS = "path.sortie-event"
BADGES = ".leaflet-marker-icon.sortie-stack span"
# The table under the map: date, precision, kind, aircraft, activity, place, countries, sources, outlets,
# disagreements, evidence, article.
DATE, KIND, EVIDENCE = 0, 2, 7


def drawn_events(frame) -> int:
    """How many events the map shows: the single markers, plus the number on each count badge."""
    return frame.locator(EVENT_MARKERS).count() + sum(int(t.replace(",", "")) for t in
                                                      frame.locator(BADGES).all_inner_texts())
CAPTION_JS = ("() => { const el = [...document.querySelectorAll('p')].find(p => /\\d+ of \\d+ \\w+ shown/.test(p.innerText));"
              " return el ? el.innerText : ''; }")


def _map_redrawn(page, previous_group_id, timeout=30_000):
    """Wait until st_folium has swapped in new feature groups (they get new Leaflet ids)."""
    page.wait_for_function(
        "old => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
        " const g = f && f.contentWindow && f.contentWindow.feature_group;"
        " return g && g.length && g[g.length - 1]._leaflet_id !== old; }", arg=previous_group_id, timeout=timeout)
    page.wait_for_timeout(300)  # the browser draws what was just added


def _last_group_id(page):
    frame = next(f for f in page.frames if "st_folium" in f.url)
    return frame.evaluate("() => { const g = window.feature_group;"
                          " return g && g.length ? g[g.length - 1]._leaflet_id : null; }")


def _wait_caption(page, previous: str, timeout=30_000) -> str:
    page.wait_for_function(f"prev => ({CAPTION_JS})() !== prev", arg=previous, timeout=timeout)
    return page.evaluate(CAPTION_JS)


def _choose(page, label: str, option_prefix: str) -> None:
    """Pick an option in a sidebar multiselect, as a person would: open it, type, press Enter."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").click()
    page.keyboard.type(option_prefix)
    page.get_by_role("option", name=re.compile(re.escape(option_prefix))).first.click()
    page.keyboard.press("Escape")


def _table_rows(page) -> list[tuple[bool, list[str]]]:
    """The table's visible rows, from its accessibility tree: (ticked, [cell texts])."""
    return page.locator('[data-testid="stDataFrame"] tbody [role="row"]').evaluate_all(
        "rows => rows.slice(0, 20).map(r => [r.getAttribute('aria-selected') === 'true',"
        " [...r.querySelectorAll('[role=gridcell]')].map(c => c.innerText)])")


def test_a_kind_filter_changes_the_markers_the_table_and_the_url(page, app_url):
    frame = _open_map(page, app_url)
    before = drawn_events(frame)
    caption = page.evaluate(CAPTION_JS)
    group = _last_group_id(page)
    _choose(page, "Event kind", "Missile launch")
    assert _wait_caption(page, caption).startswith("3 of ")
    _map_redrawn(page, group)
    assert drawn_events(frame) == 3 < before
    assert all(cells[KIND] == "missile_launch" for _ticked, cells in _table_rows(page))
    page.wait_for_function("() => location.search.includes('kind=missile_launch')")
    # The link restores the view in a new tab.
    other = page.context.new_page()
    try:
        other.goto(page.url, wait_until="domcontentloaded")
        other.wait_for_function(f"() => ({CAPTION_JS})().startsWith('3 of ')", timeout=60_000)
        other.frame_locator(MAP_FRAME).locator(BADGES).first.wait_for(state="attached", timeout=60_000)
        assert drawn_events(other.frame_locator(MAP_FRAME)) == 3
    finally:
        other.close()


def test_a_role_filter_changes_the_markers(page, app_url):
    frame = _open_map(page, app_url)
    before = drawn_events(frame)
    caption, group = page.evaluate(CAPTION_JS), _last_group_id(page)
    _choose(page, "Aircraft role", "fighter")
    assert _wait_caption(page, caption).startswith("2 of ")
    _map_redrawn(page, group)
    assert drawn_events(frame) == 2 < before


def test_play_advances_the_window_and_the_markers_change_then_pause_stops_it(page, app_url):
    frame = _open_map(page, app_url)
    window = page.locator('[data-testid="stCaptionContainer"]').filter(has_text="Window ")
    start = window.inner_text()
    page.locator(".st-key-play_on label").click()
    # Month by month from the first date: September 2017 has four events with a place, October none.
    page.wait_for_function("() => [...document.querySelectorAll('p')].some(p => p.innerText.startsWith("
                           "'Window 2017-10-03'))", timeout=30_000)
    seen = set()
    for _ in range(40):
        seen.add(drawn_events(frame))
        if len(seen) > 1:
            break
        page.wait_for_timeout(250)
    assert len(seen) > 1, "the markers did not change while playing"
    page.locator(".st-key-play_on label").click()  # pause
    page.wait_for_timeout(2500)
    paused = window.inner_text()
    page.wait_for_timeout(2500)
    assert window.inner_text() == paused != start


def test_clicking_a_marker_selects_its_row_in_the_table(page, app_url):
    frame = _open_map(page, app_url)
    click_event_marker(page)
    card = page.locator(".st-key-selected_event")
    card.wait_for(state="visible", timeout=30_000)
    page.wait_for_function("() => location.search.includes('event=')")
    page.wait_for_timeout(500)
    evidence = card.locator("blockquote").first.inner_text().strip()  # a sortie quotes each source: its own first
    date_text = card.locator(".s-muted").first.inner_text().split()[0]
    ticked, first_row = _table_rows(page)[0]
    assert ticked, "the selected event's row is not ticked"
    assert first_row[DATE] == date_text and first_row[EVIDENCE].startswith(evidence[:40])
    assert [t for t, _ in _table_rows(page)].count(True) == 1
    # On the map: a ring around it, and its popup open.
    frame.locator("path.sortie-highlight").wait_for(state="attached", timeout=10_000)
    assert evidence[:40] in frame.locator(".leaflet-popup-content").last.inner_text()


def test_picking_a_row_centres_and_highlights_it_on_the_map(page, app_url):
    frame = _open_map(page, app_url)
    map_frame = next(f for f in page.frames if "st_folium" in f.url)
    centre = map_frame.evaluate("() => window.map.getCenter()")
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The grid draws its rows a moment after the map has painted.
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stDataFrame\"] tbody [role=row]').length >= 6",
                           timeout=30_000)
    rows_before = _table_rows(page)
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 35 * 5 + 17)  # the tick box of the sixth row
    picked = rows_before[5][1]
    page.locator(".st-key-selected_event").wait_for(state="visible", timeout=30_000)
    # The row moves to the top of the table, ticked.
    page.wait_for_function("t => { const r = document.querySelector('[data-testid=\"stDataFrame\"] tbody [role=row]');"
                           " return r && r.getAttribute('aria-selected') === 'true'"
                           " && r.querySelector('[role=gridcell]').innerText === t; }", arg=picked[0], timeout=30_000)
    assert _table_rows(page)[0][1] == picked
    frame.locator("path.sortie-highlight").wait_for(state="attached", timeout=10_000)
    map_frame.wait_for_function("c => { const n = window.map.getCenter(); return n.lat !== c.lat || n.lng !== c.lng; }",
                                arg=centre, timeout=10_000)
    popup = frame.locator(".leaflet-popup-content").last.inner_text()
    assert picked[DATE] in popup and picked[EVIDENCE][:40] in popup  # its date and its evidence


def test_layer_control_hides_flight_lines_and_they_stay_hidden_after_a_filter_change(page, app_url):
    frame = _open_map(page, app_url)
    lines = frame.locator("path.sortie-flight")
    lines.first.wait_for(state="attached", timeout=10_000)
    control = frame.locator(".leaflet-control-layers")
    assert {"Flight lines", "Events", "Origins"} <= {name.strip() for name in control.inner_text().split("\n")}
    control.get_by_text("Flight lines").click()
    page.wait_for_timeout(300)
    assert lines.count() == 0
    caption, group = page.evaluate(CAPTION_JS), _last_group_id(page)
    _choose(page, "Aircraft type", "B-1B")
    _wait_caption(page, caption)
    _map_redrawn(page, group)
    page.wait_for_timeout(300)
    assert lines.count() == 0 and drawn_events(frame) > 0
    control.get_by_text("Flight lines").click()
    lines.first.wait_for(state="attached", timeout=10_000)
