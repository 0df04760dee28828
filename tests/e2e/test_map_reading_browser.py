"""What a person reads on the map in Chromium: line tooltips, the legend, stacked events, places not placed, links.

Every check reads the page as shown (tooltip and popup texts, the legend, the table) and compares it
with the events in the store.
"""
from __future__ import annotations

import re
from datetime import date

import pytest

from geo.models import Aircraft, Article, Event, Place, Span, content_id, event_id
from geo.query import aircraft_from, aircraft_text
from geo.query.views import store_frames
from geo.query import schema as S
from geo.render.geometry import same_place
from geo.render.popups import kind_label
from geo.store import open_store
from tests.e2e.conftest import running_app
from tests.e2e.test_map_browser import (BADGES, EVENT_MARKERS, MAP_FRAME, _last_group_id, _map_redrawn, _open_map,
                                        click_event_marker)

TIMEOUT = 30_000
HOLDER_JS = """() => {  // the events layer's marker group, in the layers st_folium added last
    const groups = window.feature_group, events = groups[groups.length - 2];
    let holder = null;
    events.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) { holder = l; } });
    return holder;
}"""


def _store_events(path) -> list:
    """The rows the map shows by default: one per sortie, as the pages build them."""
    with open_store(path) as store:
        return store_frames(store)[1].to_dict("records")


def _map_frame(page):
    return next(f for f in page.frames if "st_folium" in f.url)


def _frame_offset(page) -> tuple[float, float]:
    box = page.locator(MAP_FRAME).bounding_box()
    return box["x"], box["y"]


def _tooltip_text(page, frame, x: float, y: float) -> str:
    page.mouse.move(x, y)
    tip = frame.locator(".leaflet-tooltip")
    tip.first.wait_for(state="visible", timeout=5_000)
    return tip.first.inner_text()


# -- flight lines -----------------------------------------------------------------------------------------

POINTS_ON_LINES_JS = """() => {  // for each flight line, a point on it that the line itself is under
    const groups = window.feature_group, out = [];
    groups[groups.length - 3].eachLayer(g => g.eachLayer && g.eachLayer(line => {
        if (!line._path || !line.getLatLngs) { return; }
        const pts = line.getLatLngs().map(ll => window.map.latLngToContainerPoint(ll));
        for (const f of [0.45, 0.35, 0.55, 0.25, 0.65, 0.15, 0.75]) {
            const k = Math.min(pts.length - 2, Math.floor(f * (pts.length - 1)));
            const x = (pts[k].x + pts[k + 1].x) / 2, y = (pts[k].y + pts[k + 1].y) / 2;
            const r = window.map.getContainer().getBoundingClientRect();
            if (document.elementFromPoint(r.left + x, r.top + y) === line._path) {
                out.push([r.left + x, r.top + y]); return;
            }
        }
    }));
    return out;
}"""


def test_each_flight_lines_tooltip_names_its_origin_and_area_as_the_events_say(page, app_url, app_store):
    frame = _open_map(page, app_url)
    frame.locator("path.sortie-flight").first.wait_for(state="attached", timeout=TIMEOUT)
    expected = {}
    for row in _store_events(app_store):
        if row[S.LAT] != row[S.LAT]:
            continue  # no place: no line
        for origin in row[S.ORIGINS]:
            if origin.located and not same_place(origin.lat, origin.lon, row[S.LAT], row[S.LON]):
                route = f"{origin.name} → {row[S.PLACE_NAME]}"
                expected[route] = aircraft_text(aircraft_from(row[S.EVENT], origin))
    assert expected, "the bundled corpus has flight lines"
    points = _map_frame(page).evaluate(POINTS_ON_LINES_JS)
    assert len(points) == frame.locator("path.sortie-flight").count() == len(expected)
    dx, dy = _frame_offset(page)
    read = {}
    for x, y in points:
        text = _tooltip_text(page, frame, dx + x, dy + y)
        route, kind, when, aircraft = (text.split(" · ") + [""] * 4)[:4]
        assert " → " in route and not re.search(r"→ \d+$", route), text  # "Okinawa → North Korea", never "→ 1"
        read[route] = aircraft
    assert read == expected


# -- the legend and the first visit -------------------------------------------------------------------------

