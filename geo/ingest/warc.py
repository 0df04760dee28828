"""Reads WARC files (web and news crawls, ``.warc`` or ``.warc.gz``) as articles: one per HTML page captured.

Each ``response`` (or ``resource``) record of an HTML page with status 2xx becomes an article,
read like a saved ``.html`` file: its text, its title, the page's own published date (a
``<meta>`` date), else the record's ``WARC-Date`` (the day it was crawled), and its URL
(``WARC-Target-URI``). Requests, metadata, images and redirects are not articles and are passed
over. Records are read one at a time through ``warcio`` (bounded memory). A record cut off by the
end of the file, or damaged data after the last good record, gives one failure naming the
record and its byte offset; the records before it are kept.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from geo.errors import SourceFormatError
from geo.ingest.paths import ReadFailure
from geo.ingest.rows import Collection, article_from_row
from geo.ingest.tables import STREAM_ERRORS
from geo.models import Article

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def _charset(content_type: str, body: bytes) -> str:
    m = re.search(r"charset=[\"']?([\w-]+)", content_type or "", re.I)
    if m:
        return m.group(1).lower()
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii").lower() if m else "utf-8"


def _damage(record, collection: Collection) -> str:
    """Why a record cannot be a whole WARC record (its header cut off, or no WARC header at all), or ""."""
    if record.format == "arc" and ".arc" not in collection.name.lower():
        return "not a WARC record (no WARC/1.x header line); the file is damaged or not a WARC file"
    if record.format.startswith("warc") and record.rec_headers.get_header("Content-Length") is None:
        return "the record's header is cut off (no Content-Length); the file ends or is damaged here"
    return ""


def read_warc(stream: BinaryIO, collection: Collection) -> Iterator[Article | ReadFailure]:
    """Articles of a WARC file, in record order; see the module docstring for what counts as an article."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limit = int(collection.settings.max_file_mb * 1_000_000)
    records = ArchiveIterator(stream)
    number = 0
    try:
        for record in records:
            number += 1
            offset = records.offset  # where this record starts (get_record_offset would read it to its end)
            where = collection.where(f"record {number} (byte {offset})")
            damage = _damage(record, collection)
            if damage:
                yield ReadFailure(collection.path, f"{where}: {damage}; the {number - 1} record(s) before it were read")
                return
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            headers = record.http_headers if record.rec_type == "response" else record.rec_headers
            content_type = (headers.get_header("Content-Type") or "") if headers is not None else ""
            status = (headers.get_statuscode() if record.rec_type == "response" else "200") if headers else ""
            page = record.rec_type in ("response", "resource") and \
                content_type.lower().startswith(_HTML_TYPES) and str(status).startswith("2")
            body = record.content_stream().read(limit + 1) if page else b""
            if page and len(body) > limit:
                yield ReadFailure(collection.path, f"{where}: the page {url} is larger than the {limit / 1e6:.1f} MB "
                                                   "limit for one article; skipped (raise GEO_MAX_FILE_MB)")
                continue
            while record.raw_stream.read(1 << 16):
                pass  # the rest of a record that is no page, read through to see that it is whole
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:
                yield ReadFailure(collection.path, f"{where}: the record{' of ' + url if url else ''} is cut off "
                                                   f"({missing} byte(s) missing); the file ends inside it. The "
                                                   f"{number - 1} record(s) before it were read")
                return
            if not page:
                continue
            charset = _charset(content_type, body)
            try:
                html = body.decode(charset)
            except (LookupError, UnicodeDecodeError) as err:
                yield ReadFailure(collection.path, f"{where}: the page {url} cannot be read as {charset!r} text "
                                                   f"({err}); skipped")
                continue
            try:
                yield article_from_row(collection, number, html, html=True, url=url,
                                       fallback_published=record.rec_headers.get_header("WARC-Date"), where=where)
            except SourceFormatError as err:
                message = str(err)
                yield ReadFailure(collection.path, message if message.startswith(where) else f"{where}: {message}")
    except ArchiveLoadFailed as err:
        yield ReadFailure(collection.path, f"{collection.where(f'after record {number}')}: not a WARC record "
                                           f"({str(err)[:120]}); the {number} record(s) before it were read")
        return
    except STREAM_ERRORS as err:
        yield ReadFailure(collection.path, f"{collection.where(f'record {number}')}: the file breaks off here "
                                           f"({type(err).__name__}: {err}); the record(s) before it were read")
        return
    # warcio stops quietly at a record whose header is cut off: anything left unread after the last good
    # record is a damaged or truncated record.
    try:
        size = stream.seek(0, io.SEEK_END)
    except (OSError, ValueError, AttributeError):
        return
    if size > records.offset:
        stream.seek(records.offset)
        rest = stream.read(64)
        if rest.strip(b"\r\n\x00 "):
            yield ReadFailure(collection.path, f"{collection.where(f'byte {records.offset}')}: {size - records.offset} "
                                               f"byte(s) after record {number} are not a complete WARC record (the "
                                               f"file is cut off or damaged); the {number} record(s) before were read")


__all__ = ["read_warc"]
