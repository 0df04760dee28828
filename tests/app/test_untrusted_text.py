"""AppTest: titles, names, sources, URLs, upload names and reviewer names are shown as text on every page.

Streamlit renders Markdown in titles, captions, alerts, progress text and ``st.table`` cells. Each
such body the pages send is rendered here with markdown-it: it must make no image, no script and
no link but the article's own http(s) address, and read back as the original characters.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, map_args
from tests.app.rendered import html_of, text_of
from tests.hostile import AUTHOR, HOST, NAME, SOURCE, TEXT, TITLE, UNTITLED_NAME, URL, fill_hostile_store

MARKDOWN_ELEMENTS = ("title", "header", "subheader", "caption", "markdown", "success", "error", "warning", "info")


@pytest.fixture
def hostile(store_path):
    return fill_hostile_store(store_path)


def _page(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def _bodies(at: AppTest) -> list[str]:
    """Every Markdown body on the page: text elements, alerts, progress text and table cells and headers."""
    out = [e.value for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    out += [e.proto.text for e in at.get("progress")]
    for table in at.table:
        frame = table.value
        out += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return out


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', html)


def _assert_inert(at: AppTest) -> None:
    for body in _bodies(at):
        rendered = html_of(body)
        assert "<img" not in rendered and "<script" not in rendered, body
        for href in _links(rendered):  # the only link: the article's own address, on the host written first
            assert urlsplit(href).hostname == "www.defense.gov", (href, body)


def test_the_articles_page_shows_title_name_source_and_url_as_text(hostile):
    at = _page("pages/articles.py")
    at.selectbox(key="article_pick").set_value(hostile.article_id).run()
    assert not at.exception, at.exception
    _assert_inert(at)
    assert text_of(at.subheader[0].value) == TITLE
    details = text_of(at.caption[0].value)
    assert f"file {NAME}" in details and f"source {SOURCE}" in details
    (url_caption,) = [c.value for c in at.caption if "defense" in c.value]
    assert text_of(url_caption) == URL  # the whole address as written...
    (href,) = _links(html_of(url_caption))
    assert href.startswith("https://www.defense.gov/News/") and " " not in href  # ...linking to that host only
    assert "&lt;script&gt;window.__pwned=3" in next(h.value for h in at.get("html") if h.value.startswith('<div class="sortie-article">'))


def test_an_untitled_article_shows_its_file_name_as_text(hostile):
    at = _page("pages/articles.py")
    at.selectbox(key="article_pick").set_value(hostile.untitled_id).run()
    _assert_inert(at)
    # Ingest names an untitled article after its file (without the suffix): that name, shown as text.
    assert text_of(at.subheader[0].value) in (UNTITLED_NAME, UNTITLED_NAME.removesuffix(".txt"))
    assert f"file {UNTITLED_NAME}" in text_of(at.caption[0].value)


def test_a_url_that_is_not_http_is_shown_but_never_linked(store_path):
    from datetime import date

    from geo.models import Article, content_id
    from geo.pipeline import ingest_article
    from geo.store import open_store
    bad = "javascript:alert(document.domain)//https://x"
    with open_store(store_path) as store:
        article = Article(content_id(TEXT), "a.txt", "A title", TEXT, date(2017, 9, 19), "", bad)
        ingest_article(article, store)
    at = _page("pages/articles.py")
    (caption,) = [c.value for c in at.caption if "javascript" in c.value]
    assert text_of(caption) == bad and not _links(html_of(caption))


def test_the_review_page_shows_reviewer_names_and_titles_as_text(hostile):
    at = _page("pages/review.py")
    at.selectbox(key="review_event").set_value(hostile.event_id).run()
    assert not at.exception, at.exception
    _assert_inert(at)
    history = at.table[0].value
    assert [text_of(v) for v in history[history.columns[3]]] == [AUTHOR]
    assert at.text[1].value == TITLE  # st.text shows its text literally


def test_the_review_page_message_quotes_a_typed_value_as_text(hostile):
    at = _page("pages/review.py")
    at.selectbox(key="review_event").set_value(hostile.event_id).run()
    typed = f"![x](http://{HOST}/typed.png)"
    at.text_input(key="review_locations").set_value(typed)
    at.button(key="review_save").click().run()
    assert not at.exception, at.exception
    _assert_inert(at)
    assert typed in text_of(at.error[0].value)


def test_the_ingest_page_shows_upload_names_as_text(store_path, hostile):
    at = _page("pages/ingest.py")
    at.file_uploader(key="ingest_files").set_value([(NAME.replace(".txt", " 2.txt"), b"B-1B bombers flew over Guam "
                                                     b"on September 18, 2017.", "text/plain"),
                                                    (UNTITLED_NAME.replace(".txt", ".md"), b"", "text/markdown")])
    at.button(key="ingest_run").click().run()
    assert not at.exception, at.exception
    _assert_inert(at)
    lines = [text_of(e.value) for e in (*at.success, *at.error)]
    assert any(line.startswith(NAME.replace(".txt", " 2.txt") + ":") for line in lines), lines
    assert any(line.startswith(UNTITLED_NAME.replace(".txt", ".md") + ": file is empty") for line in lines), lines


def test_the_events_page_shows_a_filter_on_an_article_name_as_text(hostile):
    at = _page("pages/events.py")
    at.multiselect(key="flt_articles").set_value([NAME]).run()
    assert not at.exception, at.exception
    _assert_inert(at)
    caption = next(c.value for c in at.main.caption if c.value.startswith("Showing the Map's selection: "))
    assert f"articles {NAME}" in text_of(caption)


def test_the_map_page_sends_no_raw_markup_to_the_map(hostile):
    at = _page("pages/map.py")
    _assert_inert(at)
    script = json.dumps(map_args(at))
    for raw in ("<img src=x", "<script>window", "{{ 7*7 }}"):  # only escaped, in popups and tooltips
        assert raw not in script
