"""AppTest of sorties on the pages: the sorties / reports switch (URL included), filters by any report, split and merge.

The store holds invented articles (``tests/sortie_articles.py``): two outlets report one B-1B flight with
different counts, a third a separate B-52H flight over a sea it cannot place.
"""
from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import open_store
from geo.store.sortie_review import sortie_reviews
from geo.store.sorties import sortie_members, sortie_of_event, stored_sorties

from tests.app.conftest import ROOT, map_args
from tests.sortie_articles import CEDAR, COUNT_DISAGREEMENT, HARBOUR, LANTERN, fill


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.main.caption if re.match(r"[\d,]+ of [\d,]+ \w+ shown", c.value))


def _events_payload(at: AppTest) -> dict:
    script = map_args(at)["feature_group"]
    data, _end = json.JSONDecoder().raw_decode(script[script.index('{"layer":"Events"'):])
    return data


def _event_ids(store_path, article) -> list[str]:
    with open_store(store_path) as store:
        return [e.event_id for e in store.events() if e.article_id == article.id]


@pytest.fixture
def invented(store_path):
    return fill(store_path)


@pytest.fixture
def map_page(invented) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_the_map_shows_sorties_by_default_with_their_sources_and_disagreements(map_page):
    at = map_page
    assert at.sidebar.radio(key="view_unit").value == "sorties"
    assert _caption(at) == "2 of 2 sorties shown (from 3 of 3 reports)"
    table = at.dataframe[0].value
    assert len(table) == 2 and sorted(table["source_count"]) == [1, 2]
    assert "Harbour Wire; Lantern News" in set(table["sources"])
    events = _events_payload(at)
    # One sortie is drawn (the B-52H one has no place): one marker for two reports, both listed as its sources.
    assert len(events["events"]["id"]) == 1 and events["events"]["reports"] == [2]
    assert [events["strings"][k] for k in events["sources"]["outlet"]] == ["Harbour Wire", "Lantern News"]
    assert COUNT_DISAGREEMENT in [events["strings"][k] for k in events["events"]["disagreements"][0]]
    # The B-52H sortie cannot be placed: it is listed, with why.
    assert "not placed: the sea" in " ".join(at.dataframe[0].value["place"])


def test_the_switch_shows_reports_and_writes_the_url(map_page):
    at = map_page
    at.sidebar.radio(key="view_unit").set_value("reports").run()
    assert not at.exception, at.exception
    assert _caption(at) == "3 of 3 reports shown (2 sorties)"
    assert at.query_params["show"] == "reports"
    assert len(at.dataframe[0].value) == 3
    events = _events_payload(at)
    assert len(events["events"]["id"]) == 2 and events["events"]["reports"] == [0, 0]
    assert events["events"]["sourceCount"] == [2, 2]
    at.sidebar.radio(key="view_unit").set_value("sorties").run()
    assert "show" not in at.query_params and _caption(at).startswith("2 of 2 sorties")


def test_a_link_with_show_reports_opens_on_reports(invented):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["show"] = "reports"
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.radio(key="view_unit").value == "reports" and _caption(at).startswith("3 of 3 reports")


def test_a_sortie_is_shown_when_any_of_its_reports_passes_and_counts_are_of_sorties(map_page, invented):
    at = map_page
    kinds = at.sidebar.multiselect(key="flt_kinds").options
    assert kinds == ["Flight (2)"]  # two sorties, from three reports
    at.sidebar.multiselect(key="flt_articles").set_value([LANTERN.name]).run()
    assert _caption(at) == "1 of 2 sorties shown (from 1 of 3 reports)"
    table = at.dataframe[0].value
    # The sortie's row is its first report's (Harbour Wire published first), both sources listed.
    assert list(table["source_count"]) == [2] and list(table["article_title"]) == [HARBOUR.title]
    at.sidebar.radio(key="view_unit").set_value("reports").run()
    assert list(at.dataframe[0].value["article_title"]) == [LANTERN.title]


def test_a_selected_report_stays_selected_as_its_sortie(map_page, invented):
    at = map_page
    at.sidebar.radio(key="view_unit").set_value("reports").run()
    lantern = _event_ids(invented, LANTERN)[0]
    at.session_state["map_selected_event"] = lantern
    at.sidebar.radio(key="view_unit").set_value("sorties").run()
    with open_store(invented) as store:
        assert at.session_state["map_selected_event"] == sortie_of_event(store, lantern)


