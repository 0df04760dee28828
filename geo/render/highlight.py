"""Marks an article's extracted dates, aircraft, places and evidence sentences as safe, escaped HTML."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from geo.models import Article, Event, Span

HighlightKind = Literal["date", "aircraft", "origin", "location", "evidence"]
MARK_KINDS: tuple[str, ...] = ("aircraft", "origin", "location", "date")  # most specific first
HIGHLIGHT_KINDS: tuple[str, ...] = (*MARK_KINDS, "evidence")

# When two marks of the same length overlap, the more specific field wins: an aircraft
# designation or a named origin says more than a location or a date phrase.
_PRIORITY = {kind: i for i, kind in enumerate(MARK_KINDS)}
_LABELS = {"date": "date", "aircraft": "aircraft", "origin": "flew from", "location": "over / at",
           "evidence": "evidence sentence"}
_COLOURS = {"date": "#cfe2ff", "aircraft": "#ffd8a8", "origin": "#c3f0ca", "location": "#e5d4ff"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

HIGHLIGHT_CSS = (
    "<style>"
    ".sortie-article p{margin:0 0 .8em 0;line-height:1.6}"
    ".sortie-article mark,.sortie-legend mark{color:#111;padding:0 .1em;border-radius:.2em}"
    + "".join(f".sortie-article mark.sortie-{k},.sortie-legend mark.sortie-{k}{{background:{c}}}"
              for k, c in _COLOURS.items())
    + ".sortie-article span.sortie-evidence,.sortie-legend span.sortie-evidence"
      "{text-decoration:underline dotted #888;text-underline-offset:.25em}"
    ".sortie-legend mark,.sortie-legend span{margin-right:.8em}"
    "</style>"
)


@dataclass(frozen=True)
class HighlightSpan:
    """One highlighted stretch of an article: what it is, where it is and the tooltip to show."""

    start: int
    end: int
    kind: HighlightKind
    text: str
    title: str

    @property
    def css_class(self) -> str:
        """The CSS class of the element that wraps the span (``sortie-date``...)."""
        return f"sortie-{self.kind}"


def _valid(span: Span | None, text: str) -> bool:
    # A span that no longer fits the text (an article re-ingested with other text) would mark the
    # wrong words, so it is dropped rather than shown.
    if span is None or not 0 <= span.start < span.end <= len(text):
        return False
    return not span.text or text[span.start:span.end] == span.text


def _date_title(event: Event) -> str:
    precision = f" ({event.date_precision})" if event.date_precision else ""
    return f"date: {event.date or 'unresolved'}{precision}"


def _aircraft_title(aircraft) -> str:
    count = f"{aircraft.count}× " if aircraft.count else ""
    role = f" ({aircraft.role})" if aircraft.role else ""
    return f"aircraft: {count}{aircraft.type}{role}"


def _place_title(place, role: str) -> str:
    where = f" [{place.lat:.2f}, {place.lon:.2f}]" if place.located else " [not located]"
    return f"{_LABELS[role]}: {place.name}{where}"


def _evidence_title(event: Event) -> str:
    when = f" on {event.date}" if event.date else ""
    status = "" if event.status == "asserted" else f" ({event.status})"
    return f"evidence: {event.kind.replace('_', ' ')}{when}{status}"


def _candidates(text: str, events: Iterable[Event]) -> list[HighlightSpan]:
    out: list[HighlightSpan] = []

    def add(span: Span | None, kind: str, title: str) -> None:
        if _valid(span, text):
            out.append(HighlightSpan(span.start, span.end, kind, text[span.start:span.end], title))  # type: ignore[arg-type]

    for event in events:
        add(event.evidence, "evidence", _evidence_title(event))
        add(event.date_span, "date", _date_title(event))
        for aircraft in event.aircraft:
            add(aircraft.span, "aircraft", _aircraft_title(aircraft))
        for place in event.origins:
            add(place.span, "origin", _place_title(place, "origin"))
        for place in event.locations:
            add(place.span, "location", _place_title(place, "location"))
    return out


def _merge_titles(titles: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(titles))  # keeps first-seen order, drops repeats


def _resolve_marks(marks: list[HighlightSpan]) -> list[HighlightSpan]:
    # Several events may mark the same words (a date shared by two events): one mark, both tooltips.
    same: dict[tuple[int, int, str], list[HighlightSpan]] = {}
    for m in marks:
        same.setdefault((m.start, m.end, m.kind), []).append(m)
    merged = [HighlightSpan(s, e, k, group[0].text, _merge_titles(g.title for g in group))  # type: ignore[arg-type]
              for (s, e, k), group in same.items()]
    # Longest first, then most specific, then leftmost: greedy selection keeps non-overlapping winners.
    merged.sort(key=lambda m: (-(m.end - m.start), _PRIORITY.get(m.kind, len(_PRIORITY)), m.start))
    kept: list[HighlightSpan] = []
    for m in merged:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _resolve_evidence(spans: list[HighlightSpan]) -> list[HighlightSpan]:
    # Evidence sentences of different events may overlap; they are shown as one underlined stretch.
    merged: list[HighlightSpan] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and s.start < merged[-1].end:
            last = merged.pop()
            end = max(last.end, s.end)
            text = last.text + s.text[last.end - s.start:] if s.end > last.end else last.text
            merged.append(HighlightSpan(last.start, end, "evidence", text, _merge_titles([last.title, s.title])))
        else:
            merged.append(s)
    return merged


def _resolve(spans: Iterable[HighlightSpan]) -> list[HighlightSpan]:
    spans = list(spans)
    marks = _resolve_marks([s for s in spans if s.kind != "evidence"])
    evidence = _resolve_evidence([s for s in spans if s.kind == "evidence"])
    return sorted(evidence + marks, key=lambda s: (s.start, s.kind != "evidence", s.end))


def highlight_spans(article: Article, events: Iterable[Event]) -> list[HighlightSpan]:
    """Collect the spans to highlight in ``article``: dates, aircraft, origins, locations, evidence.

    Only events of this article are used (matched on ``article_id``). Marks (dates, aircraft,
    places) never overlap each other: of overlapping marks the longest wins, then the most
    specific (aircraft, origin, location, date). Identical marks from several events become
    one mark whose title lists each reading. Overlapping evidence sentences are merged. Spans
    whose offsets no longer match the text are dropped.

    Parameters
    ----------
    article
        The article whose text the spans index.
    events
        Its events (events of other articles are ignored).

    Returns
    -------
    list[HighlightSpan]
        In text order; an evidence span comes before the marks it contains.

    Examples
    --------
    >>> from geo.models import Article, Event, Span
    >>> a = Article("a1", "a.txt", "T", "Jets flew on Monday.")
    >>> e = Event("e1", "a1", "flight", "2024-05-06", "day", Span(0, 20, a.text),
    ...           date_span=Span(13, 19, "Monday"))
    >>> [(s.kind, s.text) for s in highlight_spans(a, [e])]
    [('evidence', 'Jets flew on Monday.'), ('date', 'Monday')]
    """
    mine = [e for e in events if not e.article_id or e.article_id == article.id]
    return _resolve(_candidates(article.text, mine))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    # Blank lines separate paragraphs when the text has any; otherwise (HTML pages, one-paragraph-
    # per-line files) every line is a paragraph. Offsets stay those of the article text.
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n+")
    bounds, pos = [], 0
    for m in separator.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    out = []
    for s, e in bounds:
        chunk = text[s:e]
        if chunk.strip():  # trimmed, so no paragraph starts or ends with a stray <br>
            out.append((s + len(chunk) - len(chunk.lstrip()), e - (len(chunk) - len(chunk.rstrip()))))
    return out


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def highlighted_html(text: str, spans: Iterable[HighlightSpan]) -> str:
    """Render ``text`` as HTML paragraphs with ``spans`` marked; every piece of text is escaped.

    Marks are ``<mark class="sortie-date|sortie-aircraft|sortie-origin|sortie-location"
    title="...">``, evidence sentences ``<span class="sortie-evidence" title="...">``. Paragraphs
    are ``<p>`` inside ``<div class="sortie-article">``. A span crossing a paragraph or evidence
    boundary is split so the markup stays well nested. Overlapping marks are resolved as in
    :func:`highlight_spans`, and spans outside the text are ignored, so any span list is safe.

    Parameters
    ----------
    text
        The article text the spans index.
    spans
        From :func:`highlight_spans`.

    Returns
    -------
    str
        HTML in which the article's own ``<``, ``>``, ``&`` and quotes appear as entities, so
        markup in an article is shown literally and never runs.

    Examples
    --------
    >>> highlighted_html("<b>B-1B</b> flew", [HighlightSpan(3, 7, "aircraft", "B-1B", "aircraft: B-1B")])
    '<div class="sortie-article"><p>&lt;b&gt;<mark class="sortie-aircraft" title="aircraft: B-1B">B-1B</mark>&lt;/b&gt; flew</p></div>'
    """
    resolved = [s for s in _resolve(spans) if 0 <= s.start < s.end <= len(text)]
    evidence = [s for s in resolved if s.kind == "evidence"]
    marks = [s for s in resolved if s.kind != "evidence"]
    out = ['<div class="sortie-article">']
    for p_start, p_end in _paragraphs(text):
        cuts = {p_start, p_end}
        for s in resolved:
            cuts.update(c for c in (s.start, s.end) if p_start < c < p_end)
        points = sorted(cuts)
        out.append("<p>")
        open_ev: HighlightSpan | None = None
        open_mark: HighlightSpan | None = None
        for a, b in zip(points, points[1:]):
            ev = next((s for s in evidence if s.start <= a < s.end), None)
            mark = next((s for s in marks if s.start <= a < s.end), None)
            # Close what ends here, innermost first, so marks never straddle an evidence boundary.
            if open_mark is not None and (mark is not open_mark or ev is not open_ev):
                out.append("</mark>")
                open_mark = None
            if open_ev is not None and ev is not open_ev:
                out.append("</span>")
                open_ev = None
            if ev is not None and open_ev is None:
                out.append(f'<span class="sortie-evidence" title="{html.escape(ev.title, quote=True)}">')
                open_ev = ev
            if mark is not None and open_mark is None:
                out.append(f'<mark class="{mark.css_class}" title="{html.escape(mark.title, quote=True)}">')
                open_mark = mark
            out.append(_escape(text[a:b]))
        if open_mark is not None:
            out.append("</mark>")
        if open_ev is not None:
            out.append("</span>")
        out.append("</p>")
    out.append("</div>")
    return "".join(out)


def legend_html() -> str:
    """The stylesheet for highlighted articles plus a one-line legend of the mark colours.

    Returns
    -------
    str
        A ``<style>`` block and a ``<div class="sortie-legend">`` naming each kind of mark.
    """
    items = [f'<mark class="sortie-{k}">{html.escape(_LABELS[k])}</mark>' for k in ("date", "aircraft", "origin",
                                                                                    "location")]
    items.append(f'<span class="sortie-evidence">{_LABELS["evidence"]}</span>')
    return HIGHLIGHT_CSS + '<div class="sortie-legend">' + "".join(items) + "</div>"
