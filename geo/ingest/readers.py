"""The registry of article readers by file suffix: which files ingest reads, and how each turns text into a body.

Adding a format: write ``geo/ingest/<fmt>.py`` with a ``parse_<fmt>(text) -> (title, body, published)``
function, register it below with ``register_reader``, and add ``tests/ingest/test_<fmt>.py``.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from geo.errors import SourceFormatError
from geo.ingest.html import parse_html
from geo.ingest.text import parse_markdown, parse_text

# A reader turns decoded text into (title, body, published-as-written).
Reader = Callable[[str], tuple[str, str, str]]
READERS: dict[str, Reader] = {}

# NAME.meta.json beside NAME.txt carries the article's metadata; it is not an article itself.
SIDECAR_SUFFIX = ".meta.json"


def register_reader(suffix: str, reader: Reader) -> None:
    """Make ``reader`` handle files ending in ``suffix`` (".txt")."""
    READERS[suffix.lower()] = reader


register_reader(".txt", lambda text: (*parse_text(text), ""))
register_reader(".md", lambda text: (*parse_markdown(text), ""))
register_reader(".markdown", lambda text: (*parse_markdown(text), ""))
register_reader(".html", parse_html)
register_reader(".htm", parse_html)


def supported_suffixes() -> list[str]:
    """File suffixes the ingest stage reads."""
    return sorted(READERS)


def is_sidecar(name: str) -> bool:
    """Is this file name a ``NAME.meta.json`` sidecar?"""
    return name.lower().endswith(SIDECAR_SUFFIX)


def reader_for(name: str) -> Reader:
    """The reader for a file name, by its suffix.

    Raises
    ------
    SourceFormatError
        For a suffix no reader handles, listing those that are read.
    """
    suffix = PurePath(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise SourceFormatError(f"{name}: unsupported file type {suffix or '(none)'!r}; "
                                f"expected one of {supported_suffixes()}")
    return reader
