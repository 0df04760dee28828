"""A partitioned Parquet dataset of extracted events (``ingest --out DIR``), and loading one into the store.

A cluster run need not write to the SQLite store on the machine that drives it: with ``--out``
the results go to a folder that any machine can load with ``python -m geo ingest DIR``::

    DIR/sortie-dataset.json                  what the folder is, and its counts
    DIR/articles/part-000001.parquet         the articles extracted (text and metadata), one file per batch
    DIR/events/year=2017/part-000001.parquet their events, partitioned by the year of the event's date
    DIR/events/year=undated/...              events without a date

Each event row keeps its article's id, its position among the article's events, its key
columns and the whole event as JSON (the form the store keeps), so loading gives the same store
as ingesting the articles directly. Articles the relevance gate passed over are not written.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from geo.config import Settings
from geo.errors import ConfigurationError, SourceFormatError
from geo.ingest import ReadFailure
from geo.models import Article, Event, event_from_dict
from geo.pipeline.parallel import (Plan, RunOptions, StreamReport, commit_batch, regroup_sorties, run_batches,
                                   store_planner)
from geo.pipeline.report import FileResult, Progress
from geo.pipeline.sources import Item
from geo.pipeline.workers import Extracted
from geo.store import EventStore
from geo.store.batch import enable_wal

MANIFEST = "sortie-dataset.json"
FORMAT = "sortie-events"
VERSION = 1


def is_dataset(path: str | Path) -> bool:
    """Is ``path`` a folder written by :class:`DatasetWriter`?"""
    return (Path(path) / MANIFEST).is_file()


def _year(event: Event) -> str:
    return event.date[:4] if event.date else "undated"


class DatasetWriter:
    """Writes batches of ``(article, events)`` as parts of a dataset; :meth:`close` writes the manifest.

    Raises
    ------
    ConfigurationError
        When the folder exists and is not empty (a dataset is written into a new folder).
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        if self.folder.exists() and (not self.folder.is_dir() or any(self.folder.iterdir())):
            raise ConfigurationError(f"--out {self.folder}: the folder exists and is not empty; give a new folder "
                                     "for the dataset")
        (self.folder / "articles").mkdir(parents=True, exist_ok=True)
        self.parts = 0
        self.articles = 0
        self.events = 0

    def write(self, pairs: list[tuple[Article, list[Event]]]) -> None:
        """Write one part: these articles and their events."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not pairs:
            return
        self.parts += 1
        name = f"part-{self.parts:06d}.parquet"
        articles = pa.table({
            "id": [a.id for a, _ in pairs], "path": [a.path for a, _ in pairs], "title": [a.title for a, _ in pairs],
            "text": [a.text for a, _ in pairs],
            "published": [a.published.isoformat() if a.published else None for a, _ in pairs],
            "source": [a.source for a, _ in pairs], "url": [a.url for a, _ in pairs],
            "derived": [list(a.derived) for a, _ in pairs]})
        pq.write_table(articles, self.folder / "articles" / name)
        by_year: dict[str, list[tuple[int, int, Event]]] = {}
        for row, (_article, events) in enumerate(pairs):
            for seq, event in enumerate(events):
                by_year.setdefault(_year(event), []).append((row, seq, event))
        for year, rows in by_year.items():
            folder = self.folder / "events" / f"year={year}"
            folder.mkdir(parents=True, exist_ok=True)
            table = pa.table({
                "event_id": [e.event_id for _, _, e in rows], "article_id": [e.article_id for _, _, e in rows],
                # Which row of the part's articles file, and where among its events: the same text may come twice.
                "article_row": pa.array([r for r, _, _ in rows], pa.int32()),
                "seq": pa.array([s for _, s, _ in rows], pa.int32()), "kind": [e.kind for _, _, e in rows],
                "status": [e.status for _, _, e in rows], "date": [e.date for _, _, e in rows],
                "date_precision": [e.date_precision for _, _, e in rows],
                "data": [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for _, _, e in rows]})
            pq.write_table(table, folder / name)
        self.articles += len(pairs)
        self.events += sum(len(events) for _, events in pairs)

    def close(self) -> None:
        """Write the manifest that makes the folder a dataset."""
        manifest = {"format": FORMAT, "version": VERSION, "parts": self.parts, "articles": self.articles,
                    "events": self.events}
        (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SourceFormatError(f"{folder / MANIFEST}: not a readable dataset manifest ({err})") from err
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SourceFormatError(f"{folder / MANIFEST}: not a Sortie events dataset (format {FORMAT!r} expected)")
    if manifest.get("version") != VERSION:
        raise SourceFormatError(f"{folder / MANIFEST}: dataset version {manifest.get('version')!r}, this Sortie "
                                f"reads version {VERSION}; load it with the Sortie that wrote it")
    return manifest


def read_dataset(folder: str | Path) -> Iterator[tuple[Article, list[Event]]]:
    """The articles of a dataset with their events, part by part, in the order they were written.

    Raises
    ------
    SourceFormatError
        When the folder is not a dataset this Sortie can read, or a part is damaged.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    _manifest(folder)
    for part in sorted((folder / "articles").glob("part-*.parquet")):
        try:
            articles = pq.read_table(part).to_pylist()
            events: dict[int, list[tuple[int, Event]]] = {}
            for path in sorted((folder / "events").glob(f"year=*/{part.name}")):
                for row in pq.read_table(path, columns=["article_row", "seq", "data"]).to_pylist():
                    events.setdefault(row["article_row"], []).append(
                        (row["seq"], event_from_dict(json.loads(row["data"]))))
        except (pa.ArrowException, OSError, ValueError, KeyError) as err:
            raise SourceFormatError(f"{part}: cannot read this part of the dataset ({err})") from err
        for index, row in enumerate(articles):
            article = Article(id=row["id"], path=row["path"], title=row["title"], text=row["text"],
                              published=date.fromisoformat(row["published"]) if row["published"] else None,
                              source=row["source"], url=row["url"], derived=tuple(row.get("derived") or ()))
            yield article, [e for _, e in sorted(events.get(index, []), key=lambda se: se[0])]


