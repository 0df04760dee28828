"""AppTest of the Ingest page: uploads and pasted text go in, each file gets a result line, other pages see them."""
from __future__ import annotations

import re
from datetime import date

from streamlit.testing.v1 import AppTest

from geo.store import open_store
from tests.app.rendered import text_of

PAGE = "pages/ingest.py"
GOOD = (b"Bombers over the peninsula\n\nTwo B-1B Lancer bombers from Guam flew over the Korean Peninsula "
        b"on Tuesday, the ministry said.\n")
PASTE = ("Two B-52 bombers from Guam flew over the East China Sea on Tuesday <script>window.__pwned=1</script>, "
         "the ministry said.")


def _open(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _run(at: AppTest) -> AppTest:
    at.button(key="ingest_run").click().run()
    assert not at.exception, at.exception
    return at


def _events_total(at: AppTest) -> int:
    caption = next(c.value for c in at.main.caption if re.match(r"[\d,]+ of [\d,]+ \w+ shown", c.value))
    return int(re.search(r"of ([\d,]+) reports", caption).group(1))  # the reports: a new one may join a sortie


def test_the_page_offers_uploads_paste_title_date_and_a_run_button(app):
    _open(app)
    uploader = app.file_uploader(key="ingest_files")
    assert uploader.accept_multiple_files
    assert sorted(uploader.allowed_type) == [".csv", ".gz", ".htm", ".html", ".jsonl", ".markdown", ".md", ".ndjson",
                                             ".parquet", ".txt", ".warc"]
    assert app.text_area(key="ingest_paste").value == ""
    assert app.text_input(key="ingest_title").value == ""
    assert app.checkbox(key="ingest_has_date").value is False
    assert app.date_input(key="ingest_published").disabled
    assert app.button(key="ingest_run").label == "Ingest"
    assert not app.success and not app.error


def test_ticking_the_date_box_enables_the_date(app):
    _open(app)
    app.checkbox(key="ingest_has_date").check().run()
    assert not app.date_input(key="ingest_published").disabled


def test_pasted_text_is_stored_with_its_title_and_date(app, store_path):
    _open(app)
    app.text_area(key="ingest_paste").input(PASTE)
    app.text_input(key="ingest_title").input("Pasted bombers")
    app.checkbox(key="ingest_has_date").check().run()  # the date is disabled until the box is ticked
    app.date_input(key="ingest_published").set_value(date(2024, 5, 2))
    _run(app)
    (line,) = [text_of(s.value) for s in app.success]
    assert re.fullmatch(r"pasted-[0-9a-f]{8}\.txt: 1 event\(s\)", line)
    assert app.info[0].value == "1 file(s): 1 stored, 0 unchanged, 0 failed; 1 event(s)"
    assert app.get("progress")[0].value == 100
    with open_store(store_path) as store:
        article = next(a for a in store.articles() if a.name.startswith("pasted-"))
    assert (article.title, article.published, article.text) == ("Pasted bombers", date(2024, 5, 2), PASTE)


def test_pasting_the_same_text_again_changes_nothing(app):
    _open(app)
    app.text_area(key="ingest_paste").input(PASTE)
    _run(app)
    _run(app)
    assert app.success[0].value.endswith(", unchanged")
    assert "0 stored, 1 unchanged" in app.info[0].value


def test_an_empty_paste_gets_a_clear_error(app):
    _open(app)
    app.text_area(key="ingest_paste").input("   \n  ")
    _run(app)
    assert [text_of(e.value) for e in app.error] == ["pasted text is empty; paste the text of a news article"]
    assert "1 failed" in app.warning[0].value


def test_running_with_nothing_asks_for_input(app):
    _open(app)
    _run(app)
    assert "Nothing to ingest" in app.warning[0].value
    assert not app.get("progress")


def test_an_uploaded_collection_gives_one_result_line_per_row(app, store_path):
    _open(app)
    rows = b'{"id": "a", "text": "Two B-1B bombers flew over the Korean Peninsula on Monday.", "date": "2017-09-18"}\n' \
           b'{"id": "b", "text": "cut off\n' \
           b'{"id": "c", "text": "The village fair opened with a parade of tractors on Saturday.", "date": "2017-09-16"}\n'
    app.file_uploader(key="ingest_files").set_value([("desk.jsonl", rows, "application/json")])
    _run(app)
    assert [text_of(s.value) for s in app.success] == ["desk.jsonl#a: 1 event(s)", "desk.jsonl#c: 0 event(s)"]
    assert text_of(app.error[0].value).startswith("desk.jsonl line 2: not valid JSON")
    with open_store(store_path) as store:
        assert {"desk.jsonl#a", "desk.jsonl#c"} <= {a.name for a in store.articles()}


def test_uploads_get_one_result_line_each_and_bad_files_lose_nothing(app, store_path):
    _open(app)
    app.file_uploader(key="ingest_files").set_value([
        ("good.txt", GOOD, "text/plain"),
        ("empty.txt", b"", "text/plain"),
        ("binary.html", b"\x00\x01\x02binary", "text/html"),
        ("latin1.md", "Corée du Sud".encode("latin-1"), "text/markdown"),
    ])
    app.text_area(key="ingest_paste").input(PASTE)
    _run(app)
    assert [text_of(s.value) for s in app.success][0] == "good.txt: 1 event(s)"
    assert len(app.success) == 2  # good.txt and the pasted text
    errors = [text_of(e.value) for e in app.error]
    assert errors[0] == "empty.txt: file is empty; expected the text of a news article"
    assert errors[1].startswith("binary.html: file looks binary")
    assert errors[2].startswith("latin1.md: not UTF-8 text")
    assert app.warning[0].value == "5 file(s): 2 stored, 0 unchanged, 3 failed; 2 event(s)"
    with open_store(store_path) as store:
        names = {a.name for a in store.articles()}
    assert "good.txt" in names and not names & {"empty.txt", "binary.html", "latin1.md"}


def test_the_results_stay_until_the_next_run(app):
    _open(app)
    app.text_area(key="ingest_paste").input(PASTE)
    _run(app)
    app.text_input(key="ingest_title").input("something else").run()
    assert len(app.success) == 1


def test_new_events_show_on_the_map_and_articles_pages(app):
    before = _events_total(app)
    _open(app)
    app.text_area(key="ingest_paste").input(PASTE)
    app.text_input(key="ingest_title").input("Pasted bombers")
    _run(app)
    app.switch_page("pages/map.py").run()
    assert _events_total(app) == before + 1
    # The filter counts, computed once per store version, follow the new article too.
    assert any(o.startswith("Pasted bombers (") for o in app.sidebar.multiselect(key="flt_articles").options)
    app.switch_page("pages/articles.py").run()
    assert any(o.startswith("Pasted bombers · unknown source") for o in app.selectbox(key="article_pick").options)


def test_re_uploading_without_ticking_the_date_keeps_the_stored_date_and_the_events_dates(app, store_path):
    # Issue 11, finding 2: the page promised "left unchanged" and wiped both.
    _open(app)
    app.file_uploader(key="ingest_files").set_value([("good.txt", GOOD, "text/plain")])
    app.checkbox(key="ingest_has_date").check().run()
    app.date_input(key="ingest_published").set_value(date(2024, 5, 2))
    _run(app)
    assert [text_of(s.value) for s in app.success] == ["good.txt: 1 event(s)"]
    app.checkbox(key="ingest_has_date").uncheck().run()
    _run(app)
    assert [text_of(s.value) for s in app.success] == ["good.txt: 1 event(s), unchanged"]
    assert app.info[0].value == "1 file(s): 0 stored, 1 unchanged, 0 failed; 1 event(s)"
    with open_store(store_path) as store:
        article = next(a for a in store.articles() if a.name == "good.txt")
        dates = {e.date for e in store.events() if e.article_id == article.id}
    assert article.published == date(2024, 5, 2) and dates == {"2024-04-30"}


def test_the_same_text_under_another_name_is_reported_and_kept_apart(app, store_path):
    _open(app)
    app.file_uploader(key="ingest_files").set_value([("good.txt", GOOD, "text/plain"),
                                                     ("copy of good.txt", GOOD, "text/plain")])
    _run(app)
    assert [text_of(s.value) for s in app.success] == [
        "good.txt: 1 event(s)",
        "copy of good.txt: same text as good.txt; recorded as another source of it (its name, title and date "
        "are kept)"]
    assert app.info[0].value == "2 file(s): 1 stored, 0 unchanged, 1 same text as a stored article, 0 failed; " \
                                "1 event(s)"
    with open_store(store_path) as store:
        assert [s.name for s in store.sources()] == ["copy of good.txt"]


def test_the_date_picker_offers_only_dates_in_the_window(app):
    _open(app)
    picker = app.date_input(key="ingest_published")
    assert picker.min == date(1900, 1, 1) and picker.max > date.today()


def test_an_article_over_the_size_limit_is_reported_by_name_and_the_others_go_in(app, store_path, monkeypatch):
    monkeypatch.setenv("GEO_MAX_FILE_MB", "0.001")  # 1,000 bytes
    _open(app)
    uploader = app.file_uploader(key="ingest_files")
    assert "up to 0.001 MB (GEO_MAX_FILE_MB)" in uploader.help and "python -m geo ingest" in uploader.help
    big = GOOD + b"The ministry repeated the statement. " * 40
    uploader.set_value([("big.txt", big, "text/plain"), ("good.txt", GOOD, "text/plain")])
    _run(app)
    (error,) = [text_of(e.value) for e in app.error]
    assert error.startswith("big.txt: ") and "GEO_MAX_FILE_MB" in error, error
    assert [text_of(s.value) for s in app.success] == ["good.txt: 1 event(s)"]
    with open_store(store_path) as store:
        names = {a.name for a in store.articles()}
    assert "good.txt" in names and "big.txt" not in names
