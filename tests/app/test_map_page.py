"""AppTest of the map page: filters drive the map and the table together, links stay local, text is escaped."""
from __future__ import annotations

import re
from datetime import date

from geo.models import Article, content_id
from geo.pipeline import ingest_article
from geo.store import open_store
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, map_args


def _shown(at) -> tuple[int, int]:
    caption = next(c.value for c in at.main.caption if "events shown" in c.value)
    shown, total = re.match(r"(\d+) of (\d+)", caption).groups()
    return int(shown), int(total)


def test_app_runs_on_the_bundled_corpus(app):
    shown, total = _shown(app)
    assert total >= 10
    assert shown == total
    assert len(app.dataframe[0].value) == total


def test_map_loads_only_local_assets(app):
    args = map_args(app)
    links = list(args["js_links"]) + list(args["css_links"])
    assert links and all(link.startswith("/app/static/") for link in links)
    assert "http://" not in args["script"] and "https://" not in args["script"]


def test_map_feature_group_holds_the_events(app):
    assert "feature_group" in map_args(app)["feature_group"]
    assert "B-1B" in map_args(app)["feature_group"]


def test_date_slider_narrows_table_and_map(app):
    before = map_args(app)
    slider = app.sidebar.slider(key="flt_dates")
    lo, hi = slider.value
    app.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), hi)).run()
    shown, total = _shown(app)
    assert 0 < shown < total
    dates = [d for d in app.dataframe[0].value["date_text"] if d]
    assert all(d >= "2023" for d in dates)
    after = map_args(app)
    assert after["feature_group"] != before["feature_group"]
    # The map itself is the same component: only its feature group changed, so it is not remounted.
    assert after["key"] == before["key"]


def test_aircraft_filter_keeps_only_events_with_that_type(app):
    app.sidebar.multiselect(key="flt_types").set_value(["F-15C"]).run()
    table = app.dataframe[0].value
    assert len(table) == 1
    assert "F-15C" in table["aircraft"].iloc[0]


def test_undated_checkbox_is_offered(app):
    assert app.sidebar.checkbox(key="flt_undated").value is True


def test_article_text_with_html_is_escaped_in_the_map(store_path):
    text = ("SEOUL, May 2 (UPI) -- Two B-1B bombers <script>alert('x')</script> flew over the "
            "Korean Peninsula on Tuesday, the ministry said.")
    with open_store(store_path) as store:
        ingest_article(Article(content_id(text), "evil.txt", "<b>Evil</b> title", text, date(2024, 5, 2)), store)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    group = map_args(at)["feature_group"]
    assert "Evil" in group  # the article is on the map...
    assert "<script>alert" not in group  # ...and its markup is inert text
    assert "&lt;script&gt;alert" in group.replace("\\u0026", "&")  # HTML-escaped, then JSON-escaped
