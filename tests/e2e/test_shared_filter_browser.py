"""In Chromium: a filter set on the Map holds on the Events page reached by the navigation, and its CSV holds only its rows."""
from __future__ import annotations

import csv
import io
import re

from tests.e2e.test_map_browser import CAPTION_JS, _choose, _open_map, _wait_caption

SELECTION_JS = ("() => { const el = [...document.querySelectorAll('p')]"
                ".find(p => p.innerText.startsWith(\"Showing the Map's selection: \"));"
                " return el ? el.innerText : ''; }")


def test_a_kind_chosen_on_the_map_holds_on_the_events_page_and_in_its_csv(page, app_url):
    _open_map(page, app_url)
    caption = page.evaluate(CAPTION_JS)
    _choose(page, "Event kind", "Missile launch")
    on_map = _wait_caption(page, caption)
    shown = int(on_map.split()[0])
    assert 0 < shown < int(on_map.split()[2])

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Events").click()
    page.get_by_role("heading", name="Events").first.wait_for(timeout=60_000)
    page.wait_for_function(f"() => ({SELECTION_JS})() !== ''", timeout=60_000)
    assert page.evaluate(CAPTION_JS) == on_map  # the same count, worded as the Map words it
    assert "kinds missile_launch" in page.evaluate(SELECTION_JS)
    chosen = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Event kind")
    assert re.search(r"Missile launch \(\d+\)", chosen.inner_text())  # the chip of the chosen option
    page.wait_for_function("() => location.search.includes('kind=missile_launch')", timeout=30_000)

    page.get_by_text("Snapshot id:").wait_for(timeout=60_000)  # the downloads are ready
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV", exact=True).first.click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert len(rows) == shown and {r["kind"] for r in rows} == {"missile_launch"}
