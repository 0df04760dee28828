"""What a Markdown string that Streamlit receives shows the reader: its HTML and its visible text (markdown-it)."""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from geo.ui.untrusted import WORD_JOINER

# CommonMark with the GFM tables and strikethrough Streamlit also renders.
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def html_of(markdown: str) -> str:
    """The HTML a Markdown body renders to."""
    return _MD.render(markdown)


def text_of(markdown: str) -> str:
    """The text a reader sees: the rendered HTML without tags, entities decoded, whitespace collapsed, and
    without the invisible word joiners ``geo.ui.untrusted.plain`` puts where GFM would start an autolink."""
    shown = html.unescape(re.sub(r"<[^>]+>", " ", html_of(markdown))).replace(WORD_JOINER, "")
    return " ".join(shown.split())
