"""One row (or record) of an article collection -> ``Article``, with the same checks, id and metadata as a file.

A collection row is read like a ``.txt`` file whose sidecar holds the row's date, title, source
and URL: the text is decoded and normalised by ``geo.ingest.decode`` (so the same text has the
same content id in a row and in a file), a headline first line becomes the title, HTML text is
read by ``geo.ingest.html``, and the published date must lie in the accepted window. The
article is named ``COLLECTION#ROW``: the row's id (``--id-col``) or its number, so reading the
same collection again names every row the same way.
"""
from __future__ import annotations

import email.utils
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from pathlib import PurePath

from geo.config import Settings
from geo.errors import SourceFormatError
from geo.ingest.decode import decode_text
from geo.ingest.html import parse_html
from geo.ingest.meta import check_published, parse_published
from geo.ingest.text import parse_text
from geo.models import Article, content_id

# Column names tried, in order, when a collection's columns are not named on the command line.
# Case does not matter. They cover the common news dumps (news-please, CC-News exports, GDELT-style
# tables, Hugging Face news sets).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "maintext", "article", "full_text", "fulltext", "story"),
    "date": ("date", "published", "published_at", "publish_date", "date_publish", "pubdate", "publication_date",
             "datetime", "timestamp"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url", "uri"),
    "source": ("source", "outlet", "publisher", "source_name", "source_domain", "domain", "site"),
    "id": ("id", "article_id", "doc_id", "docid", "uuid", "guid"),
}
# A row id longer than this is cut in the article's name (the full id still goes nowhere else).
_MAX_ID = 120


@dataclass(frozen=True)
class Columns:
    """Which column of a collection holds each field; an empty name means "try ``DEFAULT_COLUMNS``".

    Examples
    --------
    >>> Columns(text="story").pick(["ID", "Story", "Published"])
    {'text': 'Story', 'date': 'Published', 'title': None, 'url': None, 'source': None, 'id': 'ID'}
    """

    text: str = ""
    date: str = ""
    title: str = ""
    url: str = ""
    source: str = ""
    id: str = ""

    def pick(self, available: Sequence[str]) -> dict[str, str | None]:
        """Field -> the column of ``available`` that holds it (None when there is none).

        A column named explicitly must exist (compared without case); otherwise the first default
        present is taken.

        Raises
        ------
        SourceFormatError
            When a column named explicitly is not among ``available`` (the message lists them).
        """
        by_lower = {}
        for name in available:
            by_lower.setdefault(str(name).lower(), name)
        out: dict[str, str | None] = {}
        for f in fields(self):
            wanted = getattr(self, f.name)
            if wanted:
                if wanted.lower() not in by_lower:
                    raise SourceFormatError(f"no column {wanted!r} (given with --{f.name}-col); the columns are "
                                            f"{list(available)[:30]}")
                out[f.name] = by_lower[wanted.lower()]
            else:
                out[f.name] = next((by_lower[c] for c in DEFAULT_COLUMNS[f.name] if c in by_lower), None)
        return out

    def missing_text(self, available: Sequence[str]) -> str:
        """The message for a collection with no text column."""
        return (f"no text column; expected a column named one of {list(DEFAULT_COLUMNS['text'])} or one given "
                f"with --text-col; the columns are {list(available)[:30]}")


@dataclass(frozen=True)
class Collection:
    """A collection being read: where it is, how its columns map, and what the run gives every row."""

    path: str
    columns: Columns = field(default_factory=Columns)
    published: date | None = None  # the run's --published, which overrides each row's date
    settings: Settings = field(default_factory=Settings.from_env)

    @property
    def name(self) -> str:
        """The collection's file name, as articles are named after it."""
        return PurePath(self.path.replace("\\", "/")).name

    def where(self, row: str) -> str:
        """How messages name a row: ``news.csv row 12``."""
        return f"{self.name} {row}"


def _row_id(value: object) -> str:
    text = str(value).strip().replace("/", "%2F").replace("\\", "%5C")
    return text[:_MAX_ID]


