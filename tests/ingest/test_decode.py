"""Tests of geo/ingest/decode.py: bytes -> normalised text, or a SourceFormatError naming the file."""
from __future__ import annotations

import codecs

import pytest

from geo.errors import SourceFormatError
from geo.ingest.decode import decode_text

NAME = "article.txt"
LIMIT = 10_000


def _error(data: bytes, max_bytes: int = LIMIT) -> str:
    with pytest.raises(SourceFormatError) as info:
        decode_text(data, name=NAME, max_bytes=max_bytes)
    return str(info.value)


def test_empty_file_is_refused_naming_the_file():
    msg = _error(b"")
    assert NAME in msg and "empty" in msg


def test_whitespace_only_file_is_refused_as_empty():
    msg = _error(b"  \n\t \r\n ")
    assert NAME in msg and "empty" in msg


def test_nul_bytes_mark_the_file_as_binary():
    msg = _error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert NAME in msg and "binary" in msg


def test_file_over_max_bytes_is_refused_with_the_limit_and_the_fix():
    msg = _error(b"Bombers flew. " * 10, max_bytes=50)
    assert NAME in msg and "limit" in msg and "GEO_MAX_FILE_MB" in msg


def test_latin1_bytes_are_refused_naming_the_byte_and_utf8():
    msg = _error("Café near the DMZ".encode("latin-1"))
    assert NAME in msg and "0xe9" in msg and "UTF-8" in msg


def test_utf8_bom_is_stripped():
    assert decode_text(codecs.BOM_UTF8 + b"Jets flew.", name=NAME, max_bytes=LIMIT) == "Jets flew."


def test_utf16_with_bom_is_decoded():
    assert decode_text("Jets flew über Seoul.".encode("utf-16"), name=NAME, max_bytes=LIMIT) == "Jets flew über Seoul."


def test_crlf_and_lone_cr_become_newlines():
    assert decode_text(b"Line one\r\nLine two\rLine three", name=NAME, max_bytes=LIMIT) == \
        "Line one\nLine two\nLine three"


def test_text_is_nfc_normalised():
    decomposed = "Cafe\u0301".encode("utf-8")
    assert decode_text(decomposed, name=NAME, max_bytes=LIMIT) == "Caf\u00e9"


def test_truncated_utf16_is_refused_as_source_format_error():
    msg = _error(codecs.BOM_UTF16_LE + "Jets".encode("utf-16-le") + b"!")
    assert NAME in msg
