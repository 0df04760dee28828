"""AppTest of the map page: filters drive the map and the table together, links stay local, text is escaped."""
from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
from geo.query import schema as S
from geo.models import Aircraft, Article, Event, Place, Span, content_id, event_id
from geo.pipeline import ingest_article
from geo.query import EventFilter, events_frame, filter_events
from geo.render.layers import dynamic_layers
from geo.render.payload import PreparedLayers
from geo.store import open_store
from geo.store.sorties import sortie_ids_by_event
from geo.ui import playback
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, map_args


def _shown(at) -> tuple[int, int]:
    caption = next(c.value for c in at.main.caption if re.match(r"[\d,]+ of [\d,]+ \w+ shown", c.value))
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


# -- Map layers, layer control, base maps --------------------------------------------------------

def _payload(args: dict, layer: str) -> dict:
    """The JSON data of one dynamic layer ("events", "flights", "origins") in st_folium's feature-group script."""
    script = args["feature_group"]
    names = {"flights": "Flight lines", "events": "Events", "origins": "Origins"}
    marker = f'{{"layer":"{names[layer]}"'
    start = script.index(marker)
    data, _end = json.JSONDecoder().raw_decode(script[start:])
    return data


def _event_ids(at) -> list[str]:
    return _payload(map_args(at), "events")["events"]["id"]


def test_dynamic_layers_and_their_layer_control(app):
    args = map_args(app)
    assert args["feature_group"].count("map_div.addLayer(feature_group_feature_group_") == 3
    control = args["layer_control"]
    for name in ('"Flight lines" : feature_group_feature_group_0', '"Events" : feature_group_feature_group_1',
                 '"Origins" : feature_group_feature_group_2'):
        assert name in control
    # The base map is the sidebar's choice alone: the layer control offers none.
    assert "Countries" not in control and re.search(r"base_layers\s*:\s*\{\s*\}", control)
    assert 10 <= len(_event_ids(app)) <= _shown(app)[0]  # the placed ones
    assert _payload(args, "flights")["routes"]["path"] and _payload(args, "origins")["origins"]


def test_every_event_marker_carries_its_event_id(app):
    table_ids = set(app.session_state["_map_table_shown"][0])
    assert set(_event_ids(app)) <= table_ids and len(_event_ids(app)) >= 10


def test_panning_and_zooming_do_not_rerun_the_app(app):
    # st_folium reruns the app only when a returned object changes: clicks, never the view.
    assert map_args(app)["returned_objects"] == ["last_active_drawing"]


def test_the_map_does_not_rerun_the_app_when_it_first_draws(app):
    # The browser sends its first value only if it differs from this default; it starts with
    # last_active_drawing = null, so a page view runs the page once, not twice.
    assert map_args(app)["default"] == {"last_active_drawing": None}


def test_basemap_is_offline_by_default_and_online_tiles_are_a_choice(app):
    script = map_args(app)["script"]
    assert "tile.openstreetmap" not in script and "arcgisonline" not in script and "L.tileLayer" not in script
    key = map_args(app)["key"]
    app.sidebar.radio(key="map_basemap").set_value("osm").run()
    assert "tile.openstreetmap.org" in map_args(app)["script"]
    assert map_args(app)["key"] != key  # another base map: remounted, on purpose
    app.sidebar.radio(key="map_basemap").set_value("satellite").run()
    assert "arcgisonline" in map_args(app)["script"] and "tile.openstreetmap" not in map_args(app)["script"]
    links = map_args(app)["js_links"] + map_args(app)["css_links"]
    assert all(link.startswith("/app/static/") for link in links)


def test_few_events_are_not_clustered_and_the_cluster_plugin_is_loaded_anyway(app):
    assert _payload(map_args(app), "events")["cluster"] is False
    assert "/app/static/leaflet.markercluster.js" in map_args(app)["js_links"]


