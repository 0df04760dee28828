"""Escaped HTML for the map's popups and tooltips, built from rows of the events DataFrame.

Article text is untrusted: it can contain ``<script>``, ``<img onerror=...>`` or
JavaScript template syntax. Every piece of it goes through :func:`esc` before it
is placed in markup, and the markup we add ourselves is fixed.
"""
from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from geo.query import schema as S

KIND_LABELS: dict[str, str] = {
    "flight": "Flight",
    "missile_launch": "Missile launch",
    "nuclear_test": "Nuclear test",
    "exercise": "Exercise",
    "deployment": "Deployment",
    "other": "Other",
}

# Besides html.escape's & < > " ', escape as numeric entities:
# - the characters that mean something inside a JavaScript template literal: folium
#   puts Popup and Tooltip HTML between backticks, where "${...}" would run and a
#   stray "`" or "\" would break the script;
# - curly braces: branca re-parses every rendered script as a Jinja template, so
#   "{{ ... }}" in article text would be *executed on the server* when the map renders.
ORIGIN_POPUP_LIMIT = 15

# Shared by every popup; added once to the page by geo.render.assets.offline_map, so
# that each of 10k embedded popups carries class names rather than inline styles.
POPUP_CSS = (
    ".sortie-popup{min-width:200px;max-width:360px;font-size:13px;line-height:1.35}"
    ".sortie-popup .s-head{font-weight:600}"
    ".sortie-popup .s-muted{color:#555}"
    ".sortie-popup .s-title{font-style:italic;margin-top:4px}"
    ".sortie-popup blockquote{margin:6px 0;padding-left:6px;border-left:3px solid #ccc}"
    ".sortie-popup ul{margin:4px 0;padding-left:18px}"
)

