"""Ingests one Article: keeps what the store knows, records a repeated text as another source, else extracts, stores."""
from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from geo.config import Settings
from geo.extract import EventExtractor, default_extractor
from geo.ingest.meta import check_published
from geo.models import Article, Event
from geo.pipeline.report import FileResult
from geo.resolve import PlaceResolver, default_resolver
from geo.store import EventStore
from geo.store.sorties import refresh_article


def events_for(article: Article, *, extractor: EventExtractor | None = None,
               resolver: PlaceResolver | None = None) -> list[Event]:
    """Extract one article's events and resolve their places: the two stages every caller runs together."""
    found = (extractor or default_extractor()).extract_article(article)
    return (resolver or default_resolver()).resolve_article(article, found.events, found.places)


def keep_stored_metadata(new: Article, stored: Article | None) -> Article:
    """``new`` with every field it does not give taken from ``stored``.

    A field is not given when it is empty, or when it was only read from the document itself
    (``Article.derived``: a headline title, an HTML <meta> date). A re-upload without its date, or
    a file re-read without its sidecar, must not wipe the date (and with it the events' dates) or
    the title that an earlier run stored. A new article without any title is named after its file.

    Examples
    --------
    >>> from datetime import date
    >>> old = Article("id", "a.txt", "Bombers", "text", date(2017, 9, 20), "AFP", "")
    >>> keep_stored_metadata(Article("id", "a.txt", "", "text"), old).published
    datetime.date(2017, 9, 20)
    >>> keep_stored_metadata(Article("id", "dir/b.txt", "", "text"), None).title
    'b'
    """
    if stored is not None:
        kept = {f: getattr(stored, f) for f in ("title", "published", "source", "url")
                if getattr(stored, f) and (not getattr(new, f) or f in new.derived)}
        new = replace(new, **kept)
    return new if new.title else replace(new, title=PurePath(new.name).stem)


def ingest_article(article: Article, store: EventStore, *, settings: Settings | None = None,
                   extracted: tuple[Article, list[Event]] | None = None, regroup: bool = True) -> FileResult:
    """Extract one article's events, resolve their places and store both, or record it as another source.

    A text already stored under another file name is not extracted again and does not overwrite
    that article's name, title or date: it is recorded as one more source of it
    (``EventStore.add_source``) and reported as "same text as NAME".

    ``extracted`` is ``(article, events)`` as a worker extracted them (``geo.pipeline.parallel``);
    they are stored when that article is the one this call would extract, else it extracts again.
    ``regroup=False`` leaves the sorties to the caller, which regroups a whole batch at once.

    Raises
    ------
    SourceFormatError
        When the article's published date lies outside the accepted window.
    """
    settings = settings or Settings.from_env()
    check_published(article.published, name=article.name, origin="as given", settings=settings)
    stored = store.article(article.id)
    if stored is not None and stored.name != article.name:
        changed = store.add_source(keep_stored_metadata(article, None))
        note = "recorded as another source of it (its name, title and date are kept)" if changed else \
            "already recorded as another source of it; unchanged"
        return FileResult(article.path, True, f"same text as {stored.name}; {note}", 0, changed, stored.name)
    article = keep_stored_metadata(article, stored)
    done = extracted is not None and extracted[0] == article
    events = list(extracted[1]) if done else events_for(article)
    changed = store.save(article, events)
    if changed and regroup:
        refresh_article(store, article.id)  # regroup this article's neighbourhood into sorties
    return FileResult(article.path, True, f"{len(events)} event(s)" + ("" if changed else ", unchanged"),
                      len(events), changed)
