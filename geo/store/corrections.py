"""Analysts' corrections of events: validated, stored with who and when, undoable, applied over extracted events."""
from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as _date
from datetime import datetime, timezone
from typing import Any, Literal, Protocol, get_args

from geo.errors import CorrectionError
from geo.models import EVENT_KINDS, Aircraft, Event, EventStatus, Place, event_from_dict


class EventStore(Protocol):
    """What this module needs of :class:`geo.store.sqlite.EventStore`: its connection.

    A protocol rather than an import: the store imports this module, and imports run one way.
    """

    conn: sqlite3.Connection

log = logging.getLogger(__name__)

Field = Literal["date", "kind", "aircraft", "locations", "origins", "status"]
FIELDS: tuple[str, ...] = ("date", "kind", "aircraft", "locations", "origins", "status")
EVENT_STATUSES: tuple[str, ...] = get_args(EventStatus)

# Which date form each precision needs; a week is stored as the day it starts.
_DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
_FORM_NAMES = {"day": "YYYY-MM-DD", "week": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}
_PRECISION_OF_FORM = {10: "day", 7: "month", 4: "year"}


@dataclass(frozen=True)
class Correction:
    """One stored correction of one field of one event.

    Attributes
    ----------
    id : int
        Row id; a higher id is a later correction, and the later correction of a field wins.
    event_id : str
        The stable id of the corrected event.
    field : str
        One of :data:`FIELDS`.
    value : Any
        The decoded, validated JSON value: ``{"date": ..., "date_precision": ...}`` for ``date``,
        a string for ``kind`` and ``status``, a list of strings for ``aircraft``, ``locations`` and ``origins``.
    author, created_at : str
        Who made it and when (UTC, ISO 8601).
    undone_at, undone_by : str or None
        When and by whom it was undone; None while it is active.
    """

    id: int
    event_id: str
    field: str
    value: Any
    author: str
    created_at: str
    undone_at: str | None = None
    undone_by: str | None = None

    @property
    def active(self) -> bool:
        """True until the correction is undone."""
        return self.undone_at is None

    @property
    def value_text(self) -> str:
        """The value as one line of plain text, for tables and messages."""
        return format_value(self.field, self.value)


def format_value(field: str, value: Any) -> str:
    """One line of plain text for a correction value.

    Examples
    --------
    >>> format_value("date", {"date": "2017-09", "date_precision": "month"})
    '2017-09 (month)'
    >>> format_value("aircraft", ["B-1B", "F-15C"])
    'B-1B, F-15C'
    """
    if field == "date":
        return f"{value['date']} ({value['date_precision']})" if value.get("date") else "undated"
    if isinstance(value, (list, tuple)):
        return ", ".join(value) if value else "(none)"
    return str(value)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fail(field: str, expected: str, got: Any, fix: str) -> CorrectionError:
    return CorrectionError(f"{field}: expected {expected}, got {got!r}; {fix}")


def _normalize_date(value: Any) -> dict:
    if value is None or isinstance(value, str):
        value = {"date": value}  # a bare date string is accepted as shorthand
    if not isinstance(value, Mapping) or "date" not in value or set(value) - {"date", "date_precision"}:
        raise _fail("date", 'an object {"date": "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | null, "date_precision"?: ...}',
                    value, "send the date under the key 'date'")
    text, precision = value["date"], value.get("date_precision")
    if text is not None and not isinstance(text, str):
        raise _fail("date", "a string YYYY-MM-DD, YYYY-MM or YYYY, or null", text, "write the date as text")
    text = (text or "").strip() or None
    if text is None:
        if precision is not None:
            raise _fail("date", "no precision for an undated event", precision, "leave date_precision out")
        return {"date": None, "date_precision": None}
    if precision is None:
        precision = _PRECISION_OF_FORM.get(len(text)) if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text) else None
        if precision is None:
            raise _fail("date", "a date of the form YYYY-MM-DD, YYYY-MM or YYYY", text,
                        "write it like 2017-09-18, 2017-09 or 2017 (leave it empty for an undated event)")
    if precision not in _DATE_FORMS:
        raise _fail("date", f"date_precision among {list(_DATE_FORMS)}", precision, "pick one of those")
    if not re.fullmatch(_DATE_FORMS[precision], text):
        raise _fail("date", f"a date of the form {_FORM_NAMES[precision]} for precision {precision!r}", text,
                    "write the date in that form or change the precision")
    year, month, day = (int(p) for p in (text + "-01-01")[:10].split("-"))
    try:
        _date(year, month, day)
    except ValueError as err:
        raise _fail("date", "a real calendar date", text, f"check the month and day ({err})") from err
    return {"date": text, "date_precision": precision}