def row_date(value: object, *, where: str) -> date | None:
    """A row's published value as a date: a date or timestamp, an ISO or RFC 2822 string, or epoch seconds.

    Examples
    --------
    >>> row_date("2017-09-23T10:15:00Z", where="r"), row_date("Sat, 23 Sep 2017 10:15:00 +0000", where="r")
    (datetime.date(2017, 9, 23), datetime.date(2017, 9, 23))
    >>> row_date(1506161700, where="r")
    datetime.date(2017, 9, 23)

    Raises
    ------
    SourceFormatError
        For any other value, naming the row and the forms accepted.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds, as many exports write them
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
        except (OverflowError, OSError, ValueError) as err:
            raise SourceFormatError(f"{where}: published {value!r} is not a time in seconds since 1970") from err
    if isinstance(value, str):
        try:
            return parse_published(value, where=where)
        except SourceFormatError:
            pass
        try:
            parsed = email.utils.parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return parsed.date()
    raise SourceFormatError(f"{where}: published must be a date like 2017-09-23 (or an ISO or RFC 2822 timestamp, "
                            f"or seconds since 1970), got {value!r}")


def _text_value(value: object, what: str, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (Mapping, list, tuple, set, bytes)):
        raise SourceFormatError(f"{where}: {what} must be text, got {type(value).__name__} {str(value)[:60]!r}")
    return str(value).strip()


def looks_like_html(text: str) -> bool:
    """Does a row's text look like an HTML page or fragment rather than plain text?

    >>> looks_like_html("<p>Two bombers flew.</p>"), looks_like_html("Two bombers flew <500 km.")
    (True, False)
    """
    head = text.lstrip()[:200].lower()
    return head.startswith("<") and ("</" in text or "<br" in text.lower()) and \
        head.startswith(("<!doctype", "<html", "<p", "<div", "<article", "<h1", "<h2", "<body", "<section", "<span",
                         "<br", "<head", "<meta", "<title", "<main", "<figure", "<b>", "<strong", "<em"))


def article_from_row(collection: Collection, row_id: object, text: object, *, title: object = None,
                     published: object = None, url: object = None, source: object = None, html: bool = False,
                     fallback_published: object = None, where: str) -> Article:
    """Build the ``Article`` of one collection row.

    Parameters
    ----------
    collection
        The collection the row belongs to (its name, the run's date and limits).
    row_id
        The row's id or number; the article is named ``COLLECTION#ROW_ID``.
    text
        The article's text: plain text, or HTML when ``html`` is set or the text plainly is HTML.
    title, published, url, source
        The row's values for them (None when the collection has no such column). The published
        value may be a date, a timestamp or a string (see :func:`row_date`); the run's
        ``--published`` wins over it.
    fallback_published
        A date to use when neither the row nor the page gives one (a WARC record's crawl date).
    where
        How messages name the row ("news.csv row 12").

    Raises
    ------
    SourceFormatError
        For a row without text, with text that is not UTF-8, binary, too long or only markup, a
        field of the wrong type, a published value that is no date, or one outside the window.
    """
    settings = collection.settings
    if text is None or (isinstance(text, str) and not text.strip()):
        raise SourceFormatError(f"{where}: no article text (the text column is empty)")
    if not isinstance(text, str):
        raise SourceFormatError(f"{where}: the text must be a string, got {type(text).__name__} {str(text)[:60]!r}")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise SourceFormatError(f"{where}: the text is not UTF-8 (a byte that cannot be read at character "
                                f"{err.start}); re-export the collection as UTF-8") from err
    max_bytes = int(settings.max_file_mb * 1_000_000)
    if len(data) > max_bytes:
        raise SourceFormatError(f"{where}: the text is {len(data) / 1e6:.2f} MB, larger than the "
                                f"{max_bytes / 1e6:.2f} MB limit for one article; raise GEO_MAX_FILE_MB if it is one")
    body_text = decode_text(data, name=where, max_bytes=max_bytes)
    page_date = ""
    if html or looks_like_html(body_text):
        doc_title, body, page_date = parse_html(body_text)
        if not body.strip():
            raise SourceFormatError(f"{where}: no article text left after removing markup")
    else:
        doc_title, body = parse_text(body_text)
    given_title = _text_value(title, "the title", where)
    derived: list[str] = [] if given_title else ["title"]
    if collection.published is not None:
        when, origin = collection.published, "the date given for this run"
    else:
        when, origin = row_date(published, where=where), "from its row"
        for guess, said in ((page_date, "from the page's date"), (fallback_published, "from the crawl date")):
            if when is None and guess:
                try:
                    when = row_date(guess, where=where)
                except SourceFormatError:
                    continue  # a malformed page or crawl date is not worth failing the row over
                derived.append("published")
                origin = said
    when = check_published(when, name=where, origin=origin, settings=settings)
    rid = _row_id(row_id)
    return Article(id=content_id(body), path=f"{collection.path}#{rid}",
                   title=given_title or doc_title or f"{collection.name} #{rid}", text=body, published=when,
                   source=_text_value(source, "the source", where), url=_text_value(url, "the url", where),
                   derived=tuple(derived))


__all__ = ["DEFAULT_COLUMNS", "Collection", "Columns", "article_from_row", "looks_like_html", "row_date"]
