"""AppTest of the events page: the shared filters drive the table and the downloads; article text stays literal."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest
from geo.models import Article, content_id
from geo.pipeline import ingest_article
from geo.store import open_store
from geo.store.sorties import refresh_events
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT

PAGE = "pages/events.py"
DOWNLOAD_KEYS = ["dl_csv", "dl_geojson", "dl_parquet", "dl_snapshot"]


@pytest.fixture
def downloads(monkeypatch) -> dict[str, dict]:
    """What each download button was last given (file name, mime, data), by key."""
    seen: dict[str, dict] = {}
    original = DeltaGenerator.download_button

    def spy(self, label, data, file_name=None, mime=None, key=None, *args, **kwargs):
        seen[key] = {"label": label, "data": data, "file_name": file_name, "mime": mime}
        return original(self, label, data, file_name, mime, key, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    return seen


@pytest.fixture
def events_page(app) -> AppTest:
    """The events page, reached through the app's navigation."""
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def _shown(at: AppTest) -> tuple[int, int]:
    caption = next(c.value for c in at.main.caption if re.match(r"[\d,]+ of [\d,]+ \w+ shown", c.value))
    shown, total = re.match(r"(\d+) of (\d+)", caption).groups()
    return int(shown), int(total)


def test_page_shows_every_event_of_the_bundled_corpus(events_page):
    at = events_page
    assert at.title[0].value == "Events"
    shown, total = _shown(at)
    assert total >= 10 and shown == total
    table = at.dataframe[0].value
    assert len(table) == total
    assert list(table.columns) == ["date_text", "date_precision", "kind", "status", "aircraft", "origins",
                                   "locations", "countries", "evidence", "source_count", "sources", "disagreements",
                                   "article_title", "corrected", "sortie_id"]
    assert "Guam" in " ".join(table["origins"])


def test_date_slider_narrows_the_table(events_page):
    at = events_page
    _lo, hi = at.sidebar.slider(key="flt_dates").value
    at.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), hi)).run()
    assert not at.exception
    shown, total = _shown(at)
    table = at.dataframe[0].value
    assert 0 < shown < total and len(table) == shown
    assert all(d >= "2023" for d in table["date_text"] if d)


def test_aircraft_filter_narrows_the_table(events_page):
    at = events_page
    at.sidebar.multiselect(key="flt_types").set_value(["F-15C"]).run()
    table = at.dataframe[0].value
    assert len(table) == 1 == _shown(at)[0]
    assert "F-15C" in table["aircraft"].iloc[0]


def test_four_download_buttons(events_page):
    buttons = {b.key: b for b in events_page.get("download_button")}
    assert sorted(buttons) == sorted(DOWNLOAD_KEYS)
    assert [buttons[k].label for k in DOWNLOAD_KEYS] == ["CSV", "GeoJSON", "Parquet", "Snapshot"]
    assert all(b.proto.url for b in buttons.values())  # each has a file behind it


def test_downloads_hold_the_filtered_events(store_path, downloads):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    names = {k: v["file_name"] for k, v in downloads.items()}
    assert re.fullmatch(r"sortie-sorties-\d{8}\.csv", names["dl_csv"])
    assert names["dl_geojson"] == names["dl_csv"].replace(".csv", ".geojson")
    assert names["dl_parquet"] == names["dl_csv"].replace(".csv", ".parquet")
    version = names["dl_snapshot"].removesuffix(".zip")
    assert re.fullmatch(r"sortie-\d{8}-[0-9a-f]{10}", version)
    assert any(version in c.value for c in at.main.caption)
    csv_all = pd.read_csv(io.BytesIO(downloads["dl_csv"]["data"]))
    assert len(csv_all) == _shown(at)[1]
    zf = zipfile.ZipFile(io.BytesIO(downloads["dl_snapshot"]["data"]))
    assert "METHODOLOGY.md" in zf.namelist() and version in zf.read("manifest.json").decode()

    at.sidebar.multiselect(key="flt_types").set_value(["F-15C"]).run()
    assert len(pd.read_csv(io.BytesIO(downloads["dl_csv"]["data"]))) == 1
    assert downloads["dl_snapshot"]["file_name"] != names["dl_snapshot"]  # another filter, another id
    assert b"F-15C" in downloads["dl_geojson"]["data"]


def test_article_text_with_html_is_literal_in_the_table(store_path, downloads):
    text = ("SEOUL, May 2 (UPI) -- Two B-1B bombers <script>alert('x')</script> {{ 7*7 }} flew over the "
            "Korean Peninsula on Tuesday, the ministry said.")
    with open_store(store_path) as store:
        ingest_article(Article(content_id(text), "evil.txt", "<b>Evil</b> title", text, date(2024, 5, 2)), store)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    table = at.dataframe[0].value
    evil = table[table["article_title"] == "<b>Evil</b> title"]
    assert len(evil) >= 1
    assert any("<script>alert('x')</script> {{ 7*7 }}" in e for e in evil["evidence"])
    # Nothing renders the article's markup as HTML or Markdown anywhere on the page.
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("<script>" in r or "Evil" in r for r in rendered)
    assert b"<script>alert('x')</script>" in downloads["dl_csv"]["data"]


def test_the_table_marks_what_an_analyst_corrected(app, store_path):
    with open_store(store_path) as store:
        event = next(e for e in store.events() if e.kind == "flight")
        store.add_corrections(event.event_id, {"status": "planned"}, "analyst")
        refresh_events(store, [event.event_id])  # as the Review page does
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value
    marked = table[table["corrected"] != ""]
    assert list(marked["corrected"]) == ["status"] and list(marked["status"]) == ["planned"]
