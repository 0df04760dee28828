"""A report: one extracted event with what the grouping knows of its article (outlet, title, URL, published date)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from geo.models import Article, Event


@dataclass(frozen=True)
class Report:
    """An event as one outlet reported it.

    Attributes
    ----------
    event : Event
        The extracted (or analyst-corrected) event.
    outlet : str
        Who published it: ``Article.source``, else the URL's domain, else the file name.
    title, url : str
        The article's title and address ("" when unknown).
    published : date or None
        The article's publication date; bounds the date of an undated event.
    """

    event: Event
    outlet: str = ""
    title: str = ""
    url: str = ""
    published: date | None = None

    @property
    def event_id(self) -> str:
        """The event's stable id."""
        return self.event.event_id

    @property
    def article_id(self) -> str:
        """The article's content id."""
        return self.event.article_id


def outlet_name(source: str = "", url: str = "", file_name: str = "") -> str:
    """Who published an article: its source, else its URL's domain (no ``www.``), else its file name.

    Examples
    --------
    >>> outlet_name("", "https://www.example.com/news/1.html", "a.txt")
    'example.com'
    >>> outlet_name("Yonhap", "https://en.yna.co.kr/x", "a.txt")
    'Yonhap'
    >>> outlet_name("", "", "c01_reuters.txt")
    'c01_reuters.txt'
    """
    if source.strip():
        return " ".join(source.split())
    address = url.strip()
    if address and "//" not in address:
        address = "//" + address  # "example.com/news" has no scheme; urlsplit then needs the slashes
    host = (urlsplit(address).hostname or "") if address else ""
    if host.startswith("www."):
        host = host[4:]
    return host or file_name


def make_report(event: Event, article: Article | None = None) -> Report:
    """The report of ``event``, with its article's outlet, title, URL and date when the article is given."""
    if article is None:
        return Report(event, outlet=event.article_name or event.article_id)
    return Report(event, outlet=outlet_name(article.source, article.url, article.name or event.article_name),
                  title=article.title, url=article.url, published=article.published)
