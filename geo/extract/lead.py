"""Which sentences are an article's headline and lead, where its main events are told."""
from __future__ import annotations

from geo.extract.sentences import Sentence


def is_headline(sent: Sentence, sentences: list[Sentence]) -> bool:
    """The article's first line when it stands alone without final punctuation: a title."""
    return sent.index == 0 and not sent.text.rstrip().endswith((".", "!", "?", '"', "”")) and (
        len(sentences) < 2 or sentences[1].paragraph != sent.paragraph)

def lead_indexes(sentences: list[Sentence]) -> frozenset[int]:
    """Indexes of the headline and of the first two sentences of the body (where the main event is told).

    Compute it once per article: building the body anew for every candidate and every event cost the
    number of sentences squared (5 MB of text took 94 s instead of 28).
    """
    out = {s.index for s in sentences[:1] if is_headline(s, sentences)}
    body = 0
    for s in sentences:
        if body == 2:
            break
        if not is_headline(s, sentences) and len(s.text) > 40:
            out.add(s.index)
            body += 1
    return frozenset(out)

def in_lead(sent: Sentence, sentences: list[Sentence]) -> bool:
    """Is the sentence the headline or one of the first two of the body? (In a loop, use ``lead_indexes``.)"""
    return sent.index in lead_indexes(sentences)


__all__ = ["in_lead", "is_headline", "lead_indexes"]
