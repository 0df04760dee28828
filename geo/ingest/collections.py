"""Article collections: files holding many articles (JSON Lines, CSV, Parquet, WARC), read as a stream of articles.

A collection is recognised by its name (``news.jsonl``, ``dump.csv.gz``, ``crawl.warc.gz``...) and
read by the reader registered for its format, one article per row or record, each built by
``geo.ingest.rows.article_from_row``. Folders are walked by ``geo.ingest.expand_paths`` as
usual: the collection suffixes are registered with the article readers (``geo.ingest.readers``),
so a collection in a folder is found like any article file, and the pipeline reads it here.

Adding a format: write a reader ``(stream, Collection) -> Iterator[Article | ReadFailure]`` and
register it with :func:`register_collection` and its suffixes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path, PurePath
from typing import BinaryIO

from geo.config import Settings
from geo.errors import SourceFormatError
from geo.ingest.files import cannot_open, regular_file
from geo.ingest.paths import ReadFailure
from geo.ingest.readers import register_reader
from geo.ingest.rows import Collection, Columns
from geo.ingest.tables import gunzipped, read_csv, read_jsonl, read_parquet
from geo.ingest.warc import read_warc
from geo.models import Article

CollectionReader = Callable[[BinaryIO, Collection], Iterator[Article | ReadFailure]]
COLLECTION_READERS: dict[str, CollectionReader] = {}
# Suffix (as the name ends, lower case) -> (format, gzip-compressed?). Longest suffixes are tried first.
COLLECTION_SUFFIXES: dict[str, tuple[str, bool]] = {}


def register_collection(fmt: str, reader: CollectionReader, suffixes: tuple[str, ...],
                        gzip_suffixes: tuple[str, ...] = ()) -> None:
    """Read files ending in ``suffixes`` (and, decompressed, in ``gzip_suffixes``) as collections of format ``fmt``."""
    COLLECTION_READERS[fmt] = reader
    for suffix in suffixes:
        COLLECTION_SUFFIXES[suffix.lower()] = (fmt, False)
    for suffix in gzip_suffixes:
        COLLECTION_SUFFIXES[suffix.lower()] = (fmt, True)
    for suffix in (*suffixes, *gzip_suffixes):
        register_reader(PurePath("x" + suffix).suffix, _not_one_article)


def _not_one_article(text: str) -> tuple[str, str, str]:
    raise SourceFormatError("this file is a collection of articles (or a compressed file); it is read row by row "
                            "by `python -m geo ingest` and `extract`, not as one article")


register_collection("jsonl", read_jsonl, (".jsonl", ".ndjson"), (".jsonl.gz", ".ndjson.gz"))
register_collection("csv", read_csv, (".csv",), (".csv.gz",))
register_collection("parquet", read_parquet, (".parquet", ".pq"))
# WARC files are gzip-compressed record by record; warcio reads both forms itself.
register_collection("warc", read_warc, (".warc", ".warc.gz", ".arc.gz"))


def collection_format(name: str) -> tuple[str, bool] | None:
    """``(format, gzip-compressed)`` of a collection file name, or None for anything else.

    >>> collection_format("dump.jsonl.gz"), collection_format("a.txt"), collection_format("CRAWL.WARC.GZ")
    (('jsonl', True), None, ('warc', False))
    """
    lower = name.lower()
    for suffix in sorted(COLLECTION_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return COLLECTION_SUFFIXES[suffix]
    return None


def is_collection(path: str | Path) -> bool:
    """Is ``path`` (by its name) an article collection?"""
    return collection_format(PurePath(str(path)).name) is not None


def read_stream(stream: BinaryIO, name: str, *, columns: Columns | None = None, published: date | None = None,
                settings: Settings | None = None, path: str | None = None) -> Iterator[Article | ReadFailure]:
    """The articles (and failures) of a collection given as an open binary stream, in row order.

    Parameters
    ----------
    stream
        The collection's bytes (a file, an upload); Parquet needs a seekable stream.
    name
        Its file name, which picks the format and names the articles (``name#row``).
    columns
        Which columns hold the text, date, title, url, source and id (defaults otherwise).
    published
        A date that replaces every row's own.
    settings
        Limits (``max_file_mb`` per article) and the date window.
    path
        How articles' paths begin (default: ``name``).
    """
    found = collection_format(name)
    if found is None:
        yield ReadFailure(path or name, f"{name}: not an article collection; expected a name ending in "
                                        f"{sorted(COLLECTION_SUFFIXES)}")
        return
    fmt, compressed = found
    collection = Collection(path or name, columns or Columns(), published, settings or Settings.from_env())
    yield from COLLECTION_READERS[fmt](gunzipped(stream) if compressed else stream, collection)


def read_collection(path: str | Path, *, columns: Columns | None = None, published: date | None = None,
                    settings: Settings | None = None) -> Iterator[Article | ReadFailure]:
    """The articles (and failures) of a collection file, streamed in row order.

    A file that cannot be opened (missing, a folder, a pipe, no permission) is one failure.
    """
    path = Path(path)
    try:
        regular_file(path)
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the last row is read
    except SourceFormatError as err:
        yield ReadFailure(str(path), str(err))
        return
    except OSError as err:
        yield ReadFailure(str(path), str(cannot_open(str(path), err)))
        return
    with stream:
        yield from read_stream(stream, path.name, columns=columns, published=published, settings=settings,
                               path=str(path))


__all__ = ["COLLECTION_READERS", "COLLECTION_SUFFIXES", "Columns", "collection_format", "is_collection",
           "read_collection", "read_stream", "register_collection"]
