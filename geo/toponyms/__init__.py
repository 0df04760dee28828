"""Toponym recognition and resolution for running text: find_toponyms(text) -> [Toponym]."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.toponyms.model import Toponym
from geo.toponyms.nlp import load_nlp
from geo.resolve.rank import CandidateRanker, Ranked
from geo.toponyms.recognize import CuratedMatcher, Mention, recognize

__all__ = ["Geoparser", "Toponym", "find_toponyms", "find_toponyms_many", "get_geoparser", "split_pieces"]

# spaCy refuses texts over nlp.max_length (1,000,000 characters, error E088) and needs about 1 GB per
# 100,000 characters for a whole document; recognition also compares mentions pairwise. Longer texts are
# recognised in pieces of at most this size and resolved together, as one document.
PIECE_CHARS = 100_000


def split_pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    r"""``(offset, piece)`` pairs covering ``text`` in order, each at most ``size`` characters.

    A piece ends at the last paragraph break of its second half, else the last sentence end
    (". "), else the last space, else at ``size``.

    >>> [(o, p) for o, p in split_pieces("One. Two.\nThree four.", size=12)]
    [(0, 'One. Two.\n'), (10, 'Three four.')]
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = size
        for stop in ("\n", ". ", " "):
            at = window.rfind(stop)
            if at >= size // 2:
                cut = at + len(stop)
                break
        pieces.append((start, window[:cut]))
        start += cut
    if start < len(text) or not pieces:
        pieces.append((start, text[start:]))
    return pieces


class Geoparser:
    """Recognition (spaCy NER + curated matcher) and resolution (document context) over one gazetteer.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default :func:`geo.gazetteer.load_gazetteer`.
    batch_size : int
        Texts per spaCy batch in :meth:`parse_many`.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, batch_size: int = 32) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.nlp = load_nlp()
        self.matcher = CuratedMatcher(self.gazetteer)
        self.ranker = CandidateRanker(self.gazetteer)
        self.batch_size = batch_size

    def mentions(self, text: str) -> list[Mention]:
        """Recognised place-name spans of ``text``, before resolution (long texts piece by piece)."""
        found: list[Mention] = []
        for offset, piece in split_pieces(text):
            _append_shifted(found, recognize(self.nlp(piece), self.gazetteer, self.matcher), offset)
        return found

    def parse(self, text: str) -> list[Toponym]:
        """Toponyms of one text, in text order."""
        return to_toponyms(self.ranker.rank(self.mentions(text)))

    def parse_many(self, texts: Iterable[str]) -> Iterator[list[Toponym]]:
        """Toponyms of many texts, one list per text, parsed in spaCy batches (several times faster)."""
        pieces = ((piece, (k, offset, last)) for k, text in enumerate(texts)
                  for offset, piece, last in _with_last(split_pieces(text)))
        found: list[Mention] = []
        for doc, (_, offset, last) in self.nlp.pipe(pieces, batch_size=self.batch_size, as_tuples=True):
            _append_shifted(found, recognize(doc, self.gazetteer, self.matcher), offset)
            if last:
                yield to_toponyms(self.ranker.rank(found))
                found = []


def _with_last(pieces: list[tuple[int, str]]) -> Iterator[tuple[int, str, bool]]:
    for n, (offset, piece) in enumerate(pieces):
        yield offset, piece, n == len(pieces) - 1


def _append_shifted(found: list[Mention], mentions: list[Mention], offset: int) -> None:
    """Add one piece's mentions to the document's, as offsets and hint indexes of the whole text."""
    base = len(found)
    for m in mentions:
        found.append(m if not offset and not base else replace(
            m, start=m.start + offset, end=m.end + offset,
            hint_for=None if m.hint_for is None else m.hint_for + base))


def to_toponyms(ranked: list[Ranked]) -> list[Toponym]:
    """The geoparser's output records: placed names, and recognised names with no fitting entry.

    A weak or city-only proposal without a fitting entry was never a confident place name and is
    left out; any other recognised name stays, unplaced.
    """
    out = []
    for r in ranked:
        m, e = r.query, r.entry
        if e is None and (m.weak or m.cityish):
            continue
        if e is None:
            out.append(Toponym(m.start, m.end, m.text, None, None, "point", "", 0.0))
        else:
            out.append(Toponym(m.start, m.end, m.text, e.lat, e.lon, e.precision, e.id, r.confidence,
                               e.kind, e.radius_km, e.country))
    return out


@lru_cache(maxsize=1)
def get_geoparser() -> Geoparser:
    """The process-wide :class:`Geoparser` over the default gazetteer (loaded once)."""
    return Geoparser()


def find_toponyms(text: str) -> list[Toponym]:
    """Find and resolve every place name in ``text``.

    Parameters
    ----------
    text : str
        Running text (a news article).

    Returns
    -------
    list of Toponym
        In text order; ``lat``/``lon`` are None for a name recognised but not placed.

    Examples
    --------
    >>> [t.name for t in find_toponyms("B-52s flew from Guam over the Korean peninsula.")]  # doctest: +SKIP
    ['Guam', 'Korean peninsula']
    """
    return get_geoparser().parse(text)


def find_toponyms_many(texts: Iterable[str]) -> Iterator[list[Toponym]]:
    """:func:`find_toponyms` for many texts, batched through spaCy."""
    return get_geoparser().parse_many(texts)
