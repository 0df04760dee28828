"""CSV cells that a spreadsheet would run as formulas are neutralised in every CSV Sortie writes (OWASP)."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from geo.models import Aircraft, Article, Event, Place, Span
from geo.query import events_frame
from geo.render import export
from geo.render.csvcell import FORMULA_STARTS, csv_cell, csv_row

REPO = Path(__file__).resolve().parents[2]
FORMULAS = ['=HYPERLINK("http://host","open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_starting_like_a_formula_gets_a_leading_quote(cell):
    assert csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Guam", "2017-09-18", "B-1B", " =not first", "", "'quoted", "1e5"])
def test_other_cells_are_unchanged(cell):
    assert csv_cell(cell) == cell


def test_numbers_in_numeric_columns_stay_numbers_and_anything_else_there_is_text():
    assert csv_row(["-157.95", "-157.95", "12", "-1+1", " -3", "inf"], frozenset({0, 2, 3, 4, 5})) == [
        "-157.95", "'-157.95", "12", "'-1+1", " -3", "inf"]
    assert csv_cell(None) == "" and set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def _read(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


HICKAM = Place("-Hickam", 21.335, -157.95, "point", "mil:hickam", "air_base", "origin", 2.0)
EVENT = Event("e1", "a1", "flight", "2017-09-18", "day", Span(0, 30, "=HYPERLINK(\"http://host\",\"open\")"),
              aircraft=(Aircraft("B-1B", "bomber", 2),), origins=(HICKAM,), locations=(HICKAM,),
              countries=("@United States",), article_name="+evil.txt")
ARTICLE = Article("a1", "+evil.txt", '=HYPERLINK("http://host","open")', "text", date(2017, 9, 19), "-Wire", "@url")


def test_the_events_csv_neutralises_text_cells_and_keeps_negative_longitudes_as_numbers():
    (row,) = _read(export.to_csv(events_frame([EVENT], [ARTICLE])))
    assert row["evidence"] == "'=HYPERLINK(\"http://host\",\"open\")"
    assert row["article_title"] == "'=HYPERLINK(\"http://host\",\"open\")"
    assert row["article"] == "'+evil.txt" and row["countries"] == "'@United States"
    assert row["origins"].startswith("'-Hickam (21.335, -157.95)")
    assert row["lon"] == "-157.95" and float(row["lon"]) == -157.95  # a number, not "'-157.95"


def test_the_snapshot_csvs_are_neutralised():
    import zipfile
    data, _ = export.snapshot_zip(events_frame([EVENT], [ARTICLE]), [ARTICLE], filter_description="all")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (event,) = _read(z.read("events.csv"))
        (source,) = _read(z.read("sources.csv"))
    assert event["evidence"].startswith("'=") and event["lon"] == "-157.95"
    assert (source["title"], source["source"], source["url"], source["file"], source["events"]) == (
        "'=HYPERLINK(\"http://host\",\"open\")", "'-Wire", "'@url", "'+evil.txt", "1")


def test_extract_as_csv_neutralises_cells(tmp_path):
    path = tmp_path / "@SUM(1,2).txt"
    path.write_text("+Two B-1B bombers from Guam flew over South Korea on September 18, 2017.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "geo", "extract", str(path), "--format", "csv",
                             "--published", "2017-09-19"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (row,) = _read(result.stdout.encode())
    assert row["article"] == "'@SUM(1,2).txt"
    assert row["evidence"].startswith("'+Two B-1B bombers")
