"""Tests of geo/export.py: CSV, RFC 7946 GeoJSON, Parquet and the snapshot zip, on small hand-built events."""
from __future__ import annotations

import hashlib
import io
import json
import math
import re
import zipfile
from datetime import date, datetime, timezone

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import geo
from geo.render import export
from geo.query import schema as S
from geo.models import Aircraft, Article, Event, Place, Span
from geo.query import EventFilter, events_frame, filter_events

EVIL = "Two B-1B bombers <script>alert('x')</script> flew {{ 7*7 }} near the DMZ."
EVIL_TITLE = "<b>Evil</b> title {{ 7*7 }}"

KOREA = Place("South Korea", 36.5, 127.75, "country", "country:KR", "country", "location", 177.1)
GUAM = Place("Guam", 13.47, 144.78, "country", "country:GU", "country", "origin", 13.2)
HICKAM = Place("Hickam, \"Hawaii\"", 21.335, -157.95, "point", "mil:hickam", "air_base", "origin", 2.0)
OSAN = Place("Osan Air Base", 37.09, 127.03, "point", "mil:osan", "air_base", "location", 2.0)
OSAN_ORIGIN = Place("Osan Air Base", 37.09, 127.03, "point", "mil:osan", "air_base", "origin", 2.0)
NOWHERE = Place("Nowhere Reef", None, None, "point", "", "", "location", 0.0)
EAST_SEA = Place("Sea of Japan (East Sea) — 東海", 40.0, 135.0, "area", "mil:sea-of-japan", "sea", "location", 500.0)


def _event(eid: str, *, article: str = "a.txt", kind: str = "flight", when: str | None = "2017-09-18",
           precision: str | None = "day", aircraft: tuple[Aircraft, ...] = (), origins: tuple[Place, ...] = (),
           locations: tuple[Place, ...] = (KOREA,), countries: tuple[str, ...] = (), text: str = "They flew.",
           start: int = 0) -> Event:
    return Event(event_id=eid, article_id=f"id-{article}", kind=kind, date=when, date_precision=precision,
                 evidence=Span(start, start + len(text), text), aircraft=aircraft, origins=origins,
                 locations=locations, countries=countries, article_name=article)


