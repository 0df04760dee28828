"""The Review page's form helpers: what the form changed, the text its place boxes show, and ``/review?event=ID``."""
from __future__ import annotations

import json
from dataclasses import dataclass
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import streamlit as st

from geo.models import Event, Place
from geo.review import split_names

EVENT_PARAM = "event"
"""The query parameter that names the event the Review page opens (``/review?event=ID``)."""
_READ = "_review_event_from_url"


def names_text(places: Iterable[Place]) -> str:
    """Place names as the review form shows them ("Guam, Okinawa")."""
    return ", ".join(p.name for p in places)


def form_changes(event: Event, *, date: str, kind: str, aircraft: Sequence[str], locations: str, origins: str,
                 status: str | None = None) -> dict[str, Any]:
    """The fields a review form changed, compared with ``event``, as ``EventStore.add_corrections`` takes them.

    Parameters
    ----------
    event : Event
        The event as the form was filled from (corrections applied).
    date : str
        "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" for undated.
    kind, status : str
        The chosen kind and status (``status`` None: not on the form).
    aircraft : sequence of str
        Chosen catalogue ids.
    locations, origins : str
        Comma-separated place names.

    Returns
    -------
    dict
        Only the changed fields; {} when nothing changed.

    Examples
    --------
    >>> from geo.models import Span
    >>> ev = Event("e1", "a1", "flight", "2017-09-18", "day", Span(0, 1, "x"))
    >>> form_changes(ev, date="2017-09-18", kind="exercise", aircraft=[], locations="", origins="")
    {'kind': 'exercise'}
    """
    out: dict[str, Any] = {}
    if " ".join(date.split()) != (event.date or ""):
        out["date"] = {"date": date.strip() or None}
    if kind != event.kind:
        out["kind"] = kind
    if list(aircraft) != [a.type for a in event.aircraft]:
        out["aircraft"] = list(aircraft)
    # Both sides are split the same way, so an extracted name that holds a comma is not seen as a change.
    for field, text, places in (("locations", locations, event.locations), ("origins", origins, event.origins)):
        if split_names(text) != split_names(names_text(places)):
            out[field] = split_names(text)
    if status is not None and status != event.status:
        out["status"] = status
    return out


def changes_key(event_id: str, changes: Mapping[str, Any]) -> str:
    """A stable text of exactly these changes of this event, so a confirmation covers only what it was shown."""
    return json.dumps([event_id, changes], sort_keys=True, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class DeepLink:
    """What ``?event=ID`` asked the Review page for: the stored event it opened, or the id no event has."""

    opened: str | None = None
    unknown: str | None = None


def event_from_url(known: Iterable[str], key: str) -> DeepLink:
    """On the session's first run of the Review page, open the event ``?event=ID`` names: put it into the widget ``key``.

    An id that no stored event has is returned as ``unknown`` (the page says so) and the widget keeps
    its choice. Later runs leave the choice to the widget: nothing is read then.
    """
    ss = st.session_state
    if ss.get(_READ):
        return DeepLink()
    ss[_READ] = True
    wanted = st.query_params.get(EVENT_PARAM)
    if not wanted:
        return DeepLink()
    if wanted in set(known):
        ss[key] = wanted
        return DeepLink(opened=wanted)
    return DeepLink(unknown=wanted)


def write_event_param(event_id: str | None) -> None:
    """Keep ``?event=ID`` in step with the event the form shows, so the address opens it again."""
    if event_id is None:
        if EVENT_PARAM in st.query_params:
            del st.query_params[EVENT_PARAM]
    elif st.query_params.get(EVENT_PARAM) != event_id:
        st.query_params[EVENT_PARAM] = event_id