def test_the_legend_is_there_at_first_paint_with_the_kinds_and_their_counts(page, app_url, app_store):
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(f"{EVENT_MARKERS}, {BADGES}").first.wait_for(state="attached", timeout=60_000)
    legend = frame.locator(".sortie-legend")
    assert legend.is_visible()  # drawn with the first markers, not after them
    text = legend.inner_text()
    for symbol in ("event", "events at one place", "an area's extent", "origin", "flight: origin → area"):
        assert symbol in text
    counts: dict[str, int] = {}
    for row in _store_events(app_store):
        if row[S.LAT] == row[S.LAT]:
            counts[kind_label(row[S.KIND])] = counts.get(kind_label(row[S.KIND]), 0) + 1
    kinds = {}
    for item in legend.locator(".s-kinds li").all_inner_texts():
        label, n = re.fullmatch(r"(.+?)\s+([\d,]+)", item.strip(), re.S).groups()
        kinds[label] = int(n.replace(",", ""))
    assert kinds == counts


def test_a_first_visit_gets_a_one_line_intro_until_it_is_dismissed(page, app_url):
    frame = _open_map(page, app_url)
    intro = frame.locator(".sortie-legend .s-intro")
    intro.wait_for(state="visible", timeout=TIMEOUT)
    assert intro.inner_text().startswith("New here?")
    intro.get_by_text("Got it").click()
    assert intro.count() == 0
    frame = _open_map(page, app_url)  # the same browser, another visit
    frame.locator(".sortie-legend").wait_for(state="visible", timeout=TIMEOUT)
    assert frame.locator(".sortie-legend .s-intro").count() == 0


# -- events at one point ------------------------------------------------------------------------------------

SPREAD_JS = HOLDER_JS.replace("return holder;", """
    const cluster = holder._spiderfied;
    if (!cluster) { return null; }
    return cluster.getAllChildMarkers().map(m => {
        const r = m._path.getBoundingClientRect();
        return [m.feature.properties.event_id, r.left + r.width / 2, r.top + r.height / 2];
    });""")


def test_stacked_events_can_each_be_opened(page, app_url, app_store):
    frame = _open_map(page, app_url)
    frame.locator(BADGES).first.wait_for(state="attached", timeout=TIMEOUT)
    events = {row[S.EVENT_ID]: row for row in _store_events(app_store)}
    numbers = [int(t) for t in frame.locator(BADGES).all_inner_texts()]
    n = max(numbers)
    assert n > 2, numbers
    badge = frame.locator(BADGES).nth(numbers.index(n))
    opened, clicked = {}, set()
    dx, dy = _frame_offset(page)
    for _ in range(n):
        group = _last_group_id(page)
        close = frame.locator(".leaflet-popup-close-button")
        if close.count():  # the last one's popup: closed with its x, as a person would
            close.first.click()
            frame.locator(".leaflet-popup").first.wait_for(state="detached", timeout=10_000)
        badge.click()
        _map_frame(page).wait_for_function(f"() => ({SPREAD_JS})() !== null", timeout=10_000)
        spread = _map_frame(page).evaluate(SPREAD_JS)
        assert len(spread) == n  # the badge spreads out all of them
        event, x, y = next(m for m in spread if m[0] not in clicked)
        clicked.add(event)
        page.mouse.click(dx + x, dy + y)
        popup = frame.locator(".leaflet-popup-content").last
        popup.wait_for(state="visible", timeout=10_000)
        head, when = popup.inner_text().split("\n")[:2]
        opened[event] = (head, when.split(" (")[0])
        _map_redrawn(page, group)  # the click selected the event: the page ran again
        badge = frame.locator(BADGES).nth(numbers.index(n))
    # They were stacked at one point, and each popup told its own event.
    assert len({(events[e][S.LAT], events[e][S.LON]) for e in opened}) == 1
    assert opened == {e: (kind_label(events[e][S.KIND]), events[e][S.DATE_TEXT] or "date unknown") for e in opened}


# -- places not placed, and the reader --------------------------------------------------------------------

@pytest.fixture(scope="module")
def newcomer_url(tmp_path_factory):
    """A server over a store of two invented events: one placed with an escort activity, one with no place."""
    path = tmp_path_factory.mktemp("newcomer") / "newcomer.sqlite"
    text = "Two B-1B bombers flew near the sea. Four F-15K jets escorted them over the Korean Peninsula."
    article = Article(content_id(text), "newcomer.txt", "A day of flights, invented", text, date(2024, 5, 2))
    first, second = text.split(". ")
    lost = Place("the sea", None, None, reason="a word for a place named nowhere before it")
    peninsula = Place("Korean Peninsula", 38.0, 127.5, "area", radius_km=500.0)
    events = [
        Event(event_id(article.id, "flight", 0, "2024-05-01"), article.id, "flight", "2024-05-01", "day",
              Span(0, len(first), first), aircraft=(Aircraft("B-1B", "bomber", 2),), locations=(lost,),
              article_name="newcomer.txt"),
        Event(event_id(article.id, "flight", len(first) + 2, "2024-05-02"), article.id, "flight", "2024-05-02",
              "day", Span(len(first) + 2, len(text), second), aircraft=(Aircraft("F-15K", "fighter", 4),),
              locations=(peninsula,), article_name="newcomer.txt", activity="escort"),
    ]
    with open_store(path) as store:
        store.save(article, events)
    with running_app(path) as url:
        yield url


