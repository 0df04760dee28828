"""Escaped text for the map and the event card: ``esc``, readable labels, places not placed, the reader link.

Article text is untrusted: it can contain ``<script>``, ``<img onerror=...>`` or JavaScript
template syntax. Every piece of it goes through :func:`esc` before it is placed in markup, and the
markup we add ourselves is fixed. The map's popups are written by ``static/sortie-map.js`` from
these escaped texts; :func:`event_card_html` writes the selected event's card under the map.
"""
from __future__ import annotations

import html
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

import pandas as pd

from geo.models import Place, SortieSource
from geo.query import schema as S
from geo.query.sorties import is_sortie_row

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


def web_address(value: Any) -> str:
    """``value`` when it is an ``http`` or ``https`` URL with a host (and no control character), else ``""``.

    A source's address is shown, and linked, only then: ``javascript:`` or ``data:`` never becomes a link.

    Examples
    --------
    >>> web_address(" https://example.org/a "), web_address("javascript:alert(1)"), web_address("https:///x")
    ('https://example.org/a', '', '')
    """
    if not isinstance(value, str):
        return ""
    url = value.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host or re.search(r"[\x00-\x20\x7f]", url):
        return ""
    return url


def outlets_text(sources: Any) -> str:
    """The outlets of a sortie's sources, each once, in their order: ``"Yonhap; KCNA"``.

    Examples
    --------
    >>> from geo.models import SortieSource
    >>> outlets_text((SortieSource("e1", "a", "a.txt", "Yonhap"), SortieSource("e2", "b", "b.txt", "KCNA"),
    ...               SortieSource("e3", "c", "c.txt", "Yonhap")))
    'Yonhap; KCNA'
    """
    return "; ".join(dict.fromkeys(s.outlet for s in _sources(sources)))


def _sources(value: Any) -> tuple[SortieSource, ...]:
    return () if is_missing(value) or isinstance(value, str) else tuple(value)


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
    sortie = is_sortie_row(_text(row, S.EVENT_ID), _text(row, S.SORTIE_ID)) and bool(_sources(row.get(S.SOURCES)))
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
        # A sortie's sources each give their title and sentence (sortie_html, below).
        f'<div class="s-title">{link}</div>' if title and not sortie else "",
        f"<blockquote>{esc(_text(row, S.EVIDENCE))}</blockquote>" if _text(row, S.EVIDENCE) and not sortie else "",
        _line("Aircraft", esc(_text(row, S.AIRCRAFT_TEXT))),
        _line("Activity", esc(activity_label(row.get(S.ACTIVITY)))),
        _line("Place", place),
        _line("From", esc(origins)),
        _line("Not placed", esc(unplaced_text([*_places(row.get(S.LOCATIONS)), *_places(row.get(S.ORIGINS))]))),
        _line("Countries", esc(", ".join(countries)) if isinstance(countries, tuple) else ""),
        _line("Corrected", esc(corrected_text(row.get(S.CORRECTED)))),
        sortie_html(row),
        "</div>",
    ]
    return "".join(p for p in parts if p)


def corrected_text(fields: Any) -> str:
    """What an analyst corrected, for a card or a table cell ("" when nothing).

    Examples
    --------
    >>> corrected_text(("date", "kind")), corrected_text(())
    ('date, kind (by an analyst, on the Review page)', '')
    """
    names = _strings(fields)
    return f"{', '.join(names)} (by an analyst, on the Review page)" if names else ""


def source_html(source: SortieSource) -> str:
    """One source of a sortie as an item of the card's list: outlet, dates, title (to the reader), address, sentence."""
    bits = [f"published {source.published.isoformat()}" if source.published else "publication date unknown"]
    if source.date:
        bits.append(f"dates it {source.date}")
    if source.role == "context":
        bits.append("named in passing")
    title = source.title or source.article_name
    link = (f'<a class="s-reader" href="{esc(article_href(source.article_name))}" target="_self">{esc(title)}</a>'
            if source.article_name else esc(title))
    address = web_address(source.url)
    return ("<li>" + f'<div><b class="s-outlet">{esc(source.outlet or "unknown outlet")}</b> &middot; '
            + esc(" · ".join(bits)) + "</div>"
            + (f'<div class="s-title">{link}</div>' if title else "")
            + (f'<div class="s-address"><a class="s-url" href="{esc(address)}" target="_blank" '
               f'rel="noopener noreferrer">{esc(address)}</a></div>' if address else "")
            + (f"<blockquote>{esc(source.evidence)}</blockquote>" if source.evidence else "") + "</li>")


def sortie_html(row: Mapping[str, Any]) -> str:
    """A sortie's sources and disagreements for its card; for a report, which sortie it is part of ("" if alone).

    Examples
    --------
    >>> from geo.models import SortieSource
    >>> two = (SortieSource("e1", "a", "a.txt", "<b>A</b>"), SortieSource("e2", "b", "b.txt", "B"))
    >>> html = sortie_html({"event_id": "s-e1", "sortie_id": "s-e1", "source_count": 2, "sources": two,
    ...                     "disagreements": ("2 B-1B (A) vs 4 B-1B (B)",)})
    >>> "&lt;b&gt;A&lt;/b&gt;" in html, "2 B-1B (A) vs 4 B-1B (B)" in html
    (True, True)
    """
    sortie_id, sources = _text(row, S.SORTIE_ID), _sources(row.get(S.SOURCES))
    count = row.get(S.SOURCE_COUNT)
    # numbers.Real, not (int, float): a row read from a frame holds numpy's int64.
    count = int(count) if isinstance(count, numbers.Real) and count == count else 0
    if not sortie_id or not sources:
        return ""
    if _text(row, S.EVENT_ID) != sortie_id:  # a report: say that others report the same occurrence
        return _line("Sortie", esc(f"one of the reports of an occurrence that {count} articles report "
                                   f"({sortie_id})")) if count > 1 else ""
    heading = "Source" if count == 1 else f"Sources: {count} articles report it"
    said = [d for d in _strings(row.get(S.DISAGREEMENTS))]
    return (f'<div class="s-section">{esc(heading)}</div><ol class="s-sources">'
            + "".join(source_html(src) for src in sources) + "</ol>"
            + ('<div class="s-section">Where the sources disagree</div><ul class="s-disagreements">'
               + "".join(f"<li>{esc(d)}</li>" for d in said) + "</ul>" if said else ""))


def _strings(value: Any) -> tuple[str, ...]:
    return () if is_missing(value) or isinstance(value, str) else tuple(str(v) for v in value)
