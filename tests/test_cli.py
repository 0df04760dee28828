"""Tests of geo/cli.py through ``python -m geo`` in a subprocess: help, extract output contract, ingest runs."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.store import open_store

REPO = Path(__file__).resolve().parent.parent
GOOD = "Two U.S. B-1B bombers based in Guam flew over South Korea on Monday.\n"
GOOD2 = "North Korea fired two ballistic missiles on Tuesday.\n"


def geo(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("command", [[], ["extract"], ["ingest"], ["events"], ["toponyms"]])
def test_help_exits_zero(command):
    result = geo(*command, "--help")
    assert result.returncode == 0 and "usage: python -m geo" in result.stdout


@pytest.fixture(scope="module")
def jsonl() -> list[dict]:
    result = geo("extract", "data/articles", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_extract_jsonl_prints_events(jsonl):
    assert jsonl and all(d["article"].endswith(".txt") for d in jsonl)


def test_extract_jsonl_has_the_contract_keys(jsonl):
    keys = {"article", "event_id", "kind", "date", "date_precision", "aircraft", "origins", "locations",
            "countries", "evidence"}
    assert all(keys <= d.keys() for d in jsonl)


def test_extract_jsonl_aircraft_have_type_role_and_count(jsonl):
    aircraft = [a for d in jsonl for a in d["aircraft"]]
    assert aircraft and all({"type", "role", "count"} <= a.keys() for a in aircraft)


def test_extract_jsonl_places_have_name_coordinates_and_precision(jsonl):
    places = [p for d in jsonl for p in (*d["origins"], *d["locations"])]
    assert places and all({"name", "lat", "lon", "precision"} <= p.keys() for p in places)


def test_extract_jsonl_evidence_has_text_and_offsets(jsonl):
    assert all(set(d["evidence"]) == {"text", "start", "end"} for d in jsonl)


def test_extract_jsonl_evidence_slices_the_article(jsonl):
    texts = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "data" / "articles").glob("*.txt")}
    ev = [(texts[d["article"]], d["evidence"]) for d in jsonl]
    assert all(text[e["start"]:e["end"]] == e["text"] for text, e in ev)


def test_extract_csv_has_a_header_and_rows():
    result = geo("extract", "data/articles", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.returncode == 0 and rows
    assert list(rows[0])[:5] == ["article", "event_id", "kind", "status", "date"]


def test_bad_published_exits_2_with_a_clear_message():
    result = geo("extract", "data/articles", "--published", "2017-13-01")
    assert result.returncode == 2
    assert "expected a date as YYYY-MM-DD, got '2017-13-01'" in result.stderr


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_second_ingest_says_unchanged_and_exits_0(tmp_path):
    folder = _folder(tmp_path, {"a.txt": GOOD.encode()})
    store = str(tmp_path / "store.sqlite")
    first = geo("ingest", str(folder), "--store", store, "--published", "2017-09-20")
    second = geo("ingest", str(folder), "--store", store, "--published", "2017-09-20")
    assert (first.returncode, second.returncode) == (0, 0)
    assert "1 stored" in first.stderr and "0 stored, 1 unchanged" in second.stderr


@pytest.fixture(scope="module")
def bad_ingest(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    tmp_path = tmp_path_factory.mktemp("bad")
    folder = _folder(tmp_path, {"a.txt": GOOD.encode(), "b.txt": GOOD2.encode(), "c_empty.txt": b""})
    store = tmp_path / "store.sqlite"
    return geo("ingest", str(folder), "--store", str(store), "--published", "2017-09-20"), store


def test_ingest_with_a_bad_file_exits_1(bad_ingest):
    assert bad_ingest[0].returncode == 1


def test_ingest_lists_the_failure_on_stderr(bad_ingest):
    failed = [line for line in bad_ingest[0].stderr.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "c_empty.txt" in failed[0] and "empty" in failed[0]


def test_ingest_keeps_the_good_files(bad_ingest):
    with open_store(bad_ingest[1]) as store:
        assert sorted(a.name for a in store.articles()) == ["a.txt", "b.txt"]


def test_ingest_shows_a_progress_bar_for_a_folder(bad_ingest):
    assert re.search(r"\[#+\] 3/3 ", bad_ingest[0].stderr)


def test_ingest_quiet_shows_no_progress_bar(tmp_path):
    folder = _folder(tmp_path, {"a.txt": GOOD.encode(), "b.txt": GOOD2.encode()})
    result = geo("ingest", str(folder), "--store", str(tmp_path / "s.sqlite"), "--quiet")
    assert result.returncode == 0 and "2/2" not in result.stderr


def test_a_bad_setting_stops_every_command_at_start_with_its_name(tmp_path):
    result = geo("events", "--store", str(tmp_path / "s.sqlite"), env={"GEO_GEOCODER": "bogus"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "GEO_GEOCODER" in result.stderr and "'bogus'" in result.stderr
