"""Tests of the exports of sorties: every format carries sortie_id, source_count, the sources and disagreements."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime, timezone

import pyarrow.parquet as pq
import pytest

from geo.query import schema as S
from geo.render import export

from tests.sorties.frames import ARTICLES, COUNT_DISAGREEMENT, KCNA, YONHAP, grouped

CREATED = datetime(2024, 5, 2, 12, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def frames():
    _sorties, reports, sorties = grouped()
    return reports, sorties


def _csv(df) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.to_csv(df).decode("utf-8"))))


def test_csv_of_sorties_carries_the_sortie_its_sources_and_disagreements(frames):
    _reports, sorties = frames
    first = _csv(sorties)[0]
    assert first["event_id"] == first["sortie_id"] and first["source_count"] == "2"
    sources = json.loads(first["sources"])
    assert [(s["outlet"], s["event_id"], s["published"]) for s in sources] == [
        ("Yonhap", YONHAP.event_id, "2017-09-19"), ("KCNA", KCNA.event_id, "2017-09-20")]
    assert sources[0]["evidence"] == YONHAP.evidence.text and sources[0]["url"] == "https://en.yna.example/x"
    assert COUNT_DISAGREEMENT in first["disagreements"].split("; ")


def test_csv_of_reports_names_each_reports_sortie(frames):
    reports, sorties = frames
    rows = {r["event_id"]: r for r in _csv(reports)}
    both = sorties[S.SORTIE_ID].iloc[0]
    assert rows[YONHAP.event_id]["sortie_id"] == rows[KCNA.event_id]["sortie_id"] == both
    assert rows[KCNA.event_id]["source_count"] == "2"


def test_parquet_types_the_sortie_columns(frames):
    _reports, sorties = frames
    table = pq.read_table(io.BytesIO(export.to_parquet(sorties)))
    assert str(table.schema.field("source_count").type) == "int64"
    assert str(table.schema.field("disagreements").type) == "list<element: string>"
    row = table.to_pylist()[0]
    assert [s["outlet"] for s in json.loads(row["sources"])] == ["Yonhap", "KCNA"]
    assert COUNT_DISAGREEMENT in row["disagreements"]


def test_geojson_properties_carry_the_sources_as_objects(frames):
    _reports, sorties = frames
    features = [f for f in export.to_geojson(sorties)["features"] if f["properties"]["feature_type"] == "event"]
    props = features[0]["properties"]
    assert props["sortie_id"] == props["event_id"] and props["source_count"] == 2
    assert [s["outlet"] for s in props["sources"]] == ["Yonhap", "KCNA"]
    assert COUNT_DISAGREEMENT in props["disagreements"]
    lines = [f for f in export.to_geojson(sorties)["features"] if f["properties"]["feature_type"] == "flight_line"]
    assert lines and all(f["properties"]["sortie_id"] for f in lines)


def test_snapshot_of_sorties_counts_sorties_and_reports_and_explains_the_grouping(frames):
    _reports, sorties = frames
    data, _version = export.snapshot_zip(sorties, ARTICLES, filter_description="all", created=CREATED, unit="sorties")
    zf = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["rows"] == "sorties"
    assert manifest["counts"]["sorties"] == 2 and manifest["counts"]["reports"] == 3
    assert manifest["counts"]["articles"] == 3  # each source's article, not only the first report's
    note = zf.read("METHODOLOGY.md").decode("utf-8")
    assert "## Sorties: one row per real occurrence" in note and "one day apart" in note
    assert "one row per sortie" in note
    sources = list(csv.DictReader(io.StringIO(zf.read("sources.csv").decode("utf-8"))))
    assert sorted(r["file"] for r in sources) == ["kcna.txt", "later.txt", "yonhap.txt"]
    assert "sortie_id" in zf.read("events.csv").decode("utf-8").splitlines()[0]
