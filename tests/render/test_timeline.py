"""Tests of geo/render/timeline.py: the weekly timeline drawn as escaped SVG."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pandas as pd

from geo.query import schema as S
from geo.query import timeline as T
from geo.render.timeline import HOVER_TARGETS_MAX, hover_bins, nice_ceiling, timeline_svg


def events(dates: list[str], kinds: list[str]) -> pd.DataFrame:
    return pd.DataFrame({S.DATE: pd.to_datetime(dates), S.KIND: kinds})


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*</svg>", html, re.S).group(0))


def test_no_counts_draw_nothing():
    assert timeline_svg(T.weekly_counts(events([], []))) == ""


def test_one_path_per_kind_in_its_colour_and_the_hover_text_counts_the_week():
    html = timeline_svg(T.weekly_counts(events(["2024-05-01", "2024-05-02", "2024-05-03"],
                                               ["flight", "flight", "exercise"])))
    svg = svg_of(html)
    paths = {p.get("data-kind"): p.get("fill") for p in svg.iter("path")}
    assert paths == {"flight": S.KIND_COLOURS["flight"], "exercise": S.KIND_COLOURS["exercise"]}
    assert "Week of 29 Apr 2024: 3 events (2 flight, 1 exercise)" in html


def test_the_window_is_shaded_and_the_weeks_outside_it_faded():
    df = events(["2024-01-03", "2024-03-06"], ["flight", "flight"])
    window = (date(2024, 3, 1), date(2024, 3, 31))
    html = timeline_svg(T.weekly_counts(df, window), window)
    assert 'class="window"' in html and 'fill-opacity="0.25"' in html
    assert 'class="window"' not in timeline_svg(T.weekly_counts(df))


def test_hover_texts_go_per_month_then_per_year_when_weeks_are_too_many():
    weeks = pd.Series(pd.date_range("2010-01-04", periods=HOVER_TARGETS_MAX + 1, freq="W-MON"))
    assert hover_bins(weeks)[0] == "month"
    decades = pd.Series(pd.date_range("1990-01-01", "2024-12-31", freq="W-MON"))
    assert hover_bins(decades)[0] == "year"


def test_unknown_kinds_are_escaped_and_drawn_in_the_other_colour():
    html = timeline_svg(T.weekly_counts(events(["2024-05-01"], ['<script>alert("x")</script>'])))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert S.KIND_COLOURS["other"] in html


def test_the_y_axis_ends_on_a_round_number():
    assert [nice_ceiling(v) for v in (1, 4, 6, 11, 99, 101)] == [1, 5, 10, 20, 100, 200]


def test_a_span_shorter_than_a_month_still_gets_a_date_on_its_axis():
    html = timeline_svg(T.weekly_counts(events(["2024-05-08", "2024-05-15"], ["flight", "flight"])))
    assert ">06 May 2024</text>" in html
