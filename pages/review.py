"""Review page: correct an event's date, kind, aircraft, places and status; split it out of its sortie or merge sorties;
see and undo past corrections and sortie decisions."""
import os

import pandas as pd
import streamlit as st

from geo.errors import GeoError
from geo.extract.aircraft import load_catalogue
from geo.models import EVENT_KINDS
from geo.review import EVENT_STATUSES, correction_states, preview_changes, review_decision
from geo.store.sorties import ensure_sorties, refresh_events
from geo.ui import get_store, review_form, sortiereview
from geo.ui.review_form import changes_key, form_changes, names_text
from geo.ui.navigation import use_app_navigation
from geo.ui.untrusted import plain, plain_table

use_app_navigation()

ss = st.session_state


def _label(event, titles: dict[str, str]) -> str:
    aircraft = ", ".join(a.type for a in event.aircraft) or "no aircraft"
    title = titles.get(event.article_id, event.article_name)
    return f"{event.date or 'undated'} · {event.kind} · {aircraft} · {title}"


def _fill_form(event) -> None:
    """Put the event's current values in the form widgets (done before they are drawn)."""
    ss.review_date = event.date or ""
    ss.review_kind = event.kind
    ss.review_aircraft = [a.type for a in event.aircraft]
    ss.review_locations = names_text(event.locations)
    ss.review_origins = names_text(event.origins)
    ss.review_status = event.status
    ss.review_loaded = event.event_id


def _history_table(corrections) -> pd.DataFrame:
    states = correction_states(corrections)
    return pd.DataFrame([{"#": c.id, "field": c.field, "value": c.value_text, "by": c.author, "at": c.created_at,
                          "state": states[c.id]} for c in corrections],
                        columns=["#", "field", "value", "by", "at", "state"])


def _refresh(event_id: str) -> None:
    ss.review_loaded = None  # refill the form from the corrected event
    # Re-assigning the choice makes Streamlit send it to the browser again, which otherwise keeps
    # showing the event's old label (old kind, date...) in the select box after a correction.
    ss.review_event = event_id


def _form(event_id: str):
    """The event as the form was filled from, and what the form changes (None, None if the event is gone)."""
    event = get_store().reviewed_event(event_id)
    if event is None:
        ss.review_message = ("error", f"Event {event_id} is no longer in the store; pick another event.")
        return None, None
    return event, form_changes(event, date=ss.review_date, kind=ss.review_kind, aircraft=ss.review_aircraft,
                               locations=ss.review_locations, origins=ss.review_origins, status=ss.review_status)


def _check(event_id: str) -> None:
    event, changes = _form(event_id)
    if event is not None:
        lines = preview_changes(event, changes).lines()
        ss.review_preview = (event_id, lines or ["No typed place differs from the event's: nothing moves."])


def _save(event_id: str) -> None:
    # Runs as the Save callback, before the rerun, so the page below already shows the result.
    event, changes = _form(event_id)
    if event is None:
        return
    if not changes:
        ss.review_message = ("info", "Nothing changed: edit a field, then save.")
        return
    preview = preview_changes(event, changes)
    key = changes_key(event_id, changes)
    ss.review_preview = (event_id, preview.lines())
    decision = review_decision(preview, confirmed=bool(ss.get("review_confirm_move"))
                               and ss.get("review_pending") == key)
    if decision.action != "save":
        ss.review_pending = key if decision.action == "confirm" else None
        ss.review_message = ("warning" if decision.action == "confirm" else "error", decision.message)
        return
    store = get_store()
    try:
        store.add_corrections(event_id, changes, ss.review_author)
        refresh_events(store, [event_id])  # the corrected event regroups into sorties at once
    except GeoError as err:
        ss.review_message = ("error", f"Not saved: {err}")
        return
    ss.review_pending, ss.review_confirm_move = None, False
    st.cache_data.clear()  # other pages must see the corrected event
    _refresh(event_id)
    ss.review_message = ("success", f"Saved {len(changes)} correction(s): {', '.join(changes)}.")


def _undo(correction_id: int) -> None:
    store = get_store()
    try:
        c = store.undo_correction(correction_id, ss.review_author)
        refresh_events(store, [c.event_id])
    except GeoError as err:
        ss.review_message = ("error", f"Not undone: {err}")
        return
    st.cache_data.clear()
    _refresh(c.event_id)
    ss.review_message = ("success", f"Correction #{c.id} ({c.field} → {c.value_text}) undone.")


