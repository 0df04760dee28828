"""AppTest of the review page: corrections are saved with who and when, shown in the history, undone, and escaped."""
from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo.models import Article, content_id
from geo.pipeline import ingest_article
from geo.store import open_store

from tests.app.conftest import ROOT
from tests.app.rendered import text_of

# The bundled corpus event with a B-1B and its KC-135 tanker over the East China Sea, 18 Sept 2017.
TANKER_EVENT = "KC-135"


@pytest.fixture
def review(store_path) -> AppTest:
    """The review page alone, over a store filled from the bundled corpus."""
    at = AppTest.from_file(str(ROOT / "pages/review.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _choose(at: AppTest, text: str) -> str:
    box = at.selectbox(key="review_event")
    label = next(o for o in box.options if text in o)
    box.select(label).run()  # AppTest selects by the shown label and stores the option (the event id)
    assert not at.exception, at.exception
    return at.selectbox(key="review_event").value


def _store_events(store_path):
    with open_store(store_path) as store:
        return {e.event_id: e for e in store.reviewed_events()}, store.corrections(include_undone=True)


def test_page_lists_events_and_fills_the_form_from_the_chosen_one(review, store_path):
    event_id = _choose(review, TANKER_EVENT)
    assert review.text_input(key="review_date").value == "2017-09-18"
    assert review.selectbox(key="review_kind").value == "flight"
    assert review.multiselect(key="review_aircraft").value == ["B-1B", "KC-135"]
    assert review.text_input(key="review_locations").value == "East China Sea"
    assert review.text_input(key="review_author").value
    assert len(event_id) == 16


def test_correcting_date_and_kind_is_saved_shown_and_applied(review, store_path):
    event_id = _choose(review, TANKER_EVENT)
    review.text_input(key="review_author").set_value("ana")
    review.text_input(key="review_date").set_value("2017-09")
    review.selectbox(key="review_kind").set_value("exercise")
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    assert "Saved 2 correction(s)" in text_of(review.success[0].value)
    history = review.table[0].value.map(text_of)
    assert sorted(history["field"]) == ["date", "kind"]
    assert set(history["by"]) == {"ana"} and set(history["state"]) == {"active"}
    assert "2017-09 (month)" in set(history["value"])
    events, corrections = _store_events(store_path)
    assert (events[event_id].kind, events[event_id].date, events[event_id].date_precision) == (
        "exercise", "2017-09", "month")
    assert {(c.field, c.author) for c in corrections} == {("date", "ana"), ("kind", "ana")}
    # The same event stays chosen and the form now shows the corrected values.
    assert review.selectbox(key="review_event").value == event_id
    assert review.selectbox(key="review_kind").value == "exercise"


def test_save_writes_only_the_changed_fields(review, store_path):
    _choose(review, TANKER_EVENT)
    review.selectbox(key="review_kind").set_value("exercise")
    review.button(key="review_save").click().run()
    assert [c.field for c in _store_events(store_path)[1]] == ["kind"]
    review.button(key="review_save").click().run()  # nothing changed since
    assert "Nothing changed" in review.info[0].value
    assert len(_store_events(store_path)[1]) == 1


def test_undo_restores_the_extracted_value(review, store_path):
    event_id = _choose(review, TANKER_EVENT)
    review.selectbox(key="review_kind").set_value("exercise")
    review.button(key="review_save").click().run()
    cid = _store_events(store_path)[1][0].id
    review.button(key=f"undo_{cid}").click().run()
    assert not review.exception, review.exception
    assert "undone" in review.success[0].value
    assert review.table[0].value["state"].iloc[0].startswith("undone at")
    assert not any(b.key == f"undo_{cid}" for b in review.button)  # no undo for an undone correction
    assert review.selectbox(key="review_kind").value == "flight"
    assert _store_events(store_path)[0][event_id].kind == "flight"


def test_invalid_date_shows_an_error_and_saves_nothing(review, store_path):
    _choose(review, TANKER_EVENT)
    review.text_input(key="review_date").set_value("18/09/2017")
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    error = text_of(review.error[0].value)
    assert "YYYY-MM-DD" in error and "18/09/2017" in error
    assert _store_events(store_path)[1] == []
    assert review.text_input(key="review_date").value == "18/09/2017"  # the typed value stays to be fixed


def test_unknown_place_shows_an_error(review, store_path):
    _choose(review, TANKER_EVENT)
    review.text_input(key="review_origins").set_value("Guam, Nowhere-ville-xyz")
    review.button(key="review_save").click().run()
    assert "Nowhere-ville-xyz" in text_of(review.error[0].value)
    assert _store_events(store_path)[1] == []


def test_correcting_places_and_aircraft(review, store_path):
    event_id = _choose(review, TANKER_EVENT)
    review.multiselect(key="review_aircraft").set_value(["B-1B", "F-15C"])
    review.text_input(key="review_origins").set_value("Guam, Osan Air Base")
    review.button(key="review_save").click().run()
    assert not review.error
    event = _store_events(store_path)[0][event_id]
    assert [a.type for a in event.aircraft] == ["B-1B", "F-15C"]
    assert [p.name for p in event.origins] == ["Guam", "Osan Air Base"]


def test_correction_reaches_the_map_page_table(store_path):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    _choose(at, TANKER_EVENT)
    at.selectbox(key="review_kind").set_value("exercise")
    at.button(key="review_save").click().run()
    at.switch_page("pages/map.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    row = table[table["aircraft"].str.contains("KC-135")]
    assert list(row["kind"]) == ["exercise"]


def test_evidence_with_markup_is_shown_literally(store_path):
    text = ("SEOUL, May 2 (UPI) -- Two B-1B bombers <script>alert('x')</script> flew over the "
            "Korean Peninsula on Tuesday, the ministry said.")
    with open_store(store_path) as store:
        ingest_article(Article(content_id(text), "evil.txt", "<b>Evil</b> title", text, date(2024, 5, 2)), store)
    at = AppTest.from_file(str(ROOT / "pages/review.py"), default_timeout=60).run()
    assert not at.exception
    _choose(at, "Evil")
    shown = [t.value for t in at.text]
    assert any("<script>alert('x')</script>" in t for t in shown)
    assert "<b>Evil</b> title" in shown
    # Nothing user-written goes through markdown, where markup could be interpreted.
    assert not any("<script>" in m.value for m in at.markdown)


def test_an_event_that_went_away_falls_back_to_the_first_and_its_corrections_are_listed_as_orphans(
        review, store_path):
    event_id = _choose(review, TANKER_EVENT)
    review.selectbox(key="review_kind").set_value("exercise")
    review.button(key="review_save").click().run()
    with open_store(store_path) as store:  # as if its article had been re-ingested without this event
        with store.conn:
            store.conn.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
    review.run()
    assert not review.exception, review.exception
    box = review.selectbox(key="review_event")
    assert box.value != event_id and box.index == 0
    assert "1 correction(s) whose event is no longer in the store" in review.expander[0].label
    orphans = review.expander[0].table[0].value
    assert list(orphans["event"]) == [event_id] and list(orphans["value"]) == ["exercise"]


def _preview(at: AppTest) -> str:
    (shown,) = [t.value for t in at.text if "→" in t.value or "unknown place" in t.value]
    return shown


def test_check_places_shows_where_a_typed_place_resolves_and_how_far_it_moves_the_event(review, store_path):
    _choose(review, TANKER_EVENT)
    review.text_input(key="review_locations").set_value("Yellow Sea")
    review.button(key="review_check").click().run()
    assert not review.exception, review.exception
    lines = _preview(review).splitlines()
    assert lines[0].startswith("Yellow Sea (location) → Yellow Sea, 35.000, 123.000, ")
    assert lines[0].endswith(" km from the event's place")
    assert re.fullmatch(r"The event moves [\d,]+ km, from East China Sea to Yellow Sea\.", lines[1])
    assert _store_events(store_path)[1] == []  # checking saves nothing
    assert review.text_input(key="review_locations").value == "Yellow Sea"


def test_an_unknown_place_is_refused_with_a_message_and_nothing_is_saved(review, store_path):
    _choose(review, TANKER_EVENT)
    review.text_input(key="review_locations").set_value("Qwxzz Nowhere")
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    message = text_of(review.error[0].value)
    assert message.startswith("Not saved: cannot place 'Qwxzz Nowhere' (not in the gazetteer)")
    assert "Qwxzz Nowhere (location): unknown place" in _preview(review)
    assert _store_events(store_path)[1] == []


def test_atlantis_saves_nothing_and_says_why(review, store_path):
    # It used to save at once and move the event to a small town on another continent, without a word.
    _choose(review, TANKER_EVENT)
    review.text_input(key="review_locations").set_value("Atlantis")
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    assert (review.error or review.warning), "neither refused nor asked for confirmation"
    assert _store_events(store_path)[1] == []
    assert "Atlantis (location)" in _preview(review)


def test_a_move_of_thousands_of_km_asks_for_confirmation_before_it_is_saved(review, store_path):
    event_id = _choose(review, TANKER_EVENT)
    review.text_input(key="review_locations").set_value("Diego Garcia")  # the Indian Ocean base
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    warning = text_of(review.warning[0].value)
    assert re.search(r"moves the event [\d,]+ km, from East China Sea to Diego Garcia, GB\.", warning)
    assert re.search(r"^Diego Garcia \(location\) → Diego Garcia, GB, -7\.313, 72\.411, [\d,]+ km",
                     _preview(review))
    assert _store_events(store_path)[1] == []
    review.checkbox(key="review_confirm_move").check()
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    assert "Saved 1 correction(s)" in text_of(review.success[0].value)
    event = _store_events(store_path)[0][event_id]
    assert [(p.name, p.country) for p in event.locations] == [("Diego Garcia", "GB")]


def test_a_confirmation_covers_only_the_move_it_was_shown(review, store_path):
    _choose(review, TANKER_EVENT)
    review.text_input(key="review_locations").set_value("Diego Garcia")
    review.button(key="review_save").click().run()
    review.checkbox(key="review_confirm_move").check()
    review.text_input(key="review_locations").set_value("Hickam")  # another far place, never shown
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    assert "to Hickam, US" in text_of(review.warning[0].value)
    assert _store_events(store_path)[1] == []


def test_a_superseded_correction_is_marked_so_in_the_history(review, store_path):
    _choose(review, TANKER_EVENT)
    review.selectbox(key="review_kind").set_value("exercise")
    review.button(key="review_save").click().run()
    review.selectbox(key="review_kind").set_value("deployment")
    review.button(key="review_save").click().run()
    assert not review.exception, review.exception
    history = review.table[0].value.map(text_of)
    history.columns = [text_of(c) for c in history.columns]
    first, second = sorted(int(i) for i in history["#"])
    states = dict(zip(history["#"].astype(int), history["state"]))
    assert states == {first: f"superseded by #{second}", second: "active"}
