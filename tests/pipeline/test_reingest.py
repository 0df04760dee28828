"""Re-ingest never loses what is stored (issue 11, finding 2): metadata a new run does not give is kept, and a text
already stored under another name becomes a second source of that article instead of overwriting it.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.ingest.meta import ArticleMeta
from geo.ingest.upload import Upload
from geo.pipeline import ingest_paths, ingest_uploads
from geo.store import open_store

TEXT = (b"Bombers over the peninsula\n\nTwo B-1B Lancer bombers from Guam flew over the Korean Peninsula "
        b"on Tuesday, the ministry said.\n")


@pytest.fixture
def store():
    with open_store() as s:
        yield s


def _dates(store) -> set[str | None]:
    return {e.date for e in store.events()}


# -- a re-upload without its date ----------------------------------------------------------------

def test_a_re_upload_without_a_date_keeps_the_stored_date_and_the_events_dates(store):
    first = ingest_uploads([("good.txt", TEXT)], store, published=date(2024, 5, 2))
    assert first.ok and _dates(store) == {"2024-04-30"}
    again = ingest_uploads([("good.txt", TEXT)], store)  # "Set the published date" left unticked
    (article,) = store.articles()
    assert article.published == date(2024, 5, 2)
    assert _dates(store) == {"2024-04-30"}
    assert [(r.ok, r.changed, r.message) for r in again.results] == [(True, False, "1 event(s), unchanged")]


def test_a_re_upload_with_a_new_date_changes_it(store):
    ingest_uploads([("good.txt", TEXT)], store, published=date(2024, 5, 2))
    ingest_uploads([("good.txt", TEXT)], store, published=date(2024, 5, 9))
    assert store.articles()[0].published == date(2024, 5, 9) and _dates(store) == {"2024-05-07"}


def test_a_re_upload_keeps_the_stored_title_source_and_url(store):
    meta = ArticleMeta(published=date(2024, 5, 2), title="Sidecar title", source="AFP", url="https://example.org/a")
    ingest_uploads([Upload("good.txt", TEXT, meta)], store)
    ingest_uploads([("good.txt", TEXT)], store)
    (article,) = store.articles()
    assert (article.title, article.source, article.url, article.published) == \
        ("Sidecar title", "AFP", "https://example.org/a", date(2024, 5, 2))


def test_a_file_re_read_without_its_sidecar_keeps_what_the_sidecar_gave(tmp_path, store):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT)
    side = tmp_path / "a.meta.json"
    side.write_text(json.dumps({"published": "2024-05-02", "title": "From the sidecar"}), encoding="utf-8")
    ingest_paths([path], store)
    side.unlink()
    assert ingest_paths([path], store).results[0].changed is False
    (article,) = store.articles()
    assert (article.title, article.published) == ("From the sidecar", date(2024, 5, 2))


def test_an_untitled_article_is_named_after_its_file(store):
    ingest_uploads([("untitled.txt", b"Two B-1B bombers flew over the Korean Peninsula on Tuesday.")], store)
    assert store.articles()[0].title == "untitled"


# -- the same text under other names -------------------------------------------------------------

@pytest.fixture
def twins(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, meta in (("a.txt", {"published": "2024-05-02", "title": "First"}),
                       ("b.txt", {"published": "2024-05-09", "title": "Second", "source": "AFP"}),
                       ("c.txt", {"title": "Third"})):
        (folder / name).write_bytes(TEXT)
        (folder / name.replace(".txt", ".meta.json")).write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_a_repeated_text_is_reported_as_the_same_text_as_the_stored_article(twins, store):
    report = ingest_paths([twins], store)
    assert [(Path(r.path).name, r.ok, r.message) for r in report.results] == [
        ("a.txt", True, "1 event(s)"),
        ("b.txt", True, "same text as a.txt; recorded as another source of it (its name, title and date are kept)"),
        ("c.txt", True, "same text as a.txt; recorded as another source of it (its name, title and date are kept)")]
    assert report.summary() == "3 file(s): 1 stored, 0 unchanged, 2 same text as a stored article, 0 failed; " \
                               "1 event(s)"


def test_the_first_file_keeps_its_name_title_and_date(twins, store):
    ingest_paths([twins], store)
    (article,) = store.articles()
    assert (article.name, article.title, article.published) == ("a.txt", "First", date(2024, 5, 2))
    assert _dates(store) == {"2024-04-30"}


def test_the_other_files_are_recorded_as_sources_with_their_own_metadata(twins, store):
    ingest_paths([twins], store)
    (article,) = store.articles()
    assert [(s.article_id, s.name, s.title, s.published, s.source) for s in store.sources()] == [
        (article.id, "b.txt", "Second", date(2024, 5, 9), "AFP"),
        (article.id, "c.txt", "Third", None, "")]


def test_ingesting_the_batch_again_changes_nothing(twins, store):
    ingest_paths([twins], store)
    before = store.conn.total_changes
    again = ingest_paths([twins], store)
    assert store.conn.total_changes == before
    assert [r.changed for r in again.results] == [False, False, False]
    assert again.summary() == "3 file(s): 0 stored, 3 unchanged, 0 failed; 1 event(s)"
    assert again.results[1].message == "same text as a.txt; already recorded as another source of it; unchanged"


def test_a_source_whose_sidecar_changed_is_updated(twins, store):
    ingest_paths([twins], store)
    (twins / "c.meta.json").write_text(json.dumps({"title": "Third, corrected"}), encoding="utf-8")
    report = ingest_paths([twins], store)
    assert [r.changed for r in report.results] == [False, False, True]
    assert [s.title for s in store.sources()] == ["Second", "Third, corrected"]


def test_an_upload_of_a_stored_text_under_another_name_is_a_source(store):
    ingest_uploads([("good.txt", TEXT)], store, published=date(2024, 5, 2))
    (result,) = ingest_uploads([("copy.txt", TEXT)], store).results
    assert result.ok and result.duplicate_of == "good.txt" and result.message.startswith("same text as good.txt")
    assert [a.name for a in store.articles()] == ["good.txt"] and store.articles()[0].published == date(2024, 5, 2)


def test_removing_the_article_removes_its_sources(twins, store):
    ingest_paths([twins], store)
    with store.conn:
        store.conn.execute("DELETE FROM articles")
    assert store.sources() == []
