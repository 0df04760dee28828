"""Uploads as the ingest stage takes them: a ``(name, bytes)`` pair that may carry metadata; pasted text as one."""
from __future__ import annotations

import hashlib
from datetime import date

from geo.errors import SourceFormatError
from geo.ingest.meta import ArticleMeta


class Upload(tuple):
    """A ``(name, data)`` pair that also carries the article's title and published date.

    It unpacks, compares and indexes like the plain pair, so it can sit in the same list as
    ``(name, bytes)`` tuples from a file uploader; ``geo.pipeline.ingest_uploads`` reads ``meta`` from it.
    """

    meta: ArticleMeta

    def __new__(cls, name: str, data: bytes, meta: ArticleMeta | None = None) -> "Upload":
        pair = super().__new__(cls, (name, data))
        pair.meta = meta or ArticleMeta()
        return pair


def pasted_article(text: str, *, title: str = "", published: date | None = None) -> Upload:
    """Turn pasted text into an upload named ``pasted-<hash8>.txt``.

    The text is kept exactly as pasted (it is what the article reader shows); the title and
    published date travel as metadata, as a ``NAME.meta.json`` sidecar does for files.

    Parameters
    ----------
    text
        The article text.
    title
        Its title; when empty the first line is used if it reads as a headline.
    published
        Its publication date, the anchor for relative dates ("on Tuesday").

    Returns
    -------
    Upload
        A ``(name, data)`` pair for ``geo.pipeline.ingest_uploads``.

    Raises
    ------
    SourceFormatError
        When ``text`` is empty or only whitespace.

    Examples
    --------
    >>> name, data = pasted_article("Two B-1B bombers flew on Monday.", title="Bombers")
    >>> name.startswith("pasted-") and name.endswith(".txt"), data
    (True, b'Two B-1B bombers flew on Monday.')
    """
    if not text.strip():
        raise SourceFormatError("pasted text is empty; paste the text of a news article")
    data = text.encode("utf-8")
    # The name depends on the text only, so pasting the same article twice updates one stored article.
    name = f"pasted-{hashlib.sha256(data).hexdigest()[:8]}.txt"
    return Upload(name, data, ArticleMeta(published=published, title=title.strip(), origin="given with the paste"))
