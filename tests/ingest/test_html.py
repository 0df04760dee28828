"""Tests of geo/ingest/html.py: title, published date and a script-free plain-text body from saved pages."""
from __future__ import annotations

from geo.ingest.html import parse_html

PAGE = """<html><head><title>Site | Bombers fly</title>
<meta property="article:published_time" content="2017-09-23T10:00:00Z">
<style>p { color: red } .secret-style {}</style></head>
<body><h1>B-1B bombers fly off North Korea</h1>
<script>alert(1)</script>
<p>Two B-1B &amp; six F-15C jets flew.</p><p>The flight lasted&nbsp;hours &lt;officials said&gt;.</p>
<div>Guam<br>Okinawa</div></body></html>"""


def test_title_comes_from_h1_before_title_tag():
    title, _, _ = parse_html(PAGE)
    assert title == "B-1B bombers fly off North Korea"


def test_title_falls_back_to_title_tag_without_h1():
    title, _, _ = parse_html("<html><head><title>Jets scramble</title></head><body><p>Text.</p></body></html>")
    assert title == "Jets scramble"


def test_published_comes_from_article_published_time_meta():
    _, _, published = parse_html(PAGE)
    assert published == "2017-09-23T10:00:00Z"


def test_no_meta_date_gives_empty_published():
    _, _, published = parse_html("<p>Jets flew.</p>")
    assert published == ""


def test_script_content_never_reaches_the_body():
    _, body, _ = parse_html(PAGE)
    assert "alert" not in body


def test_style_content_never_reaches_the_body():
    _, body, _ = parse_html(PAGE)
    assert "color" not in body and "secret-style" not in body


def test_script_holding_closing_tags_is_still_dropped():
    _, body, _ = parse_html('<p>Before<script>var s = "</p><p>injected";</script> after</p>')
    assert "injected" not in body and "Before" in body


def test_entities_are_decoded():
    _, body, _ = parse_html(PAGE)
    assert "Two B-1B & six F-15C jets flew." in body
    assert "<officials said>" in body


def test_block_tags_become_line_breaks():
    _, body, _ = parse_html(PAGE)
    assert body.split("\n")[-3:] == ["The flight lasted hours <officials said>.", "Guam", "Okinawa"]