def _many_events_store(path, n: int = 260) -> None:
    guam = Place("Andersen AFB", 13.58, 144.93, "point", role="origin")
    areas = [Place("East China Sea", 29.0, 125.0, "area", radius_km=600.0),
             Place("Osan", 37.09, 127.03, "point")]
    sentences = [f"On day {i}, two B-1B bombers flew over the area number {i}." for i in range(n)]
    text = " ".join(sentences)
    article = Article(content_id(text), "many.txt", "Many flights", text, date(2024, 1, 1))
    events, pos = [], 0
    for i, sentence in enumerate(sentences):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        day = date(2023, 1, 1).toordinal() + i
        day_text = date.fromordinal(day).isoformat()
        events.append(Event(event_id(article.id, "flight", start, day_text), article.id, "flight", day_text, "day",
                            Span(start, pos, sentence), aircraft=(Aircraft("B-1B", "bomber", 2),), origins=(guam,),
                            locations=(areas[i % 2],), countries=("United States",), article_name="many.txt"))
    with open_store(path) as store:
        store.save(article, events)


def test_dense_events_are_clustered_with_areas_and_lines_outside_the_cluster(store_path):
    _many_events_store(store_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    args = map_args(at)
    events = _payload(args, "events")
    assert events["cluster"] is True and len(events["events"]["id"]) > 200
    # One area circle for the 130 events in the East China Sea, one route per origin and place.
    assert events["areas"] == {"lat": [29.0], "lon": [125.0], "radius": [600.0], "kind": [0]}
    assert _payload(args, "flights")["routes"]["events"] == [130, 130]
    # Fewer events than the threshold: no clustering.
    at.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), date(2023, 3, 31))).run()
    assert _payload(map_args(at), "events")["cluster"] is False


# -- Facet filters with counts --------------------------------------------------------------------

def test_role_kind_activity_country_and_article_filters_show_counts(app):
    labels = {m.key: m.options for m in app.sidebar.multiselect}
    assert set(labels) == {"flt_types", "flt_roles", "flt_kinds", "flt_activities", "flt_countries", "flt_articles"}
    assert all(re.search(r" \(\d+\)$", label) for options in labels.values() for label in options)
    assert "Flight (6)" in labels["flt_kinds"] and "bomber (6)" in labels["flt_roles"]
    # Article options are labelled by their titles.
    assert any(label.startswith("US sends nuclear-capable B-52 bombers") for label in labels["flt_articles"])


def test_kind_filter_narrows_table_map_and_counts_of_other_filters(app):
    before = _event_ids(app)
    app.sidebar.multiselect(key="flt_kinds").set_value(["missile_launch"]).run()
    table = app.dataframe[0].value
    assert len(table) == 3 and set(table["kind"]) == {"missile_launch"}
    assert len(_event_ids(app)) < len(before)
    # The other facets now count among missile launches only; the kind facet still counts all kinds.
    roles = app.sidebar.multiselect(key="flt_roles").options
    assert all(label.endswith("(0)") for label in roles)
    assert "Flight (6)" in app.sidebar.multiselect(key="flt_kinds").options


def test_role_and_country_filters_combine(app):
    app.sidebar.multiselect(key="flt_roles").set_value(["fighter"]).run()
    fighters = app.dataframe[0].value
    assert len(fighters) == 2 and all(("F-" in a) for a in fighters["aircraft"])
    app.sidebar.multiselect(key="flt_countries").set_value(["South Korea"]).run()
    assert app.dataframe[0].value["date_text"].tolist() == ["2025-04-15"]


def test_article_filter_keeps_that_article(app):
    name = app.sidebar.multiselect(key="flt_articles").options
    assert name
    app.sidebar.multiselect(key="flt_articles").set_value(["000_c1ec3c99294dca5f.txt"]).run()
    table = app.dataframe[0].value
    assert len(table) > 0 and table["article_title"].nunique() == 1


# -- Time: play-back and the weekly timeline -------------------------------------------------------

def _timeline(at) -> str:
    return next(e.proto.body for e in at.main if type(e.proto).__name__ == "Markdown" and "sortie-timeline" in e.proto.body)


