"""AppTest of the Articles page: pick an article, see its text with marks and its events; article markup stays text."""
from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from geo.models import Article, content_id
from geo.pipeline import ingest_article
from geo.store import EventStore, open_store
from tests.app.conftest import ROOT
from tests.app.rendered import text_of

PAGE = "pages/articles.py"
EVIL = ("Two B-1B Lancer bombers from Guam flew over the Korean Peninsula on Tuesday "
        "<script>window.__pwned=1</script> <img src=x onerror=alert(1)>, the ministry said.")


def _open(at: AppTest) -> AppTest:
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _fresh_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    return _open(at)


def _article_html(at: AppTest) -> str:
    return next(h.value for h in at.get("html") if h.value.startswith('<div class="sortie-article">'))


def test_every_article_is_offered_with_title_source_and_date(app, store_path):
    _open(app)
    options = app.selectbox(key="article_pick").options
    assert len(options) == 4
    assert "US sends nuclear-capable B-52 bombers to Korean peninsula · Associated Press · 2023-06-30" in options


def test_the_article_text_is_shown_with_marks_and_a_legend(app):
    _open(app)
    html = _article_html(app)
    for cls in ("sortie-date", "sortie-aircraft", "sortie-location", "sortie-evidence"):
        assert f'class="{cls}"' in html
    legend = next(h.value for h in app.get("html") if "sortie-legend" in h.value)
    assert legend.startswith("<style>")


def test_the_events_table_lists_this_articles_events(app, store_path):
    _open(app)
    label = app.selectbox(key="article_pick").value
    with open_store(store_path) as store:
        article = next(a for a in store.articles() if a.id == label)
        expected = [e for e in store.reviewed_events() if e.article_id == article.id]
    table = app.dataframe[0].value
    assert len(table) == len(expected) > 0
    assert list(table.columns)[:3] == ["date_text", "date_precision", "kind"]
    assert f"{len(expected)} event(s)" in app.caption[0].value


def test_picking_another_article_changes_the_text_and_table(app, store_path):
    _open(app)
    box = app.selectbox(key="article_pick")
    first_html = _article_html(app)
    with open_store(store_path) as store:
        other = next(a for a in store.articles() if a.id != box.value and "B-52" in a.title)
    box.set_value(other.id).run()
    assert not app.exception
    assert app.selectbox(key="article_pick").value == other.id
    assert _article_html(app) != first_html
    assert "B-52" in _article_html(app)
    assert text_of(app.subheader[0].value) == other.title
    assert "B-52" in " ".join(app.dataframe[0].value["aircraft"])


def test_article_markup_is_shown_as_text_never_as_html(store_path):
    with open_store(store_path) as store:
        article = Article(content_id(EVIL), "evil.txt", "<b>Evil</b> title", EVIL, date(2024, 5, 2))
        ingest_article(article, store)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    _open(at)
    at.selectbox(key="article_pick").set_value(article.id).run()
    assert not at.exception
    assert "<b>Evil</b> title · unknown source · 2024-05-02" in at.selectbox(key="article_pick").options
    html = _article_html(at)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'class="sortie-aircraft"' in html


def test_an_article_without_events_says_so(store_path):
    text = "The ministry held a press conference about the budget."
    with open_store(store_path) as store:
        ingest_article(Article(content_id(text), "quiet.txt", "Quiet day", text), store)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    _open(at)
    at.selectbox(key="article_pick").set_value(content_id(text)).run()
    assert not at.exception
    assert not at.dataframe
    assert any("No events were found" in c.value for c in at.caption)
    assert "Quiet day · unknown source · undated" in at.selectbox(key="article_pick").options


def test_the_page_uses_reviewed_events(app, monkeypatch):
    # A review that rejects every event must empty the page's table: the page reads reviewed_events().
    monkeypatch.setattr(EventStore, "reviewed_events", lambda self: [])
    _open(app)
    assert not app.dataframe
    assert any("0 event(s)" in c.value for c in app.caption)


def test_an_empty_store_points_to_the_ingest_page(store_path, tmp_path, monkeypatch):
    empty = tmp_path / "no-articles"
    empty.mkdir()
    monkeypatch.setenv("GEO_ARTICLES_DIR", str(empty))
    at = _fresh_app()
    assert "Ingest page" in at.info[0].value
    assert not at.selectbox


def store_articles(store_path):
    with open_store(store_path) as store:
        return store.articles()


def test_the_address_names_the_article_to_open(app, store_path):
    with open_store(store_path) as store:
        wanted = sorted(store.articles(), key=lambda a: a.name)[2]
    app.query_params["article"] = wanted.name
    _open(app)
    assert app.selectbox(key="article_pick").value == wanted.id
    from tests.app.rendered import text_of

    assert text_of(app.subheader[0].value) == wanted.title
    # Another pick drops the name from the address, which would otherwise name the wrong article.
    other = next(a for a in sorted(store_articles(store_path), key=lambda a: a.name) if a.id != wanted.id)
    app.selectbox(key="article_pick").select(other.id).run()
    assert app.selectbox(key="article_pick").value == other.id and "article" not in app.query_params


def test_an_unknown_article_name_is_reported_as_text_and_the_reader_still_opens(app):
    from tests.app.rendered import html_of, text_of

    app.query_params["article"] = "no-such-article.txt ![x](http://host/x.png)"
    _open(app)
    (warning,) = app.warning
    assert text_of(warning.value).startswith("No stored article is named 'no-such-article.txt ![x](http://host/x.png)'")
    assert "<img" not in html_of(warning.value)
    assert app.selectbox(key="article_pick").value


def test_other_files_with_the_same_text_are_listed_as_plain_text(store_path):
    from geo.ingest.meta import ArticleMeta
    from geo.ingest.upload import Upload
    from geo.pipeline import ingest_uploads

    data = EVIL.encode()
    with open_store(store_path) as store:
        ingest_uploads([Upload("first.txt", data, ArticleMeta(title="First")),
                        Upload("second.txt", data, ArticleMeta(title="**Second**", source="AFP",
                                                                published=date(2024, 5, 3)))], store)
    at = _fresh_app()
    at.selectbox(key="article_pick").select_index(
        next(i for i, o in enumerate(at.selectbox(key="article_pick").options) if o.startswith("First"))).run()
    assert not at.exception
    assert [t.value for t in at.text if t.value.startswith("Also received as")] == \
        ["Also received as: second.txt · **Second** · AFP · 2024-05-03"]


def test_a_place_that_could_not_be_placed_says_so_in_the_articles_table(store_path):
    from geo.models import Event, Place, Span, event_id

    text = "Two B-1B bombers flew near the sea on Monday."
    article = Article(content_id(text), "sea.txt", "Near the sea", text, date(2024, 5, 2))
    lost = Place("the sea", None, None, reason="a word for a place named nowhere before it")
    with open_store(store_path) as store:
        store.save(article, [Event(event_id(article.id, "flight", 0, "2024-04-29"), article.id, "flight",
                                   "2024-04-29", "day", Span(0, len(text), text), locations=(lost,),
                                   article_name="sea.txt")])
    at = _fresh_app()
    assert at.dataframe[0].value["place"].tolist() == [
        "not placed: the sea (a word for a place named nowhere before it)"]