def _normalize_choice(field: str, value: Any, options: Sequence[str]) -> str:
    if not isinstance(value, str) or value.strip() not in options:
        raise _fail(field, f"one of {list(options)}", value, "pick one of those")
    return value.strip()


def _normalize_names(field: str, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise _fail(field, "a list of names (strings)", value, 'send e.g. ["Guam", "Osan Air Base"]')
    out: list[str] = []
    for v in (" ".join(v.split()) for v in value):
        if v and v not in out:
            out.append(v)
    return out


def _normalize_aircraft(value: Any, existing: Iterable[str] = ()) -> list[str]:
    from geo.extract.aircraft import load_catalogue  # loaded only when aircraft are corrected

    catalogue = load_catalogue()
    out: list[str] = []
    for name in _normalize_names("aircraft", value):
        if name in catalogue.by_id or name in existing:
            type_id = name
        else:
            found = catalogue.lookup(name)  # aliases ("Lancer", "b1b") go to the canonical id
            if found is None:
                examples = ", ".join(sorted(catalogue.by_id)[:6])
                raise _fail("aircraft", "aircraft type ids of the catalogue (data/aircraft.csv)", name,
                            f"use an id such as {examples}…, or add the type to data/aircraft.csv")
            type_id = found.id
        if type_id not in out:
            out.append(type_id)
    return out


def normalize_value(field: str, value: Any, event: Event | None = None) -> Any:
    """Check a correction value and return its canonical JSON-ready form.

    Parameters
    ----------
    field : str
        One of :data:`FIELDS`.
    value : Any
        ``date``: ``{"date": "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None}`` (a bare string or None is
        accepted too), precision derived from the form unless ``date_precision`` is given.
        ``kind``: one of ``EVENT_KINDS``. ``status``: one of :data:`EVENT_STATUSES`.
        ``aircraft``: catalogue type ids (aliases are mapped to ids). ``locations`` / ``origins``:
        place names the gazetteer knows, or that the event already has.
    event : Event, optional
        The event as extracted; its own aircraft types and place names are accepted as they are.

    Returns
    -------
    Any
        The canonical value, as :class:`Correction` stores it.

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
    if field == "date":
        return _normalize_date(value)
    if field == "kind":
        return _normalize_choice("kind", value, EVENT_KINDS)
    if field == "status":
        return _normalize_choice("status", value, EVENT_STATUSES)
    if field == "aircraft":
        return _normalize_aircraft(value, [a.type for a in event.aircraft] if event else ())
    if field in ("locations", "origins"):
        names = _normalize_names(field, value)
        for name in names:
            _resolve_place(name, "origin" if field == "origins" else "location", event)  # raises when unknown
        return names
    raise CorrectionError(f"cannot correct field {field!r}; the fields are {list(FIELDS)}")


def _known_places(event: Event | None) -> dict[str, Place]:
    from geo.gazetteer import normalize_name

    if event is None:
        return {}
    return {normalize_name(p.name): p for p in (*event.locations, *event.origins)}


def _context_countries(event: Event | None) -> list[str]:
    """ISO codes of the countries an event's places lie in and its text names: context for namesakes."""
    from geo.extract.countries import load_countries

    if event is None:
        return []
    index = load_countries()
    codes = [p.country for p in (*event.locations, *event.origins) if p.country]
    codes += [c.iso2 for c in (index.get(name) for name in event.countries) if c is not None]
    return list(dict.fromkeys(codes))


def place_for_name(name: str, role: str, event: Event | None = None) -> Place:
    """Where a typed place name puts an event; never raises.

    The event's own place of that name keeps its extracted coordinates and span; any other name is
    resolved by the resolve stage (:func:`geo.resolve.resolve_name`, with the event's countries as
    context; the place then carries the gazetteer's name), then by the configured online geocoder.
    A name nobody knows comes back without coordinates, its ``reason`` saying so.
    """
    from geo.gazetteer import normalize_name
    from geo.resolve import resolve_name

    known = _known_places(event)
    key = normalize_name(name)
    if key in known:  # the extracted place keeps its span and any directional shift
        return replace(known[key], role=role)
    resolved = resolve_name(name, role=role, countries=_context_countries(event))  # type: ignore[arg-type]
    if resolved.located:
        return resolved  # named as the gazetteer names it, so the analyst sees which entry it is
    return _online_place(name, role) or resolved


def _resolve_place(name: str, role: str, event: Event | None) -> Place:
    from geo.gazetteer import normalize_name

    own = _known_places(event).get(normalize_name(name))
    if own is not None:  # kept as extracted, name included
        return replace(own, role=role)
    place = place_for_name(name, role, event)
    if not place.located:
        raise _fail("origins" if role == "origin" else "locations", "a place name the gazetteer knows", name,
                    "check the spelling, try the official name (e.g. 'Osan Air Base', 'East China Sea'), "
                    "or add the place to data/gazetteer/military.csv")
    return replace(place, name=name)  # the event shows the name the analyst typed


def _online_place(name: str, role: str) -> Place | None:
    """Ask the configured online geocoder (GEO_GEOCODER=nominatim|photon) for a name the gazetteer lacks.

    Its answers are cached on disk and it falls back to the offline gazetteer on any failure, so
    with the default GEO_GEOCODER=gazetteer this returns None without touching the network.
    """
    from geo.config import Settings
    from geo.geocode import configured_geocoder

    settings = Settings.from_env()
    if settings.geocoder == "gazetteer":
        return None
    # One geocoder per process: every correction shares its cache and its 1 request/s pace.
    loc = configured_geocoder(settings).geocode(name)
    if loc is None:
        return None
    raw = loc.raw if isinstance(loc.raw, dict) else {}
    return Place(name=name, lat=round(loc.latitude, 5), lon=round(loc.longitude, 5),
                 precision=raw.get("precision", "point"), gazetteer_id=str(raw.get("id", raw.get("osm_id", ""))),
                 feature_kind=str(raw.get("kind", raw.get("type", ""))), role=role,  # type: ignore[arg-type]
                 radius_km=float(raw.get("radius_km", 0.0) or 0.0))


def _apply_one(event: Event, field: str, value: Any, original: Event) -> Event:
    if field == "date":
        v = _normalize_date(value)
        if v["date"] == original.date and v["date_precision"] == original.date_precision:
            return replace(event, date=original.date, date_precision=original.date_precision,
                           date_span=original.date_span)
        return replace(event, date=v["date"], date_precision=v["date_precision"], date_span=None)
    if field in ("kind", "status"):
        return replace(event, **{field: normalize_value(field, value)})
    if field == "aircraft":
        from geo.extract.aircraft import load_catalogue

        by_id = load_catalogue().by_id
        had = {a.type: a for a in original.aircraft}
        types = _normalize_aircraft(value, had)
        # An unchanged type keeps its extracted count and span; a new one takes its role from the catalogue.
        return replace(event, aircraft=tuple(had.get(t) or Aircraft(t, by_id[t].role if t in by_id else "")
                                             for t in types))
    if field in ("locations", "origins"):
        role = "origin" if field == "origins" else "location"
        return replace(event, **{field: tuple(_resolve_place(n, role, original) for n in _normalize_names(field, value))})
    raise CorrectionError(f"cannot correct field {field!r}; the fields are {list(FIELDS)}")


def _winners(event_id: str, corrections: Iterable[Correction]) -> dict[str, Correction]:
    latest: dict[str, Correction] = {}
    for c in sorted((c for c in corrections if c.event_id == event_id and c.active), key=lambda c: c.id):
        latest[c.field] = c  # later ids overwrite earlier ones: the last correction of a field wins
    return latest


def apply_corrections(event: Event, corrections: Iterable[Correction]) -> Event:
    """A new event with the active corrections of ``event`` applied (pure: nothing is read or written).

    Parameters
    ----------
    event : Event
        The event as extracted.
    corrections : iterable of Correction
        Any corrections; those of other events and undone ones are ignored, and of several
        corrections of one field the latest (highest id) wins.

    Returns
    -------
    Event
        The corrected event with the same ``event_id``. A new date drops the date span; a kept
        aircraft type keeps its count; a kept place name keeps its extracted coordinates; a new
        aircraft type takes its role from the catalogue; a new place is geocoded with the gazetteer.

    Raises
    ------
    CorrectionError
        When a value no longer fits (for example a place name the gazetteer does not know).
    """
    out = event
    for field, c in _winners(event.event_id, corrections).items():
        out = _apply_one(out, field, c.value, event)
    return out


def apply_to_events(events: Iterable[Event], corrections: Iterable[Correction]) -> list[Event]:
    """:func:`apply_corrections` over many events; a correction that no longer applies is skipped and logged.

    One stale correction (say, a place since removed from the gazetteer) must not hide the rest of
    the dashboard, so it is logged and the extracted value is kept instead.
    """
    by_event: dict[str, list[Correction]] = {}
    for c in corrections:
        if c.active:
            by_event.setdefault(c.event_id, []).append(c)
    out = []
    for e in events:
        corrected = e
        for field, c in _winners(e.event_id, by_event.get(e.event_id, ())).items():
            try:
                corrected = _apply_one(corrected, field, c.value, e)
            except CorrectionError as err:
                log.warning("correction #%d of event %s skipped: %s", c.id, e.event_id, err)
        out.append(corrected)
    return out


def _row(r: Sequence) -> Correction:
    value = json.loads(r[3])
    return Correction(int(r[0]), r[1], r[2], value, r[4], r[5], r[6], r[7])


def stored_event(store: EventStore, event_id: str) -> Event | None:
    """The event with this id as extracted (no corrections), or None."""
    row = store.conn.execute("SELECT data FROM events WHERE event_id = ?", (event_id,)).fetchone()
    return event_from_dict(json.loads(row[0])) if row else None


def reviewed_event(store: EventStore, event_id: str) -> Event | None:
    """The event with this id with its active corrections applied, or None."""
    event = stored_event(store, event_id)
    return apply_to_events([event], corrections_for(store, event_id))[0] if event else None


def _check_author(author: Any) -> str:
    if not isinstance(author, str) or not author.strip():
        raise _fail("author", "a non-empty name", author, "type your name so the correction can be attributed")
    return author.strip()


def add_corrections(store: EventStore, event_id: str, changes: Mapping[str, Any], author: str) -> list[int]:
    """Validate every change first, then store them all in one transaction.

    Parameters
    ----------
    store : EventStore
    event_id : str
        A stored event's id.
    changes : mapping
        Field -> value, as for :func:`normalize_value`.
    author : str
        Who makes the corrections.

    Returns
    -------
    list of int
        The new corrections' ids, in the order of ``changes``.

    Raises
    ------
    CorrectionError
        When the event is not stored, the author is empty or any value is invalid (nothing is stored then).
    """
    author = _check_author(author)
    event = stored_event(store, event_id)
    if event is None:
        raise CorrectionError(f"no stored event has id {event_id!r}; pick an event from the store "
                              "(it may have gone when its article was re-ingested)")
    rows = [(event_id, f, json.dumps(normalize_value(f, v, event), ensure_ascii=False), author, _now())
            for f, v in changes.items()]
    with store.conn:
        return [store.conn.execute("INSERT INTO corrections (event_id, field, value, author, created_at) "
                                   "VALUES (?, ?, ?, ?, ?)", row).lastrowid for row in rows]


def add_correction(store: EventStore, event_id: str, field: str, value: Any, author: str) -> int:
    """Store one correction of one field of a stored event and return its id.

    Parameters
    ----------
    store : EventStore
    event_id : str
        A stored event's id.
    field : str
        One of :data:`FIELDS`.
    value : Any
        See :func:`normalize_value`.
    author : str
        Who makes the correction.

    Returns
    -------
    int
        The correction's id.

    Raises
    ------
    CorrectionError
        When the event is not stored, the field is unknown, the value does not fit or the author is empty.

    Examples
    --------
    >>> cid = add_correction(store, event.event_id, "kind", "exercise", "ana")   # doctest: +SKIP
    """
    return add_corrections(store, event_id, {field: value}, author)[0]


def undo_correction(store: EventStore, correction_id: int, author: str) -> Correction:
    """Mark a correction undone (it is kept, with who undid it and when) and return it as it is now.

    Raises
    ------
    CorrectionError
        When no correction has this id, it is already undone, or the author is empty.
    """
    author = _check_author(author)
    row = store.conn.execute("SELECT * FROM corrections WHERE id = ?", (correction_id,)).fetchone()
    if row is None:
        raise CorrectionError(f"no correction has id {correction_id!r}; reload the page to see the current history")
    if row[6] is not None:
        raise CorrectionError(f"correction #{correction_id} was already undone at {row[6]} by {row[7]}; "
                              "nothing to do (make a new correction to change the value)")
    with store.conn:
        store.conn.execute("UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?",
                           (_now(), author, correction_id))
    return _row(store.conn.execute("SELECT * FROM corrections WHERE id = ?", (correction_id,)).fetchone())


def corrections_for(store: EventStore, event_id: str | None = None, include_undone: bool = False) -> list[Correction]:
    """Stored corrections, oldest first.

    Parameters
    ----------
    store : EventStore
    event_id : str, optional
        Only this event's corrections; default every event's.
    include_undone : bool
        Also return undone corrections (the full history).

    Returns
    -------
    list of Correction
    """
    sql, args = "SELECT * FROM corrections WHERE 1=1", []
    if event_id is not None:
        sql, args = sql + " AND event_id = ?", [event_id]
    if not include_undone:
        sql += " AND undone_at IS NULL"
    return [_row(r) for r in store.conn.execute(sql + " ORDER BY id", args)]


def correction_states(corrections: Iterable[Correction]) -> dict[int, str]:
    """The state of each correction, for the History: "active" (in force), "superseded by #N" (a later
    correction of the same field of the same event is in force) or "undone at ... by ...".

    Examples
    --------
    >>> a = Correction(1, "e1", "kind", "exercise", "ana", "t1")
    >>> b = Correction(2, "e1", "kind", "other", "ben", "t2")
    >>> correction_states([a, b])
    {1: 'superseded by #2', 2: 'active'}
    """
    corrections = list(corrections)
    in_force: dict[tuple[str, str], int] = {}
    for c in corrections:
        if c.active:
            key = (c.event_id, c.field)
            in_force[key] = max(in_force.get(key, c.id), c.id)  # the latest active one wins (see _winners)
    states = {}
    for c in corrections:
        if not c.active:
            states[c.id] = f"undone at {c.undone_at} by {c.undone_by}"
        else:
            winner = in_force[(c.event_id, c.field)]
            states[c.id] = "active" if winner == c.id else f"superseded by #{winner}"
    return states


def orphaned_corrections(store: EventStore, include_undone: bool = False) -> list[Correction]:
    """Corrections whose event is no longer stored (its article changed or was removed), oldest first."""
    sql = ("SELECT * FROM corrections WHERE event_id NOT IN (SELECT event_id FROM events)"
           + ("" if include_undone else " AND undone_at IS NULL") + " ORDER BY id")
    return [_row(r) for r in store.conn.execute(sql)]


def split_names(text: str) -> list[str]:
    """Comma-separated place names -> names, blanks dropped.

    Examples
    --------
    >>> split_names(" Guam, Okinawa ,, ")
    ['Guam', 'Okinawa']
    """
    return [n for n in (" ".join(p.split()) for p in text.split(",")) if n]


def names_text(places: Iterable[Place]) -> str:
    """Place names as the review form shows them ("Guam, Okinawa")."""
    return ", ".join(p.name for p in places)


def form_changes(event: Event, *, date: str, kind: str, aircraft: Sequence[str], locations: str, origins: str,
                 status: str | None = None) -> dict[str, Any]:
    """The fields a review form changed, compared with ``event``, as ``add_corrections`` takes them.

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
