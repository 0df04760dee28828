"""Runs ingest -> extract -> resolve -> store over many files and reports per-file results instead of stopping."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo.config import Settings
from geo.errors import GeoError, SourceFormatError
from geo.extract import EventExtractor, default_extractor
from geo.ingest import iter_article_paths, read_article
from geo.models import Article, Event
from geo.resolve import PlaceResolver, default_resolver
from geo.store import EventStore


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: ok (stored or unchanged) or failed, with a message."""

    path: str
    ok: bool
    message: str
    events: int = 0
    changed: bool = False


@dataclass
class RunReport:
    """Per-file results of one ingest run."""

    results: list[FileResult] = field(default_factory=list)

    @property
    def failures(self) -> list[FileResult]:
        """The files that could not be ingested."""
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        """True when every file went in."""
        return not self.failures

    def summary(self) -> str:
        """One line: files read, stored, unchanged, failed and events."""
        good = [r for r in self.results if r.ok]
        return (f"{len(self.results)} file(s): {sum(r.changed for r in good)} stored, "
                f"{sum(not r.changed for r in good)} unchanged, {len(self.failures)} failed; "
                f"{sum(r.events for r in good)} event(s)")


Progress = Callable[[int, int, str], None]


def events_for(article: Article, *, extractor: EventExtractor | None = None,
               resolver: PlaceResolver | None = None) -> list[Event]:
    """Extract one article's events and resolve their places: the two stages every caller runs together."""
    found = (extractor or default_extractor()).extract_article(article)
    return (resolver or default_resolver()).resolve_article(article, found.events, found.places)


def ingest_article(article: Article, store: EventStore) -> FileResult:
    """Extract one article's events, resolve their places, and store both."""
    events = events_for(article)
    changed = store.save(article, events)
    return FileResult(article.path, True, f"{len(events)} event(s)" + ("" if changed else ", unchanged"),
                      len(events), changed)


def ingest_paths(paths: Iterable[str | Path], store: EventStore, *, published: date | None = None,
                 settings: Settings | None = None, progress: Progress | None = None) -> RunReport:
    """Ingest every article under ``paths`` into ``store``; a bad file is reported and skipped.

    ``progress(done, total, path)`` is called after each file.
    """
    report = RunReport()
    try:
        files = list(iter_article_paths(paths))
    except SourceFormatError as err:
        report.results.append(FileResult(str(err).split(":")[0], False, str(err)))
        return report
    for i, path in enumerate(files, 1):
        try:
            report.results.append(ingest_article(read_article(path, published=published, settings=settings), store))
        except GeoError as err:
            report.results.append(FileResult(str(path), False, str(err)))
        except Exception as err:  # noqa: BLE001 - one broken article must not lose the rest of the batch
            report.results.append(FileResult(str(path), False, f"{path.name}: extraction failed "
                                             f"({type(err).__name__}: {err}); please report this article"))
        if progress:
            progress(i, len(files), str(path))
    return report