EVENTS = [
    _event("guam", aircraft=(Aircraft("B-1B", "bomber", 2), Aircraft("F-15C", "fighter")), origins=(GUAM,),
           countries=("United States", "South Korea"), text=EVIL),
    _event("hawaii", when="2023-06", precision="month", aircraft=(Aircraft("B-52H", "bomber"),),
           origins=(HICKAM, GUAM), locations=(OSAN,), countries=("United States",), article="b.txt", start=40),
    _event("undated", when=None, precision=None, locations=(NOWHERE,), article="b.txt", start=90),
    _event("local", kind="exercise", when="2024-05-02", origins=(OSAN_ORIGIN,), locations=(OSAN,), article="c.txt"),
    _event("sea", kind="missile_launch", when="2017-08-29", locations=(EAST_SEA,), countries=("North Korea",),
           article="c.txt", start=50),
]
ARTICLES = [
    Article("id-a.txt", "/corpus/a.txt", EVIL_TITLE, EVIL, date(2017, 9, 19), "UPI", "https://example.com/a"),
    Article("id-b.txt", "/corpus/b.txt", "Bombers from Hawaii", "…", date(2023, 7, 1), "AP", ""),
    Article("id-c.txt", "/corpus/c.txt", "Drills, \"live\" fire", "…", None, "", ""),
    Article("id-z.txt", "/corpus/z.txt", "Unrelated", "…", date(2020, 1, 1), "X", ""),
]
CREATED = datetime(2024, 5, 2, 12, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return events_frame(EVENTS, ARTICLES)


# -- CSV -------------------------------------------------------------------------------------------------------

def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def test_csv_round_trips_with_pandas(frame):
    data = export.to_csv(frame)
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    assert b"\r\n" not in data
    back = _read_csv(data)
    assert list(back.columns) == list(S.EVENT_COLUMNS)
    assert len(back) == len(frame)
    assert list(back[S.EVENT_ID]) == list(frame[S.EVENT_ID])
    numbers = pd.read_csv(io.BytesIO(data))
    for col in (S.LAT, S.LON, S.RADIUS_KM):
        assert numbers[col].tolist() == pytest.approx(frame[col].tolist(), nan_ok=True)
    assert numbers[S.EVIDENCE_START].tolist() == frame[S.EVIDENCE_START].tolist()


def test_csv_joins_lists_and_writes_places_with_coordinates(frame):
    back = _read_csv(export.to_csv(frame)).set_index(S.EVENT_ID)
    guam = back.loc["guam"]
    assert guam[S.AIRCRAFT_TYPES] == "B-1B; F-15C"
    assert guam[S.AIRCRAFT_ROLES] == "bomber; fighter"
    assert guam[S.COUNTRIES] == "United States; South Korea"
    assert guam[S.ORIGINS] == "Guam (13.47, 144.78)"
    assert guam[S.LOCATIONS] == "South Korea (36.5, 127.75)"
    assert guam[S.DATE] == "2017-09-18"
    assert back.loc["hawaii", S.ORIGINS] == 'Hickam, "Hawaii" (21.335, -157.95); Guam (13.47, 144.78)'
    assert back.loc["hawaii", S.DATE] == "2023-06-01"
    assert back.loc["hawaii", S.DATE_TEXT] == "2023-06"
    assert back.loc["undated", S.DATE] == ""
    assert back.loc["undated", S.LOCATIONS] == "Nowhere Reef"  # no coordinates: the name alone
    assert back.loc["undated", S.LAT] == ""
    assert back.loc["sea", S.LOCATIONS] == "Sea of Japan (East Sea) — 東海 (40.0, 135.0)"


def test_csv_keeps_markup_and_templates_literal(frame):
    data = export.to_csv(frame)
    back = _read_csv(data).set_index(S.EVENT_ID)
    assert back.loc["guam", S.EVIDENCE] == EVIL
    assert back.loc["guam", S.ARTICLE_TITLE] == EVIL_TITLE
    assert b"&lt;" not in data and b"49" not in data


def test_csv_of_no_events_is_the_header():
    assert export.to_csv(S.empty_events()).decode() == ",".join(S.EVENT_COLUMNS) + "\n"


def test_csv_rejects_a_frame_without_the_schema():
    with pytest.raises(ValueError, match="lacks columns"):
        export.to_csv(pd.DataFrame({"event_id": ["x"]}))


# -- GeoJSON ---------------------------------------------------------------------------------------------------

def _check_position(pos) -> None:
    assert isinstance(pos, list) and len(pos) == 2, pos
    lon, lat = pos
    assert all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in pos)
    assert -180 <= lon <= 180 and -90 <= lat <= 90, pos
    assert round(lon, 6) == lon and round(lat, 6) == lat, pos


def _check_line(coords) -> None:
    assert len(coords) >= 2
    for pos in coords:
        _check_position(pos)
    # RFC 7946 §3.1.9: no segment may jump across the antimeridian (it would span the world).
    assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(coords, coords[1:])), coords


def _check_property(value) -> None:
    if isinstance(value, list):
        assert all(isinstance(v, str) for v in value), value
    else:
        assert value is None or isinstance(value, (str, int, float)), value
        assert not isinstance(value, float) or math.isfinite(value)


def check_rfc7946(doc: dict) -> None:
    """The structural rules of RFC 7946 that QGIS and kepler.gl rely on."""
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # §4: WGS84 only, no crs member
    assert isinstance(doc["features"], list)
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert "crs" not in feature
        assert "geometry" in feature and "properties" in feature  # §3.2: both members required
        assert isinstance(feature.get("id", ""), (str, int))
        geometry = feature["geometry"]
        if geometry is not None:  # §3.2: an unlocated feature has a null geometry
            assert "crs" not in geometry
            kind, coords = geometry["type"], geometry["coordinates"]
            if kind == "Point":
                _check_position(coords)
            elif kind == "LineString":
                _check_line(coords)
            elif kind == "MultiLineString":
                assert len(coords) >= 2
                for part in coords:
                    _check_line(part)
            else:
                pytest.fail(f"unexpected geometry {kind!r}")
        assert isinstance(feature["properties"], dict)
        for value in feature["properties"].values():
            _check_property(value)


def _features(doc: dict, feature_type: str) -> list[dict]:
    return [f for f in doc["features"] if f["properties"]["feature_type"] == feature_type]


