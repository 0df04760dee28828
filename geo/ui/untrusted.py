"""Shows text that came from articles, sidecars, file names, uploads or reviewers as plain text, never as markup.

Streamlit renders GitHub-flavoured Markdown (plus its own ``:red[...]``, icon shortcodes and
``$...$`` directives) in titles, captions, alerts, widget labels, progress text and ``st.table``
cells. A title ``![t](http://host/b.png)`` made the browser fetch that image, a URL with ``](...)``
in it linked somewhere else than it showed, and a backtick broke out of a code span. Every
untrusted string goes through :func:`plain` before it reaches one of those elements, and a link is
built only by :func:`web_link`. What the reader sees is the string itself; only invisible word joiners
are added where GFM would otherwise turn an address in the text into a link. ``st.text``, ``st.code``, ``st.dataframe`` and select-box options
show their text literally and need neither.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

import pandas as pd

# CommonMark lets any ASCII punctuation be backslash-escaped, and an escaped character is shown as
# itself. Escaping all of it covers emphasis, links, images, code spans, headings, lists, tables,
# HTML, entities, GFM autolinks ("http://", "www.") and Streamlit's colon and dollar directives.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
# GFM turns "http://...", "www...." and "name@host" in text into links after escapes are resolved, so
# escaping cannot stop them (seen in Chromium: a title's image URL became a link). An invisible word
# joiner (U+2060) where such a link would start breaks the pattern without changing what is seen.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)(?<=[a-z0-9])(?=://)|(?<=www)(?=\.)|(?<=[-.\w+])(?=@)")


def plain(value: Any) -> str:
    r"""``value`` as Markdown that shows exactly its characters (line breaks become spaces).

    Examples
    --------
    >>> print(plain("![t](b.png) `x`"))
    \!\[t\]\(b\.png\) \`x\`
    >>> plain("see http://x.org").count(WORD_JOINER)  # where an autolink would start
    1
    >>> plain(None)
    ''
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _escape(_AUTOLINK_START.sub(WORD_JOINER, _one_line(value)))


def _one_line(value: Any) -> str:
    # Leading blanks would open an indented code block, where escapes show as backslashes.
    return _LINE_BREAK.sub(" ", str(value)).strip()


def _escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", text)


def web_url(value: Any) -> str | None:
    """The address to link to when ``value`` is an http or https URL with a host; else None.

    Characters that could end a Markdown link or break out of an attribute (spaces, brackets,
    parentheses, quotes, angle brackets) are percent-encoded, so the link goes to the host written
    at the start of the URL and nowhere else.

    Examples
    --------
    >>> web_url("https://www.defense.gov/News/](http://host/phish) [x")
    'https://www.defense.gov/News/%5D%28http://host/phish%29%20%5Bx'
    >>> web_url("javascript:alert(1)") is None, web_url("https:///no-host") is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or re.search(r"[\x00-\x1f\x7f]", url):
        return None
    return quote(url, safe=":/?#@!&*+,;=%~-._")


def web_link(value: Any) -> str:
    r"""Markdown for a URL: a link showing its real address when it is http(s), else the text itself, unlinked.

    Examples
    --------
    >>> print(web_link("https://example.org/a_b"))
    [https\:\/\/example\.org\/a\_b](https://example.org/a_b)
    >>> print(web_link("data:text/html,hi"))
    data\:text\/html\,hi
    """
    target = web_url(value)
    if target is None:
        return plain(value)
    # Inside a link GFM makes no further links, so the address is shown without word joiners (it copies whole).
    return f"[{_escape(_one_line(value))}]({target})"


def plain_table(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` for ``st.table`` (which renders Markdown in every cell) with every cell and header plain."""
    out = df.map(plain)
    out.columns = [plain(c) for c in df.columns]
    return out
