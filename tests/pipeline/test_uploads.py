"""Tests of geo/pipeline/uploads.py: a batch of uploads where bad files are reported one by one and good ones stored."""
from __future__ import annotations

import re
from datetime import date

import pytest

import geo.pipeline.uploads as uploads
from geo.config import Settings
from geo.ingest.meta import ArticleMeta
from geo.ingest.upload import Upload, pasted_article
from geo.pipeline import FileResult, ingest_uploads, result_line
from geo.store import open_store

GOOD = (b"Bombers over the peninsula\n\nTwo B-1B Lancer bombers from Guam flew over the Korean Peninsula "
        b"on Tuesday, the ministry said.\n")
HTML = (b"<html><head><title>Drill</title><script>window.__pwned=1</script></head><body>"
        b"<h1>F-35 jets join the drill</h1><p>Four F-35A jets flew over the Yellow Sea on Monday.</p>"
        b"<script>alert('x')</script></body></html>")


@pytest.fixture
def store():
    with open_store() as s:
        yield s


def _batch() -> list[tuple[str, bytes]]:
    return [
        ("good.txt", GOOD),
        ("empty.txt", b""),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("latin1.txt", "Bombardiers au-dessus de la Corée, a déclaré le ministère.".encode("latin-1")),
        ("page.html", HTML),
    ]


def test_good_files_are_stored_and_bad_ones_reported(store):
    report = ingest_uploads(_batch(), store, published=date(2024, 5, 2))
    assert [r.path for r in report.results] == ["good.txt", "empty.txt", "binary.txt", "latin1.txt", "page.html"]
    assert [r.ok for r in report.results] == [True, False, False, False, True]
    assert not report.ok
    assert sorted(a.name for a in store.articles()) == ["good.txt", "page.html"]
    assert store.counts()["events"] == sum(r.events for r in report.results) > 0


def test_each_bad_file_gets_its_own_specific_message(store):
    messages = {r.path: r.message for r in ingest_uploads(_batch(), store).failures}
    assert messages["empty.txt"] == "empty.txt: file is empty; expected the text of a news article"
    assert messages["binary.txt"].startswith("binary.txt: file looks binary")
    assert re.match(r"latin1\.txt: not UTF-8 text \(byte 0xe9 at offset \d+\); re-save the file as UTF-8",
                    messages["latin1.txt"])


def test_html_upload_drops_its_scripts(store):
    ingest_uploads([("page.html", HTML)], store)
    (article,) = store.articles()
    assert article.title == "F-35 jets join the drill"
    assert "Yellow Sea" in article.text
    assert "__pwned" not in article.text and "alert" not in article.text


def test_unsupported_type_names_the_accepted_ones(store):
    (result,) = ingest_uploads([("report.pdf", b"%PDF-1.7")], store).results
    assert not result.ok
    assert result.message.startswith("report.pdf: unsupported file type '.pdf'; expected one of [")
    assert "'.txt'" in result.message and "'.html'" in result.message


def test_oversized_file_is_refused(store):
    (result,) = ingest_uploads([("big.txt", GOOD * 100)], store,
                               settings=Settings.from_env(max_file_mb=0.001)).results
    assert not result.ok and "larger than the 0.0 MB limit" in result.message


def test_progress_is_called_after_every_file_good_or_bad(store):
    calls = []
    ingest_uploads(_batch(), store, progress=lambda done, total, name: calls.append((done, total, name)))
    assert calls == [(1, 5, "good.txt"), (2, 5, "empty.txt"), (3, 5, "binary.txt"), (4, 5, "latin1.txt"),
                     (5, 5, "page.html")]


def test_an_unexpected_error_in_one_file_loses_nothing_else(store, monkeypatch):
    real = uploads.ingest_article

    def flaky(article, store, **kwargs):
        if article.name == "good.txt":
            raise KeyError("boom")
        return real(article, store, **kwargs)

    monkeypatch.setattr(uploads, "ingest_article", flaky)
    report = ingest_uploads([("good.txt", GOOD), ("page.html", HTML)], store)
    assert [r.ok for r in report.results] == [False, True]
    assert report.results[0].message == ("good.txt: extraction failed (KeyError: 'boom'); "
                                         "please report this article")
    assert [a.name for a in store.articles()] == ["page.html"]


def test_empty_batch_gives_an_empty_report(store):
    report = ingest_uploads([], store)
    assert report.results == [] and report.ok


def test_uploading_the_same_file_twice_changes_nothing(store):
    first = ingest_uploads([("good.txt", GOOD)], store).results[0]
    again = ingest_uploads([("good.txt", GOOD)], store).results[0]
    assert first.changed and not again.changed
    assert again.message.endswith(", unchanged")
    assert store.counts()["articles"] == 1


def test_published_date_applies_to_files_without_one(store):
    ingest_uploads([("good.txt", GOOD)], store, published=date(2024, 5, 2))
    (article,) = store.articles()
    assert article.published == date(2024, 5, 2)
    # Relative dates are resolved against it: "Tuesday" before 2 May 2024 is 30 April.
    assert {e.date for e in store.events()} == {"2024-04-30"}


# pasted text through the pipeline


def test_pasted_title_and_date_are_stored_with_the_text_as_pasted(store):
    text = "Two B-1B Lancer bombers from Guam flew over the Korean Peninsula on Tuesday <script>x()</script>."
    report = ingest_uploads([pasted_article(text, title="  Pasted bombers ", published=date(2024, 5, 2))], store)
    assert report.ok
    (article,) = store.articles()
    assert (article.title, article.published, article.text) == ("Pasted bombers", date(2024, 5, 2), text)
    assert report.results[0].events == 1


def test_pasted_date_wins_over_the_run_date(store):
    ingest_uploads([pasted_article("Jets flew on Tuesday.", title="t", published=date(2024, 5, 2))], store,
                   published=date(2020, 1, 1))
    assert store.articles()[0].published == date(2024, 5, 2)


def test_pasted_without_title_uses_its_headline(store):
    ingest_uploads([pasted_article("Jets over the sea\n\nJets flew on Tuesday.", title="")], store)
    assert store.articles()[0].title == "Jets over the sea"


# result_line


def test_result_line_does_not_repeat_the_file_name():
    assert result_line(FileResult("empty.txt", False, "empty.txt: file is empty")) == "empty.txt: file is empty"
    assert result_line(FileResult("dir/good.txt", True, "2 event(s)")) == "good.txt: 2 event(s)"
