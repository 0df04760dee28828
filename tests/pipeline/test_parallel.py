"""Tests of geo/pipeline/parallel.py and dataset.py: many workers give one worker's results, batches, WAL, resuming."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.config import Settings
from geo.pipeline.dataset import ingest_dataset, is_dataset, write_dataset
from geo.pipeline.parallel import RunOptions, events_of, extract_stream, ingest_stream
from geo.pipeline.sources import iter_sources
from geo.pipeline.workers import InlineExecutor, ProcessExecutor
from geo.store import open_store
from geo.store.batch import batch

from .invented import relevant, store_contents, write_collection

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    return write_collection(tmp_path_factory.mktemp("c") / "news.jsonl", 40, broken=(7,))


def _extracted(path: Path, options: RunOptions) -> list:
    return [(item.path, item.error if outcome is None else outcome.status,
             [e.to_dict() for e in events_of(outcome)]) for item, outcome in extract_stream(iter_sources([path]), options)]


def test_two_worker_processes_give_one_workers_events_in_the_same_order(collection):
    one = _extracted(collection, RunOptions(workers=1))
    pool = ProcessExecutor(2)
    try:
        two = _extracted(collection, RunOptions(executor=pool, batch_size=3))
    finally:
        pool.shutdown()
    assert two == one
    assert sum(len(events) for _, _, events in one) >= 13  # the 14 relevant rows, less the broken one
    assert [path for path, _, _ in one][:8] == [f"{collection}#r{i}" for i in range(7)] + [str(collection)]


def test_the_gate_skips_the_filler_and_loses_no_event(collection):
    gated = _extracted(collection, RunOptions(workers=1))
    ungated = _extracted(collection, RunOptions(workers=1, gate=False))
    assert [e for _, _, e in gated] == [e for _, _, e in ungated]
    assert sum(status == "skipped" for _, status, _ in gated) >= 20


def test_ingest_on_two_workers_makes_the_store_of_one(collection, tmp_path):
    with open_store(tmp_path / "one.sqlite") as one, open_store(tmp_path / "two.sqlite") as two:
        r1 = ingest_stream(iter_sources([collection]), one, options=RunOptions(workers=1))
        pool = ProcessExecutor(2)
        try:
            r2 = ingest_stream(iter_sources([collection]), two, options=RunOptions(executor=pool, batch_size=4))
        finally:
            pool.shutdown()
        assert store_contents(one) == store_contents(two)
        assert r1.summary() == r2.summary()
        assert r1.counts["failed"] == 1 and r1.counts["skipped"] >= 20 and r1.counts["stored"] >= 13


def test_gate_skipped_articles_are_not_stored(collection, tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        report = ingest_stream(iter_sources([collection]), store, options=RunOptions(workers=1))
        assert store.counts()["articles"] == report.counts["stored"]
        assert not any("Item" in a.text for a in store.articles())


def test_each_batch_is_one_transaction(collection, tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        ingest_stream(iter_sources([collection]), store, options=RunOptions(workers=1, batch_size=10))
        store.conn.set_trace_callback(None)
    begins = [s for s in statements if s.startswith("BEGIN")]
    commits = [s for s in statements if s == "COMMIT"]
    assert len(begins) == len(commits) == 5  # 40 rows in batches of 10, then the sorties regrouped once


def test_the_store_is_in_wal_mode_and_readable_while_a_batch_is_written(collection, tmp_path):
    path = tmp_path / "s.sqlite"
    with open_store(path) as store:
        ingest_stream(iter_sources([collection]), store, options=RunOptions(workers=1))
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        before = store.counts()["articles"]
        with batch(store):
            store.conn.execute("DELETE FROM events")
            reader = sqlite3.connect(path, timeout=0.1)  # would raise "database is locked" without WAL
            assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before
            assert reader.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0  # the batch is not committed
            reader.close()


def test_a_failing_write_rolls_back_only_its_own_savepoint(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        store.conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
        with batch(store):
            with store.conn:
                store.conn.execute("INSERT INTO t VALUES (1)")
            with pytest.raises(sqlite3.IntegrityError):
                with store.conn:
                    store.conn.execute("INSERT INTO t VALUES (2)")
                    store.conn.execute("INSERT INTO t VALUES (1)")
        assert [r[0] for r in store.conn.execute("SELECT x FROM t")] == [1]


class _Interrupted(Exception):
    """Stands for Ctrl-C or a crash between two batches."""


def _cut_after(items, n: int):
    for i, item in enumerate(items):
        if i == n:
            raise _Interrupted
        yield item


def test_an_interrupted_ingest_resumes_and_ends_with_the_store_of_one_clean_run(collection, tmp_path):
    with open_store(tmp_path / "clean.sqlite") as clean:
        ingest_stream(iter_sources([collection]), clean, options=RunOptions(workers=1, batch_size=6))
        expected = store_contents(clean)
    with open_store(tmp_path / "cut.sqlite") as cut:
        with pytest.raises(_Interrupted):
            ingest_stream(_cut_after(iter_sources([collection]), 15), cut, options=RunOptions(workers=1, batch_size=6))
        partial = store_contents(cut)
        assert 0 < len(partial["articles"]) < len(expected["articles"])  # two batches of six went in, not the third
        again = ingest_stream(iter_sources([collection]), cut, options=RunOptions(workers=1, batch_size=6))
        assert store_contents(cut) == expected
        assert again.counts["unchanged"] == len(partial["articles"])  # stored ones are skipped, not extracted again


def test_killing_an_ingest_and_running_it_again_gives_the_store_of_one_clean_run(tmp_path):
    big = write_collection(tmp_path / "big.jsonl", 600, every=2)
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def ingest(store: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "geo", "ingest", str(big), "--store", str(store), "--quiet",
                                 "--workers", "1", "--batch-size", "5"], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    killed = tmp_path / "killed.sqlite"
    run = ingest(killed)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if killed.exists():
            try:
                reader = sqlite3.connect(killed, timeout=1)
                stored = reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                reader.close()
            except sqlite3.OperationalError:  # the schema is being made
                stored = 0
            if stored >= 5:
                break
        time.sleep(0.05)
    assert run.poll() is None, "the ingest ended before it could be killed; give it more articles"
    run.send_signal(signal.SIGKILL)
    run.wait()
    with open_store(killed) as store:
        assert 0 < store.counts()["articles"] < 300
    assert ingest(killed).wait() == 0
    clean = tmp_path / "clean.sqlite"
    assert ingest(clean).wait() == 0
    with open_store(killed) as a, open_store(clean) as b:
        assert store_contents(a) == store_contents(b)


def test_a_dataset_written_with_out_loads_into_the_store_a_direct_ingest_makes(collection, tmp_path):
    settings = Settings.from_env()
    report = write_dataset(iter_sources([collection]), tmp_path / "ds", options=RunOptions(workers=1, batch_size=8))
    assert is_dataset(tmp_path / "ds") and report.counts["stored"] >= 13
    years = sorted(p.name for p in (tmp_path / "ds" / "events").iterdir())
    assert years == ["year=2017"]
    with open_store(tmp_path / "direct.sqlite") as direct, open_store(tmp_path / "loaded.sqlite") as loaded:
        ingest_stream(iter_sources([collection]), direct, options=RunOptions(workers=1))
        ingest_dataset(tmp_path / "ds", loaded, settings=settings)
        assert store_contents(loaded) == store_contents(direct)


def test_a_dataset_is_written_into_a_new_folder_only(collection, tmp_path):
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(Exception, match="exists and is not empty"):
        write_dataset(iter_sources([collection]), tmp_path / "ds", options=RunOptions(workers=1))


def test_a_repeated_text_in_a_collection_is_another_source_of_the_first(tmp_path):
    path = tmp_path / "dup.jsonl"
    text = "Two B-1B bombers flew over the Korean Peninsula on Monday, officials said."
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n" + json.dumps({"id": "b", "text": text}) + "\n",
                    encoding="utf-8")
    with open_store(tmp_path / "s.sqlite") as store:
        report = ingest_stream(iter_sources([path]), store, options=RunOptions(executor=InlineExecutor()))
        assert report.counts["stored"] == 1 and report.counts["source"] == 1
        assert [s.name for s in store.sources()] == ["dup.jsonl#b"]


def test_the_cli_extracts_a_collection_with_a_column_mapping(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text('story,when\n"Two B-1B bombers flew over Guam on Monday.",2017-09-18\n'
                    '"The bakery on the corner sold out of bread.",2017-09-18\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "geo", "extract", str(path), "--text-col", "story", "--date-col",
                          "when", "--workers", "2"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(e["article"], e["date"]) for e in events] == [("dump.csv#1", "2017-09-18")]
    assert "1 of 2 article(s) skipped by the relevance gate" in run.stderr


def test_the_cli_reports_each_bad_row_and_keeps_the_rest(tmp_path, collection):
    store = tmp_path / "s.sqlite"
    run = subprocess.run([sys.executable, "-m", "geo", "ingest", str(collection), "--store", str(store), "--quiet"],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1
    failed = [line for line in run.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and failed[0].startswith("FAILED news.jsonl line 8: not valid JSON (Invalid control "
                                                     "character at column 18); expected one JSON object a line")
    with open_store(store) as s:
        assert s.counts()["articles"] >= 13


def test_the_cli_writes_a_dataset_and_loads_it(tmp_path, collection):
    out = tmp_path / "ds"
    run = subprocess.run([sys.executable, "-m", "geo", "ingest", str(collection), "--out", str(out), "--quiet"],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 1 and is_dataset(out), run.stderr  # exit 1: the broken line
    store = tmp_path / "s.sqlite"
    load = subprocess.run([sys.executable, "-m", "geo", "ingest", str(out), "--store", str(store), "--quiet"],
                          cwd=REPO, capture_output=True, text=True)
    assert load.returncode == 0, load.stderr
    with open_store(store) as s:
        assert s.counts()["articles"] >= 13


def test_regrouping_once_at_the_end_gives_the_sorties_of_regrouping_after_each_file(tmp_path):
    from geo.pipeline import ingest_paths

    folder = tmp_path / "files"
    folder.mkdir()
    texts = [relevant(i) for i in range(12)] + [relevant(0).replace("statement 0", "a second report")]
    for i, text in enumerate(texts):
        (folder / f"r{i:02d}.txt").write_text(text, encoding="utf-8")
    with open_store(tmp_path / "each.sqlite") as each, open_store(tmp_path / "batch.sqlite") as batched:
        ingest_paths([folder], each)
        ingest_stream(iter_sources([folder]), batched, options=RunOptions(workers=1, batch_size=5))
        assert store_contents(each) == store_contents(batched)
        assert store_contents(each)["sorties"]


class _LostWorkers:
    """An executor whose every task is lost, as when a cluster's workers die."""

    workers = 2

    def submit(self, fn, *args):
        from concurrent.futures import Future

        future = Future()
        future.set_exception(RuntimeError("worker lost"))
        return future

    def shutdown(self):
        """Nothing to release."""


def test_a_batch_whose_worker_is_lost_is_extracted_here_and_nothing_is_missing(collection):
    assert _extracted(collection, RunOptions(executor=_LostWorkers(), batch_size=5)) == \
        _extracted(collection, RunOptions(workers=1))


@pytest.mark.parametrize("flags,message", [
    (["--workers", "0"], "--workers must be at least 1, got 0"),
    (["--workers", "2", "--dask", "tcp://127.0.0.1:9"], "give --workers (local processes) or --dask"),
])
def test_bad_scale_options_are_refused_before_anything_is_read(tmp_path, flags, message):
    run = subprocess.run([sys.executable, "-m", "geo", "extract", str(tmp_path), *flags], cwd=REPO,
                         capture_output=True, text=True)
    assert run.returncode == 2 and message in run.stderr
