"""Every page runs without an exception over a store holding extreme values, written around ingest's checks
(issue 11, finding 1: one article dated after 2255-06-04 raised StreamlitJSNumberBoundsError on Map and Events).
"""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.models import Aircraft, Article, Event, Place, Span, content_id, event_id
from geo.store import open_store
from tests.app.conftest import ROOT

PAGES = ("pages/map.py", "pages/events.py", "pages/articles.py", "pages/ingest.py", "pages/review.py")

# Dates as the store may hold them: outside what pandas (1677-2262) or the browser (1684-2255) can
# hold, year 1 and 9999, impossible days, text that is no date at all, empty and null.
EVENT_DATES = [("0001-01-01", "day"), ("9999-12-31", "day"), ("3017-09-23", "day"), ("2255-06-05", "day"),
               ("1684-07-28", "day"), ("1600", "year"), ("0001", "year"), ("9999-12", "month"), ("9999", "year"),
               (None, None), ("", ""), ("not a date", "day"), ("2017-02-30", "day"), ("2017-13", "month"),
               ("-0001-01-01", "fortnight"), ("2017-09-18", "day")]
PUBLISHED = ["0001-01-01", "9999-12-31", "3017-09-23", None, "", "garbage", "2017-02-30", "1684-07-28", "2017-09-20"]
COORDINATES = [(math.nan, math.nan), (math.inf, -math.inf), (1e308, -1e308), (91.0, 181.0), (None, None),
               (0.0, 0.0), (-90.0, 180.0), (37.5, 127.0)]
LONG = "Long words without end " * 10_000


def _event(i: int, article_id: str, when: str | None, precision: str | None) -> Event:
    lat, lon = COORDINATES[i % len(COORDINATES)]
    place = Place(name=["", "P" * 10_000, f"Place {i}"][i % 3], lat=lat, lon=lon,
                  precision=["point", "weird", "", "area"][i % 4],
                  radius_km=[1e308, math.nan, -5.0, 0.0, 10.0][i % 5])
    return Event(
        event_id(article_id, "flight", i, when), article_id,
        ["flight", "", "unknown", "missile_launch", "exercise"][i % 5], when, precision,
        Span([-5, 0, 10**12][i % 3], [10**15, 10, 0][i % 3], ["", "two bombers flew", LONG][i % 3]),
        aircraft=(Aircraft(["", "B-1B", "X" * 5_000][i % 3], ["bomber", "", "?"][i % 3], [10**30, -3, 0, None][i % 4],
                           Span(-1, 10**9, "B-1B")),),
        origins=(place,), locations=(place, Place("", None, None)), countries=("", "X" * 1_000, "South Korea"),
        status=["asserted", "planned", "nonsense"][i % 3], article_name=["", f"{i}.txt", "n" * 3_000][i % 3],
        activity=["", "patrol", "zzz"][i % 3], role=["main", "context", "odd"][i % 3],
        date_span=Span(10**9, -1, "x") if i % 2 else None)


def fill_extreme(path: Path, dates=EVENT_DATES) -> None:
    """A store with one article per extreme date, then published dates and an empty row set by SQL."""
    with open_store(path) as store:
        for i, (when, precision) in enumerate(dates):
            text = f"Article {i}: two bombers flew. " + ("<script>alert(1)</script> " if i % 2 else "") + \
                (LONG if i == 3 else "")
            aid = content_id(text)
            title = [f"T{i}", "", LONG, "<b>bold</b> [link](http://example.invalid)"][i % 4]
            article = Article(aid, f"/x/{i}.txt", title, text, None, ["", "S" * 2_000][i % 2],
                              ["", "javascript:x"][i % 2])
            store.save(article, [_event(i, aid, when, precision), _event(i + 100, aid, when, precision)])
        for i, published in enumerate(PUBLISHED):
            store.conn.execute("UPDATE articles SET published = ? WHERE path = ?", (published, f"/x/{i}.txt"))
        store.conn.execute("INSERT INTO articles (id, path, name, title, published, source, url, text, ingested_at) "
                           "VALUES ('empty', '', '', '', NULL, '', '', '', '')")
        store.conn.commit()


def _run_every_page(store_path: Path) -> dict[str, list[str]]:
    errors = {}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        if page != "pages/map.py":
            at.switch_page(page).run()
        errors[page] = [str(e.message) for e in at.exception]
    return errors


def test_every_page_runs_over_extreme_values(store_path):
    fill_extreme(store_path)
    assert _run_every_page(store_path) == {page: [] for page in PAGES}


@pytest.mark.parametrize("when", ["3017-09-23", "2255-06-05", "1684-07-28", "0001-01-01", "9999-12-31"])
def test_every_page_runs_when_one_event_is_dated_beyond_what_the_browser_holds(store_path, when):
    # The case: a sidecar typo dates an article in 3017, and its events with it, beside good ones.
    fill_extreme(store_path, dates=[("2017-09-18", "day"), (when, "day"), ("2017-09-20", "day")])
    assert _run_every_page(store_path) == {page: [] for page in PAGES}


def test_the_map_shows_a_far_dated_event_as_undated_and_keeps_the_slider_on_the_real_ones(store_path):
    fill_extreme(store_path, dates=[("2017-09-18", "day"), ("3017-09-23", "day"), ("2017-09-20", "day")])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert at.sidebar.slider(key="flt_dates").value == (date(2017, 9, 18), date(2017, 9, 20))
    assert "3017-09-23" in list(at.dataframe[0].value["date_text"])  # still listed, as written


def test_the_articles_page_shows_each_extreme_article(store_path):
    fill_extreme(store_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/articles.py").run()
    count = len(at.selectbox(key="article_pick").options)
    assert count == len(EVENT_DATES) + 1
    for index in range(count):
        at.selectbox(key="article_pick").select_index(index).run()
        assert not at.exception, (index, at.exception)
