"""Reads plain-text and Markdown articles."""
from __future__ import annotations

import re

# A first line this short, without a final full stop, reads as a headline.
_HEADLINE_MAX = 160
_MD_MARKUP = re.compile(r"^#{1,6}\s+", re.M)


def parse_text(text: str) -> tuple[str, str]:
    """Return ``(title, body)`` of a plain-text article; the body keeps the text's offsets.

    The title is the first line when it looks like a headline, else ``""``.
    """
    first = text.strip().split("\n", 1)[0].strip()
    title = first if len(first) <= _HEADLINE_MAX and not first.endswith((".", '"', "”")) else ""
    return title, text


def parse_markdown(text: str) -> tuple[str, str]:
    """Return ``(title, body)`` of a Markdown article, with heading marks blanked out (offsets kept)."""
    body = _MD_MARKUP.sub(lambda m: " " * len(m.group(0)), text)
    return parse_text(body)
