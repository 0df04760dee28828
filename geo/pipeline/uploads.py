"""Ingests uploaded files and pasted text into the store, one result per upload, so a bad one loses nothing else."""
from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from geo.config import Settings
from geo.errors import GeoError
from geo.ingest import ReadFailure, article_from_bytes, is_collection
from geo.ingest.collections import read_stream
from geo.pipeline.article import ingest_article
from geo.pipeline.files import unexpected_failure
from geo.pipeline.report import FileResult, Progress, RunReport
from geo.store import EventStore


def ingest_uploads(files: Sequence[tuple[str, bytes]], store: EventStore, *, published: date | None = None,
                   progress: Progress | None = None, settings: Settings | None = None) -> RunReport:
    """Read, extract and store each uploaded file; every file gets its own result.

    A file that cannot be read (empty, binary, not UTF-8, unsupported type...) or whose
    extraction fails is reported with its message and skipped; the others are stored. Metadata an
    upload does not give (no date ticked, no title) keeps what the store holds for that article.

    Parameters
    ----------
    files
        ``(file name, bytes)`` pairs; the suffix picks the reader (.txt, .md, .html...).
        A ``geo.ingest.upload.Upload`` also brings its own title and published date. A collection
        (.jsonl, .csv, .parquet, .warc...) gives one result per row, with the default column names.
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
        One ``FileResult`` per file (per row of a collection), in order.
    """
    settings = settings or Settings.from_env()
    report = RunReport()
    total = len(files)
    for done, item in enumerate(files, 1):
        name, data = item
        meta = getattr(item, "meta", None)
        if is_collection(name):
            report.results.extend(_collection_results(name, data, store, published, settings))
            if progress:
                progress(done, total, name)
            continue
        try:
            article = article_from_bytes(name, data, meta=meta, settings=settings,
                                         published=(meta.published if meta and meta.published else published))
            report.results.append(ingest_article(article, store, settings=settings))
        except GeoError as err:
            report.results.append(FileResult(name, False, str(err)))
        except Exception as err:  # noqa: BLE001 - one broken article must not lose the rest of the batch
            report.results.append(unexpected_failure(name, err))
        if progress:
            progress(done, total, name)
    return report


def _collection_results(name: str, data: bytes, store: EventStore, published: date | None,
                        settings: Settings) -> list[FileResult]:
    """One result per row of an uploaded collection: each row ingested as an uploaded file would be."""
    results: list[FileResult] = []
    for row in read_stream(io.BytesIO(data), name, published=published, settings=settings):
        if isinstance(row, ReadFailure):
            results.append(FileResult(name, False, row.error))
            continue
        try:
            results.append(ingest_article(row, store, settings=settings))
        except GeoError as err:
            results.append(FileResult(row.path, False, str(err)))
        except Exception as err:  # noqa: BLE001 - one broken row must not lose the rest
            results.append(unexpected_failure(row.name, err))
    return results