def _timeline_counts(at) -> dict[str, int]:
    """Events per kind, read from the timeline's hover texts ("...: 3 events (2 flight, 1 exercise)")."""
    counts: dict[str, int] = {}
    for parts in re.findall(r"events \(([^)]*)\)</title>", _timeline(at)):
        for part in parts.split(", "):
            n, label = part.split(" ", 1)
            counts[label] = counts.get(label, 0) + int(n)
    return counts


def test_timeline_counts_events_per_week_by_kind_in_the_kind_colours(app):
    svg = _timeline(app)
    assert S.KIND_COLOURS["flight"] in svg and S.KIND_COLOURS["missile_launch"] in svg
    assert "events / week" in svg
    assert sum(_timeline_counts(app).values()) == len([d for d in app.dataframe[0].value["date_text"] if d])


def test_timeline_shares_the_filters_and_shades_the_date_window(app):
    app.sidebar.multiselect(key="flt_kinds").set_value(["flight"]).run()
    assert _timeline_counts(app) == {"flight": 6}
    assert 'class="window"' not in _timeline(app)
    app.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), date(2025, 4, 15))).run()
    assert _timeline_counts(app) == {"flight": 6}  # the whole sequence stays on the chart...
    svg = _timeline(app)
    assert 'class="window"' in svg and 'fill-opacity="0.25"' in svg  # ...the window shaded, the rest faded


def test_step_moves_a_window_of_the_chosen_width_and_skips_windows_without_events(app):
    app.selectbox(key="play_unit").set_value("month").run()
    app.button(key="play_step").click().run()
    assert app.sidebar.slider(key="flt_dates").value == (date(2017, 9, 3), date(2017, 10, 2))
    shown_first, _ = _shown(app)
    app.button(key="play_step").click().run()
    assert app.sidebar.slider(key="flt_dates").value == (date(2017, 10, 3), date(2017, 11, 2))
    assert _shown(app)[0] != shown_first
    app.selectbox(key="play_unit").set_value("week").run()
    # A month-wide window becomes a week-wide one where it starts; the weeks of October hold no event
    # (the next is on 2 November), so the step lands on the week that holds it.
    app.button(key="play_step").click().run()
    assert app.sidebar.slider(key="flt_dates").value == (date(2017, 10, 31), date(2017, 11, 6))
    assert app.dataframe[0].value["date_text"].tolist() == ["2017-11-02"]
    # The next events are in 2023: one step gets there.
    app.button(key="play_step").click().run()
    assert app.sidebar.slider(key="flt_dates").value[0].year == 2023


def test_back_steps_to_the_previous_window_with_events(app):
    app.selectbox(key="play_unit").set_value("month").run()
    app.button(key="play_step").click().run()
    app.button(key="play_step").click().run()
    app.button(key="play_step").click().run()  # 2017-09, 2017-10/11, then 2023 (the years between are empty)
    assert app.sidebar.slider(key="flt_dates").value[0].year == 2023
    app.button(key="play_back").click().run()
    assert app.sidebar.slider(key="flt_dates").value == (date(2017, 10, 3), date(2017, 11, 2))
    app.button(key="play_back").click().run()
    assert app.sidebar.slider(key="flt_dates").value == (date(2017, 9, 3), date(2017, 10, 2))
    app.button(key="play_back").click().run()  # nothing earlier: the window stays
    assert app.sidebar.slider(key="flt_dates").value == (date(2017, 9, 3), date(2017, 10, 2))