def test_geojson_follows_rfc7946(frame):
    doc = export.to_geojson(frame)
    check_rfc7946(doc)
    assert len(_features(doc, "event")) == len(frame)


def test_geojson_points_are_lon_lat(frame):
    doc = export.to_geojson(frame)
    points = {f["id"]: f for f in _features(doc, "event")}
    assert points["guam"]["geometry"] == {"type": "Point", "coordinates": [127.75, 36.5]}
    assert points["sea"]["geometry"]["coordinates"] == [135.0, 40.0]


def test_geojson_keeps_unlocated_events_with_null_geometry(frame):
    points = {f["id"]: f for f in _features(export.to_geojson(frame), "event")}
    assert points["undated"]["geometry"] is None
    assert points["undated"]["properties"]["date"] is None
    assert points["undated"]["properties"]["locations"] == ["Nowhere Reef"]


def test_geojson_properties_are_flat_and_typed(frame):
    props = {f["id"]: f["properties"] for f in _features(export.to_geojson(frame), "event")}
    guam = props["guam"]
    assert guam["aircraft_types"] == ["B-1B", "F-15C"]
    assert guam["countries"] == ["United States", "South Korea"]
    assert guam["origins"] == ["Guam (13.47, 144.78)"]
    assert guam["date"] == "2017-09-18" and guam["date_precision"] == "day"
    assert guam["radius_km"] == 177.1 and isinstance(guam["evidence_start"], int)
    assert props["hawaii"]["date"] == "2023-06-01" and props["hawaii"]["date_text"] == "2023-06"


def test_geojson_has_a_line_per_origin_to_event(frame):
    lines = _features(export.to_geojson(frame), "flight_line")
    # guam: 1 origin; hawaii: 2 origins; local: took off at the event's place, so no line.
    assert sorted((f["properties"]["event_id"], f["properties"]["origin"]) for f in lines) == [
        ("guam", "Guam"), ("hawaii", "Guam"), ("hawaii", 'Hickam, "Hawaii"')]
    guam = next(f for f in lines if f["properties"]["event_id"] == "guam")
    assert guam["geometry"]["type"] == "LineString"
    assert guam["geometry"]["coordinates"][0] == [144.78, 13.47]  # starts at the origin, lon first
    assert guam["geometry"]["coordinates"][-1] == [127.75, 36.5]  # ends at the event's marker
    assert guam["properties"]["aircraft_types"] == ["B-1B", "F-15C"]


def test_geojson_cuts_lines_at_the_antimeridian(frame):
    lines = _features(export.to_geojson(frame), "flight_line")
    hawaii = next(f for f in lines if f["properties"]["origin"].startswith("Hickam"))
    geometry = hawaii["geometry"]
    assert geometry["type"] == "MultiLineString"
    first, second = geometry["coordinates"]
    assert first[0] == [-157.95, 21.335] and second[-1] == [127.03, 37.09]
    # The first part ends on the antimeridian where the second starts, at the same latitude.
    assert first[-1][0] == -180.0 and second[0][0] == 180.0
    assert first[-1][1] == second[0][1]


def test_a_flight_line_carries_the_aircraft_that_flew_from_its_origin():
    okinawa = Place("Okinawa Island", 26.5, 127.95, "area", role="origin", span=Span(0, 7, "Okinawa"))
    e = _event("split", aircraft=(Aircraft("B-1B", "bomber", 2, origin="Guam"), Aircraft("F-15C", "fighter",
                                                                                        origin="Okinawa")),
               origins=(GUAM, okinawa))
    lines = {f["properties"]["origin"]: f["properties"] for f in _features(export.to_geojson(events_frame([e])),
                                                                           "flight_line")}
    assert lines["Guam"]["aircraft_types"] == ["B-1B"] and lines["Guam"]["aircraft"] == "2× B-1B"
    assert lines["Okinawa Island"]["aircraft_types"] == ["F-15C"]


def test_activity_is_exported(frame):
    e = Event(event_id="act", article_id="id-a.txt", kind="flight", date="2024-01-02", date_precision="day",
              evidence=Span(0, 4, "Flew"), activity="joint_drill", article_name="a.txt")
    df = events_frame([e])
    assert _read_csv(export.to_csv(df)).iloc[0][S.ACTIVITY] == "joint_drill"
    assert export.to_geojson(df)["features"][0]["properties"]["activity"] == "joint_drill"


