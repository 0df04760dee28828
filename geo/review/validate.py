"""Checking a correction's value before it is stored: its form, the date window, catalogue types and known places."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from geo.config import Settings
from geo.errors import CorrectionError
from geo.models import EVENT_KINDS, Event
from geo.review.model import EVENT_STATUSES, FIELDS, fail

# Which date form each precision needs; a week is stored as the day it starts.
_DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
_FORM_NAMES = {"day": "YYYY-MM-DD", "week": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}
_PRECISION_OF_FORM = {10: "day", 7: "month", 4: "year"}

Window = tuple[date, date]


def split_names(text: str) -> list[str]:
    """Comma-separated place names -> names, blanks dropped.

    Examples
    --------
    >>> split_names(" Guam, Okinawa ,, ")
    ['Guam', 'Okinawa']
    """
    return [n for n in (" ".join(p.split()) for p in text.split(",")) if n]


def normalize_date(value: Any, window: Window | None = None) -> dict:
    """A date correction as ``{"date": ..., "date_precision": ...}``, checked against its form and ``window``.

    A bare string (or None) is accepted as shorthand for ``{"date": value}``; the precision follows
    from the form unless given. With ``window`` the period's first day must lie in it, as the
    dashboard's time axis requires (``geo.config.Settings.date_window``).

    Raises
    ------
    CorrectionError
        When the value is not a date of a known form, not a calendar date, or outside ``window``.

    Examples
    --------
    >>> normalize_date("2017-09")
    {'date': '2017-09', 'date_precision': 'month'}
    """
    if value is None or isinstance(value, str):
        value = {"date": value}
    if not isinstance(value, Mapping) or "date" not in value or set(value) - {"date", "date_precision"}:
        raise fail("date", 'an object {"date": "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | null, "date_precision"?: ...}',
                   value, "send the date under the key 'date'")
    text, precision = value["date"], value.get("date_precision")
    if text is not None and not isinstance(text, str):
        raise fail("date", "a string YYYY-MM-DD, YYYY-MM or YYYY, or null", text, "write the date as text")
    text = (text or "").strip() or None
    if text is None:
        if precision is not None:
            raise fail("date", "no precision for an undated event", precision, "leave date_precision out")
        return {"date": None, "date_precision": None}
    if precision is None:
        precision = _PRECISION_OF_FORM.get(len(text)) if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text) else None
        if precision is None:
            raise fail("date", "a date of the form YYYY-MM-DD, YYYY-MM or YYYY", text,
                       "write it like 2017-09-18, 2017-09 or 2017 (leave it empty for an undated event)")
    if precision not in _DATE_FORMS:
        raise fail("date", f"date_precision among {list(_DATE_FORMS)}", precision, "pick one of those")
    if not re.fullmatch(_DATE_FORMS[precision], text):
        raise fail("date", f"a date of the form {_FORM_NAMES[precision]} for precision {precision!r}", text,
                   "write the date in that form or change the precision")
    year, month, day = (int(p) for p in (text + "-01-01")[:10].split("-"))
    try:
        first = date(year, month, day)
    except ValueError as err:
        raise fail("date", "a real calendar date", text, f"check the month and day ({err})") from err
    if window is not None and not window[0] <= first <= window[1]:
        raise fail("date", f"a date between {window[0].isoformat()} and {window[1].isoformat()} (the accepted "
                           "window)", text, "correct the date, or widen the window with GEO_EARLIEST_DATE / "
                                            "GEO_YEARS_AHEAD")
    return {"date": text, "date_precision": precision}


def normalize_choice(field: str, value: Any, options: Sequence[str]) -> str:
    """``value`` when it is one of ``options`` (surrounding blanks ignored)."""
    if not isinstance(value, str) or value.strip() not in options:
        raise fail(field, f"one of {list(options)}", value, "pick one of those")
    return value.strip()


def normalize_names(field: str, value: Any) -> list[str]:
    """A list of names, blanks collapsed, empty ones and repeats dropped."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise fail(field, "a list of names (strings)", value, 'send e.g. ["Guam", "Osan Air Base"]')
    out: list[str] = []
    for v in (" ".join(v.split()) for v in value):
        if v and v not in out:
            out.append(v)
    return out


def normalize_aircraft(value: Any, existing: Iterable[str] = ()) -> list[str]:
    """Aircraft names as catalogue type ids (aliases such as "Lancer" mapped); ``existing`` types pass as they are."""
    from geo.extract.aircraft import load_catalogue  # loaded only when aircraft are corrected

    catalogue = load_catalogue()
    existing = set(existing)
    out: list[str] = []
    for name in normalize_names("aircraft", value):
        if name in catalogue.by_id or name in existing:
            type_id = name
        else:
            found = catalogue.lookup(name)
            if found is None:
                examples = ", ".join(sorted(catalogue.by_id)[:6])
                raise fail("aircraft", "aircraft type ids of the catalogue (data/aircraft.csv)", name,
                           f"use an id such as {examples}…, or add the type to data/aircraft.csv")
            type_id = found.id
        if type_id not in out:
            out.append(type_id)
    return out


def normalize_value(field: str, value: Any, event: Event | None = None, *, window: Window | None = None) -> Any:
    """Check a correction value and return its canonical JSON-ready form.

    Parameters
    ----------
    field : str
        One of :data:`geo.review.model.FIELDS`.
    value : Any
        ``date``: ``{"date": "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None}`` (a bare string or None is
        accepted too), precision derived from the form unless ``date_precision`` is given.
        ``kind``: one of ``EVENT_KINDS``. ``status``: one of ``EVENT_STATUSES``.
        ``aircraft``: catalogue type ids (aliases are mapped to ids). ``locations`` / ``origins``:
        place names the gazetteer knows, or that the event already has.
    event : Event, optional
        The event as extracted; its own aircraft types and place names are accepted as they are.
    window : tuple of date, optional
        The accepted date window; by default the configured one (``Settings.date_window``).

    Returns
    -------
    Any
        The canonical value, as :class:`geo.review.model.Correction` stores it.

    Raises
    ------
    CorrectionError
        When the field is unknown or the value does not fit it; the message says what to send.

    Examples
    --------
    >>> normalize_value("date", "2017-09")
    {'date': '2017-09', 'date_precision': 'month'}
    >>> normalize_value("kind", "exercise")
    'exercise'
    """
    from geo.review.places import resolve_place

    if field == "date":
        return normalize_date(value, window or Settings.from_env().date_window())
    if field == "kind":
        return normalize_choice("kind", value, EVENT_KINDS)
    if field == "status":
        return normalize_choice("status", value, EVENT_STATUSES)
    if field == "aircraft":
        return normalize_aircraft(value, [a.type for a in event.aircraft] if event else ())
    if field in ("locations", "origins"):
        names = normalize_names(field, value)
        for name in names:
            resolve_place(name, "origin" if field == "origins" else "location", event)  # raises when unknown
        return names
    raise CorrectionError(f"cannot correct field {field!r}; the fields are {list(FIELDS)}")
