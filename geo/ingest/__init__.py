"""Ingest stage: files (or uploaded bytes) -> ``Article`` with metadata; nothing here stores or extracts.

Modules: ``readers`` (which suffixes are read, and how), ``files`` (safe, bounded reads), ``paths``
(folders -> article files and per-path failures), ``decode`` (bytes -> text), ``meta`` (sidecars,
the published-date window), ``html`` / ``text`` (the formats), ``upload`` (pasted text as an upload),
``collections`` (files of many articles: ``tables`` for JSON Lines, CSV and Parquet, ``warc`` for
crawls, ``rows`` for one row -> Article).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from geo.config import Settings
from geo.errors import SourceFormatError
from geo.ingest.decode import decode_text
from geo.ingest.files import read_bounded, regular_file
from geo.ingest.meta import ArticleMeta, check_published, parse_published, read_meta
from geo.ingest.paths import ReadFailure, expand_paths
from geo.ingest.readers import READERS, reader_for, register_reader, supported_suffixes
from geo.ingest.collections import is_collection, read_collection  # noqa: E402 - registers the collection suffixes
from geo.models import Article, content_id


def _max_bytes(settings: Settings) -> int:
    return int(settings.max_file_mb * 1_000_000)


def article_from_bytes(name: str, data: bytes, *, meta: ArticleMeta | None = None,
                       published: date | None = None, settings: Settings | None = None) -> Article:
    """Build an ``Article`` from a file's bytes (used for files on disk and for uploads).

    The published date is, in order: ``published``, the metadata's, the page's own ``<meta>`` date.
    The title is the metadata's, else the document's (HTML heading, a headline first line), else
    empty: the store names an untitled article by its file.

    Raises
    ------
    SourceFormatError
        When the suffix is unsupported, the bytes are not a readable article, or the published date
        lies outside the accepted window (``Settings.date_window``).
    """
    settings = settings or Settings.from_env()
    reader = reader_for(name)
    text = decode_text(data, name=name, max_bytes=_max_bytes(settings))
    title, body, published_raw = reader(text)
    if not body.strip():
        raise SourceFormatError(f"{name}: no article text left after removing markup; expected the text of "
                                "a news article (a page of only scripts, styles or navigation has none)")
    meta = meta or ArticleMeta()
    derived: list[str] = [] if meta.title else ["title"]
    if published is not None:
        when, origin = published, "the date given for this run"
    elif meta.published is not None:
        when, origin = meta.published, f"from {meta.origin or 'its metadata'}"
    else:
        origin = "from the page's <meta> date"
        derived.append("published")
        try:
            when = parse_published(published_raw, where=name)
        except SourceFormatError:
            when = None  # a malformed <meta> date is not worth failing the article over
    when = check_published(when, name=name, origin=origin, settings=settings)
    return Article(id=content_id(body), path=name, title=meta.title or title, text=body, published=when,
                   source=meta.source, url=meta.url, derived=tuple(derived))


def read_article(path: str | Path, *, published: date | None = None, settings: Settings | None = None) -> Article:
    """Read one article file with its ``NAME.meta.json`` sidecar, if any.

    ``published`` overrides the sidecar's date. The file's type is checked by its suffix and by
    ``stat`` before it is opened, and it is read in bounded chunks (``geo.ingest.files``).

    Raises
    ------
    SourceFormatError
        Naming the file: unsupported type, not a regular file, too large, unreadable, not an
        article, a bad sidecar, or a published date outside the window.
    """
    settings = settings or Settings.from_env()
    path = Path(path)
    regular_file(path)  # a pipe or device is refused by what it is, whatever its name
    reader_for(str(path))  # an unsupported file is refused before anything is read
    data = read_bounded(path, max_bytes=_max_bytes(settings))
    article = article_from_bytes(path.name, data, meta=read_meta(path), published=published, settings=settings)
    return replace(article, path=str(path))


def read_articles(paths: Iterable[str | Path], *, published: date | None = None,
                  settings: Settings | None = None) -> tuple[list[Article], list[ReadFailure]]:
    """Read every article under ``paths``; bad paths and files become ``ReadFailure`` entries instead of stopping."""
    settings = settings or Settings.from_env()
    articles: list[Article] = []
    failures: list[ReadFailure] = []
    for item in expand_paths(paths):
        if isinstance(item, ReadFailure):
            failures.append(item)
            continue
        try:
            articles.append(read_article(item, published=published, settings=settings))
        except SourceFormatError as err:
            failures.append(ReadFailure(str(item), str(err)))
    return articles, failures


__all__ = ["ArticleMeta", "READERS", "ReadFailure", "article_from_bytes", "expand_paths", "is_collection",
           "read_article", "read_articles", "read_bounded", "read_collection", "register_reader", "supported_suffixes"]
