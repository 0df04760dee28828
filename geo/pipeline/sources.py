"""The articles of the paths given to ``extract`` or ``ingest``: files, folders and collections, as one lazy stream.

Files and folders are expanded by ``geo.ingest.expand_paths`` (bad paths become failures in
their place); an article file is read whole, a collection (``geo.ingest.collections``) row by
row, so a dump of millions of articles is never held in memory.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from geo.config import Settings
from geo.errors import SourceFormatError
from geo.ingest import ReadFailure, expand_paths, is_collection, read_article, read_collection
from geo.ingest.rows import Columns
from geo.models import Article

Item = Article | ReadFailure


def iter_sources(paths: Iterable[str | Path], *, columns: Columns | None = None, published: date | None = None,
                 settings: Settings | None = None) -> Iterator[Item]:
    """Every article under ``paths``, in order, with a ``ReadFailure`` in place of each one that cannot be read.

    Parameters
    ----------
    paths
        Article files, folders of them, and collection files (JSON Lines, CSV, Parquet, WARC).
    columns
        The column mapping of the collections (``--text-col``...).
    published
        A published date for every article, overriding sidecars and rows.
    settings
        Limits and the date window.
    """
    settings = settings or Settings.from_env()
    for item in expand_paths(paths):
        if isinstance(item, ReadFailure):
            yield item
        elif is_collection(item):
            yield from read_collection(item, columns=columns, published=published, settings=settings)
        else:
            try:
                yield read_article(item, published=published, settings=settings)
            except SourceFormatError as err:
                yield ReadFailure(str(item), str(err))


def count_sources(paths: Iterable[str | Path]) -> int:
    """How many items ``iter_sources`` will give for ``paths``, or 0 when a collection makes it unknown ahead."""
    items = expand_paths(paths)
    return 0 if any(not isinstance(i, ReadFailure) and is_collection(i) for i in items) else len(items)


__all__ = ["Item", "count_sources", "iter_sources"]
