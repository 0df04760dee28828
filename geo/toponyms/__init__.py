"""Toponym recognition and resolution for running text: find_toponyms(text) -> [Toponym]."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.toponyms.model import Toponym
from geo.toponyms.nlp import load_nlp
from geo.resolve.rank import CandidateRanker, Ranked
from geo.toponyms.recognize import CuratedMatcher, Mention, recognize

__all__ = ["Geoparser", "Toponym", "find_toponyms", "find_toponyms_many", "get_geoparser"]


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
        """Recognised place-name spans of ``text``, before resolution."""
        return recognize(self.nlp(text), self.gazetteer, self.matcher)

    def parse(self, text: str) -> list[Toponym]:
        """Toponyms of one text, in text order."""
        return to_toponyms(self.ranker.rank(recognize(self.nlp(text), self.gazetteer, self.matcher)))

    def parse_many(self, texts: Iterable[str]) -> Iterator[list[Toponym]]:
        """Toponyms of many texts, one list per text, parsed in spaCy batches (several times faster)."""
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield to_toponyms(self.ranker.rank(recognize(doc, self.gazetteer, self.matcher)))


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