st.title("Review events")
st.caption("Corrections are stored with your name and the time, survive re-ingesting the article, and can be undone.")
store = get_store()
ensure_sorties(store)  # the sortie section reads the stored sorties: bring them up to date once
events = {e.event_id: e for e in store.reviewed_events()}
if not events:
    st.info("The store holds no events yet: ingest some articles first.")
    st.stop()
titles = {a.id: a.title for a in store.articles()}
order = sorted(events, key=lambda i: (events[i].date or "9999", events[i].article_name, events[i].evidence.start))

link = review_form.event_from_url(order, "review_event")  # /review?event=ID opens that event
if "review_event" in ss and ss.review_event not in events:
    ss.review_event = order[0]  # the chosen event went away (its article was re-ingested); start over
if link.unknown:
    st.warning(plain(f"No stored event has the id {link.unknown!r} given in the address; showing another event."))
st.text_input("Your name", value=os.environ.get("USER") or "analyst", key="review_author")
event_id = st.selectbox("Event", order, format_func=lambda i: _label(events[i], titles), key="review_event")
event = events[event_id]
review_form.write_event_param(event_id)
if ss.get("review_loaded") != event_id:
    _fill_form(event)

st.caption("Evidence")
st.text(event.evidence.text)  # plain text: article markup is never rendered
st.caption("Article")
st.text(titles.get(event.article_id, event.article_name))
unplaced = sortiereview.not_placed_lines(event)
if unplaced:  # the resolver's reason for each name it could not place (plain text: the names are the article's)
    st.caption("Places that could not be placed")
    st.text("\n".join(unplaced))

catalogue_ids = sorted(load_catalogue().by_id)
aircraft_options = catalogue_ids + sorted({a.type for a in event.aircraft} - set(catalogue_ids))
with st.form("review_form"):
    left, right = st.columns(2)
    left.text_input("Date (YYYY-MM-DD, YYYY-MM, YYYY; empty for undated)", key="review_date")
    right.selectbox("Kind", EVENT_KINDS, key="review_kind")
    st.multiselect("Aircraft", aircraft_options, key="review_aircraft")
    left, right = st.columns(2)
    left.text_input("Locations (comma-separated place names)", key="review_locations")
    right.text_input("Origins (comma-separated place names)", key="review_origins")
    st.selectbox("Status", EVENT_STATUSES, key="review_status")
    if ss.get("review_pending"):  # a long move is waiting for the analyst's word
        st.checkbox("Confirm the move", key="review_confirm_move")
    left, right = st.columns(2)
    left.form_submit_button("Check places", key="review_check", on_click=_check, args=(event_id,),
                            help="Show where the typed places resolve and how far they move the event, without saving")
    right.form_submit_button("Save", key="review_save", type="primary", on_click=_save, args=(event_id,))

preview = ss.get("review_preview")
if preview and preview[0] == event_id:
    st.caption("Where the typed places resolve")
    st.text("\n".join(preview[1]))  # plain text: the names are typed
message = ss.pop("review_message", None)
if message:
    # Messages quote typed values and stored errors: plain text.
    {"success": st.success, "error": st.error, "info": st.info, "warning": st.warning}[message[0]](plain(message[1]))

sortie = sortiereview.sortie_panel(store, event_id)

st.subheader("History")
history = store.corrections(event_id, include_undone=True)
if not history:
    st.caption("No corrections of this event yet.")
else:
    st.table(plain_table(_history_table(history)))  # st.table renders Markdown: names and values are the reviewers'
    for c in (c for c in history if c.active):
        text_col, button_col = st.columns([5, 1], vertical_alignment="center")
        text_col.text(f"#{c.id} {c.field} → {c.value_text}  ({c.author}, {c.created_at})")
        button_col.button("Undo", key=f"undo_{c.id}", on_click=_undo, args=(c.id,))

sortiereview.sortie_history(store, event_id, sortie)

orphans = store.orphaned_corrections()
if orphans:
    with st.expander(f"{len(orphans)} correction(s) whose event is no longer in the store"):
        st.caption("Their article was re-ingested with different events, or removed. They are kept but not applied.")
        st.table(plain_table(_history_table(orphans).assign(event=[c.event_id for c in orphans])))