def test_the_events_page_lists_sorties_with_their_sortie_columns(map_page):
    at = map_page
    at.switch_page("pages/events.py").run()
    assert not at.exception, at.exception
    assert at.sidebar.radio(key="view_unit").value == "sorties"  # the choice outlives the page change
    table = at.dataframe[0].value
    assert len(table) == 2 and {"sortie_id", "source_count", "sources", "disagreements"} <= set(table.columns)
    row = table[table["source_count"] == 2].iloc[0]
    assert COUNT_DISAGREEMENT in row["disagreements"] and row["sources"] == "Harbour Wire; Lantern News"


# -- Review: split and merge --------------------------------------------------------------------------------

@pytest.fixture
def review(invented) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/review.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def _choose(at: AppTest, event_id: str) -> None:
    at.selectbox(key="review_event").set_value(event_id).run()
    assert not at.exception, at.exception


def test_review_shows_the_sortie_its_sources_and_disagreements(review, invented):
    lantern = _event_ids(invented, LANTERN)[0]
    _choose(review, lantern)
    sources = review.dataframe[0].value
    assert list(sources["outlet"]) == ["Harbour Wire", "Lantern News"] and list(sources["this"]) == ["", "▸"]
    assert COUNT_DISAGREEMENT in " ".join(t.value for t in review.text)
    assert not review.button(key="sortie_split").disabled


def test_review_shows_each_place_that_could_not_be_placed(review, invented):
    _choose(review, _event_ids(invented, CEDAR)[0])
    assert "not placed: the sea (a word for a place named nowhere before it)" in [t.value for t in review.text]


def test_splitting_a_report_out_is_stored_shown_and_undone(review, invented):
    lantern, harbour = _event_ids(invented, LANTERN)[0], _event_ids(invented, HARBOUR)[0]
    _choose(review, lantern)
    review.text_input(key="review_author").set_value("ana").run()
    review.button(key="sortie_split").click().run()
    assert not review.exception, review.exception
    assert any("Split this report out" in s.value for s in review.success)
    with open_store(invented) as store:
        assert sortie_of_event(store, lantern) != sortie_of_event(store, harbour)
        (decision,) = sortie_reviews(store)
        assert (decision.action, decision.author) == ("split", "ana")
    history = review.table[-1].value
    assert "split report" in " ".join(history["decision"]) and "ana" in " ".join(history["by"])
    assert list(review.dataframe[0].value["outlet"]) == ["Lantern News"]
    review.button(key=f"undo_sortie_{decision.id}").click().run()
    assert not review.exception, review.exception
    with open_store(invented) as store:
        assert sortie_of_event(store, lantern) == sortie_of_event(store, harbour)
        assert sortie_reviews(store) == [] and sortie_reviews(store, include_undone=True)[0].undone_by == "ana"


def test_merging_two_sorties_is_stored_and_shown(review, invented):
    cedar, harbour = _event_ids(invented, CEDAR)[0], _event_ids(invented, HARBOUR)[0]
    _choose(review, cedar)
    with open_store(invented) as store:
        target = sortie_of_event(store, harbour)
    review.selectbox(key="sortie_merge_with").set_value(target).run()
    review.button(key="sortie_merge").click().run()
    assert not review.exception, review.exception
    with open_store(invented) as store:
        assert sortie_of_event(store, cedar) == target and len(sortie_members(store, target)) == 3
        assert sortie_reviews(store)[0].action == "merge"
        assert len(stored_sorties(store)) == 1
    assert len(review.dataframe[0].value) == 3


def test_saving_a_correction_regroups_the_sortie_at_once(review, invented):
    lantern, harbour = _event_ids(invented, LANTERN)[0], _event_ids(invented, HARBOUR)[0]
    _choose(review, lantern)
    review.text_input(key="review_date").set_value("2023-03-01")  # two weeks earlier: another flight
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    with open_store(invented) as store:
        # Regrouped when saved (no later ensure_sorties needed): the store's rows say so directly.
        row = store.conn.execute("SELECT sortie_id FROM sortie_reports WHERE event_id = ?", (lantern,)).fetchone()
        other = store.conn.execute("SELECT sortie_id FROM sortie_reports WHERE event_id = ?", (harbour,)).fetchone()
        assert row[0] != other[0]
    assert list(review.dataframe[0].value["outlet"]) == ["Lantern News"]
