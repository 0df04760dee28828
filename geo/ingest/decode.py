"""Turns raw file bytes into article text, refusing empty, binary, huge or undecodable input."""
from __future__ import annotations

import codecs
import re
import unicodedata

from geo.errors import SourceFormatError
from geo.ingest.files import too_large

# A text file may hold the odd control character; more than this share of them means binary.
_MAX_CONTROL_SHARE = 0.01
# Unicode's control characters (category Cc: U+0000-U+001F and U+007F-U+009F) other than the line and page
# breaks and tabs a text may hold. A regex counts them at C speed; a loop over every character cost ~1 ms an article.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# UTF-16 without a byte-order mark: most ASCII letters leave a NUL in every other byte.
_UTF16_NUL_SHARE = 0.3
_SNIFF_BYTES = 4096


def _utf16_without_bom(data: bytes) -> str:
    """"LE" or "BE" when ``data`` reads as UTF-16 text without a byte-order mark, else ""."""
    head = data[:_SNIFF_BYTES]
    half = len(head) // 2
    if half < 2:
        return ""
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd >= _UTF16_NUL_SHARE * half and even <= 0.05 * half:
        return "LE"
    if even >= _UTF16_NUL_SHARE * half and odd <= 0.05 * half:
        return "BE"
    return ""


def decode_text(data: bytes, *, name: str, max_bytes: int) -> str:
    """Decode article bytes to normalised text.

    Accepts UTF-8 (with or without BOM) and UTF-16 with a BOM. Line endings become ``\\n``
    and the text is NFC-normalised, so offsets are stable across platforms.

    Raises
    ------
    SourceFormatError
        For an empty, binary, oversized or non-UTF-8 file, naming the file and the fix.
    """
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes)
    if not data:
        raise SourceFormatError(f"{name}: file is empty; expected the text of a news article")
    if not data.strip():
        raise SourceFormatError(f"{name}: file is empty (it holds only whitespace); expected the text of a "
                                "news article")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise SourceFormatError(f"{name}: broken UTF-16 text ({err.reason} at byte {err.start}); "
                                    "re-save the file as UTF-8") from err
    else:
        order = _utf16_without_bom(data)
        if order:
            raise SourceFormatError(f"{name}: looks like UTF-16 text ({order}) without a byte-order mark; "
                                    "re-save the file as UTF-8")
        nul = data.find(b"\x00")
        if nul >= 0:
            raise SourceFormatError(f"{name}: file looks binary (it contains NUL bytes, the first at offset {nul}); "
                                    "expected a text, Markdown or HTML article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise SourceFormatError(
                f"{name}: not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
                "re-save the file as UTF-8") from err
    controls = len(_CONTROL.findall(text))
    if controls > max(3, _MAX_CONTROL_SHARE * len(text)):
        raise SourceFormatError(f"{name}: file looks binary ({controls} control characters); "
                                "expected a text, Markdown or HTML article")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise SourceFormatError(f"{name}: file has no text; expected the text of a news article")
    return text
