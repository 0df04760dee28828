"""An article's metadata: its ``NAME.meta.json`` sidecar (published date, title, source, url) and the date window."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.config import Settings
from geo.errors import SourceFormatError
from geo.ingest.files import read_bounded

# A sidecar holds four short fields; anything near this size is not one.
SIDECAR_MAX_BYTES = 1_000_000
SIDECAR_FIELDS = ("published", "title", "source", "url")
_SIDECAR_FORM = '{"published": "YYYY-MM-DD", "title": "...", "source": "...", "url": "..."}'
# An ISO date, optionally followed by a time ("2017-09-23T10:00:00Z"); nothing else is read as a date.
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z ]*)?", re.I)


@dataclass(frozen=True)
class ArticleMeta:
    """What is known of an article besides its text, and where that came from (for messages)."""

    published: date | None = None
    title: str = ""
    source: str = ""
    url: str = ""
    origin: str = ""  # "a.meta.json", "the pasted article's date"...


def sidecar_path(path: Path) -> Path:
    """``data/a.txt`` -> ``data/a.meta.json``."""
    return path.with_name(path.stem + ".meta.json")


def parse_published(value: object, *, where: str) -> date | None:
    """Parse an ISO ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date); None or "" is no date.

    Raises
    ------
    SourceFormatError
        For anything else: another type, another form, or a day the calendar lacks ("2017-02-30", year 0).
    """
    if value in (None, ""):
        return None
    m = _ISO_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        if m is None:
            raise ValueError
        return date.fromisoformat(m.group(1))
    except ValueError as err:
        raise SourceFormatError(f"{where}: published must be an ISO date like 2017-09-23, got {value!r}") from err


def check_published(when: date | None, *, name: str, origin: str, settings: Settings) -> date | None:
    """Refuse a published date outside the accepted window; return it unchanged otherwise.

    Raises
    ------
    SourceFormatError
        Naming the file, the date, where it came from and the window.
    """
    if when is None:
        return None
    lo, hi = settings.date_window()
    if not lo <= when <= hi:
        raise SourceFormatError(
            f"{name}: published date {when.isoformat()!r} ({origin}) is outside the accepted window "
            f"{lo.isoformat()} to {hi.isoformat()}; correct the date, or widen the window with "
            "GEO_EARLIEST_DATE / GEO_YEARS_AHEAD")
    return when


def _text_field(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SourceFormatError(f"{where}: {key} must be a string, got {type(value).__name__} {value!r}; "
                                f"expected {_SIDECAR_FORM}")
    return value.strip()


def read_meta(path: Path) -> ArticleMeta:
    """Read the sidecar of ``path`` if there is one; an absent sidecar gives empty metadata.

    Raises
    ------
    SourceFormatError
        For a sidecar that is not a regular file, is too large, is not a JSON object, or holds a
        field of the wrong type or a published value that is not an ISO date; the message names the sidecar.
    """
    side = sidecar_path(path)
    if not side.exists() and not side.is_symlink():
        return ArticleMeta()
    data = read_bounded(side, max_bytes=SIDECAR_MAX_BYTES, name=side.name,
                        fix=f"a sidecar holds only the short fields {list(SIDECAR_FIELDS)}")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise SourceFormatError(f"{side.name}: not a valid JSON object ({err}); expected {_SIDECAR_FORM}") from err
    if not isinstance(raw, dict):
        raise SourceFormatError(f"{side.name}: expected a JSON object, got {type(raw).__name__}")
    published = raw.get("published")
    if published is not None and not isinstance(published, str):
        raise SourceFormatError(f"{side.name}: published must be an ISO date string like \"2017-09-23\", got "
                                f"{type(published).__name__} {published!r}")
    return ArticleMeta(
        published=parse_published(published, where=side.name),
        title=_text_field(raw, "title", side.name),
        source=_text_field(raw, "source", side.name),
        url=_text_field(raw, "url", side.name),
        origin=side.name,
    )
