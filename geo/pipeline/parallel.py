"""Extraction on every core (or a cluster) and ingest in batches: a stream of articles in, results out in input order.

The articles (``geo.pipeline.sources``) are cut into batches. For each batch this process decides
what needs extracting (an article already stored with the same name and metadata does not: an
interrupted ingest resumes by skipping what it stored), sends the rest to an executor
(``geo.pipeline.workers``: this process, a process pool or a Dask cluster), and takes the
results back batch by batch, in the order they were sent, so the output is the same whatever
the number of workers. At most a few batches are in flight, so memory does not grow with the
size of the input.

Ingest writes each batch in one transaction (``geo.store.batch``), through the same
``ingest_article`` a single file goes through, so names, metadata, repeated texts and re-ingest
behave as for files. Articles the relevance gate (``geo.extract.gate``) passes over cannot hold
an event and are not stored; the report counts them.
"""
from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from geo.config import Settings
from geo.errors import GeoError
from geo.ingest import ReadFailure
from geo.models import Article, Event
from geo.pipeline.article import ingest_article, keep_stored_metadata
from geo.pipeline.files import unexpected_failure
from geo.pipeline.report import FileResult, Progress
from geo.pipeline.sources import Item
from geo.pipeline.workers import (Executor, Extracted, InlineExecutor, ProcessExecutor, available_cores,
                                  extract_batch)
from geo.store import EventStore
from geo.store.batch import batch as store_batch
from geo.store.batch import enable_wal, stored_event_count

# Articles per batch: per task sent to a worker, and per transaction of the store.
BATCH_SIZE = 256
# Failure messages a report keeps (the count goes on): a dump with a million broken rows must not fill memory.
MAX_FAILURES_KEPT = 1000


@dataclass(frozen=True)
class RunOptions:
    """How a run extracts.

    Attributes
    ----------
    workers
        Local worker processes; None means one per available core. An input of less than one
        batch runs in this process, where starting workers would cost more than it saves.
    gate
        Pass over articles the relevance gate says cannot hold an event.
    batch_size
        Articles per task and per store transaction.
    executor
        Where to extract instead of local processes (a ``DaskExecutor``); the caller shuts it down.
    keep_hedged
        Keep planned, hypothetical, cancelled and denied events (``extract --keep-hedged``).
    """

    workers: int | None = None
    gate: bool = True
    batch_size: int = BATCH_SIZE
    executor: Executor | None = None
    keep_hedged: bool = False


@dataclass(frozen=True)
class Plan:
    """What one item of a batch needs: ``fail`` (unreadable), ``extract``, ``keep`` (stored as it is) or ``store``
    (stored without extraction: a text already stored under another name)."""

    action: str
    article: Article | None = None
    gate: bool = False
    stored_events: int = 0


Planner = Callable[[Item], Plan]


def _plain_plan(gate: bool) -> Planner:
    def plan(item: Item) -> Plan:
        # Extracted as ingest would store it (an untitled file named after itself), so the two agree.
        return Plan("fail") if isinstance(item, ReadFailure) else Plan("extract", keep_stored_metadata(item, None), gate)
    return plan


def _batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while batch := list(islice(items, size)):
        yield batch


class _Runner:
    """Sends batches to an executor and yields them back, in order, with their extraction outcomes."""

    def __init__(self, options: RunOptions, small: bool):
        self.options = options
        self.own = options.executor is None
        if options.executor is not None:
            self.executor: Executor = options.executor
        else:
            workers = options.workers or available_cores()
            self.executor = InlineExecutor() if workers <= 1 or small else ProcessExecutor(workers)
        self.window = max(2, 2 * self.executor.workers)

    def run(self, batches: Iterable[list[Item]], plan: Planner
            ) -> Iterator[list[tuple[Item, Plan, Extracted | None]]]:
        pending: deque = deque()
        try:
            for batch in batches:
                plans = [plan(item) for item in batch]
                todo = [(p.article, p.gate) for p in plans if p.action == "extract"]
                future = self.executor.submit(extract_batch, todo, self.options.keep_hedged) if todo else None
                pending.append((batch, plans, todo, future))
                while len(pending) >= self.window:
                    yield self._collect(*pending.popleft())
            while pending:
                yield self._collect(*pending.popleft())
        finally:
            if self.own:
                self.executor.shutdown()

    def _collect(self, batch: list[Item], plans: list[Plan], todo: list, future
                 ) -> list[tuple[Item, Plan, Extracted | None]]:
        outcomes: list[Extracted] = []
        if future is not None:
            try:
                outcomes = future.result()
            except Exception:  # noqa: BLE001 - a lost worker or cluster task: extract the batch here instead
                if not isinstance(self.executor, InlineExecutor) and self.own:
                    self.executor.shutdown()
                    self.executor, self.own = InlineExecutor(), True
                outcomes = extract_batch(todo, self.options.keep_hedged)
        it = iter(outcomes)
        return [(item, p, next(it) if p.action == "extract" else None) for item, p in zip(batch, plans)]


