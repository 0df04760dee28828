"""Tests of the sortie flags of ``python -m geo``: ``extract --sorties`` (jsonl and csv) and ``events --sorties``."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Invented reports: two outlets on one flight (with different counts), and an unrelated launch.
ARTICLES = {
    "wire": ("SEOUL, Sept. 18 (Invented Wire) -- Two U.S. Air Force B-1B bombers from Guam flew over South Korea "
             "on Monday, the military said.\n", {"published": "2017-09-18", "source": "Invented Wire"}),
    "daily": ("Four B-1B bombers flew over South Korea on Monday, Sept. 18, 2017, officials said.\n",
              {"published": "2017-09-19", "url": "https://www.example.org/daily/b1b"}),
    "launch": ("North Korea fired a ballistic missile into the Sea of Japan on Friday, Sept. 15, 2017.\n",
               {"published": "2017-09-15"}),
}


def geo(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("articles")
    for name, (text, meta) in ARTICLES.items():
        (path / f"{name}.txt").write_text(text, encoding="utf-8")
        (path / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(folder, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    ingest = geo("ingest", str(folder), "--store", str(path), "--quiet")
    assert ingest.returncode == 0, ingest.stderr
    return path


def test_extract_sorties_adds_the_sortie_id_to_every_event_line(folder):
    result = geo("extract", str(folder), "--format", "jsonl", "--sorties")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    by_article = {d["article"]: d for d in lines}
    assert set(by_article) == {"wire.txt", "daily.txt", "launch.txt"} and all(d.get("sortie") for d in lines)
    assert by_article["wire.txt"]["sortie"] == by_article["daily.txt"]["sortie"] != by_article["launch.txt"]["sortie"]
    # the id comes from the earliest published report of the flight
    assert by_article["wire.txt"]["sortie"] == "s-" + by_article["wire.txt"]["event_id"]


def test_extract_without_the_flag_prints_no_sortie(folder):
    result = geo("extract", str(folder), "--format", "jsonl")
    assert result.returncode == 0 and all("sortie" not in json.loads(line) for line in result.stdout.splitlines())


def test_extract_sorties_as_csv_has_a_sortie_column(folder):
    result = geo("extract", str(folder), "--format", "csv", "--sorties")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0])[-1] == "sortie"
    by_article = {r["article"]: r["sortie"] for r in rows}
    assert by_article["wire.txt"] == by_article["daily.txt"] != by_article["launch.txt"]


def test_events_sorties_prints_stored_sorties_with_sources_and_disagreements(store):
    result = geo("events", "--store", str(store), "--sorties")
    assert result.returncode == 0, result.stderr
    sorties = [json.loads(line) for line in result.stdout.splitlines()]
    flight = next(s for s in sorties if s["kind"] == "flight")
    assert flight["source_count"] == 2 and len(sorties) == 2
    outlets = {s["outlet"] for s in flight["sources"]}
    assert outlets == {"Invented Wire", "example.org"}
    assert all(s["evidence"] and s["published"] for s in flight["sources"])
    assert "2 B-1B (Invented Wire) vs 4 B-1B (example.org)" in [d["text"] for d in flight["disagreements"]]


def test_events_sorties_group_as_extract_sorties_does(folder, store):
    stored = sorted(sorted(src["event_id"] for src in s["sources"])
                    for s in map(json.loads, geo("events", "--store", str(store), "--sorties").stdout.splitlines()))
    extracted: dict[str, list[str]] = {}
    for d in map(json.loads, geo("extract", str(folder), "--sorties").stdout.splitlines()):
        extracted.setdefault(d["sortie"], []).append(d["event_id"])
    # The ids may differ: a stored sortie keeps the id of the report that created it (files are ingested
    # by name), a batch names it after its earliest published report.
    assert sorted(sorted(v) for v in extracted.values()) == stored


def test_help_mentions_the_sorties_flags():
    assert "--sorties" in geo("extract", "--help").stdout and "--sorties" in geo("events", "--help").stdout
