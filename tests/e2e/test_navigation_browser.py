"""A shared link to a page other than the map works even as the first request to a new server."""
from __future__ import annotations

import re

PAGE_TITLES = ["Map", "Events", "Articles", "Ingest", "Review"]


def test_a_deep_link_to_a_new_server_opens_that_page_with_the_app_navigation_and_filter(page, fresh_app_url):
    page.goto(f"{fresh_app_url}/events?kind=flight", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Events").wait_for(timeout=60_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("Review").wait_for(timeout=30_000)
    # The app's own page list (st.navigation in app.py), not Streamlit's list of the files in pages/.
    assert [t.strip() for t in nav.locator("a").all_inner_texts()] == PAGE_TITLES
    caption = page.get_by_text(re.compile(r"^Showing the Map's selection: ")).first.inner_text()
    assert "kinds flight" in caption  # the filter in the link was applied
    assert "/events" in page.url and "kind=flight" in page.url