def test_geojson_rounds_coordinates_to_six_decimals():
    place = Place("Precise", 12.123456789, 98.987654321, "point", role="location")
    doc = export.to_geojson(events_frame([_event("p", locations=(place,))]))
    check_rfc7946(doc)
    assert doc["features"][0]["geometry"]["coordinates"] == [98.987654, 12.123457]


def test_geojson_bytes_are_utf8_json_with_literal_text(frame):
    data = export.geojson_bytes(frame)
    doc = json.loads(data.decode("utf-8"), parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert doc == export.to_geojson(frame)
    assert "東海" in data.decode("utf-8")
    props = next(f["properties"] for f in doc["features"] if f["id"] == "guam")
    assert props["evidence"] == EVIL and props["article_title"] == EVIL_TITLE


def test_geojson_of_no_events_is_an_empty_collection():
    doc = export.to_geojson(S.empty_events())
    check_rfc7946(doc)
    assert doc["features"] == []


# -- Parquet ---------------------------------------------------------------------------------------------------

def test_parquet_reads_back_with_the_expected_schema(frame):
    table = pq.read_table(io.BytesIO(export.to_parquet(frame)))
    assert table.num_rows == len(frame)
    assert table.schema.names == list(S.EVENT_COLUMNS)
    for col in (S.AIRCRAFT_TYPES, S.AIRCRAFT_ROLES, S.COUNTRIES):
        assert table.schema.field(col).type == pa.list_(pa.string())
    for col in (S.ORIGINS, S.LOCATIONS, S.EVIDENCE, S.DATE_TEXT):
        assert table.schema.field(col).type == pa.string()
    assert pa.types.is_timestamp(table.schema.field(S.DATE).type)
    assert table.schema.field(S.LAT).type == pa.float64()
    assert table.schema.field(S.EVIDENCE_START).type == pa.int64()
    assert table.schema.metadata[b"sortie_version"] == geo.__version__.encode()


def test_parquet_values(frame):
    rows = {r[S.EVENT_ID]: r for r in pq.read_table(io.BytesIO(export.to_parquet(frame))).to_pylist()}
    guam = rows["guam"]
    assert guam[S.AIRCRAFT_TYPES] == ["B-1B", "F-15C"]
    assert guam[S.DATE] == datetime(2017, 9, 18)
    assert json.loads(guam[S.ORIGINS]) == [
        {"name": "Guam", "lat": 13.47, "lon": 144.78, "precision": "country", "radius_km": 13.2}]
    assert guam[S.EVIDENCE] == EVIL and guam[S.ARTICLE_TITLE] == EVIL_TITLE
    assert rows["undated"][S.DATE] is None and rows["undated"][S.LAT] is None
    assert json.loads(rows["undated"][S.LOCATIONS])[0]["lat"] is None
    assert pd.read_parquet(io.BytesIO(export.to_parquet(frame))).shape == (len(frame), len(S.EVENT_COLUMNS))


def test_parquet_of_no_events():
    table = pq.read_table(io.BytesIO(export.to_parquet(S.empty_events())))
    assert table.num_rows == 0 and table.schema.names == list(S.EVENT_COLUMNS)


# -- snapshot --------------------------------------------------------------------------------------------------

def _snapshot(df, flt="dates 2017-01-01 to 2024-12-31; undated included", **kw):
    data, version = export.snapshot_zip(df, ARTICLES, filter_description=flt, created=kw.pop("created", CREATED),
                                        **kw)
    return zipfile.ZipFile(io.BytesIO(data)), data, version


def test_snapshot_holds_every_file(frame):
    zf, _data, version = _snapshot(frame)
    assert sorted(zf.namelist()) == sorted(export.SNAPSHOT_FILES)
    assert zf.testzip() is None
    assert re.fullmatch(r"sortie-20240502-[0-9a-f]{10}", version)
    assert zf.read("events.csv") == export.to_csv(frame)
    assert json.loads(zf.read("events.geojson")) == export.to_geojson(frame)
    assert pq.read_table(io.BytesIO(zf.read("events.parquet"))).num_rows == len(frame)


def test_snapshot_manifest_matches_the_files(frame):
    zf, _data, version = _snapshot(frame)
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["version"] == version
    assert manifest["software"]["version"] == geo.__version__
    assert manifest["created"] == "2024-05-02T12:30:00Z"
    assert set(manifest["files"]) == set(export.SNAPSHOT_FILES) - {"manifest.json"}
    for name, entry in manifest["files"].items():
        data = zf.read(name)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert entry["bytes"] == len(data)
    assert manifest["counts"] == {"events": 5, "located_events": 4, "flight_lines": 3, "articles": 3}
    assert manifest["filter"].startswith("dates 2017-01-01")


def test_snapshot_version_is_deterministic(frame):
    _zf, data1, v1 = _snapshot(frame)
    _zf, data2, v2 = _snapshot(frame.copy())
    assert v1 == v2 and data1 == data2  # same content, filter and time: same id and bytes
    _zf, _data, later = _snapshot(frame, created=datetime(2025, 1, 1))
    assert later.split("-")[-1] == v1.split("-")[-1] and later.startswith("sortie-20250101-")
    _zf, _data, other_filter = _snapshot(frame, flt="all events (undated included)")
    assert other_filter != v1
    _zf, _data, other_rows = _snapshot(frame.iloc[:2])
    assert other_rows != v1


def test_snapshot_uses_a_given_version(frame):
    zf, _data, version = _snapshot(frame, version="my-snapshot")
    assert version == "my-snapshot"
    assert json.loads(zf.read("manifest.json"))["version"] == "my-snapshot"


def test_snapshot_sources_list_only_articles_of_the_filtered_events(frame):
    shown = filter_events(frame, EventFilter(start=date(2023, 1, 1), include_undated=False))
    assert set(shown[S.EVENT_ID]) == {"hawaii", "local"}
    zf, _data, _version = _snapshot(shown)
    sources = pd.read_csv(io.BytesIO(zf.read("sources.csv")), dtype=str, keep_default_na=False)
    assert list(sources.columns) == list(export.SOURCE_COLUMNS)
    assert sources.to_dict("records") == [
        {"article_id": "id-b.txt", "title": "Bombers from Hawaii", "source": "AP", "url": "",
         "published": "2023-07-01", "file": "b.txt", "events": "1"},
        {"article_id": "id-c.txt", "title": 'Drills, "live" fire', "source": "", "url": "", "published": "",
         "file": "c.txt", "events": "1"},
    ]


def test_snapshot_sources_fall_back_to_the_events_frame():
    df = events_frame([_event("orphan", article="gone.txt")])
    data, _version = export.snapshot_zip(df, [], filter_description="all", created=CREATED)
    sources = pd.read_csv(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read("sources.csv")), dtype=str,
                          keep_default_na=False)
    assert sources[["article_id", "file"]].values.tolist() == [["id-gone.txt", "gone.txt"]]


