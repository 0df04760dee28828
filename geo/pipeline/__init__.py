"""Pipeline: ingest -> extract -> resolve -> store over many files or uploads, one result per item, never stopping.

Modules: ``report`` (FileResult, RunReport), ``article`` (one Article into the store), ``files``
(paths and folders), ``uploads`` (uploaded bytes and pasted text); for large inputs ``sources`` (files,
folders and collections as one stream), ``workers`` (where extraction runs: this process, a process
pool, a Dask cluster), ``parallel`` (batches in order, one transaction each, resuming) and ``dataset``
(the Parquet events dataset of ``ingest --out``).
"""
from __future__ import annotations

from geo.pipeline.article import events_for, ingest_article, keep_stored_metadata
from geo.pipeline.files import ingest_paths
from geo.pipeline.report import FileResult, Progress, RunReport, result_line
from geo.pipeline.uploads import ingest_uploads

__all__ = ["FileResult", "Progress", "RunReport", "events_for", "ingest_article", "ingest_paths", "ingest_uploads",
           "keep_stored_metadata", "result_line"]
