"""Tests of geo/render/popups.py: every piece of article text reaches the map escaped."""
from __future__ import annotations

import math

import folium

from geo.query import schema as S
from geo.render.popups import (
    esc,
    event_popup_html,
    event_tooltip_html,
    flight_tooltip_html,
    origin_popup_html,
    origin_tooltip_html,
)

EVIL = "<script>alert(1)</script>"


def event(**overrides) -> dict:
    row = {
        S.KIND: "flight", S.STATUS: "asserted", S.DATE_TEXT: "2017-09-23", S.DATE_PRECISION: "day",
        S.ARTICLE_TITLE: "Bombers over Korea", S.ARTICLE_NAME: "a1.txt", S.EVIDENCE: "Two B-1B flew.",
        S.AIRCRAFT_TEXT: "2× B-1B", S.PLACE_NAME: "East Sea", S.PLACE_PRECISION: "area", S.RADIUS_KM: 300.0,
        S.ORIGINS: (("Andersen AFB", 13.58, 144.93, "point", 0.0),), S.LOCATIONS: (("East Sea", 39.5, 131.0, "area", 300.0),),
    }
    row.update(overrides)
    return row


def test_evidence_script_tag_is_escaped():
    html = event_popup_html(event(evidence=EVIL))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html


def test_article_title_is_escaped():
    assert "&lt;img src=x onerror=alert(1)&gt;" in event_popup_html(event(article_title="<img src=x onerror=alert(1)>"))


def test_aircraft_and_place_names_are_escaped():
    html = event_popup_html(event(aircraft="<b>F-16</b>", place="<i>Osan</i>", origins=(("<u>Misawa</u>", 1, 2, "point", 0),)))
    assert "&lt;b&gt;F-16&lt;/b&gt;" in html and "&lt;i&gt;Osan&lt;/i&gt;" in html and "&lt;u&gt;Misawa&lt;/u&gt;" in html


def test_js_template_literal_characters_are_escaped():
    # folium puts Popup/Tooltip HTML between backticks, where ${...} would run.
    assert esc("${alert(1)} `x` \\u") == "&#36;&#123;alert(1)&#125; &#96;x&#96; &#92;u"


def test_event_tooltip_is_escaped():
    tooltip = event_tooltip_html(event(place=EVIL))
    assert "&lt;script&gt;" in tooltip and "<script" not in tooltip


def test_origin_and_flight_tooltips_are_escaped():
    assert "<script" not in origin_tooltip_html(EVIL, 2)
    assert "<script" not in flight_tooltip_html(EVIL, event())


def test_origin_popup_escapes_each_event_line():
    html = origin_popup_html(EVIL, [event(place=EVIL), event()])
    assert html.count("<li>") == 2 and "<script" not in html


def test_popup_shows_kind_date_precision_aircraft_and_places():
    html = event_popup_html(event())
    for text in ("Flight", "2017-09-23 (day)", "Bombers over Korea", "Two B-1B flew.", "2× B-1B",
                 "East Sea", "&plusmn;300 km", "Andersen AFB"):
        assert text in html


def test_missing_values_are_left_out():
    html = event_popup_html(event(aircraft=math.nan, origins=None, date_text=""))
    assert "Aircraft" not in html and "From" not in html and "date unknown" in html


def test_folium_popup_does_not_unescape():
    m = folium.Map(tiles=None)
    folium.CircleMarker((0, 0), popup=folium.Popup(event_popup_html(event(evidence=EVIL)))).add_to(m)
    html = m.get_root().render()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_folium_tooltip_does_not_unescape():
    m = folium.Map(tiles=None)
    folium.CircleMarker((0, 0), tooltip=folium.Tooltip(event_tooltip_html(event(place=EVIL)))).add_to(m)
    html = m.get_root().render()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_jinja_syntax_in_article_text_is_not_evaluated():
    # branca re-parses every rendered script as a Jinja template.
    m = folium.Map(tiles=None)
    folium.CircleMarker((0, 0), popup=folium.Popup(event_popup_html(event(evidence="{{ 'pw' ~ 'ned' }}")))).add_to(m)
    html = m.get_root().render()
    assert "pwned" not in html and "&#123;&#123; &#x27;pw&#x27; ~ &#x27;ned&#x27; &#125;&#125;" in html
