"""AppTest: one filter for the tab. Set on the Map, it holds on the Events page (table, caption, downloads) and back."""
from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
from streamlit.testing.v1 import AppTest

from geo.query.facets import FACETS
from tests.app.conftest import ROOT
from tests.app.rendered import text_of
from tests.app.test_events_page import downloads  # noqa: F401 - the fixture

EVENTS = "pages/events.py"
MAP = "pages/map.py"
SELECTION = "Showing the Map's selection: "


def _count(at: AppTest) -> tuple[int, int]:
    caption = next(c.value for c in at.main.caption if re.match(r"[\d,]+ of [\d,]+ \w+ shown", c.value))
    shown, total = re.match(r"([\d,]+) of ([\d,]+)", caption).groups()
    return int(shown.replace(",", "")), int(total.replace(",", ""))


def _selection(at: AppTest) -> str:
    return text_of(next(c.value for c in at.main.caption if c.value.startswith(SELECTION)))


def _filter_widgets(at: AppTest) -> dict:
    values = {f.key: at.sidebar.multiselect(key=f.key).value for f in FACETS}
    values["flt_dates"] = at.sidebar.slider(key="flt_dates").value
    values["flt_undated"] = at.sidebar.checkbox(key="flt_undated").value
    return values


def test_a_kind_set_on_the_map_holds_on_the_events_page_in_table_caption_and_csv(app, downloads):  # noqa: F811
    app.sidebar.multiselect(key="flt_kinds").set_value(["missile_launch"]).run()
    on_map = _count(app)
    assert 0 < on_map[0] < on_map[1]
    app.switch_page(EVENTS).run()
    assert not app.exception, app.exception
    assert app.sidebar.multiselect(key="flt_kinds").value == ["missile_launch"]
    assert _count(app) == on_map
    assert "kinds missile_launch" in _selection(app)
    assert set(app.dataframe[0].value["kind"]) == {"missile_launch"} and len(app.dataframe[0].value) == on_map[0]
    csv = pd.read_csv(io.BytesIO(downloads["dl_csv"]["data"]))
    assert len(csv) == on_map[0] and set(csv["kind"]) == {"missile_launch"}
    assert app.query_params.get("kind") in ("missile_launch", ["missile_launch"])


def test_the_date_window_and_the_reports_switch_hold_on_the_events_page(app):
    app.sidebar.radio(key="view_unit").set_value("reports").run()
    _lo, hi = app.sidebar.slider(key="flt_dates").value
    app.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), hi)).run()
    app.sidebar.multiselect(key="flt_roles").set_value(["bomber"]).run()
    on_map, widgets = _count(app), _filter_widgets(app)
    app.switch_page(EVENTS).run()
    assert not app.exception, app.exception
    assert app.sidebar.radio(key="view_unit").value == "reports"
    assert _filter_widgets(app) == widgets
    assert _count(app) == on_map
    assert f"dates 2023-01-01 to {hi.isoformat()}; roles bomber" in _selection(app)
    assert _selection(app).endswith("as reports")
    assert all(d >= "2023" for d in app.dataframe[0].value["date_text"] if d)


def test_a_filter_set_on_the_events_page_holds_on_the_map_even_after_a_page_without_filters(app):
    app.switch_page(EVENTS).run()
    app.sidebar.multiselect(key="flt_types").set_value(["F-15C"]).run()
    app.sidebar.checkbox(key="flt_undated").uncheck().run()
    on_events = _count(app)
    app.switch_page("pages/articles.py").run()
    assert not app.exception, app.exception
    app.switch_page(MAP).run()
    assert not app.exception, app.exception
    assert app.sidebar.multiselect(key="flt_types").value == ["F-15C"]
    assert app.sidebar.checkbox(key="flt_undated").value is False
    assert _count(app) == on_events


def test_an_open_filter_stays_open_on_the_next_page(app):
    # Nothing chosen on the Map: the Events page starts with every widget at its default, not from stale keys.
    defaults = _filter_widgets(app)
    app.switch_page(EVENTS).run()
    assert _filter_widgets(app) == defaults and defaults["flt_undated"] is True
    assert _count(app)[0] == _count(app)[1]
    assert "kinds" not in _selection(app) and "undated included" in _selection(app)


def test_a_link_to_the_events_page_sets_its_filter_and_the_map_then_has_it(store_path):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["kind"] = "missile_launch"
    at.switch_page(EVENTS).run()
    assert not at.exception, at.exception
    assert at.sidebar.multiselect(key="flt_kinds").value == ["missile_launch"]
    at.switch_page(MAP).run()
    assert at.sidebar.multiselect(key="flt_kinds").value == ["missile_launch"]
