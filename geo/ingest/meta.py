"""Reads the optional ``NAME.meta.json`` sidecar that carries an article's published date, title and source."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.errors import SourceFormatError


@dataclass(frozen=True)
class ArticleMeta:
    """What is known of an article besides its text."""

    published: date | None = None
    title: str = ""
    source: str = ""
    url: str = ""


def sidecar_path(path: Path) -> Path:
    """``data/a.txt`` -> ``data/a.meta.json``."""
    return path.with_name(path.stem + ".meta.json")


def parse_published(value: object, *, where: str) -> date | None:
    """Parse an ISO ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date)."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise SourceFormatError(f"{where}: published must be an ISO date like 2017-09-23, got {value!r}") from err


def read_meta(path: Path) -> ArticleMeta:
    """Read the sidecar of ``path`` if there is one; an absent sidecar gives empty metadata."""
    side = sidecar_path(path)
    if not side.exists():
        return ArticleMeta()
    try:
        raw = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SourceFormatError(f"{side.name}: not a valid JSON object ({err}); expected "
                                '{"published": "YYYY-MM-DD", "title": ..., "source": ..., "url": ...}') from err
    if not isinstance(raw, dict):
        raise SourceFormatError(f"{side.name}: expected a JSON object, got {type(raw).__name__}")
    return ArticleMeta(
        published=parse_published(raw.get("published"), where=side.name),
        title=str(raw.get("title") or ""),
        source=str(raw.get("source") or ""),
        url=str(raw.get("url") or ""),
    )