def write_dataset(items: Iterator[Item], folder: str | Path, *, options: RunOptions | None = None,
                  progress: Progress | None = None, report: StreamReport | None = None) -> StreamReport:
    """Extract a stream of articles (on the options' workers or cluster) into a new dataset folder.

    The same batches as ``geo.pipeline.parallel.ingest_stream`` run, and each batch's articles
    with their events become one part. Articles are not deduplicated here; loading the dataset
    into a store does that as ingest does (a repeated text is another source of the first).
    """
    options = options or RunOptions()
    report = report if report is not None else StreamReport()
    writer = DatasetWriter(folder)
    done = 0
    try:
        for batch in run_batches(items, options):
            pairs: list[tuple[Article, list[Event]]] = []
            for item, plan, outcome in batch:
                done += 1
                if isinstance(item, ReadFailure):
                    report.add(FileResult(item.path, False, item.error), "failed")
                elif outcome is None or outcome.status == "failed":
                    report.add(FileResult(item.path, False, outcome.error if outcome else "not extracted"), "failed")
                elif outcome.status == "skipped":
                    report.add(FileResult(item.path, True, "no event can be read from it (relevance gate); not "
                                                           "written"), "skipped")
                else:
                    pairs.append((plan.article or item, list(outcome.events)))
                    report.add(FileResult(item.path, True, f"{len(outcome.events)} event(s)", len(outcome.events),
                                          True), "stored")
                if progress:
                    progress(done, 0, item.path)
            writer.write(pairs)
    finally:
        writer.close()
    return report


def ingest_dataset(folder: str | Path, store: EventStore, *, settings: Settings | None = None,
                   progress: Progress | None = None, report: StreamReport | None = None,
                   batch_size: int = 256) -> StreamReport:
    """Load a dataset written by :func:`write_dataset` into ``store``, a part's worth of articles per transaction.

    Each article goes through the same ``ingest_article`` as a file, with the dataset's events as
    its extraction, so the store is the one a direct ingest would have made (and a loaded article
    already stored is kept as it is).

    Raises
    ------
    SourceFormatError
        When the folder is not a dataset this Sortie can read.
    """
    settings = settings or Settings.from_env()
    report = report if report is not None else StreamReport()
    enable_wal(store)
    plan = store_planner(store, gate=False)
    done = 0
    pairs = read_dataset(folder)
    while chunk := [p for _, p in zip(range(batch_size), pairs)]:
        planned = []
        for article, events in chunk:
            decided = plan(article)
            outcome = None
            if decided.action == "extract":
                # The dataset's events are those of the article as written; ingest_article extracts
                # again only if the store's metadata makes it another article.
                decided, outcome = Plan("extract", article), Extracted("events", tuple(events))
            planned.append((article, decided, outcome))
        for result, kind in commit_batch(store, planned, settings):
            report.add(result, kind)
            done += 1
            if progress:
                progress(done, 0, result.path)
    regroup_sorties(store)
    return report


__all__ = ["DatasetWriter", "MANIFEST", "ingest_dataset", "is_dataset", "read_dataset", "write_dataset"]
