"""Tests of geo/store/sqlite.py and migrations.py: idempotent saves, round-trips, schema versions, bad files."""
from __future__ import annotations

from datetime import date

import pytest

from geo.errors import StorageError
from geo.models import Aircraft, Article, Event, Place, Span, content_id, event_id
from geo.store import open_store
from geo.store.migrations import MIGRATIONS

TEXT = "Two B-1B bombers based in Guam flew over South Korea on Monday."
ARTICLE = Article(id=content_id(TEXT), path="articles/a.txt", title="Bombers fly", text=TEXT,
                  published=date(2017, 9, 20), source="AFP", url="https://example.org/a")


def _event(kind: str = "flight", date_value: str | None = "2017-09-18") -> Event:
    return Event(
        event_id=event_id(ARTICLE.id, kind, 0, date_value), article_id=ARTICLE.id, kind=kind, date=date_value,
        date_precision="day" if date_value else None, evidence=Span(0, len(TEXT), TEXT),
        aircraft=(Aircraft("B-1B", "bomber", 2, Span(4, 8, "B-1B")),),
        origins=(Place("Guam", 13.47, 144.78, "country", "country:GU", "country", "origin", 13.2,
                       Span(26, 30, "Guam")),),
        locations=(Place("South Korea", 36.5, 127.75, "country", "country:KR", "country", "location", 177.1,
                         Span(41, 52, "South Korea")),),
        countries=("United States",), date_span=Span(53, 62, "on Monday"), article_name=ARTICLE.name)


@pytest.fixture
def store():
    s = open_store(":memory:")
    yield s
    s.close()


def test_first_save_reports_a_change(store):
    assert store.save(ARTICLE, [_event()]) is True


def test_second_identical_save_reports_no_change(store):
    store.save(ARTICLE, [_event()])
    assert store.save(ARTICLE, [_event()]) is False


def test_second_identical_save_writes_nothing(store):
    store.save(ARTICLE, [_event()])
    before = store.conn.total_changes
    store.save(ARTICLE, [_event()])
    assert store.conn.total_changes == before


def test_saving_new_events_replaces_the_old_ones(store):
    store.save(ARTICLE, [_event(), _event("missile_launch")])
    assert store.save(ARTICLE, [_event()]) is True
    assert [e.kind for e in store.events()] == ["flight"]


def test_article_without_events_is_stored(store):
    store.save(ARTICLE, [])
    assert store.counts() == {"articles": 1, "events": 0}


def test_events_round_trip(store):
    events = [_event(), _event("missile_launch", None)]
    store.save(ARTICLE, events)

    def by_id(d: dict) -> str:
        return d["event_id"]
    assert sorted((e.to_dict() for e in store.events()), key=by_id) == sorted((e.to_dict() for e in events), key=by_id)


def test_events_round_trip_keeps_place_roles(store):
    store.save(ARTICLE, [_event()])
    stored = store.events()[0]
    assert ([p.role for p in stored.origins], [p.role for p in stored.locations]) == (["origin"], ["location"])


def test_articles_returns_what_was_saved(store):
    store.save(ARTICLE, [_event()])
    assert store.articles() == [ARTICLE]


def test_has_article(store):
    store.save(ARTICLE, [])
    assert store.has_article(ARTICLE.id) and not store.has_article("0" * 16)


def test_migrations_are_recorded_in_schema_version(store):
    versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_reopening_a_store_applies_no_migration_twice(tmp_path):
    path = tmp_path / "events.sqlite"
    open_store(path).close()
    with open_store(path) as store:
        versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_saved_data_survives_reopening(tmp_path):
    path = tmp_path / "events.sqlite"
    with open_store(path) as store:
        store.save(ARTICLE, [_event()])
    with open_store(path) as store:
        assert store.counts() == {"articles": 1, "events": 1}


def test_non_sqlite_file_raises_storage_error_with_the_fix(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("These are my notes, not a database. " * 40, encoding="utf-8")
    with pytest.raises(StorageError, match=r"notes\.sqlite.*not a database.*GEO_STORE_PATH"):
        open_store(path)


def test_changed_article_metadata_is_saved_even_with_the_same_events(store):
    store.save(ARTICLE, [_event()])
    renamed = Article(id=ARTICLE.id, path=ARTICLE.path, title="Corrected title", text=TEXT,
                      published=ARTICLE.published, source=ARTICLE.source, url=ARTICLE.url)
    store.save(renamed, [_event()])
    assert store.articles()[0].title == "Corrected title"


def test_the_version_changes_with_every_write_of_articles_events_or_corrections_and_not_with_reads(tmp_path):
    path = tmp_path / "s.sqlite"
    with open_store(path) as store:
        versions = [store.version()]
        store.save(ARTICLE, [_event()])
        versions.append(store.version())
        store.events(), store.articles(), store.counts(), store.corrections()
        assert store.version() == versions[-1]  # reading changes nothing
        store.save(ARTICLE, [_event()])  # unchanged: nothing written
        assert store.version() == versions[-1]
        store.add_correction(_event().event_id, "kind", "exercise", "ana")
        versions.append(store.version())
        with open_store(path) as other:  # another process's write shows too
            other.undo_correction(other.corrections()[0].id, "bo")
        versions.append(store.version())
        store.save(ARTICLE, [])
        versions.append(store.version())
    assert len(set(versions)) == len(versions)


def test_one_event_and_the_article_titles_are_read_without_the_texts(store):
    store.save(ARTICLE, [_event()])
    assert store.event(_event().event_id) == _event()
    assert store.event("missing") is None
    assert store.article_titles() == {ARTICLE.id: "Bombers fly"}
