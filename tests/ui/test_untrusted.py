"""Tests of geo/ui/untrusted.py: untrusted strings render as their own characters; links only to http(s) hosts."""
from __future__ import annotations

import random
import re
import string
from urllib.parse import urlsplit

import pandas as pd
import pytest

from geo.ui.untrusted import WORD_JOINER, plain, plain_table, web_link, web_url
from tests.app.rendered import html_of, text_of
from tests.hostile import HOST, PAYLOADS, URL


@pytest.mark.parametrize("payload", [*PAYLOADS, "# heading", "1. list", "- item", "| a | b |\n|---|---|",
                                     "***bold***", "~~gone~~", "&amp; &lt;b&gt;", "<https://x.org>", "www.x.org",
                                     "a@b.org", ":material/home: :red[x] :smile:", "$x^2$", "\\*", "    code",
                                     "line one\n\nline two", "\t\tindented", "[a]: http://x.org\n[a]"])
def test_markup_in_a_payload_renders_as_its_own_characters(payload):
    rendered = html_of(plain(payload))
    assert re.findall(r"<(\w+)", rendered) == ["p"]  # one paragraph of text: no image, link, code, heading...
    assert text_of(plain(payload)) == " ".join(payload.split())


def test_random_strings_render_as_themselves():
    rng = random.Random(2)
    alphabet = string.printable + "éß→“”‘’—…"
    for _ in range(2_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        if not s.split():
            continue
        assert text_of(plain(s)) == " ".join(s.split()), repr(s)
        assert re.findall(r"<(\w+)", html_of(plain(s))) == ["p"], repr(s)


def test_missing_values_show_as_nothing():
    assert plain(None) == "" and plain(float("nan")) == "" and plain(12) == "12"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
                                 "vbscript:x", "file:///etc/passwd", "//evil.example/x", "http:///nohost",
                                 "https://", "ftp://x.org/f", "https://x.org/\nwhat", "https://x.org/\x00", "", None,
                                 42, "http://[::1"])
def test_only_http_and_https_urls_with_a_host_are_linked(url):
    assert web_url(url) is None
    assert "<a" not in html_of(web_link(url))


def test_a_url_that_hides_another_link_links_to_the_host_it_starts_with_and_shows_all_of_itself():
    html = html_of(web_link(URL))
    (href,) = re.findall(r'<a href="([^"]*)"', html)
    assert urlsplit(href).hostname == "www.defense.gov" and urlsplit(href).path.startswith("/News/")
    assert text_of(web_link(URL)) == URL
    assert html.count("<a ") == 1 and HOST not in (urlsplit(href).hostname or "")


def test_an_ordinary_url_is_linked_unchanged():
    url = "https://en.wikipedia.org/wiki/Rockwell_B-1_Lancer?x=1&y=2#History"
    assert web_url(url) == url
    assert re.findall(r'<a href="([^"]*)"', html_of(web_link(url))) == [url.replace("&", "&amp;")]


def test_a_table_for_st_table_has_every_cell_and_header_plain():
    df = pd.DataFrame({"by `x`": ["![r](http://h/r.png)", "<b>b</b>"], "#": [1, 2]})
    out = plain_table(df)
    assert [text_of(c) for c in out.columns] == ["by `x`", "#"]
    assert [text_of(v) for v in out["by \\`x\\`"]] == ["![r](http://h/r.png)", "<b>b</b>"]
    assert list(out["\\#"]) == ["1", "2"]


@pytest.mark.parametrize("payload", ["![t](http://h.example/b.png)", "see www.h.example", "mail a.b@h.example",
                                     "HTTPS://H.EXAMPLE", "ftp://h.example"])
def test_no_address_in_the_text_is_left_for_gfm_to_turn_into_a_link(payload):
    # GFM makes links of "http://", "www." and e-mail addresses in text after escapes are resolved
    # (markdown-it's CommonMark does not, Chromium did): what is left once escapes are read must not match.
    shown = re.sub(r"\\(.)", r"\1", plain(payload))
    assert not re.search(r"(?i)(?:[a-z]+://|www\.)[-.\w]|[-.\w+]@[-\w]", shown)
    assert shown.replace(WORD_JOINER, "") == payload
