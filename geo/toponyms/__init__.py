"""Toponym recognition and resolution for running text: find_toponyms(text) -> [Toponym]."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.toponyms.model import Toponym
from geo.toponyms.nlp import load_nlp
from geo.toponyms.recognize import CuratedMatcher, Mention, recognize
from geo.toponyms.resolve import Resolver

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
        self.resolver = Resolver(self.gazetteer)
        self.batch_size = batch_size

    def mentions(self, text: str) -> list[Mention]:
        """Recognised place-name spans of ``text``, before resolution."""
        return recognize(self.nlp(text), self.gazetteer, self.matcher)

    def parse(self, text: str) -> list[Toponym]:
        """Toponyms of one text, in text order."""
        return self.resolver.resolve(recognize(self.nlp(text), self.gazetteer, self.matcher))

    def parse_many(self, texts: Iterable[str]) -> Iterator[list[Toponym]]:
        """Toponyms of many texts, one list per text, parsed in spaCy batches (several times faster)."""
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield self.resolver.resolve(recognize(doc, self.gazetteer, self.matcher))


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
