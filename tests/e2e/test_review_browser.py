"""The review flow in Chromium: open Review from the sidebar, correct an event's kind, save, see it, undo it."""
from __future__ import annotations

import re

from playwright.sync_api import expect

TIMEOUT = 30_000


def _choose(page, key: str, text: str) -> None:
    """Pick the option containing ``text`` in the Streamlit selectbox (a combobox) with this widget key."""
    page.locator(f".st-key-{key}").get_by_role("button", name="Open").click()
    # The option list is virtualised (only the first options are in the DOM), so filter it by typing.
    page.locator(f".st-key-{key} input[role='combobox']").fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def _open_review(page, app_url) -> None:
    page.goto(app_url, wait_until="domcontentloaded")
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=re.compile("Review"))
    link.wait_for(state="visible", timeout=60_000)
    link.click()
    page.get_by_role("heading", name="Review events").wait_for(timeout=TIMEOUT)


def test_review_correct_kind_save_and_undo(page, app_url):
    _open_review(page, app_url)
    assert "/review" in page.url

    _choose(page, "review_event", "KC-135")
    # The evidence sentence of the chosen event is shown as plain text.
    page.locator('[data-testid="stText"]', has_text="KC-135").first.wait_for(timeout=TIMEOUT)

    _choose(page, "review_kind", "exercise")
    page.locator(".st-key-review_save button").click()

    # Streamlit redraws top to bottom and marks old elements stale meanwhile, so wait for each state.
    expect(page.get_by_text(re.compile(r"Saved 1 correction\(s\): kind"))).to_be_visible(timeout=TIMEOUT)
    row = page.locator('[data-testid="stTable"] tr', has_text="exercise")
    expect(row).to_have_count(1, timeout=TIMEOUT)
    expect(row).to_contain_text("active")
    # The chosen event's label shows the new kind.
    expect(page.locator(".st-key-review_event input[role='combobox']")).to_have_value(
        re.compile("· exercise ·"), timeout=TIMEOUT)

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text(re.compile(r"Correction #\d+ \(kind → exercise\) undone"))).to_be_visible(
        timeout=TIMEOUT)
    expect(row).to_contain_text("undone at", timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Undo")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator(".st-key-review_event input[role='combobox']")).to_have_value(
        re.compile("· flight ·"), timeout=TIMEOUT)
    expect(page.locator(".st-key-review_kind input[role='combobox']")).to_have_value("flight", timeout=TIMEOUT)