def test_in_a_time_window_undated_events_are_listed_apart_not_drawn(store_path):
    text = "Two B-1B bombers flew over the Korean Peninsula. Later, F-15K jets flew over the Korean Peninsula."
    article = Article(content_id(text), "undated.txt", "Undated flights", text, None)
    peninsula = Place("Korean Peninsula", 38.0, 127.5, "area", radius_km=500.0)
    first, second = text.split(". ")
    dated = Event(event_id(article.id, "flight", 0, "2024-03-01"), article.id, "flight", "2024-03-01", "day",
                  Span(0, len(first), first), aircraft=(Aircraft("B-1B", "bomber", 2),), locations=(peninsula,),
                  article_name="undated.txt")
    later = Event(event_id(article.id, "flight", 5, "2024-06-01"), article.id, "flight", "2024-06-01", "day",
                  Span(0, len(first), first), locations=(peninsula,), article_name="undated.txt")
    undated = Event(event_id(article.id, "flight", len(first) + 2, None), article.id, "flight", None, None,
                    Span(len(first) + 2, len(text), second), aircraft=(Aircraft("F-15K", "fighter"),),
                    locations=(peninsula,), article_name="undated.txt")
    with open_store(store_path) as store:
        store.save(article, [dated, later, undated])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    with open_store(store_path) as store:
        sortie = sortie_ids_by_event(store)  # three dates: three sorties, one report each
    assert _event_ids(at) == [sortie[e.event_id] for e in (dated, later, undated)]  # all dates: drawn with the rest
    at.sidebar.slider(key="flt_dates").set_value((date(2024, 3, 1), date(2024, 4, 1))).run()
    assert _event_ids(at) == [sortie[dated.event_id]]
    assert any("1 undated event is in no time window" in c.value for c in at.main.caption)
    assert at.dataframe[0].value["date_text"].tolist() == ["2024-03-01"]
    assert at.dataframe[1].value["aircraft"].tolist() == ["F-15K"]  # the list apart


def test_play_steps_through_to_the_end_then_stops(app, monkeypatch):
    monkeypatch.setattr(playback, "PLAY_INTERVAL_S", 0.0)
    app.sidebar.slider(key="flt_dates").set_value((date(2025, 1, 1), date(2025, 4, 15))).run()
    app.selectbox(key="play_unit").set_value("month").run()
    windows = []
    advance = playback.advance

    def spy(bounds):  # records the window each run of the play-back shows
        advance(bounds)
        windows.append(app.session_state["flt_dates"])

    monkeypatch.setattr(playback, "advance", spy)
    app.toggle(key="play_on").set_value(True).run()  # one .run(): the page reruns itself until the end
    assert not app.exception
    # A month per run, skipping January and March (no event); the run after April finds no next window and stops.
    assert windows == [(date(2025, 2, 1), date(2025, 2, 28)), (date(2025, 4, 1), date(2025, 4, 15)),
                       (date(2025, 4, 1), date(2025, 4, 15))]
    assert app.sidebar.slider(key="flt_dates").value == (date(2025, 4, 1), date(2025, 4, 15))
    assert app.toggle(key="play_on").value is False
    assert any("reached the end" in c.value for c in app.main.caption)
    assert app.dataframe[0].value["date_text"].tolist() == ["2025-04-15"]
    # Play again from the end: it starts over at the first date.
    monkeypatch.setattr(playback, "advance", advance)
    app.toggle(key="play_on").set_value(False)
    monkeypatch.setattr(playback, "continue_if_playing", lambda: None)  # one step only
    app.toggle(key="play_on").set_value(True).run()
    assert app.sidebar.slider(key="flt_dates").value == (date(2017, 9, 3), date(2017, 10, 2))


# -- Linked views: map click <-> table row ------------------------------------------------------------

def _click(at, event_id: str, count: int):
    # What st_folium stores for the page after a click on a marker (its on_change copies it to the key).
    at.session_state["events_map"] = {"last_active_drawing": {"type": "Feature", "properties": {
        "layer": "event", "event_id": event_id, "click": count}}}
    return at.run()


def test_clicking_a_marker_selects_its_event_in_the_table(app):
    target = _event_ids(app)[4]
    _click(app, target, 3)
    assert not app.exception
    assert app.session_state["map_selected_event"] == target
    assert app.session_state["_map_table_shown"][0][0] == target  # first row of the table...
    assert app.session_state["events_table_map"]["selection"]["rows"] == [0]  # ...and ticked
    events = _payload(map_args(app), "events")
    assert events["events"]["id"][events["highlight"]] == target and events["open"] is True
    assert app.query_params.get("event") == target
    card = app.get("html")
    assert card and "sortie-popup" in card[0].proto.body
    # A click on an origin (no event id) leaves the selection alone; a rerun does not reopen the popup.
    _click(app, "", 6)
    assert app.session_state["map_selected_event"] == target
    assert _payload(map_args(app), "events")["open"] is False


