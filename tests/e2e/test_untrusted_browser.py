"""In Chromium: articles whose title, file name, source, URL, text and reviewer carry markup stay text on every page.

The store holds the invented hostile articles of ``tests.hostile`` (an image in Markdown, a URL
hiding a second link, a backtick in a file name, ``<img onerror>``, ``<script>``, ``{{ }}``) and a
correction by a reviewer whose name is an image. Each page is opened, and then: no request went to
a host or a file named in them, no element they name exists in any frame (no img with their src, no
link to the attacker's host, no script of theirs ran), and the payloads are visible as text.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import running_app
from tests.hostile import AUTHOR, HOST, NAME, TITLE, UNTITLED_NAME, URL, fill_hostile_store

TIMEOUT = 60_000
# Files the payloads would make the browser fetch: Markdown images and <img src=x>.
FETCHED_NAMES = ("/b.png", "/n.png", "/u.png", "/r.png", "/typed.png", "/x", "/phish")


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.sqlite"
    ids = fill_hostile_store(path)
    with running_app(path) as url:
        yield url, ids


def _nav(page, url: str, name: str, heading: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=re.compile(name))
    link.wait_for(state="visible", timeout=TIMEOUT)
    link.click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT)


def _choose(page, key: str, text: str) -> None:
    page.locator(f".st-key-{key}").get_by_role("button", name="Open").click()
    page.locator(f".st-key-{key} input[role='combobox']").fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def _shown(page, selector: str) -> str:
    """The text of the elements matching ``selector`` as a reader sees it (word joiners are invisible)."""
    return page.evaluate("s => [...document.querySelectorAll(s)].map(e => e.innerText).join('\\n')"
                         ".replace(/\\u2060/g, '')", selector)


def _assert_inert(page) -> None:
    """Nothing the payloads name was requested, drawn or run, in the page or any of its frames."""
    page.wait_for_timeout(1500)  # an image or script would be fetched as soon as its element appeared
    for url in page.requests:
        parts = urlsplit(url)
        assert parts.hostname != HOST, url
        assert not parts.path.endswith(FETCHED_NAMES), url
    for frame in page.frames:
        found = frame.evaluate("""() => ({
            imgs: [...document.querySelectorAll('img')].map(i => i.getAttribute('src') || ''),
            links: [...document.querySelectorAll('a[href]')].map(a => a.href),
            scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).length,
            pwned: typeof window.__pwned,
        })""")
        assert not [s for s in found["imgs"] if s == "x" or s.endswith(FETCHED_NAMES) or HOST in s], found["imgs"]
        assert not [h for h in found["links"] if urlsplit(h).hostname == HOST], found["links"]
        assert found["scripts"] == 0 and found["pwned"] == "undefined"


def test_the_map_page_with_its_filters_and_popups(page, hostile_url):
    url, ids = hostile_url
    page.goto(f"{url}/?event={ids.event_id}", wait_until="domcontentloaded")  # a deep link opens its popup
    frame_sel = 'iframe[title="streamlit_folium.st_folium"]'
    page.wait_for_selector(frame_sel, state="attached", timeout=TIMEOUT)
    popup = page.frame_locator(frame_sel).locator(".leaflet-popup-content")
    expect(popup).to_contain_text(TITLE, timeout=TIMEOUT)
    expect(page.locator(".st-key-selected_event")).to_contain_text(TITLE, timeout=TIMEOUT)
    # The sidebar's article filter lists the titles: open it so its options are drawn.
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Source article").locator("input").click()
    expect(page.get_by_role("option", name=TITLE)).to_be_visible(timeout=TIMEOUT)
    _assert_inert(page)


def test_the_events_page(page, hostile_url):
    _nav(page, hostile_url[0], "Events", "Events")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=TIMEOUT)
    _assert_inert(page)


def test_the_articles_page_shows_title_name_source_and_url_as_text(page, hostile_url):
    _nav(page, hostile_url[0], "Articles", "Articles")
    _choose(page, "article_pick", "tick")
    page.locator("h3", has_text="tick").first.wait_for(timeout=TIMEOUT)
    assert TITLE in _shown(page, "h3").splitlines()
    expect(page.get_by_text(f"file {NAME}", exact=False)).to_be_visible(timeout=TIMEOUT)
    link = page.get_by_role("link", name=URL, exact=True)
    expect(link).to_be_visible(timeout=TIMEOUT)
    href = link.get_attribute("href")
    assert urlsplit(href).hostname == "www.defense.gov", href
    expect(page.locator(".sortie-article")).to_contain_text("<script>window.__pwned=3</script>")
    _assert_inert(page)
    _choose(page, "article_pick", "untitled")
    page.locator("h3", has_text="untitled").first.wait_for(timeout=TIMEOUT)
    assert _shown(page, "h3").splitlines()[0] in (UNTITLED_NAME, UNTITLED_NAME.removesuffix(".txt"))
    expect(page.get_by_text(f"file {UNTITLED_NAME}", exact=False)).to_be_visible(timeout=TIMEOUT)
    _assert_inert(page)


def test_the_review_page_shows_the_reviewer_name_as_text(page, hostile_url):
    _nav(page, hostile_url[0], "Review", "Review events")
    _choose(page, "review_event", "tick")
    page.locator('[data-testid="stTable"]').wait_for(timeout=TIMEOUT)
    assert AUTHOR in _shown(page, '[data-testid="stTable"] td').splitlines()
    _assert_inert(page)


def test_the_ingest_page_shows_an_upload_name_as_text(page, hostile_url):
    _nav(page, hostile_url[0], "Ingest", "Ingest articles")
    upload = NAME.replace(".txt", " again.txt")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([
        {"name": upload, "mimeType": "text/plain",
         "buffer": b"Two B-52 bombers flew over Guam on September 22, 2017, officials said."}])
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stFileChip\"]').length === 1 && "
                           "!document.querySelector('[data-testid=\"stFileChipIconSpinner\"]')", timeout=TIMEOUT)
    page.locator(".st-key-ingest_run button").click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_have_text(
        f"{upload}: 1 event(s)", timeout=TIMEOUT)
    _assert_inert(page)
