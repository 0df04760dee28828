"""Tests of geo/ingest/collections.py and its readers: JSON Lines, CSV, Parquet and WARC rows -> Articles, bad rows reported."""
from __future__ import annotations

import gzip
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from geo.config import Settings
from geo.ingest import ReadFailure, expand_paths, read_article
from geo.ingest.collections import collection_format, read_collection, read_stream
from geo.ingest.rows import Columns
from geo.models import Article

FLIGHT = "Two U.S. B-1B bombers flew over the Korean Peninsula on Monday, the air force said."
LAUNCH = "North Korea fired two ballistic missiles into the East Sea on Sunday."
QUIET = "The harvest festival opened in the market square with music and dancing."


def _articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _failures(items) -> list[str]:
    return [i.error for i in items if isinstance(i, ReadFailure)]


def _jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


# -- JSON Lines -------------------------------------------------------------------------------------

def test_jsonl_rows_become_articles_named_after_the_collection_and_row(tmp_path):
    path = _jsonl(tmp_path / "news.jsonl", [
        {"id": "a1", "text": FLIGHT, "date": "2017-09-18", "title": "Bombers", "url": "https://x.test/1",
         "source": "Wire"},
        {"content": LAUNCH, "published": "2017-09-17T08:00:00Z"},
    ])
    first, second = _articles(read_collection(path))
    assert (first.name, first.title, first.published, first.url, first.source) == \
        ("news.jsonl#a1", "Bombers", date(2017, 9, 18), "https://x.test/1", "Wire")
    assert (second.name, second.published, second.text) == ("news.jsonl#2", date(2017, 9, 17), LAUNCH)


def test_a_row_has_the_same_content_id_as_the_same_text_in_a_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(FLIGHT.replace(" on ", "\r\non ").encode())
    row = _articles(read_collection(_jsonl(tmp_path / "n.jsonl", [{"text": FLIGHT.replace(" on ", "\r\non ")}])))[0]
    assert row.id == read_article(tmp_path / "a.txt").id


def test_a_broken_jsonl_line_is_reported_by_its_number_and_the_rest_goes_in(tmp_path):
    path = _jsonl(tmp_path / "news.jsonl", [{"text": FLIGHT}, '{"text": "unterminated', "[1, 2]",
                                            {"title": "no text here"}, {"text": LAUNCH}])
    items = list(read_collection(path))
    assert [a.text for a in _articles(items)] == [FLIGHT, LAUNCH]
    errors = _failures(items)
    assert len(errors) == 3
    assert errors[0].startswith("news.jsonl line 2: not valid JSON")
    assert errors[1].startswith("news.jsonl line 3: expected a JSON object, got list")
    assert errors[2].startswith("news.jsonl line 4: no text column; expected a column named one of ['text'")


def test_a_jsonl_line_far_over_the_size_limit_is_skipped_unread(tmp_path):
    path = _jsonl(tmp_path / "big.jsonl", [{"text": "x " * 50_000}, {"text": FLIGHT}])
    items = list(read_collection(path, settings=Settings.from_env(max_file_mb=0.002)))
    assert "big.jsonl line 1: longer than the" in _failures(items)[0]
    assert [a.text for a in _articles(items)] == [FLIGHT]


def test_a_row_text_over_the_size_limit_fails_its_row(tmp_path):
    path = _jsonl(tmp_path / "big.jsonl", [{"text": "x " * 5000}, {"text": FLIGHT}])
    items = list(read_collection(path, settings=Settings.from_env(max_file_mb=0.002)))
    assert _failures(items) == ["big.jsonl line 1: the text is 0.01 MB, larger than the 0.00 MB limit for one "
                                "article; raise GEO_MAX_FILE_MB if it is one"]
    assert [a.text for a in _articles(items)] == [FLIGHT]


def test_gzipped_jsonl_is_read_decompressed(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps({"text": FLIGHT}) + "\n").encode()))
    assert [a.text for a in _articles(read_collection(path))] == [FLIGHT]


def test_a_cut_off_gzip_file_is_reported_after_the_lines_before_it(tmp_path):
    data = gzip.compress("".join(json.dumps({"text": f"{FLIGHT} {i}"}) + "\n" for i in range(200)).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_collection(path))
    assert _articles(items) and "the file breaks off here" in _failures(items)[-1]