_EXTRA_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (pandas' missing values), False for anything else."""
    if value is None:
        return True
    if isinstance(value, (str, tuple, list, dict)):
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


def _kind_colour(kind: str) -> str:
    return S.KIND_COLOURS.get(kind, S.KIND_COLOURS["other"])


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if is_missing(value) else str(value)


def _place_names(places: Any) -> list[str]:
    """Names from a tuple of (name, lat, lon, precision, radius_km) tuples."""
    if is_missing(places) or isinstance(places, str):
        return []
    names = []
    for place in places:
        if isinstance(place, (tuple, list)) and place and not is_missing(place[0]):
            names.append(str(place[0]))
        elif isinstance(place, Mapping) and not is_missing(place.get("name")):
            names.append(str(place["name"]))
    return names


def _date(row: Mapping[str, Any]) -> str:
    text = _text(row, S.DATE_TEXT)
    precision = _text(row, S.DATE_PRECISION)
    if not text:
        return "date unknown"
    return f"{text} ({precision})" if precision else text


def _radius(row: Mapping[str, Any]) -> float:
    value = row.get(S.RADIUS_KM)
    try:
        radius = float(value)
    except (TypeError, ValueError):
        return 0.0
    return radius if math.isfinite(radius) and radius > 0 else 0.0


def _line(label: str, value_html: str) -> str:
    return f'<div><span class="s-muted">{label}:</span> {value_html}</div>' if value_html else ""


def event_popup_html(row: Mapping[str, Any]) -> str:
    """The popup of one event: evidence sentence, article title, kind, date, aircraft and places.

    Parameters
    ----------
    row
        One row of the events DataFrame (a ``pandas.Series`` or a dict with the
        columns of ``geo.query.schema``); missing columns or values are left out.

    Returns
    -------
    str
        HTML in which every piece of article text is escaped with :func:`esc`.

    Examples
    --------
    >>> "&lt;b&gt;" in event_popup_html({"evidence": "<b>", "kind": "flight"})
    True
    """
    kind = _text(row, S.KIND)
    status = _text(row, S.STATUS)
    title = _text(row, S.ARTICLE_TITLE) or _text(row, S.ARTICLE_NAME)
    place = esc(_text(row, S.PLACE_NAME))
    place_precision = _text(row, S.PLACE_PRECISION)
    if place and place_precision:
        detail = esc(place_precision)
        if _radius(row):
            detail += f", &plusmn;{_radius(row):,.0f} km"
        place += f" <small>({detail})</small>"
    parts = [
        f'<div class="sortie-popup"><div class="s-head" style="color:{_kind_colour(kind)}">{esc(kind_label(kind))}'
        + (f" <small>({esc(status)})</small>" if status and status != "asserted" else "")
        + f'</div><div class="s-muted">{esc(_date(row))}</div>',
    ]
    if title:
        parts.append(f'<div class="s-title">{esc(title)}</div>')
    evidence = _text(row, S.EVIDENCE)
    if evidence:
        parts.append(f"<blockquote>{esc(evidence)}</blockquote>")
    parts += [
        _line("Aircraft", esc(_text(row, S.AIRCRAFT_TEXT))),
        _line("Place", place),
        _line("From", esc(", ".join(_place_names(row.get(S.ORIGINS))))),
        _line("Locations", esc(", ".join(_place_names(row.get(S.LOCATIONS))))),
        _line("Article", esc(_text(row, S.ARTICLE_NAME)) if title != _text(row, S.ARTICLE_NAME) else ""),
        "</div>",
    ]
    return "".join(p for p in parts if p)


def event_tooltip_html(row: Mapping[str, Any]) -> str:
    """One escaped line for hovering over an event: kind, date, place and aircraft."""
    bits = [kind_label(_text(row, S.KIND)), _text(row, S.DATE_TEXT), _text(row, S.PLACE_NAME),
            _text(row, S.AIRCRAFT_TEXT)]
    return esc(" · ".join(b for b in bits if b))


def origin_tooltip_html(name: str, n_events: int) -> str:
    """Escaped tooltip of an origin (a base or airfield): its name and how many events start there."""
    return esc(f"{name} — origin of {n_events} event{'s' if n_events != 1 else ''}")


def origin_popup_html(name: str, rows: Iterable[Mapping[str, Any]], *, limit: int = ORIGIN_POPUP_LIMIT) -> str:
    """Popup of an origin: its name and one line (date, kind, place, aircraft) per event from it.

    At most ``limit`` events are listed (the earliest dates first), then "... and N more".
    """
    rows = sorted(rows, key=lambda r: _text(r, S.DATE_TEXT) or "9999")
    items = []
    for row in rows[:limit]:
        bits = [_text(row, S.DATE_TEXT) or "undated", kind_label(_text(row, S.KIND)),
                _text(row, S.PLACE_NAME), _text(row, S.AIRCRAFT_TEXT)]
        items.append(f"<li>{esc(' · '.join(b for b in bits if b))}</li>")
    if len(rows) > limit:
        items.append(f"<li>&hellip; and {len(rows) - limit:,} more</li>")
    return f'<div class="sortie-popup"><div class="s-head">Origin: {esc(name)}</div><ul>{"".join(items)}</ul></div>'


def flight_popup_html(origin_name: str, row: Mapping[str, Any]) -> str:
    """Popup of a flight line: the route, kind, date, aircraft and article title (the evidence is on the marker)."""
    kind = _text(row, S.KIND)
    route = f"{origin_name} → {_text(row, S.PLACE_NAME) or '?'}"
    return (
        f'<div class="sortie-popup"><div class="s-head" style="color:{_kind_colour(kind)}">{esc(route)}</div>'
        f'<div>{esc(kind_label(kind))} &middot; {esc(_date(row))}</div>'
        + _line("Aircraft", esc(_text(row, S.AIRCRAFT_TEXT)))
        + _line("Article", esc(_text(row, S.ARTICLE_TITLE) or _text(row, S.ARTICLE_NAME)))
        + "</div>"
    )


def flight_tooltip_html(origin_name: str, row: Mapping[str, Any]) -> str:
    """Escaped tooltip of a flight line: "origin → place", kind, date and aircraft."""
    route = f"{origin_name} → {_text(row, S.PLACE_NAME) or '?'}"
    bits = [route, kind_label(_text(row, S.KIND)), _text(row, S.DATE_TEXT), _text(row, S.AIRCRAFT_TEXT)]
    return esc(" · ".join(b for b in bits if b))
