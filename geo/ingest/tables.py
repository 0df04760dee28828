"""Reads tables of articles, one row each: JSON Lines, CSV and Parquet, streamed, a bad row reported by its number.

Each reader takes an open binary stream and yields, in row order, an ``Article`` for every good
row and a ``ReadFailure`` for every bad one, so one broken line or row costs only itself. A file
that cannot be read at all (no text column, a text column of numbers, not Parquet) gives one
failure for the file. Memory stays bounded: JSON Lines and CSV are read a line at a time (a line
longer than the article size limit is skipped, not loaded), Parquet a batch of rows at a time.
"""
from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from geo.errors import SourceFormatError
from geo.ingest.paths import ReadFailure
from geo.ingest.rows import Collection, article_from_row
from geo.models import Article

Item = Article | ReadFailure
# Parquet rows read at a time.
PARQUET_BATCH_ROWS = 512
# What a stream that breaks off raises: a cut gzip file, a disk error.
STREAM_ERRORS = (OSError, EOFError, zlib.error)


def _limit(collection: Collection) -> int:
    # A row's text may be as large as one article file; its other fields are short.
    return int(collection.settings.max_file_mb * 1_000_000) + 64_000


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a stream; None in place of a line longer than ``limit`` bytes, which is skipped unread."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line in bounded reads
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _fail(collection: Collection, message: str) -> ReadFailure:
    return ReadFailure(collection.path, message)


def _row_article(collection: Collection, picked: dict[str, str | None], values: dict, number: int,
                 where: str) -> Article:
    text_col = picked["text"]
    row_id = values.get(picked["id"]) if picked["id"] else None
    if row_id is None or row_id == "":
        row_id = number
    return article_from_row(collection, row_id, values.get(text_col) if text_col else None,
                            title=values.get(picked["title"]) if picked["title"] else None,
                            published=values.get(picked["date"]) if picked["date"] else None,
                            url=values.get(picked["url"]) if picked["url"] else None,
                            source=values.get(picked["source"]) if picked["source"] else None, where=where)


def read_jsonl(stream: BinaryIO, collection: Collection) -> Iterator[Item]:
    """Articles of a JSON Lines file: one JSON object a line; blank lines are skipped.

    A line that is not JSON, not an object, has no text field or a bad value is a failure naming
    its line number; the lines after it are read as usual.
    """
    limit = _limit(collection)
    lines = _lines(stream, limit)
    number = 0
    while True:
        number += 1
        where = collection.where(f"line {number}")
        try:
            raw = next(lines)
        except StopIteration:
            return
        except STREAM_ERRORS as err:
            yield _fail(collection, f"{where}: the file breaks off here ({type(err).__name__}: {err}); the lines "
                                    "before it were read")
            return
        if raw is None:
            yield _fail(collection, f"{where}: longer than the {limit / 1e6:.1f} MB limit for one article; skipped "
                                    "(raise GEO_MAX_FILE_MB if it is one article)")
            continue
        if not raw.strip():
            continue
        try:
            value = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as err:
            yield _fail(collection, f"{where}: not UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1}); "
                                    "re-export the file as UTF-8")
            continue
        except json.JSONDecodeError as err:
            yield _fail(collection, f"{where}: not valid JSON ({err.msg.removesuffix(' at')} at column {err.colno}); expected one JSON "
                                    'object a line, like {"text": "...", "date": "2017-09-23"}')
            continue
        except RecursionError:
            yield _fail(collection, f"{where}: JSON nested too deeply to read; expected one flat JSON object")
            continue
        if not isinstance(value, dict):
            yield _fail(collection, f"{where}: expected a JSON object, got {type(value).__name__} "
                                    f"{raw[:60].decode('utf-8', 'replace')!r}")
            continue
        try:
            picked = collection.columns.pick(list(value))
            if picked["text"] is None:
                raise SourceFormatError(collection.columns.missing_text(list(value)))
            yield _row_article(collection, picked, value, number, where)
        except SourceFormatError as err:
            message = str(err)
            yield _fail(collection, message if message.startswith(where) else f"{where}: {message}")