def run_batches(items: Iterable[Item], options: RunOptions, plan: Planner | None = None
                ) -> Iterator[list[tuple[Item, Plan, Extracted | None]]]:
    """The items with their plan and extraction outcome, a batch at a time, in input order.

    ``plan`` decides what each item needs (default: extract every article, gated as the options
    say). It is called for a batch just before the batch is sent, so it may read the store as
    the batches before it left it.
    """
    stream = iter(items)
    first = list(islice(stream, options.batch_size))
    runner = _Runner(options, small=len(first) < options.batch_size)
    batches = _batches(stream, options.batch_size)
    yield from runner.run(_chain(first, batches), plan or _plain_plan(options.gate))


def _chain(first: list[Item], rest: Iterator[list[Item]]) -> Iterator[list[Item]]:
    if first:
        yield first
    yield from rest


def extract_stream(items: Iterable[Item], options: RunOptions | None = None
                   ) -> Iterator[tuple[Item, Extracted | None]]:
    """Each item with what extraction made of it (None for an unreadable one), in input order."""
    for batch in run_batches(items, options or RunOptions()):
        for item, _plan, outcome in batch:
            yield item, outcome


@dataclass
class StreamReport:
    """The results of a long run, counted: what went in, what was skipped, and the failures and repeated texts
    (the first ones of each kept).

    ``results`` holds every result only when the report was made with ``keep_results=True``.
    """

    keep_results: bool = False
    counts: Counter = field(default_factory=Counter)
    events: int = 0
    failures: list[FileResult] = field(default_factory=list)
    same_text: list[FileResult] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)

    def add(self, result: FileResult, kind: str) -> None:
        """Count one item's result; ``kind`` is stored, unchanged, source, skipped or failed."""
        self.counts[kind] += 1
        self.events += result.events if result.ok else 0
        if not result.ok and len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(result)
        if result.ok and result.duplicate_of and len(self.same_text) < MAX_FAILURES_KEPT:
            self.same_text.append(result)
        if self.keep_results:
            self.results.append(result)

    @property
    def total(self) -> int:
        """Items seen."""
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.counts["failed"]

    def summary(self) -> str:
        """One line: articles, stored, unchanged, same text, skipped by the gate, failed; events.

        >>> r = StreamReport(); r.add(FileResult("a.txt", True, "", 2, True), "stored")
        >>> r.add(FileResult("b.txt", True, "", 0, False), "skipped"); r.summary()
        '2 article(s): 1 stored, 0 unchanged, 1 skipped by the relevance gate, 0 failed; 2 event(s)'
        """
        c = self.counts
        same = f"{c['source']} same text as a stored article, " if c["source"] else ""
        return (f"{self.total} article(s): {c['stored']} stored, {c['unchanged']} unchanged, {same}"
                f"{c['skipped']} skipped by the relevance gate, {c['failed']} failed; {self.events} event(s)")


def _kind(result: FileResult) -> str:
    if not result.ok:
        return "failed"
    if result.duplicate_of and result.changed:
        return "source"
    return "stored" if result.changed else "unchanged"


def store_planner(store: EventStore, gate: bool) -> Planner:
    """The plan of an item for ingest into ``store``: stored articles are kept, not extracted again.

    An article stored under the same name with the same metadata is kept as it is (this is how an
    interrupted ingest resumes); one stored under another name is recorded as another source; a
    stored one with new metadata is extracted again, past the gate, as a re-ingested file is.
    """
    def plan(item: Item) -> Plan:
        if isinstance(item, ReadFailure):
            return Plan("fail")
        stored = store.article(item.id)
        if stored is None:
            return Plan("extract", keep_stored_metadata(item, None), gate)
        if stored.name != item.name:
            return Plan("store", item)
        kept = keep_stored_metadata(item, stored)
        if (kept.path, kept.title, kept.published, kept.source, kept.url) == \
                (stored.path, stored.title, stored.published, stored.source, stored.url):
            return Plan("keep", item, stored_events=stored_event_count(store, item.id))
        return Plan("extract", kept, False)
    return plan


