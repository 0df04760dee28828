"""Review page: correct an event's date, kind, aircraft, places and status; split it out of its sortie or merge sorties;
see and undo past corrections and sortie decisions."""
import os
from datetime import date

import pandas as pd
import streamlit as st

from geo.errors import GeoError
from geo.extract.aircraft import load_catalogue
from geo.models import EVENT_KINDS
from geo.store.corrections import (EVENT_STATUSES, add_corrections, correction_states, corrections_for, form_changes,
                                   names_text, orphaned_corrections, reviewed_event, undo_correction)
from geo.store.review import changes_key, preview_changes, review_decision
from geo.store.sortie_review import merge_sorties, sortie_reviews, split_report, undo_review
from geo.store.sorties import ensure_sorties, refresh_events, sortie_of_event, stored_sortie, stored_sorties
from geo.ui import get_store
from geo.ui.navigation import use_app_navigation
from geo.ui.untrusted import plain, plain_table

use_app_navigation()

ss = st.session_state


def _day(value: str | None) -> int:
    """A date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``) as a day number for sorting by distance; 0 when undated."""
    if not value:
        return 0
    try:
        return date.fromisoformat((value + "-01-01")[:10]).toordinal()
    except ValueError:
        return 0


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
    event = reviewed_event(get_store(), event_id)
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
        add_corrections(store, event_id, changes, ss.review_author)
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
        c = undo_correction(store, correction_id, ss.review_author)
        refresh_events(store, [c.event_id])
    except GeoError as err:
        ss.review_message = ("error", f"Not undone: {err}")
        return
    st.cache_data.clear()
    _refresh(c.event_id)
    ss.review_message = ("success", f"Correction #{c.id} ({c.field} → {c.value_text}) undone.")


def _split(event_id: str, sortie_id: str) -> None:
    store = get_store()
    try:
        split_report(store, event_id, ss.review_author, sortie_id=sortie_id)
    except GeoError as err:
        ss.review_message = ("error", f"Not split: {err}")
        return
    st.cache_data.clear()
    ss.review_message = ("success", f"Split this report out of sortie {sortie_id}: it is now in sortie "
                                    f"{sortie_of_event(store, event_id)}.")


def _merge(sortie_id: str) -> None:
    other = ss.get("sortie_merge_with")
    if not other:
        ss.review_message = ("info", "Pick the sortie to merge with, then press Merge.")
        return
    store = get_store()
    try:
        merge_sorties(store, sortie_id, other, ss.review_author)
    except GeoError as err:
        ss.review_message = ("error", f"Not merged: {err}")
        return
    st.cache_data.clear()
    ss.sortie_merge_with = None
    ss.review_message = ("success", f"Merged sortie {sortie_id} with sortie {other}.")


def _undo_sortie(review_id: int) -> None:
    try:
        r = undo_review(get_store(), review_id, ss.review_author)
    except GeoError as err:
        ss.review_message = ("error", f"Not undone: {err}")
        return
    st.cache_data.clear()
    ss.review_message = ("success", f"Sortie decision #{r.id} ({r.text}) undone.")


def _not_placed(event) -> list[str]:
    """One line per place of the event that could not be placed: ``not placed: name (reason)``."""
    return [f"not placed: {p.name} ({p.reason})" if p.reason else f"not placed: {p.name}"
            for p in (*event.locations, *event.origins) if not p.located]


def _sortie_label(sortie, here: str) -> str:
    aircraft = ", ".join(a.type for a in sortie.aircraft) or "no aircraft"
    outlets = "; ".join(dict.fromkeys(s.outlet for s in sortie.sources))
    mark = " (this report's)" if sortie.sortie_id == here else ""
    return (f"{sortie.date or 'undated'} · {sortie.kind} · {aircraft} · {len(sortie.sources)} report(s): "
            f"{outlets} · {sortie.sortie_id}{mark}")


def _sources_table(sortie, event_id: str) -> pd.DataFrame:
    return pd.DataFrame([{"this": "▸" if s.event_id == event_id else "", "outlet": s.outlet, "title": s.title,
                          "published": s.published.isoformat() if s.published else "", "date": s.date or "",
                          "role": s.role, "evidence": s.evidence} for s in sortie.sources],
                        columns=["this", "outlet", "title", "published", "date", "role", "evidence"])


