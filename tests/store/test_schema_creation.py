"""Schema creation is atomic: a first-time run killed at any statement, or raced by a second one, leaves a store
that later runs open and complete (issue 11, finding 3).

Each child is ``python -m geo ingest`` run by ``tests.store.traced_run``, which pauses it before an exact SQL
statement; the kill or the second process then lands at that point every time.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geo.pipeline import ingest_paths
from geo.store import open_store
from geo.store.migrations import MIGRATIONS

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "Two B-1B bombers flew over the Korean Peninsula on Tuesday, the ministry said.\n"
OTHER = "North Korea fired two ballistic missiles into the East Sea on Monday.\n"


def _child(store: Path, folder: Path, pause_at: str, release: Path | None = None) -> subprocess.Popen:
    args = [sys.executable, "-m", "tests.store.traced_run", "--pause-at", pause_at,
            "--release", str(release or ""), "--", "ingest", str(folder), "--store", str(store), "--quiet",
            "--published", "2017-09-20"]
    return subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})


def _wait_for(proc: subprocess.Popen, prefix: str) -> str | None:
    """Read the child's trace until a line starts with ``prefix``; None if it ended first."""
    for line in proc.stdout:
        if line.startswith(prefix):
            return line
    return None


def _schema_statements(tmp_path: Path) -> int:
    """How many statements a first-time open of the store runs (the kill points to try)."""
    conn = sqlite3.connect(":memory:")
    count = [0]
    conn.set_trace_callback(lambda _sql: count.__setitem__(0, count[0] + 1))
    from geo.store.migrations import migrate
    migrate(conn)
    conn.close()
    return count[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "articles"
    path.mkdir()
    (path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (path / "b.txt").write_text(OTHER, encoding="utf-8")
    return path


def _assert_consistent(store_path: Path) -> None:
    with open_store(store_path) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, len(MIGRATIONS) + 1))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "events", "corrections", "schema_version"} <= tables


def test_the_schema_takes_several_statements_so_there_is_something_to_interrupt(tmp_path):
    assert _schema_statements(tmp_path) >= len(MIGRATIONS) * 2


@pytest.mark.parametrize("kill_at", range(1, 31))
def test_a_first_run_killed_at_any_statement_leaves_a_store_the_next_run_opens(tmp_path, folder, kill_at):
    store_path = tmp_path / "store.sqlite"
    child = _child(store_path, folder, str(kill_at))
    paused = _wait_for(child, "PAUSED")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    child.stderr.close()
    assert paused or child.returncode == 0  # a run shorter than kill_at statements just finished
    with open_store(store_path) as store:  # the next run opens...
        report = ingest_paths([folder], store)
        assert report.ok, report.failures  # ...and completes
        assert store.counts()["articles"] == 2
    _assert_consistent(store_path)


def test_two_first_time_ingests_at_once_both_succeed(tmp_path, folder):
    store_path = tmp_path / "store.sqlite"
    release = tmp_path / "release"
    # The first run stops after creating the articles table, before the events table...
    first = _child(store_path, folder, "events (", release)
    assert _wait_for(first, "PAUSED"), first.stderr.read()
    # ...and the second starts its own first-time creation while the first is stopped halfway.
    second = _child(store_path, folder, "", None)
    started = _wait_for(second, "SQL 2 ")  # its first statement on the schema: creating it, or waiting to
    release.touch()
    out = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in (first, second)]
    for p in (first, second):
        p.stdout.close()
        p.stderr.close()
    assert started
    assert [rc for rc, _, _ in out] == [0, 0], [err for _, _, err in out]
    _assert_consistent(store_path)
    with open_store(store_path) as store:
        assert sorted(a.name for a in store.articles()) == ["a.txt", "b.txt"]
        assert store.counts()["events"] == 2


def test_a_store_left_half_made_by_an_older_version_is_completed(tmp_path, folder):
    # What the non-atomic schema creation left after a kill: the first table, and no version recorded.
    store_path = tmp_path / "store.sqlite"
    conn = sqlite3.connect(store_path)
    conn.executescript(MIGRATIONS[0].split(";")[0] + ";")
    conn.close()
    with open_store(store_path) as store:
        assert ingest_paths([folder], store).ok
    _assert_consistent(store_path)