def commit_item(store: EventStore, item: Item, plan: Plan, outcome: Extracted | None,
                settings: Settings, *, regroup: bool = True) -> tuple[FileResult, str]:
    """Store one item as planned; returns its result and kind (see ``StreamReport.add``).

    With ``regroup=False`` the sorties are left to the caller (``commit_batch`` regroups once a batch).
    """
    if isinstance(item, ReadFailure):
        return FileResult(item.path, False, item.error), "failed"
    try:
        if plan.action == "keep":
            n = plan.stored_events
            return FileResult(item.path, True, f"{n} event(s), unchanged", n, False), "unchanged"
        if plan.action == "store":
            result = ingest_article(item, store, settings=settings, regroup=regroup)
            return result, _kind(result)
        assert outcome is not None
        if outcome.status == "skipped":
            return FileResult(item.path, True, "no event can be read from it (relevance gate); not stored"), "skipped"
        if outcome.status == "failed":
            return FileResult(item.path, False, outcome.error), "failed"
        result = ingest_article(item, store, settings=settings, extracted=(plan.article, list(outcome.events)),
                                regroup=regroup)
        return result, _kind(result)
    except GeoError as err:
        return FileResult(item.path, False, str(err)), "failed"
    except Exception as err:  # noqa: BLE001 - one broken article must not lose the rest of the batch
        return unexpected_failure(item.name, err), "failed"


def commit_batch(store: EventStore, batch: list[tuple[Item, Plan, Extracted | None]],
                 settings: Settings) -> list[tuple[FileResult, str]]:
    """Store a batch in one transaction, leaving the sorties to be regrouped once the run ends.

    Grouping reports into sorties does not depend on the order they arrive in (``geo.sorties``),
    so one regrouping at the end (``geo.store.sorties.ensure_sorties``: every event not yet in a
    sortie, every sortie report whose event is gone) gives the sorties that regrouping after each
    article would, at the cost of one. A run killed before its end leaves those events ungrouped;
    the next run, or the first reader of the sorties, groups them.
    """
    with store_batch(store):
        return [commit_item(store, item, plan, outcome, settings, regroup=False) for item, plan, outcome in batch]


def ingest_stream(items: Iterable[Item], store: EventStore, *, options: RunOptions | None = None,
                  settings: Settings | None = None, progress: Progress | None = None,
                  report: StreamReport | None = None) -> StreamReport:
    """Ingest a stream of articles into ``store``: extracted on the options' workers, stored a batch per transaction.

    The store is switched to WAL mode first, so the dashboard can read it meanwhile. Killing the
    run loses at most the batches not yet committed; running it again keeps what was stored and
    extracts the rest, and ends with the same store as one uninterrupted run. The sorties are
    regrouped once, at the end.

    Parameters
    ----------
    items
        Articles and read failures, as ``geo.pipeline.sources.iter_sources`` gives them.
    store
        Where articles and events go.
    options
        Workers, gate, batch size, executor.
    settings
        The date window and limits.
    progress
        Called as ``progress(done, 0, name)`` after each item (the total is not known ahead).
    report
        The report to add to (a new one by default).
    """
    options = options or RunOptions()
    settings = settings or Settings.from_env()
    report = report if report is not None else StreamReport()
    enable_wal(store)
    done = 0
    for batch in run_batches(items, options, store_planner(store, options.gate)):
        for result, kind in commit_batch(store, batch, settings):
            report.add(result, kind)
            done += 1
            if progress:
                progress(done, 0, result.path)
    regroup_sorties(store)
    return report


def regroup_sorties(store: EventStore) -> None:
    """Group the events a run stored into sorties, once, at its end (see ``commit_batch``).

    ``ensure_sorties`` regroups every event not yet in a sortie (and drops reports whose event is gone)
    in one go. It holds those events' reports in memory, about 30 kB an event (110 MB for the 3,400
    events of a 100,000-article run); regrouping them a chunk at a time took seven times as long and
    held as much.
    """
    from geo.store.sorties import ensure_sorties

    with store_batch(store):
        ensure_sorties(store)


def events_of(outcome: Extracted | None) -> list[Event]:
    """The events of an outcome (none for a skipped, failed or unreadable item)."""
    return list(outcome.events) if outcome is not None and outcome.status == "events" else []


__all__ = ["BATCH_SIZE", "Plan", "RunOptions", "StreamReport", "commit_batch", "commit_item", "events_of",
           "extract_stream",
           "ingest_stream", "run_batches", "store_planner"]
