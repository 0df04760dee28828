"""The filter in the URL: parsing and writing (pure), and the app reading and writing it (AppTest)."""
from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from geo.query import EventFilter
from geo.ui.filters import FLT_ARTICLES, FLT_COUNTRIES, FLT_DATES, FLT_KINDS, FLT_ROLES, FLT_TYPES, FLT_UNDATED
from geo.ui.urlstate import filter_params, parse_date, split_values, state_from_params
from tests.app.conftest import ROOT

BOUNDS = (date(2017, 9, 3), date(2025, 4, 15))
OPTIONS = {FLT_TYPES: ["B-1B", "F-15C", "KC-135"], FLT_ROLES: ["bomber", "fighter"], FLT_KINDS: ["flight", "other"],
           FLT_COUNTRIES: ["Japan", "Korea, South"], FLT_ARTICLES: ["a.txt", "b.txt"]}


def test_dates_must_be_iso_calendar_days():
    assert parse_date("2018-02-28") == date(2018, 2, 28)
    assert parse_date("2018-02-30") is None and parse_date("28/02/2018") is None and parse_date("") is None


def test_only_known_values_are_kept_even_with_commas_inside():
    assert split_values("B-1B,,F-22,KC-135,B-1B", OPTIONS[FLT_TYPES]) == ["B-1B", "KC-135"]
    assert split_values("Korea, South,Japan", OPTIONS[FLT_COUNTRIES]) == ["Korea, South", "Japan"]


def test_params_are_compact_and_leave_out_what_does_not_restrict():
    assert filter_params(EventFilter(start=BOUNDS[0], end=BOUNDS[1]), BOUNDS) == {}
    flt = EventFilter(start=date(2017, 9, 1), end=date(2025, 4, 30), aircraft_types=frozenset({"F-15C", "B-1B"}),
                      kinds=frozenset({"flight"}), include_undated=False)
    assert filter_params(flt, BOUNDS) == {"from": "2017-09-01", "to": "2025-04-30", "type": "B-1B,F-15C",
                                          "kind": "flight", "undated": "0"}


def test_params_round_trip_into_widget_state():
    flt = EventFilter(start=date(2018, 1, 1), end=date(2019, 6, 30), roles=frozenset({"bomber"}),
                      countries=frozenset({"Korea, South"}), articles=frozenset({"b.txt"}), include_undated=False)
    assert state_from_params(filter_params(flt, BOUNDS), OPTIONS, BOUNDS) == {
        FLT_DATES: (date(2018, 1, 1), date(2019, 6, 30)), FLT_ROLES: ["bomber"], FLT_COUNTRIES: ["Korea, South"],
        FLT_ARTICLES: ["b.txt"], FLT_UNDATED: False}


def test_bad_and_unknown_params_are_ignored():
    params = {"from": "2019-13-01", "to": "soon", "type": "F-117", "kind": "flight,teleport", "undated": "maybe",
              "colour": "red"}
    assert state_from_params(params, OPTIONS, BOUNDS) == {FLT_KINDS: ["flight"]}


def test_dates_are_clipped_to_the_data_and_a_reversed_range_is_ignored():
    assert state_from_params({"from": "2000-01-01"}, OPTIONS, BOUNDS) == {FLT_DATES: BOUNDS}
    assert state_from_params({"to": "2018-01-01"}, OPTIONS, BOUNDS) == {FLT_DATES: (BOUNDS[0], date(2018, 1, 1))}
    assert state_from_params({"from": "2020-01-01", "to": "2019-01-01"}, OPTIONS, BOUNDS) == {}
    assert state_from_params({"from": "2020-01-01"}, OPTIONS, None) == {}


def test_a_list_valued_param_counts_by_its_last_value():
    assert state_from_params({"kind": ["other", "flight"]}, OPTIONS, BOUNDS) == {FLT_KINDS: ["flight"]}


def _app_with(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]  # no "default value and session state" warning
    return at


def test_a_shared_link_sets_the_filters(store_path):
    at = _app_with({"from": "2018-01-01", "to": "2025-04-30", "type": "B-1B,F-22", "kind": "flight",
                    "undated": "0"})
    assert at.sidebar.slider(key=FLT_DATES).value == (date(2018, 1, 1), date(2025, 4, 15))  # clipped to the data
    assert at.sidebar.multiselect(key=FLT_TYPES).value == ["B-1B"]
    assert at.sidebar.multiselect(key=FLT_KINDS).value == ["flight"]
    assert at.sidebar.checkbox(key=FLT_UNDATED).value is False
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["kind"]) == {"flight"} and all(d >= "2018" for d in table["date_text"])
    # What the app writes back is the compact form of what it shows.
    assert at.query_params == {"from": "2018-01-01", "to": "2025-04-15", "type": "B-1B", "kind": "flight",
                               "undated": "0"}


def test_a_link_with_nothing_valid_shows_everything(store_path):
    at = _app_with({"from": "tomorrow", "type": "Sopwith Camel", "country": "Atlantis"})
    assert at.sidebar.multiselect(key=FLT_TYPES).value == []
    assert at.sidebar.slider(key=FLT_DATES).value == (date(2017, 9, 3), date(2025, 4, 15))
    assert at.dataframe[0].value.shape[0] > 10
    assert at.query_params == {}


def test_changing_a_filter_rewrites_the_url_and_the_url_only_counts_on_the_first_run(store_path):
    at = _app_with({"kind": "flight"})
    at.sidebar.multiselect(key=FLT_KINDS).set_value(["missile_launch"]).run()
    assert at.query_params == {"kind": "missile_launch"}
    at.sidebar.multiselect(key=FLT_ROLES).set_value(["bomber"]).run()
    assert at.query_params == {"kind": "missile_launch", "role": "bomber"}
    at.sidebar.multiselect(key=FLT_KINDS).set_value([]).run()
    at.sidebar.multiselect(key=FLT_ROLES).set_value([]).run()
    assert at.query_params == {}


def test_a_link_to_an_event_selects_it(store_path):
    first = _app_with({})
    event_ids = first.session_state["_map_table_shown"][0]
    at = _app_with({"event": event_ids[5]})
    assert at.session_state["map_selected_event"] == event_ids[5]
    assert at.session_state["_map_table_shown"][0][0] == event_ids[5]
    assert at.query_params == {"event": event_ids[5]}
    assert _app_with({"event": "no-such-event"}).session_state.get("map_selected_event") is None