def test_picking_a_row_centres_and_highlights_it_on_the_map(app):
    ids = app.session_state["_map_table_shown"][0]
    key = map_args(app)["key"]
    app.session_state["events_table_map"] = {"selection": {"rows": [6], "columns": [], "cells": []}}
    app.run()
    target = ids[6]
    assert app.session_state["map_selected_event"] == target
    args = map_args(app)
    assert args["center"] and args["zoom"] and args["key"] == key  # moved, not remounted
    events = _payload(args, "events")
    lat, lon = events["events"]["lat"][events["highlight"]], events["events"]["lon"][events["highlight"]]
    assert abs(args["center"][0] - lat) < 1e-6 and abs(args["center"][1] - lon) < 1e-6
    assert app.session_state["_map_table_shown"][0][0] == target
    # Unticking the row clears the selection and the ring.
    app.session_state["events_table_map"] = {"selection": {"rows": [], "columns": [], "cells": []}}
    app.run()
    assert app.session_state["map_selected_event"] is None
    assert _payload(map_args(app), "events")["highlight"] == -1
    assert "event" not in app.query_params


def test_clear_selection_button(app):
    _click(app, _event_ids(app)[0], 3)
    app.button(key="clear_selected_event").click().run()
    assert app.session_state["map_selected_event"] is None
    assert app.session_state["events_table_map"]["selection"]["rows"] == []
    assert not app.get("html")


def test_a_selection_filtered_out_is_not_highlighted(app):
    target = _event_ids(app)[0]  # the earliest event, from 2017
    _click(app, target, 3)
    app.sidebar.slider(key="flt_dates").set_value((date(2024, 1, 1), date(2025, 4, 15))).run()
    assert target not in _event_ids(app)
    assert _payload(map_args(app), "events")["highlight"] == -1
    assert app.session_state["_map_table_shown"][1] == [] and "event" not in app.query_params
    assert not app.get("html")
    # Back in range, it is selected again.
    app.sidebar.slider(key="flt_dates").set_value((date(2017, 9, 3), date(2025, 4, 15))).run()
    assert app.session_state["_map_table_shown"][0][0] == target


# -- What the page sends to the map: prepared once, escaped, capped -------------------------------------

def _layer_payloads(groups) -> dict:
    return {g.layer_name: json.loads(next(iter(g._children.values())).payload) for g in groups}


def test_prepared_layers_give_the_same_map_as_building_from_scratch(store_path):
    _many_events_store(store_path)
    with open_store(store_path) as store:
        events = events_frame(store.events(), store.articles())
    shown = filter_events(events, EventFilter(start=date(2023, 3, 1), end=date(2023, 6, 30)))
    prepared = PreparedLayers(events, "standard")
    target = shown.iloc[3][S.EVENT_ID]
    fast = _layer_payloads(dynamic_layers(shown, frame="standard", prepared=prepared, highlight=target))
    slow = _layer_payloads(dynamic_layers(shown.reset_index(drop=True), frame="standard", highlight=target))
    assert fast["Events"] == slow["Events"] and fast["Events"]["highlight"] == 3
    assert fast["Flight lines"]["routes"] == slow["Flight lines"]["routes"]
    assert fast["Origins"]["origins"] == slow["Origins"]["origins"]


def test_flight_routes_are_capped_busiest_first(store_path):
    _many_events_store(store_path)
    with open_store(store_path) as store:
        events = events_frame(store.events(), store.articles())
    flights = _layer_payloads(dynamic_layers(events, max_routes=1))["Flight lines"]
    assert flights["total"] == 2 and flights["routes"]["events"] == [130]


def test_the_table_under_the_map_is_cut_at_its_row_limit_and_says_so(app, monkeypatch):
    from geo.ui import mapview
    monkeypatch.setattr(mapview, "TABLE_ROWS", 5)
    app.run()
    assert len(app.dataframe[0].value) == 5
    assert any("lists the first 5 of these 13 sorties" in c.value for c in app.main.caption)
    # A clicked event beyond the limit still comes first, ticked.
    target = app.session_state["_map_table_shown"][0][0]
    others = [e for e in _event_ids(app) if e not in app.session_state["_map_table_shown"][0]]
    _click(app, others[0], 1)
    assert app.session_state["_map_table_shown"][0][0] == others[0] != target
    assert len(app.dataframe[0].value) == 5 and app.session_state["events_table_map"]["selection"]["rows"] == [0]


