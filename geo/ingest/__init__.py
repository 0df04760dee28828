"""Ingest stage: files (or uploaded bytes) -> ``Article`` with metadata, through a registry of readers by suffix.

Adding a format: write ``geo/ingest/<fmt>.py`` with a ``parse_<fmt>(text) -> (title, body, published)``
function, register it below with ``register_reader``, and add ``tests/ingest/test_<fmt>.py``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.config import Settings
from geo.errors import SourceFormatError
from geo.ingest.decode import decode_text
from geo.ingest.html import parse_html
from geo.ingest.meta import ArticleMeta, parse_published, read_meta
from geo.ingest.text import parse_markdown, parse_text
from geo.models import Article, content_id

# A reader turns decoded text into (title, body, published-as-written).
Reader = Callable[[str], tuple[str, str, str]]
READERS: dict[str, Reader] = {}


def register_reader(suffix: str, reader: Reader) -> None:
    """Make ``reader`` handle files ending in ``suffix`` (".txt")."""
    READERS[suffix.lower()] = reader


register_reader(".txt", lambda text: (*parse_text(text), ""))
register_reader(".md", lambda text: (*parse_markdown(text), ""))
register_reader(".markdown", lambda text: (*parse_markdown(text), ""))
register_reader(".html", parse_html)
register_reader(".htm", parse_html)


def supported_suffixes() -> list[str]:
    """File suffixes the ingest stage reads."""
    return sorted(READERS)


def article_from_bytes(name: str, data: bytes, *, meta: ArticleMeta | None = None,
                       published: date | None = None, settings: Settings | None = None) -> Article:
    """Build an ``Article`` from a file's bytes (used for files on disk and for uploads).

    Raises
    ------
    SourceFormatError
        When the suffix is unsupported or the bytes are not a readable article.
    """
    settings = settings or Settings.from_env()
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise SourceFormatError(f"{name}: unsupported file type {suffix or '(none)'!r}; "
                                f"expected one of {supported_suffixes()}")
    text = decode_text(data, name=name, max_bytes=int(settings.max_file_mb * 1_000_000))
    title, body, published_raw = reader(text)
    if not body.strip():
        raise SourceFormatError(f"{name}: no article text left after removing markup")
    meta = meta or ArticleMeta()
    when = published or meta.published
    if when is None and published_raw:
        try:
            when = parse_published(published_raw, where=name)
        except SourceFormatError:
            when = None  # a malformed <meta> date is not worth failing the article over
    return Article(id=content_id(body), path=name, title=meta.title or title or Path(name).stem,
                   text=body, published=when, source=meta.source, url=meta.url)


def read_article(path: str | Path, *, published: date | None = None, settings: Settings | None = None) -> Article:
    """Read one article file with its ``NAME.meta.json`` sidecar, if any.

    ``published`` overrides the sidecar's date.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SourceFormatError(f"{path}: cannot read file ({err.strerror or err})") from err
    article = article_from_bytes(path.name, data, meta=read_meta(path), published=published, settings=settings)
    return Article(id=article.id, path=str(path), title=article.title, text=article.text,
                   published=article.published, source=article.source, url=article.url)


def iter_article_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into article files, sorted within each folder; sidecars are skipped.

    Raises
    ------
    SourceFormatError
        For a path that does not exist.
    """
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(p).parts)
                if child.is_file() and child.suffix.lower() in READERS and not hidden:
                    yield child
        elif p.exists():
            yield p
        else:
            raise SourceFormatError(f"{p}: no such file or folder")


@dataclass(frozen=True)
class ReadFailure:
    """A file that could not be read, and why."""

    path: str
    error: str


def read_articles(paths: Iterable[str | Path], *, published: date | None = None,
                  settings: Settings | None = None) -> tuple[list[Article], list[ReadFailure]]:
    """Read every article under ``paths``; bad files become ``ReadFailure`` entries instead of stopping."""
    articles: list[Article] = []
    failures: list[ReadFailure] = []
    for path in iter_article_paths(paths):
        try:
            articles.append(read_article(path, published=published, settings=settings))
        except SourceFormatError as err:
            failures.append(ReadFailure(str(path), str(err)))
    return articles, failures
