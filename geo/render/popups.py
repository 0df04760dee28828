"""Escaped text for the map and the event card: ``esc``, readable labels, places not placed, the reader link.

Article text is untrusted: it can contain ``<script>``, ``<img onerror=...>`` or JavaScript
template syntax. Every piece of it goes through :func:`esc` before it is placed in markup, and the
markup we add ourselves is fixed. The map's popups are written by ``static/sortie-map.js`` from
these escaped texts; :func:`event_card_html` writes the selected event's card under the map.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

import pandas as pd

from geo.models import Place
from geo.query import schema as S

KIND_LABELS: dict[str, str] = {
    "flight": "Flight",
    "missile_launch": "Missile launch",
    "nuclear_test": "Nuclear test",
    "exercise": "Exercise",
    "deployment": "Deployment",
    "other": "Other",
}
READER_PAGE = "articles"
"""The Articles page's URL path: ``articles?article=NAME`` opens that article in the reader."""
ARTICLE_PARAM = "article"

# Besides html.escape's & < > " ', escape as numeric entities:
# - the characters that mean something inside a JavaScript template literal ("${...}" would run and
#   a stray "`" or "\" would break a script);
# - curly braces: branca re-parses rendered scripts as Jinja templates, so "{{ ... }}" in article
#   text would be *executed on the server* when a map renders.
_EXTRA_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (pandas' missing values), False for anything else."""
    if value is None:
        return True
    if isinstance(value, (str, tuple, list, dict, Place)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-likes give an array, which is not "missing"
        return False


def esc(value: Any) -> str:
    """``value`` as text that is safe in HTML, in a JS template literal and in a Jinja template; ``""`` if missing.

    Examples
    --------
    >>> esc("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> esc("${x} `y`")
    '&#36;&#123;x&#125; &#96;y&#96;'
    >>> esc(None)
    ''
    """
    if is_missing(value):
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA_ENTITIES)


def kind_label(kind: Any) -> str:
    """A readable name of an event kind ("missile_launch" -> "Missile launch"), not escaped."""
    if is_missing(kind) or not str(kind):
        return "Event"
    return KIND_LABELS.get(str(kind), str(kind).replace("_", " ").capitalize())


def activity_label(activity: Any) -> str:
    """A readable activity ("joint_drill" -> "joint drill"), ``""`` when the text did not say; not escaped."""
    return "" if is_missing(activity) else str(activity).replace("_", " ")


def unplaced_text(places: Iterable[Place]) -> str:
    """The places that could not be placed, each with the resolver's reason: ``"the sea (no earlier place)"``.

    Examples
    --------
    >>> unplaced_text([Place("Guam", 13.5, 144.8), Place("the base", None, None, reason="not a place here")])
    'the base (not a place here)'
    """
    return "; ".join(f"{p.name} ({p.reason})" if p.reason else p.name for p in places if not p.located)


def place_cell(row: Mapping[str, Any]) -> str:
    """The table's place text: the marker's place, or "not placed: ..." naming each unplaced place and why."""
    name = "" if is_missing(row.get(S.PLACE_NAME)) else str(row[S.PLACE_NAME])
    unplaced = unplaced_text([*_places(row.get(S.LOCATIONS)), *_places(row.get(S.ORIGINS))])
    if unplaced:
        return f"{name}; not placed: {unplaced}" if name else f"not placed: {unplaced}"
    return name


def article_href(name: Any) -> str:
    """The reader's link to an article, relative to the app's root: ``articles?article=NAME`` (URL-quoted).

    Examples
    --------
    >>> article_href("a b&c.txt")
    'articles?article=a%20b%26c.txt'
    """
    return f"{READER_PAGE}?{ARTICLE_PARAM}={quote('' if is_missing(name) else str(name), safe='')}"


def _places(value: Any) -> tuple[Place, ...]:
    return () if is_missing(value) or isinstance(value, str) else tuple(value)


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if is_missing(value) else str(value)


def _line(label: str, value_html: str) -> str:
    return f'<div><span class="s-muted">{label}:</span> {value_html}</div>' if value_html else ""


def event_card_html(row: Mapping[str, Any]) -> str:
    """The selected event's card under the map: what its map popup says, with the countries and a reader link.

    Parameters
    ----------
    row
        One row of the events frame (``geo.query.events_frame``); missing values are left out.

    Returns
    -------
    str
        HTML in which every piece of article text is escaped with :func:`esc`.

    Examples
    --------
    >>> "&lt;b&gt;" in event_card_html({"evidence": "<b>", "kind": "flight"})
    True
    """
    kind, status = _text(row, S.KIND), _text(row, S.STATUS)
    colour = S.KIND_COLOURS.get(kind, S.KIND_COLOURS["other"])
    title = _text(row, S.ARTICLE_TITLE) or _text(row, S.ARTICLE_NAME)
    date_text, precision = _text(row, S.DATE_TEXT), _text(row, S.DATE_PRECISION)
    when = (f"{date_text} ({precision})" if precision else date_text) if date_text else "date unknown"
    place = esc(_text(row, S.PLACE_NAME))
    if place and _text(row, S.PLACE_PRECISION):
        detail = esc(_text(row, S.PLACE_PRECISION))
        radius = row.get(S.RADIUS_KM)
        if isinstance(radius, (int, float)) and radius == radius and radius > 0:
            detail += f", &plusmn;{radius:,.0f} km"
        place += f" <small>({detail})</small>"
    origins = ", ".join(p.name for p in _places(row.get(S.ORIGINS)) if p.located)
    countries = row.get(S.COUNTRIES)
    link = (f'<a href="{esc(article_href(row.get(S.ARTICLE_NAME)))}" target="_self">{esc(title)}</a>'
            if _text(row, S.ARTICLE_NAME) else esc(title))
    parts = [
        f'<div class="sortie-popup"><div class="s-head" style="color:{colour}">{esc(kind_label(kind))}'
        + (f" <small>({esc(status)})</small>" if status and status != "asserted" else "")
        + f'</div><div class="s-muted">{esc(when)}</div>',
        f'<div class="s-title">{link}</div>' if title else "",
        f"<blockquote>{esc(_text(row, S.EVIDENCE))}</blockquote>" if _text(row, S.EVIDENCE) else "",
        _line("Aircraft", esc(_text(row, S.AIRCRAFT_TEXT))),
        _line("Activity", esc(activity_label(row.get(S.ACTIVITY)))),
        _line("Place", place),
        _line("From", esc(origins)),
        _line("Not placed", esc(unplaced_text([*_places(row.get(S.LOCATIONS)), *_places(row.get(S.ORIGINS))]))),
        _line("Countries", esc(", ".join(countries)) if isinstance(countries, tuple) else ""),
        "</div>",
    ]
    return "".join(p for p in parts if p)