def test_the_no_place_notice_links_to_the_events_it_counts(page, newcomer_url):
    frame = _open_map(page, newcomer_url)
    assert "1 shown event has no place" in frame.locator(".sortie-legend").inner_text()
    link = page.get_by_role("link", name="list it")
    assert "1 shown event has no place on the map" in page.get_by_text("no place on the map").inner_text()
    link.click()
    heading = page.get_by_role("heading", name=re.compile(r"Events with no place \(1\)"))
    heading.wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => { const h = [...document.querySelectorAll('h3')].find(e => "
                           "e.innerText.startsWith('Events with no place')); if (!h) return false;"
                           " const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }",
                           timeout=TIMEOUT)
    assert "#events-with-no-place" in page.url
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.locator("tbody [role=row]").first.wait_for(state="attached", timeout=TIMEOUT)
    rows = grid.locator("tbody [role=row]").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('[role=gridcell]')].map(c => c.innerText))")
    assert len(rows) == 1 and rows[0][0] == "2024-05-01"
    assert "not placed: the sea (a word for a place named nowhere before it)" in rows[0]


def test_a_popup_shows_the_activity_and_its_article_name_opens_the_reader(page, newcomer_url):
    frame = _open_map(page, newcomer_url)
    click_event_marker(page, 0)
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(state="visible", timeout=TIMEOUT)
    assert "Activity: escort" in popup.inner_text()
    link = popup.locator("a.s-reader")
    assert link.inner_text() == "A day of flights, invented"
    with page.context.expect_page() as opened:
        link.click()
    reader = opened.value
    reader.wait_for_load_state("domcontentloaded")
    reader.get_by_role("heading", name="A day of flights, invented").wait_for(timeout=60_000)
    assert "/articles?article=newcomer.txt" in reader.url
    assert reader.get_by_text("file newcomer.txt").count() == 1 or "newcomer.txt" in reader.content()


# -- base maps and narrow windows ---------------------------------------------------------------------------

def test_online_tiles_that_cannot_be_reached_are_said_so_over_the_offline_countries(page, app_url):
    page.route(re.compile(r"https?://([a-z0-9-]+\.)*(openstreetmap\.org|arcgisonline\.com)/.*"),
               lambda route: route.abort())
    _open_map(page, app_url)
    _map_frame(page).evaluate("() => { window.__offlineMap = true; }")
    page.get_by_text("OpenStreetMap (online)").click()
    # Another base map is another map: st_folium mounts a new frame in place of the old one.
    page.wait_for_function(f"() => {{ const f = [...document.querySelectorAll({MAP_FRAME!r})];"
                           " return f.length === 1 && f[0].contentWindow.map && !f[0].contentWindow.__offlineMap; }",
                           timeout=TIMEOUT)
    frame = page.frame_locator(MAP_FRAME)
    notice = frame.locator(".sortie-notice")
    notice.wait_for(state="visible", timeout=TIMEOUT)
    assert "cannot be reached" in notice.inner_text()
    frame.locator(".leaflet-sortie-basemap-pane path").nth(50).wait_for(state="attached", timeout=TIMEOUT)
    # One place to choose the base map: the sidebar. The map's layer control lists the layers only.
    assert frame.locator(".leaflet-control-layers input[type=radio]").count() == 0
    assert frame.locator(".leaflet-control-layers input[type=checkbox]").count() == 3


def test_at_800_px_the_playback_controls_stay_on_one_line_each(browser, app_url):
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        page = context.new_page()
        _open_map(page, app_url)
        row = page.locator(".st-key-playback_controls")
        row.wait_for(timeout=TIMEOUT)
        unit = row.locator("input[role=combobox]")
        assert unit.input_value() == "step by month"
        controls = [row.get_by_text(label, exact=True).filter(visible=True).first
                    for label in ("◂ Back", "Play", "Step ▸")] + [unit]
        for control in controls:
            box = control.bounding_box()
            fits = control.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
            assert box["height"] < 45 and fits, f"{control} wraps or is cut at 800 px: {box}"
        # The three buttons and the unit share one line.
        middles = [c.bounding_box()["y"] + c.bounding_box()["height"] / 2 for c in controls]
        assert max(middles) - min(middles) < 12, middles
    finally:
        context.close()
