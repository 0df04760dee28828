"""Where extraction runs: in this process, in a pool of local processes, or on a Dask cluster, behind one interface.

Every executor takes the same task, :func:`extract_batch` (the relevance gate, then extract and
resolve, for a list of articles), through ``submit(fn, *args)`` and hands back a future whose
``result()`` is that batch's outcomes. ``concurrent.futures`` and ``dask.distributed`` futures
both look so, which is why the local pool and a cluster run the same code path
(``geo.pipeline.parallel``). A worker needs the ``geo`` package and its ``data/`` folder, and no
network: vocabularies, gazetteer and catalogue are read from ``data/`` once per worker process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from geo.errors import ConfigurationError
from geo.extract import EventExtractor, default_extractor
from geo.extract.gate import default_gate
from geo.models import Article, Event
from geo.pipeline.article import events_for


@dataclass(frozen=True)
class Extracted:
    """What extraction made of one article: its events, or that the gate passed over it, or why it failed."""

    status: str  # "events", "skipped" (the relevance gate: it cannot hold an event) or "failed"
    events: tuple[Event, ...] = ()
    error: str = ""


@lru_cache(maxsize=1)
def _hedged_extractor() -> EventExtractor:
    return EventExtractor(keep_hedged=True)


def extract_batch(articles: list[tuple[Article, bool]], keep_hedged: bool = False) -> list[Extracted]:
    """Extract a batch of articles, each ``(article, gate)``: with ``gate`` the relevance gate may pass over it.

    Runs wherever the executor runs it (this process, a pool process, a Dask worker); the
    extractor, gate and resolver are built once per process. An article whose extraction raises
    becomes a failed outcome and the batch goes on. Events are returned without their mentions,
    which nothing after extraction reads, so less travels back from a worker.
    """
    extractor = _hedged_extractor() if keep_hedged else default_extractor()
    gate = default_gate(keep_hedged)
    out: list[Extracted] = []
    for article, gated in articles:
        try:
            if gated and not gate.passes(article.text):
                out.append(Extracted("skipped"))
                continue
            events = events_for(article, extractor=extractor)
            out.append(Extracted("events", tuple(replace(e, mentions=()) for e in events)))
        except Exception as err:  # noqa: BLE001 - one broken article must not lose the rest of the batch
            out.append(Extracted("failed", error=f"{article.name}: extraction failed ({type(err).__name__}: {err}); "
                                                 "please report this article"))
    return out


def warm_up() -> None:
    """Load what extraction reads (vocabularies, gazetteer, catalogue, gate) in this process, once."""
    extract_batch([(Article("warm-up", "warm-up.txt", "", "Two B-1B bombers flew over Guam on May 1.",
                            date(2017, 5, 2)), True)])


class Executor(Protocol):
    """What the pipeline needs of an executor: ``submit`` returning a future, and ``shutdown``."""

    workers: int

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        """Run ``fn(*args)`` somewhere; return a future with ``result()``."""

    def shutdown(self) -> None:
        """Release the workers."""


class InlineExecutor:
    """Runs each task at once, in this process: one worker, no start-up cost."""

    workers = 1

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future:
        """Run ``fn(*args)`` now; the future holds its result (or its exception)."""
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as err:  # noqa: BLE001 - handed to whoever asks for the result, as a pool would
            future.set_exception(err)
        return future

    def shutdown(self) -> None:
        """Nothing to release."""


class ProcessExecutor:
    """A pool of ``workers`` local processes.

    Where the platform can fork, the vocabularies are loaded here first and the workers start as
    copies of this process, already loaded; elsewhere each worker loads them when it starts.
    """

    def __init__(self, workers: int):
        if workers < 1:
            raise ConfigurationError(f"--workers must be at least 1, got {workers!r}")
        self.workers = workers
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods:
            warm_up()
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        else:
            self._pool = ProcessPoolExecutor(max_workers=workers, initializer=warm_up)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future:
        """Queue ``fn(*args)`` for the pool."""
        return self._pool.submit(fn, *args)

    def shutdown(self) -> None:
        """Stop the workers, dropping tasks not yet started."""
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks sent to an existing ``dask.distributed`` scheduler (``--dask ADDRESS``), or to a given client.

    Parameters
    ----------
    address
        The scheduler's address (``tcp://host:8786``), or a ``distributed.Client`` or cluster object.
    timeout
        How long to wait for the scheduler to answer.
    """

    def __init__(self, address: Any, *, timeout: str = "20s"):
        try:
            from distributed import Client
        except ImportError as err:  # pragma: no cover - distributed is in requirements.txt
            raise ConfigurationError("--dask needs the 'distributed' package (pip install distributed)") from err
        self._own = not isinstance(address, Client)
        try:
            self.client = Client(address, timeout=timeout) if self._own else address
        except (OSError, TimeoutError, ValueError) as err:
            raise ConfigurationError(f"cannot reach the Dask scheduler at {address!r} ({err}); start one with "
                                     "`dask scheduler` (and workers with `dask worker ADDRESS`), or check the address"
                                     ) from err
        self.workers = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any:
        """Send ``fn(*args)`` to the cluster (never cached by key: every batch is its own task)."""
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self) -> None:
        """Close the client if this executor opened it."""
        if self._own:
            self.client.close()


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


__all__ = ["DaskExecutor", "Executor", "Extracted", "InlineExecutor", "ProcessExecutor", "available_cores",
           "extract_batch", "warm_up"]