def test_methodology_describes_the_snapshot(frame):
    flt = "articles a.txt {{ 7*7 }} ```<script>```; undated included"
    zf, _data, version = _snapshot(frame, flt=flt)
    note = zf.read("METHODOLOGY.md").decode("utf-8")
    assert version in note and geo.__version__ in note
    assert "2024-05-02T12:30:00Z" in note
    assert flt in note  # literally, inside a fence longer than its own backticks
    assert "````text\n" + flt + "\n````" in note
    assert "| events | 5 |" in note and "| flight lines | 3 |" in note
    for topic in ("date_precision", "radius_km", "gazetteer", "WGS84", "antimeridian"):
        assert topic in note


def test_snapshot_keeps_article_text_literal(frame):
    zf, _data, _version = _snapshot(frame)
    for name in ("events.csv", "events.geojson", "sources.csv"):
        text = zf.read(name).decode("utf-8")
        assert "{{ 7*7 }}" in text and "<b>Evil</b>" in text, name
        assert "&lt;" not in text, name
    assert "<script>alert('x')</script>" in zf.read("events.csv").decode("utf-8")


def test_describe_filter_is_stable():
    f = EventFilter(start=date(2023, 1, 1), end=date(2024, 1, 1), kinds=frozenset({"flight", "exercise"}),
                    countries=frozenset({"Japan"}), include_undated=False)
    assert export.describe_filter(f) == (
        "dates 2023-01-01 to 2024-01-01; kinds exercise, flight; countries Japan; undated excluded")
    assert export.describe_filter(EventFilter(include_undated=False)) == "all events (undated excluded)"
