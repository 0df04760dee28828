"""Splits article text into sentence spans (with paragraph numbers), keeping character offsets."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr", "cdr", "rep", "sen", "gov",
    "pres", "st", "jr", "sr", "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mo", "calif", "fla", "wash", "ariz", "ark", "colo", "conn",
    "del", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mont", "neb", "nev",
    "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wis", "wyo", "u.s", "u.k", "u.n", "a.m", "p.m", "approx",
    "est", "dept", "univ", "ft", "mt", "sq", "fig", "al", "e.g", "i.e",
}
# Starts only where a run of stops starts: in a long run of dots every position would otherwise begin a match
# that reads to the end of the run.
_END = re.compile(r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# The word before a full stop is read from at most this many characters back: reading from the start of
# the line made every check cost the length of the line, so a long line took time in its square.
_LOOKBACK = 64
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)\.$")
# Longest sentence handed to the extractors. News sentences stay under about 500 characters; a longer run
# (a page flattened to one line, a list without stops) is cut at a clause or word boundary, because the
# per-sentence rules compare every mention with every other one and a 2 MB "sentence" took 20 minutes.
MAX_SENTENCE = 1_000


@dataclass(frozen=True)
class Sentence:
    """One sentence: its offsets in the article, its text and its paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


def _ends_sentence(text: str, stop: int) -> bool:
    """Is the punctuation ending at ``stop`` a sentence end rather than an abbreviation?"""
    if text[stop - 1] != "." and text[stop - 1] not in "\"'”’)]":
        return True
    j = stop - 1
    while j >= 0 and text[j] in "\"'”’)]":
        j -= 1
    if text[j] != ".":
        return True
    window_start = max(0, j + 1 - _LOOKBACK)
    word = _WORD_BEFORE.search(text, window_start, j + 1)
    if not word or (word.start() == window_start and window_start > 0):
        return True  # no word, or one longer than any abbreviation
    w = word.group(1).lower()
    if w in _ABBREV:
        return False
    # Initials ("U.S.", "J. Smith") and single capitals are not sentence ends.
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]?", w) or len(w) == 1:
        return False
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; newlines always end a sentence (paragraphs, headlines).

    >>> [s.text for s in split_sentences("Gen. Kim flew to the U.S. Army base. Then he left.")]
    ['Gen. Kim flew to the U.S. Army base.', 'Then he left.']
    """
    out: list[Sentence] = []
    para = 0
    for block in re.finditer(r"[^\n]+", text):
        if out:  # every line is its own paragraph: newswire text often uses single newlines
            para += 1
        b_start, b_text = block.start(), block.group(0)
        cut = 0
        for m in _END.finditer(b_text):
            if _ends_sentence(b_text, m.end()):
                _add(out, text, b_start + cut, b_start + m.end(), para)
                cut = m.end()
        _add(out, text, b_start + cut, b_start + len(b_text), para)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start)
        _add(out, text, start, cut, para)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], para, len(out)))


def _cut(text: str, start: int) -> int:
    """Where to end a piece of an over-long sentence: after the last "; " or ", " of its second half,
    else at its last space, else at ``MAX_SENTENCE`` characters."""
    window = text[start:start + MAX_SENTENCE]
    half = MAX_SENTENCE // 2
    for stops in (("; ", ", "), (" ",)):
        at = max(window.rfind(stop) for stop in stops)
        if at >= half:
            return start + at + 1
    return start + MAX_SENTENCE