def _decisions_table(reviews) -> pd.DataFrame:
    return pd.DataFrame([{"#": r.id, "decision": r.text, "by": r.author, "at": r.created_at,
                          "state": "active" if r.active else f"undone by {r.undone_by} at {r.undone_at}"}
                         for r in reviews], columns=["#", "decision", "by", "at", "state"])


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

if "review_event" in ss and ss.review_event not in events:
    ss.review_event = order[0]  # the chosen event went away (its article was re-ingested); start over
st.text_input("Your name", value=os.environ.get("USER") or "analyst", key="review_author")
event_id = st.selectbox("Event", order, format_func=lambda i: _label(events[i], titles), key="review_event")
event = events[event_id]
if ss.get("review_loaded") != event_id:
    _fill_form(event)

st.caption("Evidence")
st.text(event.evidence.text)  # plain text: article markup is never rendered
st.caption("Article")
st.text(titles.get(event.article_id, event.article_name))
unplaced = _not_placed(event)
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

st.subheader("Sortie")
sortie_id = sortie_of_event(store, event_id)
sortie = stored_sortie(store, sortie_id) if sortie_id else None
if sortie is None:
    st.caption("This report is in no stored sortie yet.")
else:
    st.caption(f"This report is one of the {len(sortie.sources)} report(s) of sortie {sortie_id} "
               f"({sortie.source_count} article(s)). Split it out when it reports another occurrence; merge the "
               "sortie with another when both are one occurrence. Both are kept with your name, survive re-ingest "
               "and can be undone.")
    # st.dataframe shows every cell as plain text: outlets, titles and sentences are the articles'.
    st.dataframe(_sources_table(sortie, event_id), hide_index=True, width="stretch", key="sortie_sources")
    if sortie.disagreements:
        st.caption("Where its reports disagree")
        st.text("\n".join(d.text for d in sortie.disagreements))
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    left.button("Split this report out", key="sortie_split", on_click=_split, args=(event_id, sortie_id),
                disabled=len(sortie.sources) < 2,
                help="Keep this report apart from the other reports of this sortie (it forms its own sortie, or "
                     "joins another one the grouping rules allow).")
    others = sorted((s for s in stored_sorties(store) if s.sortie_id != sortie_id),
                    key=lambda s: (s.kind != sortie.kind, s.date is None, abs(_day(s.date) - _day(sortie.date)),
                                   s.sortie_id))
    labels = {s.sortie_id: _sortie_label(s, sortie_id) for s in others}
    with right:
        pick, go = st.columns([4, 1], vertical_alignment="bottom")
        pick.selectbox("Merge this sortie with (nearest in date first)", list(labels), index=None,
                       format_func=labels.__getitem__, key="sortie_merge_with", placeholder="Choose a sortie")
        go.button("Merge", key="sortie_merge", on_click=_merge, args=(sortie_id,), disabled=not labels)

st.subheader("History")
history = corrections_for(store, event_id, include_undone=True)
if not history:
    st.caption("No corrections of this event yet.")
else:
    st.table(plain_table(_history_table(history)))  # st.table renders Markdown: names and values are the reviewers'
    for c in (c for c in history if c.active):
        text_col, button_col = st.columns([5, 1], vertical_alignment="center")
        text_col.text(f"#{c.id} {c.field} → {c.value_text}  ({c.author}, {c.created_at})")
        button_col.button("Undo", key=f"undo_{c.id}", on_click=_undo, args=(c.id,))

involved = {event_id, *(sortie.event_ids if sortie else ())}
decisions = [r for r in sortie_reviews(store, include_undone=True) if involved & set(r.event_ids + r.other_ids)]
st.caption("Sortie decisions about this report or its sortie")
if not decisions:
    st.caption("None yet.")
else:
    st.table(plain_table(_decisions_table(decisions)))  # names are the reviewers'
    for r in (r for r in decisions if r.active):
        text_col, button_col = st.columns([5, 1], vertical_alignment="center")
        text_col.text(f"#{r.id} {r.text}  ({r.author}, {r.created_at})")
        button_col.button("Undo", key=f"undo_sortie_{r.id}", on_click=_undo_sortie, args=(r.id,))

orphans = orphaned_corrections(store)
if orphans:
    with st.expander(f"{len(orphans)} correction(s) whose event is no longer in the store"):
        st.caption("Their article was re-ingested with different events, or removed. They are kept but not applied.")
        st.table(plain_table(_history_table(orphans).assign(event=[c.event_id for c in orphans])))
