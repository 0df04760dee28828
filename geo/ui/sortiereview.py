"""The Review page's sortie part: the report's sortie with its sources and disagreements, split and merge, their history.

Decisions go through ``geo.store.sortie_review`` (recorded with who and when, kept across re-ingest,
undoable); every text that came from an article or a reviewer is shown as plain text.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from geo.errors import GeoError
from geo.models import Event, Sortie
from geo.store import EventStore
from geo.store.sortie_review import SortieReview, merge_sorties, sortie_reviews, split_report, undo_review
from geo.store.sorties import sortie_of_event, stored_sortie, stored_sorties
from geo.ui.data import get_store
from geo.ui.untrusted import plain_table

AUTHOR_KEY = "review_author"
MESSAGE_KEY = "review_message"
MERGE_KEY = "sortie_merge_with"


def _author() -> str:
    return st.session_state.get(AUTHOR_KEY, "")


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def _day(value: str | None) -> int:
    """A date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``) as a day number for sorting by distance; 0 when undated."""
    if not value:
        return 0
    try:
        return date.fromisoformat((value + "-01-01")[:10]).toordinal()
    except ValueError:
        return 0


def _split(event_id: str, sortie_id: str) -> None:
    store = get_store()
    try:
        split_report(store, event_id, _author(), sortie_id=sortie_id)
    except GeoError as err:
        _say("error", f"Not split: {err}")
        return
    st.cache_data.clear()
    _say("success", f"Split this report out of sortie {sortie_id}: it is now in sortie "
                    f"{sortie_of_event(store, event_id)}.")


def _merge(sortie_id: str) -> None:
    other = st.session_state.get(MERGE_KEY)
    if not other:
        _say("info", "Pick the sortie to merge with, then press Merge.")
        return
    store = get_store()
    try:
        merge_sorties(store, sortie_id, other, _author())
    except GeoError as err:
        _say("error", f"Not merged: {err}")
        return
    st.cache_data.clear()
    st.session_state[MERGE_KEY] = None
    _say("success", f"Merged sortie {sortie_id} with sortie {other}.")


def _undo_sortie(review_id: int) -> None:
    try:
        r = undo_review(get_store(), review_id, _author())
    except GeoError as err:
        _say("error", f"Not undone: {err}")
        return
    st.cache_data.clear()
    _say("success", f"Sortie decision #{r.id} ({r.text}) undone.")


def not_placed_lines(event: Event) -> list[str]:
    """One line per place of the event that could not be placed: ``not placed: name (reason)``."""
    return [f"not placed: {p.name} ({p.reason})" if p.reason else f"not placed: {p.name}"
            for p in (*event.locations, *event.origins) if not p.located]


def _sortie_label(sortie: Sortie, here: str) -> str:
    aircraft = ", ".join(a.type for a in sortie.aircraft) or "no aircraft"
    outlets = "; ".join(dict.fromkeys(s.outlet for s in sortie.sources))
    mark = " (this report's)" if sortie.sortie_id == here else ""
    return (f"{sortie.date or 'undated'} · {sortie.kind} · {aircraft} · {len(sortie.sources)} report(s): "
            f"{outlets} · {sortie.sortie_id}{mark}")


def _sources_table(sortie: Sortie, event_id: str) -> pd.DataFrame:
    return pd.DataFrame([{"this": "▸" if s.event_id == event_id else "", "outlet": s.outlet, "title": s.title,
                          "published": s.published.isoformat() if s.published else "", "date": s.date or "",
                          "role": s.role, "evidence": s.evidence} for s in sortie.sources],
                        columns=["this", "outlet", "title", "published", "date", "role", "evidence"])


def _decisions_table(reviews: list[SortieReview]) -> pd.DataFrame:
    return pd.DataFrame([{"#": r.id, "decision": r.text, "by": r.author, "at": r.created_at,
                          "state": "active" if r.active else f"undone by {r.undone_by} at {r.undone_at}"}
                         for r in reviews], columns=["#", "decision", "by", "at", "state"])


def sortie_panel(store: EventStore, event_id: str) -> Sortie | None:
    """The report's sortie: its sources (this report marked) and disagreements, Split, and Merge with another.

    Returns the sortie shown (None when the report is in none).
    """
    st.subheader("Sortie")
    sortie_id = sortie_of_event(store, event_id)
    sortie = stored_sortie(store, sortie_id) if sortie_id else None
    if sortie is None:
        st.caption("This report is in no stored sortie yet.")
        return None
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
                       format_func=labels.__getitem__, key=MERGE_KEY, placeholder="Choose a sortie")
        go.button("Merge", key="sortie_merge", on_click=_merge, args=(sortie_id,), disabled=not labels)
    return sortie


def sortie_history(store: EventStore, event_id: str, sortie: Sortie | None) -> None:
    """The splits and merges about this report or its sortie, undone ones too, with an Undo for each active one."""
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
