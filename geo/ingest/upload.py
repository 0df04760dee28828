"""Ingests uploaded files and pasted text into the store, one result per upload, so a bad one loses nothing else."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from geo.config import Settings
from geo.errors import GeoError, SourceFormatError
from geo.ingest import article_from_bytes
from geo.ingest.meta import ArticleMeta
from geo.pipeline import FileResult, Progress, RunReport, ingest_article
from geo.store import EventStore


class Upload(tuple):
    """A ``(name, data)`` pair that also carries the article's title and published date.

    It unpacks, compares and indexes like the plain pair, so it can sit in the same list as
    ``(name, bytes)`` tuples from a file uploader; :func:`ingest_uploads` reads ``meta`` from it.
    """

    meta: ArticleMeta

    def __new__(cls, name: str, data: bytes, meta: ArticleMeta | None = None) -> "Upload":
        pair = super().__new__(cls, (name, data))
        pair.meta = meta or ArticleMeta()
        return pair


def pasted_article(text: str, *, title: str = "", published: date | None = None) -> Upload:
    """Turn pasted text into an upload named ``pasted-<hash8>.txt``.

    The text is kept exactly as pasted (it is what the article reader shows); the title and
    published date travel as metadata, as a ``NAME.meta.json`` sidecar does for files.

    Parameters
    ----------
    text
        The article text.
    title
        Its title; when empty the first line is used if it reads as a headline.
    published
        Its publication date, the anchor for relative dates ("on Tuesday").

    Returns
    -------
    Upload
        A ``(name, data)`` pair for :func:`ingest_uploads`.

    Raises
    ------
    SourceFormatError
        When ``text`` is empty or only whitespace.

    Examples
    --------
    >>> name, data = pasted_article("Two B-1B bombers flew on Monday.", title="Bombers")
    >>> name.startswith("pasted-") and name.endswith(".txt"), data
    (True, b'Two B-1B bombers flew on Monday.')
    """
    if not text.strip():
        raise SourceFormatError("pasted text is empty; paste the text of a news article")
    data = text.encode("utf-8")
    # The name depends on the text only, so pasting the same article twice updates one stored article.
    name = f"pasted-{hashlib.sha256(data).hexdigest()[:8]}.txt"
    return Upload(name, data, ArticleMeta(published=published, title=title.strip()))


def result_line(result: FileResult) -> str:
    """One line for a result: ``name: message`` (the name is not repeated if the message starts with it)."""
    name = result.path.replace("\\", "/").rsplit("/", 1)[-1]
    return result.message if result.message.startswith(name) else f"{name}: {result.message}"


def ingest_uploads(files: Sequence[tuple[str, bytes]], store: EventStore, *, published: date | None = None,
                   progress: Progress | None = None, settings: Settings | None = None) -> RunReport:
    """Read, extract and store each uploaded file; every file gets its own result.

    A file that cannot be read (empty, binary, not UTF-8, unsupported type...) or whose
    extraction fails is reported with its message and skipped; the others are stored.

    Parameters
    ----------
    files
        ``(file name, bytes)`` pairs; the suffix picks the reader (.txt, .md, .html...).
        An :class:`Upload` also brings its own title and published date.
    store
        Where articles and events go.
    published
        Publication date for files that do not carry one (an upload's own date wins).
    progress
        Called as ``progress(done, total, name)`` after each file.
    settings
        Limits such as the largest file accepted; from the environment by default.

    Returns
    -------
    RunReport
        One ``FileResult`` per file, in order.
    """
    settings = settings or Settings.from_env()
    report = RunReport()
    total = len(files)
    for done, item in enumerate(files, 1):
        name, data = item
        meta = getattr(item, "meta", None)
        try:
            article = article_from_bytes(name, data, meta=meta, settings=settings,
                                         published=(meta.published if meta and meta.published else published))
            report.results.append(ingest_article(article, store))
        except GeoError as err:
            report.results.append(FileResult(name, False, str(err)))
        except Exception as err:  # noqa: BLE001 - one broken article must not lose the rest of the batch
            report.results.append(FileResult(name, False, f"{name}: extraction failed "
                                             f"({type(err).__name__}: {err}); please report this article"))
        if progress:
            progress(done, total, name)
    return report
