"""Ingests the files and folders given on a command line; every bad path or file is reported and the rest go in."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from geo.config import Settings
from geo.errors import GeoError
from geo.ingest import ReadFailure, expand_paths, read_article
from geo.pipeline.article import ingest_article
from geo.pipeline.report import FileResult, Progress, RunReport
from geo.store import EventStore


def unexpected_failure(name: str, err: Exception) -> FileResult:
    """The result of a file whose extraction raised something no check foresaw."""
    return FileResult(name, False, f"{name}: extraction failed ({type(err).__name__}: {err}); "
                                   "please report this article")


def ingest_paths(paths: Iterable[str | Path], store: EventStore, *, published: date | None = None,
                 settings: Settings | None = None, progress: Progress | None = None) -> RunReport:
    """Ingest every article under ``paths`` into ``store``; a bad path or file is reported and skipped.

    Missing paths, link loops, unreadable folders and unsupported files each get a failed result
    in their place (``geo.ingest.expand_paths``), as do files that cannot be read as articles.
    ``progress(done, total, path)`` is called after each of them.
    """
    settings = settings or Settings.from_env()
    report = RunReport()
    items = expand_paths(paths)
    for i, item in enumerate(items, 1):
        if isinstance(item, ReadFailure):
            report.results.append(FileResult(item.path, False, item.error))
        else:
            try:
                article = read_article(item, published=published, settings=settings)
                report.results.append(ingest_article(article, store, settings=settings))
            except GeoError as err:
                report.results.append(FileResult(str(item), False, str(err)))
            except Exception as err:  # noqa: BLE001 - one broken article must not lose the rest of the batch
                report.results.append(unexpected_failure(item.name, err))
        if progress:
            progress(i, len(items), item.path if isinstance(item, ReadFailure) else str(item))
    return report