# -- What a newcomer reads: places not placed, activities, type families -----------------------------------

def _store_with(store_path, events_of) -> None:
    text = "Two B-1B and a B-52H flew near the sea. Four F-15K escorted B-52 bombers over the Korean Peninsula."
    article = Article(content_id(text), "newcomer.txt", "What a newcomer reads", text, date(2024, 5, 2))
    with open_store(store_path) as store:
        store.save(article, events_of(article, text))


def _two_events(article, text):
    first, second = text.split(". ")
    lost = Place("the sea", None, None, reason="a word for a place named nowhere before it")
    peninsula = Place("Korean Peninsula", 38.0, 127.5, "area", radius_km=500.0)
    return [
        Event(event_id(article.id, "flight", 0, "2024-05-01"), article.id, "flight", "2024-05-01", "day",
              Span(0, len(first), first), aircraft=(Aircraft("B-1B", "bomber", 2), Aircraft("B-52H", "bomber")),
              locations=(lost,), article_name="newcomer.txt"),
        Event(event_id(article.id, "flight", len(first) + 2, "2024-05-02"), article.id, "flight", "2024-05-02", "day",
              Span(len(first) + 2, len(text), second), aircraft=(Aircraft("F-15K", "fighter", 4),
                                                                 Aircraft("B-52", "bomber")),
              locations=(peninsula, lost), article_name="newcomer.txt", activity="escort"),
    ]


def test_events_with_no_place_are_counted_linked_and_listed_with_why(store_path):
    _store_with(store_path, _two_events)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    notice = next(c.value for c in at.main.caption if "no place" in c.value)
    assert notice == "1 shown event has no place on the map: [list it](#events-with-no-place)"
    assert len(_event_ids(at)) == 1 and _payload(map_args(at), "events")["unplaced"] == 1
    main, apart = at.dataframe[0].value, at.dataframe[1].value
    reason = "the sea (a word for a place named nowhere before it)"
    assert set(main["place"]) == {f"not placed: {reason}", f"Korean Peninsula; not placed: {reason}"}
    assert apart["place"].tolist() == [f"not placed: {reason}"] and apart["date_text"].tolist() == ["2024-05-01"]
    assert any(h.value.startswith("Events with no place (1)") for h in at.main.subheader)


def test_the_table_shows_what_a_flight_was_doing(store_path):
    _store_with(store_path, _two_events)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    table = at.dataframe[0].value.set_index("date_text")
    assert table.loc["2024-05-02", "activity"] == "escort" and table.loc["2024-05-01", "activity"] == ""


def test_the_aircraft_filter_offers_families_that_keep_their_variants(store_path):
    _store_with(store_path, _two_events)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    options = at.sidebar.multiselect(key="flt_types").options
    assert "B-52 family (2)" in options and "B-52H (1)" in options and "F-15 family (1)" in options
    at.sidebar.multiselect(key="flt_types").set_value(["B-52"]).run()
    assert len(at.dataframe[0].value) == 2  # the bare B-52 and the B-52H
    at.sidebar.multiselect(key="flt_types").set_value(["B-52H"]).run()
    assert at.dataframe[0].value["date_text"].tolist() == ["2024-05-01"]
    assert at.query_params.get("type") == "B-52H"


def test_a_first_start_says_what_it_builds_and_how_far_it_got(app):
    (status,) = app.get("status")
    assert status.label == "Event store ready: 4 articles, 13 events" and status.state == "complete"
    steps = [c.value for c in status.children.values() if hasattr(c, "value")]
    assert steps[0].startswith("Loading the gazetteer") and steps[-1] == 100  # the articles' progress bar, done
    app.run()
    assert not app.get("status")  # once the store is filled, it is only opened