def test_a_bad_date_fails_its_row_naming_the_value(tmp_path):
    items = list(read_collection(_jsonl(tmp_path / "n.jsonl", [{"text": FLIGHT, "date": "last spring"}])))
    assert _failures(items) == ["n.jsonl line 1: published must be a date like 2017-09-23 (or an ISO or RFC 2822 "
                                "timestamp, or seconds since 1970), got 'last spring'"]


def test_a_date_outside_the_window_fails_its_row(tmp_path):
    items = list(read_collection(_jsonl(tmp_path / "n.jsonl", [{"text": FLIGHT, "date": "3017-01-01"}])))
    assert "outside the accepted window" in _failures(items)[0]


def test_the_runs_published_date_replaces_each_rows(tmp_path):
    path = _jsonl(tmp_path / "n.jsonl", [{"text": FLIGHT, "date": "2017-01-01"}])
    assert _articles(read_collection(path, published=date(2018, 2, 3)))[0].published == date(2018, 2, 3)


def test_html_text_in_a_row_is_read_as_a_page(tmp_path):
    html = f"<html><head><title>T</title><script>alert(1)</script></head><body><p>{FLIGHT}</p></body></html>"
    article = _articles(read_collection(_jsonl(tmp_path / "n.jsonl", [{"text": html}])))[0]
    assert article.text == FLIGHT and "alert" not in article.text


# -- CSV --------------------------------------------------------------------------------------------