def read_csv(stream: BinaryIO, collection: Collection) -> Iterator[Item]:
    """Articles of a CSV file with a header row (UTF-8, any CSV dialect Python's ``csv`` sniffs as excel).

    The header must hold a text column (see ``geo.ingest.rows.DEFAULT_COLUMNS``), else the file
    gives one failure. A row with the wrong number of fields, a field over the size limit, bytes
    that are not UTF-8 or a bad value is a failure naming the row; the rows after it are read.
    """
    limit = _limit(collection)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, limit))
    try:
        try:
            header = next(reader)
        except STREAM_ERRORS as err:
            yield _fail(collection, f"{collection.name}: cannot read the file ({type(err).__name__}: {err})")
            return
        except StopIteration:
            yield _fail(collection, f"{collection.name}: empty file; expected a header row naming the columns "
                                    "(text, date, title, url, source, id)")
            return
        except csv.Error as err:
            yield _fail(collection, f"{collection.name}: cannot read the header row ({err})")
            return
        try:
            picked = collection.columns.pick(header)
        except SourceFormatError as err:
            yield _fail(collection, f"{collection.name}: {err}")
            return
        if picked["text"] is None:
            yield _fail(collection, f"{collection.name}: {collection.columns.missing_text(header)}; no row was read")
            return
        number = 0
        while True:
            number += 1
            where = collection.where(f"row {number}")
            try:
                row = next(reader)
            except StopIteration:
                return
            except STREAM_ERRORS as err:
                yield _fail(collection, f"{where}: the file breaks off here ({type(err).__name__}: {err}); the rows "
                                        "before it were read")
                return
            except csv.Error as err:
                yield _fail(collection, f"{where} (line {reader.line_num}): cannot read it as CSV ({err})")
                continue
            if not any(cell.strip() for cell in row):
                number -= 1  # a blank line is no row
                continue
            if len(row) != len(header):
                yield _fail(collection, f"{where} (line {reader.line_num}): {len(row)} field(s), the header has "
                                        f"{len(header)}; check the quoting of that row")
                continue
            try:
                yield _row_article(collection, picked, dict(zip(header, row)), number, where)
            except SourceFormatError as err:
                message = str(err)
                yield _fail(collection, message if message.startswith(where) else f"{where}: {message}")
    finally:
        csv.field_size_limit(old_limit)
        text.detach()


def read_parquet(stream: BinaryIO, collection: Collection) -> Iterator[Item]:
    """Articles of a Parquet file, read a batch of rows at a time (only the columns mapped are read).

    The text column must hold strings and the date column dates, timestamps, strings or numbers;
    otherwise the file gives one failure saying which column holds what. A bad value in one row
    is a failure naming the row.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError, ValueError) as err:
        yield _fail(collection, f"{collection.name}: not a readable Parquet file ({err})")
        return
    schema = table.schema_arrow
    try:
        picked = collection.columns.pick(schema.names)
    except SourceFormatError as err:
        yield _fail(collection, f"{collection.name}: {err}")
        return
    if picked["text"] is None:
        yield _fail(collection, f"{collection.name}: {collection.columns.missing_text(schema.names)}; no row was read")
        return
    text_type = schema.field(picked["text"]).type
    if not (pa.types.is_string(text_type) or pa.types.is_large_string(text_type)):
        yield _fail(collection, f"{collection.name}: column {picked['text']!r} holds {text_type} values, expected "
                                "text (a string column); choose the text column with --text-col; no row was read")
        return
    if picked["date"] is not None:
        date_type = schema.field(picked["date"]).type
        if not (pa.types.is_temporal(date_type) or pa.types.is_string(date_type) or
                pa.types.is_large_string(date_type) or pa.types.is_integer(date_type) or
                pa.types.is_floating(date_type)):
            yield _fail(collection, f"{collection.name}: column {picked['date']!r} holds {date_type} values, expected "
                                    "dates, timestamps or date strings; choose the date column with --date-col; no "
                                    "row was read")
            return
    wanted = sorted({c for c in picked.values() if c is not None})
    number = 0
    try:
        for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
            for values in batch.to_pylist():
                number += 1
                where = collection.where(f"row {number}")
                try:
                    yield _row_article(collection, picked, values, number, where)
                except SourceFormatError as err:
                    message = str(err)
                    yield _fail(collection, message if message.startswith(where) else f"{where}: {message}")
    except (pa.ArrowException, OSError, ValueError) as err:
        yield _fail(collection, f"{collection.name}: cannot read past row {number} ({err}); the rows before it were "
                                "read")


def gunzipped(stream: BinaryIO) -> BinaryIO:
    """A gzip-compressed stream, read decompressed (JSON Lines and CSV dumps often come as ``.gz``)."""
    import gzip

    return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]


__all__ = ["PARQUET_BATCH_ROWS", "gunzipped", "read_csv", "read_jsonl", "read_parquet"]
