"""Tests of geo/highlight.py: which spans are marked, how overlaps resolve, and that the HTML is escaped and well nested."""
from __future__ import annotations

import html
import random
from datetime import date
from html.parser import HTMLParser

import pytest

from geo.extract import extract_events
from geo.render.highlight import (HIGHLIGHT_KINDS, HighlightSpan, highlight_spans, highlighted_html, legend_html)
from geo.models import Aircraft, Article, Event, Place, Span, content_id

TEXT = ("Two B-1B bombers from Guam flew over the East China Sea on Monday.\n\n"
        "The ministry said the flight was routine.")


def _span(text: str, phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def _article(text: str = TEXT, article_id: str = "a1") -> Article:
    return Article(article_id, "a.txt", "Bombers", text, date(2024, 5, 6))


def _event(text: str = TEXT, *, article_id: str = "a1", event_id: str = "e1", evidence: str | None = None,
           date_phrase: str | None = "Monday", aircraft: tuple[str, ...] = ("B-1B",),
           origins: tuple[str, ...] = ("Guam",), locations: tuple[str, ...] = ("East China Sea",)) -> Event:
    ev = _span(text, evidence) if evidence else Span(0, text.index(".") + 1, text[:text.index(".") + 1])
    return Event(
        event_id, article_id, "flight", "2024-05-06", "day", ev,
        aircraft=tuple(Aircraft(a, "bomber", 2, _span(text, a)) for a in aircraft),
        origins=tuple(Place(o, 13.58, 144.93, role="origin", span=_span(text, o)) for o in origins),
        locations=tuple(Place(loc, 29.0, 125.0, span=_span(text, loc)) for loc in locations),
        date_span=_span(text, date_phrase) if date_phrase else None)


class _Checker(HTMLParser):
    """Records the text and fails on unbalanced or unexpected tags."""

    ALLOWED = {"div", "p", "span", "mark", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.marks: list[tuple[str, str, str]] = []  # (class, title, text)
        self._mark: list[str] | None = None
        self._attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        assert tag in self.ALLOWED, f"unexpected tag <{tag}>"
        if tag == "br":
            self.text.append("\n")
            return
        if tag == "mark":
            assert "mark" not in self.stack, "nested <mark>"
            self._mark, self._attrs = [], dict(attrs)
        if tag == "span":
            assert "mark" not in self.stack, "<span> inside <mark>"
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()
        if tag == "mark":
            self.marks.append((self._attrs["class"], self._attrs.get("title", ""), "".join(self._mark)))
            self._mark = None
        if tag == "p":
            self.text.append("\n\n")

    def handle_data(self, data):
        self.text.append(data)
        if self._mark is not None:
            self._mark.append(data)


def _check(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == []
    return checker


def _words(text: str) -> list[str]:
    return text.split()


# highlight_spans


def test_collects_dates_aircraft_places_and_evidence():
    spans = highlight_spans(_article(), [_event()])
    assert [(s.kind, s.text) for s in spans] == [
        ("evidence", TEXT[:TEXT.index(".") + 1]), ("aircraft", "B-1B"), ("origin", "Guam"),
        ("location", "East China Sea"), ("date", "Monday")]
    assert all(TEXT[s.start:s.end] == s.text for s in spans)


def test_titles_say_what_was_read():
    titles = {s.kind: s.title for s in highlight_spans(_article(), [_event()])}
    assert titles["date"] == "date: 2024-05-06 (day)"
    assert titles["aircraft"] == "aircraft: 2× B-1B (bomber)"
    assert titles["origin"].startswith("flew from: Guam [13.58, 144.93]")
    assert titles["location"].startswith("over / at: East China Sea")
    assert titles["evidence"] == "evidence: flight on 2024-05-06"


def test_unlocated_place_says_so():
    event = _event()
    event = Event(**{**event.__dict__, "locations": (Place("East China Sea", None, None,
                                                           span=_span(TEXT, "East China Sea")),)})
    location = next(s for s in highlight_spans(_article(), [event]) if s.kind == "location")
    assert location.title.endswith("[not located]")


def test_css_class_follows_the_kind():
    assert [HighlightSpan(0, 1, k, "x", "").css_class for k in HIGHLIGHT_KINDS] == [
        "sortie-aircraft", "sortie-origin", "sortie-location", "sortie-date", "sortie-evidence"]


def test_events_of_other_articles_are_ignored():
    assert highlight_spans(_article(), [_event(article_id="other")]) == []


def test_no_events_no_spans():
    assert highlight_spans(_article(), []) == []


def test_longest_overlapping_mark_wins():
    text = "Jets flew over the East China Sea on Monday."
    event = _event(text, locations=("East China Sea", "China"), aircraft=(), origins=())
    marks = [s for s in highlight_spans(_article(text), [event]) if s.kind != "evidence"]
    assert [(s.kind, s.text) for s in marks] == [("location", "East China Sea"), ("date", "Monday")]


def test_more_specific_mark_wins_a_tie():
    text = "Two F-15 jets flew near F-15 Base on Monday."
    # The same four characters read as an aircraft and as a place: the aircraft reading wins.
    event = Event("e1", "a1", "flight", None, None, Span(0, len(text), text),
                  aircraft=(Aircraft("F-15", span=Span(4, 8, "F-15")),),
                  locations=(Place("F-15", 1.0, 1.0, span=Span(4, 8, "F-15")),),
                  date_span=Span(4, 8, "F-15"))
    marks = [s for s in highlight_spans(_article(text), [event]) if s.kind != "evidence"]
    assert [(s.kind, s.start) for s in marks] == [("aircraft", 4)]


def test_a_mark_shared_by_two_events_is_one_mark_with_both_titles():
    first = _event(event_id="e1")
    second = Event(**{**first.__dict__, "event_id": "e2", "date": "2024-05-13"})
    dates = [s for s in highlight_spans(_article(), [first, second]) if s.kind == "date"]
    assert len(dates) == 1
    assert dates[0].title == "date: 2024-05-06 (day); date: 2024-05-13 (day)"


def test_overlapping_evidence_is_merged():
    text = "Bombers flew on Monday and fighters joined them."
    a = _event(text, evidence="Bombers flew on Monday", aircraft=(), origins=(), locations=())
    b = _event(text, event_id="e2", evidence="flew on Monday and fighters joined them.", aircraft=(), origins=(),
               locations=(), date_phrase=None)
    evidence = [s for s in highlight_spans(_article(text), [a, b]) if s.kind == "evidence"]
    assert [(s.start, s.end, s.text) for s in evidence] == [(0, len(text), text)]


@pytest.mark.parametrize("bad", [Span(5, 999, "x"), Span(-1, 3, "Two"), Span(4, 8, "F-16"), Span(7, 7, "")])
def test_spans_that_do_not_fit_the_text_are_dropped(bad):
    event = Event(**{**_event().__dict__, "date_span": bad})
    assert "date" not in {s.kind for s in highlight_spans(_article(), [event])}


def test_order_is_text_order_and_independent_of_event_order():
    events = [_event(), _event(event_id="e2", evidence="The ministry said the flight was routine.",
                               aircraft=(), origins=(), locations=(), date_phrase=None)]
    forward = highlight_spans(_article(), events)
    assert forward == highlight_spans(_article(), events[::-1])
    assert [s.start for s in forward] == sorted(s.start for s in forward)


def test_highlights_an_extracted_article():
    text = ("Two B-1B Lancer bombers from Guam flew over the Korean Peninsula on Tuesday "
            "<script>alert('x')</script>, the ministry said.")
    article = Article(content_id(text), "evil.txt", "Evil", text, date(2024, 5, 2))
    spans = highlight_spans(article, extract_events(article))
    kinds = {s.kind: s.text for s in spans}
    assert kinds["aircraft"].startswith("B-1B")
    assert kinds["origin"] == "Guam"
    assert kinds["location"] == "Korean Peninsula"
    assert "Tuesday" in kinds["date"]
    markup = highlighted_html(text, spans)
    assert "<script" not in markup and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup


# highlighted_html


def test_marks_carry_class_and_title():
    checker = _check(highlighted_html(TEXT, highlight_spans(_article(), [_event()])))
    assert [(cls, text) for cls, _, text in checker.marks] == [
        ("sortie-aircraft", "B-1B"), ("sortie-origin", "Guam"), ("sortie-location", "East China Sea"),
        ("sortie-date", "Monday")]
    assert checker.marks[0][1] == "aircraft: 2× B-1B (bomber)"


def test_article_markup_is_shown_literally():
    text = 'Before <script>window.__pwned=1</script> & <img src=x onerror="alert(1)"> after'
    markup = highlighted_html(text, [HighlightSpan(7, 15, "aircraft", "<script>", "x")])
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in markup.replace('</mark>', '').replace(
        '<mark class="sortie-aircraft" title="x">', "")
    assert "&amp;" in markup and "&quot;alert(1)&quot;" in markup
    assert "".join(_check(markup).text).strip() == text


def test_titles_are_escaped_inside_the_attribute():
    markup = highlighted_html("B-1B flew", [HighlightSpan(0, 4, "aircraft", "B-1B", '"><script>x</script>')])
    assert "<script" not in markup
    assert 'title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in markup
    assert _check(markup).marks[0][1] == '"><script>x</script>'


def test_blank_lines_make_paragraphs_and_single_newlines_breaks():
    markup = highlighted_html("First line\nsame paragraph.\n\nSecond paragraph.\n", [])
    assert markup == ('<div class="sortie-article"><p>First line<br>same paragraph.</p>'
                      "<p>Second paragraph.</p></div>")


def test_without_blank_lines_every_line_is_a_paragraph():
    assert highlighted_html("One.\nTwo.\n", []) == '<div class="sortie-article"><p>One.</p><p>Two.</p></div>'


def test_empty_text_gives_an_empty_article():
    assert highlighted_html("", []) == '<div class="sortie-article"></div>'


def test_a_mark_across_a_paragraph_break_is_split():
    text = "Over the East\n\nChina Sea today."
    markup = highlighted_html(text, [HighlightSpan(9, 24, "location", text[9:24], "sea")])
    checker = _check(markup)
    assert [m[2] for m in checker.marks] == ["East", "China Sea"]


def test_marks_nest_inside_evidence_and_split_at_its_edge():
    text = "Jets flew. Over the sea."
    spans = [HighlightSpan(0, 10, "evidence", text[:10], "ev"), HighlightSpan(5, 15, "location", text[5:15], "x")]
    markup = highlighted_html(text, spans)
    assert markup == ('<div class="sortie-article"><p><span class="sortie-evidence" title="ev">Jets '
                      '<mark class="sortie-location" title="x">flew.</mark></span>'
                      '<mark class="sortie-location" title="x"> Over</mark> the sea.</p></div>')


def test_overlapping_marks_given_directly_are_resolved():
    text = "the East China Sea"
    spans = [HighlightSpan(9, 14, "location", "China", "a"), HighlightSpan(4, 18, "location", "East China Sea", "b")]
    assert [m[2] for m in _check(highlighted_html(text, spans)).marks] == ["East China Sea"]


def test_spans_outside_the_text_are_ignored():
    assert highlighted_html("abc", [HighlightSpan(2, 10, "date", "c", "")]) == (
        '<div class="sortie-article"><p>abc</p></div>')


def test_random_spans_always_give_balanced_markup_and_keep_every_word():
    rng = random.Random(7)
    text = "A <b>B-52</b> & F-35 \"flew\" over\nGuam.\n\nThen <script>x()</script> again over Okinawa."
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 8)):
            s = rng.randrange(len(text))
            e = rng.randint(s + 1, len(text))
            spans.append(HighlightSpan(s, e, rng.choice(HIGHLIGHT_KINDS), text[s:e], "t<&>\""))
        markup = highlighted_html(text, spans)
        assert "<b>" not in markup and "<script" not in markup
        assert _words("".join(_check(markup).text)) == _words(text)


def test_legend_names_every_kind_and_styles_them():
    legend = legend_html()
    assert legend.startswith("<style>")
    for kind in HIGHLIGHT_KINDS:
        assert f'class="sortie-{kind}"' in legend
        assert f".sortie-article mark.sortie-{kind}" in legend or kind == "evidence"
    assert html.escape("over / at") in legend
