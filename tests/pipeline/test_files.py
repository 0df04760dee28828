"""Tests of geo/pipeline/files.py: a batch of files goes in, bad files are reported, good ones are stored once."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.pipeline import ingest_paths
from geo.store import open_store

GOOD = "Two U.S. B-1B bombers based in Guam flew over South Korea on Monday.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02 not text")
    return tmp_path


@pytest.fixture
def store():
    s = open_store(":memory:")
    yield s
    s.close()


def _run(folder: Path, store):
    return ingest_paths([folder], store, published=date(2017, 9, 20))


def test_good_file_is_ok_and_bad_files_fail(folder, store):
    report = _run(folder, store)
    assert [(Path(r.path).name, r.ok) for r in report.results] == [("a_good.txt", True), ("b_empty.txt", False),
                                                                   ("c_binary.txt", False)]


def test_failures_say_what_is_wrong_with_each_file(folder, store):
    messages = [r.message for r in _run(folder, store).failures]
    assert "b_empty.txt" in messages[0] and "empty" in messages[0]
    assert "c_binary.txt" in messages[1] and "binary" in messages[1]


def test_report_is_not_ok_when_a_file_failed(folder, store):
    assert _run(folder, store).ok is False


def test_good_file_is_stored_with_its_events(folder, store):
    report = _run(folder, store)
    assert store.counts() == {"articles": 1, "events": report.results[0].events}
    assert report.results[0].events == 1


def test_first_run_summary_counts_stored_and_failed(folder, store):
    assert _run(folder, store).summary() == "3 file(s): 1 stored, 0 unchanged, 2 failed; 1 event(s)"


def test_rerun_reports_the_good_file_unchanged(folder, store):
    _run(folder, store)
    again = _run(folder, store)
    assert [(r.changed, r.message) for r in again.results if r.ok] == [(False, "1 event(s), unchanged")]


def test_rerun_adds_nothing_to_the_store(folder, store):
    _run(folder, store)
    before = store.counts()
    _run(folder, store)
    assert store.counts() == before


def test_progress_is_called_once_per_file(folder, store):
    calls = []
    ingest_paths([folder], store, progress=lambda done, total, path: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_missing_path_is_a_failure_not_an_exception(tmp_path, store):
    report = ingest_paths([tmp_path / "nowhere"], store)
    assert not report.ok and "no such file or folder" in report.failures[0].message
