"""Tests of geo/render/popups.py: article text reaches the map and the event card escaped, places not placed say why."""
from __future__ import annotations

import math

import numpy as np

from geo.models import Article, Place, SortieSource
from geo.query import events_frame
from geo.query import schema as S
from geo.render.popups import (activity_label, article_href, esc, event_card_html, kind_label, place_cell, sortie_html,
                               unplaced_text)

from tests.render.events import GUAM, NORTH_KOREA, THE_SEA, event, frame

EVIL = "<script>alert(1)</script>"


def card_of(**kw) -> str:
    return event_card_html(frame(event(**kw)).iloc[0])


def test_evidence_script_tag_is_escaped():
    html = card_of(evidence=EVIL)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html


def test_article_title_is_escaped():
    html = event_card_html(frame(event(), title="<img src=x onerror=alert(1)>").iloc[0])
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html


def test_js_template_literal_and_jinja_characters_are_escaped():
    assert esc("${alert(1)} `x` \\u {{ y }}") == "&#36;&#123;alert(1)&#125; &#96;x&#96; &#92;u &#123;&#123; y &#125;&#125;"


def test_card_shows_kind_date_aircraft_activity_places_and_links_the_reader():
    html = card_of(origins=(GUAM,), locations=(NORTH_KOREA, THE_SEA), activity="joint_drill")
    for text in ("Flight", "2017-09-23 (day)", "Bombers over Korea", "Two B-1B bombers flew.", "2× B-1B",
                 "joint drill", "North Korea", "&plusmn;196 km", "Andersen AFB",
                 "the sea (a word for a place named nowhere before it)"):
        assert text in html, text
    assert 'href="articles?article=a1.txt"' in html


def test_missing_values_are_left_out():
    row = dict(frame(event(aircraft=())).iloc[0])
    row[S.DATE_TEXT], row[S.ORIGINS], row[S.RADIUS_KM] = "", None, math.nan
    html = event_card_html(row)
    assert "Aircraft" not in html and "From" not in html and "date unknown" in html


def test_unplaced_places_are_named_with_their_reason():
    assert unplaced_text([GUAM, THE_SEA, Place("X", None, None)]) == \
        "the sea (a word for a place named nowhere before it); X"
    assert place_cell(frame(event(locations=(THE_SEA,))).iloc[0]) == \
        "not placed: the sea (a word for a place named nowhere before it)"
    assert place_cell(frame(event(locations=(NORTH_KOREA, THE_SEA))).iloc[0]).startswith("North Korea; not placed: ")
    assert place_cell(frame(event(locations=(NORTH_KOREA,))).iloc[0]) == "North Korea"


def test_labels_and_reader_links():
    assert kind_label("missile_launch") == "Missile launch" and kind_label(None) == "Event"
    assert activity_label("adiz_entry") == "adiz entry" and activity_label(None) == ""
    assert article_href("../x?y=1") == "articles?article=..%2Fx%3Fy%3D1"


def test_a_sorties_card_counts_its_sources_from_a_frame_row():
    """A row read from a frame holds numpy's int64: the card still says how many articles report it."""
    two = (SortieSource("e1", "a", "a.txt", "A"), SortieSource("e2", "b", "b.txt", "B"))
    html = sortie_html({"event_id": "s-e1", "sortie_id": "s-e1", "source_count": np.int64(2), "sources": two,
                        "disagreements": ()})
    assert "Sources: 2 articles report it" in html


def test_the_card_says_which_fields_an_analyst_corrected():
    df = events_frame([event()], [Article("a1", "a1.txt", "t", "text")], corrected={event().event_id: ("date",)})
    html = event_card_html(df.iloc[0])
    assert "Corrected" in html and "date (by an analyst, on the Review page)" in html
    assert "Corrected" not in card_of()