def test_csv_columns_are_mapped_by_name_and_the_rest_default(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text('doc,headline,story,when\n7,Bombers,"' + FLIGHT + '",2017-09-18\n', encoding="utf-8")
    article = _articles(read_collection(path, columns=Columns(text="story", date="when", id="doc")))[0]
    assert (article.name, article.title, article.published, article.text) == \
        ("dump.csv#7", "Bombers", date(2017, 9, 18), FLIGHT)


def test_a_csv_without_the_text_column_is_one_failure_naming_its_columns(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text("title,when\nBombers,2017-09-18\n", encoding="utf-8")
    items = list(read_collection(path))
    assert _articles(items) == []
    assert _failures(items) == ["dump.csv: no text column; expected a column named one of ['text', 'content', "
                                "'body', 'maintext', 'article', 'full_text', 'fulltext', 'story'] or one given with "
                                "--text-col; the columns are ['title', 'when']; no row was read"]


def test_a_column_named_on_the_command_line_must_exist(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text("text\n" + FLIGHT + "\n", encoding="utf-8")
    assert "no column 'body' (given with --text-col)" in _failures(read_collection(path, columns=Columns(text="body")))[0]


def test_bad_csv_rows_fail_alone(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_bytes(b'text,date\n"' + FLIGHT.encode() + b'",2017-09-18\nonly one field\n'
                     b'"caf\xe9 in Latin-1",2017-09-18\n"' + LAUNCH.encode() + b'",2017-09-17\n')
    items = list(read_collection(path))
    assert [a.text for a in _articles(items)] == [FLIGHT, LAUNCH]
    errors = _failures(items)
    assert errors[0].startswith("dump.csv row 2 (line 3): 1 field(s), the header has 2")
    assert errors[1].startswith("dump.csv row 3: the text is not UTF-8")


# -- Parquet ----------------------------------------------------------------------------------------

def test_parquet_rows_are_read_with_typed_dates(tmp_path):
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({"text": [FLIGHT, LAUNCH], "title": ["Bombers", None],
                             "published": pa.array([date(2017, 9, 18), date(2017, 9, 17)], pa.date32()),
                             "seen": pa.array([datetime(2017, 9, 18, tzinfo=timezone.utc)] * 2,
                                              pa.timestamp("s", tz="UTC"))}), path)
    first, second = _articles(read_collection(path))
    assert (first.title, first.published, second.published) == ("Bombers", date(2017, 9, 18), date(2017, 9, 17))


def test_parquet_with_a_text_column_of_numbers_is_one_failure(tmp_path):
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({"text": [1, 2], "title": ["a", "b"]}), path)
    items = list(read_collection(path))
    assert _articles(items) == []
    assert _failures(items) == ["news.parquet: column 'text' holds int64 values, expected text (a string column); "
                                "choose the text column with --text-col; no row was read"]


def test_a_parquet_row_without_text_fails_alone(tmp_path):
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({"body": [FLIGHT, None, LAUNCH]}), path)
    items = list(read_collection(path))
    assert [a.name for a in _articles(items)] == ["news.parquet#1", "news.parquet#3"]
    assert _failures(items) == ["news.parquet row 2: no article text (the text column is empty)"]


def test_a_file_that_is_not_parquet_is_one_failure(tmp_path):
    path = tmp_path / "news.parquet"
    path.write_bytes(b"PAR1 not really")
    assert _failures(read_collection(path))[0].startswith("news.parquet: not a readable Parquet file")


# -- WARC -------------------------------------------------------------------------------------------

def _warc(records: list[tuple[str, str, bytes]], *, gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, content_type, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": "2017-09-19T06:00:00Z"}))
    return buf.getvalue()


def _page(text: str, meta_date: str = "") -> bytes:
    meta = f'<meta property="article:published_time" content="{meta_date}">' if meta_date else ""
    return f"<html><head><title>News</title>{meta}</head><body><h1>Bombers</h1><p>{text}</p></body></html>".encode()


def test_warc_html_responses_become_articles_with_url_and_date(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([("https://news.test/a", "text/html; charset=utf-8", _page(FLIGHT, "2017-09-18")),
                            ("https://news.test/logo.png", "image/png", b"\x89PNG"),
                            ("https://news.test/b", "text/html", _page(LAUNCH))]))
    first, second = _articles(read_collection(path))
    assert (first.name, first.url, first.published, first.title) == \
        ("crawl.warc.gz#1", "https://news.test/a", date(2017, 9, 18), "Bombers")
    assert FLIGHT in first.text
    # No date in the page: the crawl date stands in, as a date read from the document, not given.
    assert (second.name, second.published, "published" in second.derived) == ("crawl.warc.gz#3", date(2017, 9, 19),
                                                                                True)


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_warc_record_is_reported_and_the_records_before_it_kept(tmp_path, gz):
    data = _warc([(f"https://news.test/{i}", "text/html", _page(f"{FLIGHT} {i}")) for i in range(3)], gz=gz)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data[:-40])
    items = list(read_collection(path))
    assert [a.url for a in _articles(items)] == ["https://news.test/0", "https://news.test/1"]
    assert len(_failures(items)) == 1 and "record 3" in _failures(items)[0] and "cut off" in _failures(items)[0]


def test_a_warc_cut_inside_a_record_header_is_reported(tmp_path):
    data = _warc([(f"https://news.test/{i}", "text/html", _page(f"{FLIGHT} {i}")) for i in range(2)], gz=False)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[: len(data) // 2 + 40])
    items = list(read_collection(path))
    assert [a.url for a in _articles(items)] == ["https://news.test/0"]
    assert "record 2" in _failures(items)[0] and "header is cut off" in _failures(items)[0]


def test_a_file_that_is_not_warc_is_one_failure(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_text("hello, this is not a crawl\n", encoding="utf-8")
    assert "not a WARC record" in _failures(read_collection(path))[0]


# -- finding collections ----------------------------------------------------------------------------

def test_collection_names_are_recognised_with_their_compression():
    assert [collection_format(n) for n in ("a.jsonl", "a.ndjson.gz", "a.csv.gz", "a.parquet", "a.warc.gz", "a.txt")] \
        == [("jsonl", False), ("jsonl", True), ("csv", True), ("parquet", False), ("warc", False), None]


def test_folders_list_collections_beside_article_files(tmp_path):
    (tmp_path / "a.txt").write_text(FLIGHT, encoding="utf-8")
    _jsonl(tmp_path / "b.jsonl", [{"text": LAUNCH}])
    assert [Path(p).name for p in expand_paths([tmp_path])] == ["a.txt", "b.jsonl"]


def test_an_uploaded_collection_is_read_from_its_bytes():
    data = (json.dumps({"text": FLIGHT}) + "\n" + json.dumps({"text": QUIET}) + "\n").encode()
    assert [a.name for a in _articles(read_stream(io.BytesIO(data), "upload.jsonl"))] == \
        ["upload.jsonl#1", "upload.jsonl#2"]


def test_a_missing_collection_is_one_failure(tmp_path):
    assert "cannot read file" in _failures(read_collection(tmp_path / "gone.jsonl"))[0]
