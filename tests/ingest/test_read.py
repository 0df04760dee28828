"""Tests of geo/ingest/__init__.py and meta.py: files and folders -> Articles with sidecar metadata."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.errors import SourceFormatError
from geo.ingest import article_from_bytes, iter_article_paths, read_article, read_articles

TEXT = "Bombers fly over the peninsula\nTwo B-1B bombers flew on Monday.\n"


def _write(folder: Path, name: str, text: str = TEXT) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _sidecar(folder: Path, stem: str, meta: dict | str) -> None:
    raw = meta if isinstance(meta, str) else json.dumps(meta)
    (folder / f"{stem}.meta.json").write_text(raw, encoding="utf-8")


META = {"published": "2017-09-23", "title": "From the sidecar", "source": "AFP", "url": "https://example.org/a"}


def test_sidecar_supplies_published(tmp_path):
    _sidecar(tmp_path, "a", META)
    assert read_article(_write(tmp_path, "a.txt")).published == date(2017, 9, 23)


def test_sidecar_supplies_title_source_and_url(tmp_path):
    _sidecar(tmp_path, "a", META)
    article = read_article(_write(tmp_path, "a.txt"))
    assert (article.title, article.source, article.url) == ("From the sidecar", "AFP", "https://example.org/a")


def test_without_sidecar_title_is_the_headline_line(tmp_path):
    article = read_article(_write(tmp_path, "a.txt"))
    assert (article.title, article.published) == ("Bombers fly over the peninsula", None)


def test_article_keeps_its_path_and_text(tmp_path):
    path = _write(tmp_path, "a.txt")
    article = read_article(path)
    assert (article.path, article.name, article.text) == (str(path), "a.txt", TEXT)


def test_sidecar_that_is_not_json_raises_naming_the_sidecar(tmp_path):
    _sidecar(tmp_path, "a", "{published: 2017}")
    with pytest.raises(SourceFormatError, match=r"a\.meta\.json.*not a valid JSON object"):
        read_article(_write(tmp_path, "a.txt"))


def test_sidecar_that_is_a_list_raises(tmp_path):
    _sidecar(tmp_path, "a", "[1, 2]")
    with pytest.raises(SourceFormatError, match=r"a\.meta\.json.*expected a JSON object"):
        read_article(_write(tmp_path, "a.txt"))


def test_sidecar_with_bad_published_raises_showing_the_expected_format(tmp_path):
    _sidecar(tmp_path, "a", {"published": "23/09/2017"})
    with pytest.raises(SourceFormatError, match=r"a\.meta\.json.*ISO date.*'23/09/2017'"):
        read_article(_write(tmp_path, "a.txt"))


def test_unsupported_suffix_raises_listing_the_supported_ones(tmp_path):
    with pytest.raises(SourceFormatError, match=r"a\.pdf.*'\.pdf'.*\.txt"):
        read_article(_write(tmp_path, "a.pdf"))


def test_missing_file_raises_source_format_error(tmp_path):
    with pytest.raises(SourceFormatError, match="cannot read file"):
        read_article(tmp_path / "absent.txt")


def test_published_argument_overrides_the_sidecar(tmp_path):
    _sidecar(tmp_path, "a", META)
    assert read_article(_write(tmp_path, "a.txt"), published=date(2020, 1, 2)).published == date(2020, 1, 2)


def test_html_meta_date_becomes_published():
    page = b'<meta property="article:published_time" content="2017-09-23T10:00:00Z"><p>Jets flew.</p>'
    assert article_from_bytes("page.html", page).published == date(2017, 9, 23)


def test_malformed_html_meta_date_is_ignored():
    page = b'<meta property="article:published_time" content="yesterday"><p>Jets flew.</p>'
    assert article_from_bytes("page.html", page).published is None


def test_html_with_no_text_after_markup_is_refused():
    with pytest.raises(SourceFormatError, match=r"page\.html.*no article text"):
        article_from_bytes("page.html", b"<script>alert(1)</script>")


def test_iter_article_paths_skips_sidecars(tmp_path):
    _write(tmp_path, "a.txt")
    _sidecar(tmp_path, "a", META)
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt"]


def test_iter_article_paths_skips_hidden_files(tmp_path):
    _write(tmp_path, "a.txt")
    _write(tmp_path, ".draft.txt")
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt"]


def test_iter_article_paths_skips_unsupported_files_in_folders(tmp_path):
    _write(tmp_path, "a.txt")
    _write(tmp_path, "notes.pdf")
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt"]


def test_iter_article_paths_sorts_by_path(tmp_path):
    for name in ("c.md", "a.txt", "b.html"):
        _write(tmp_path, name)
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt", "b.html", "c.md"]


def test_iter_article_paths_raises_for_a_missing_path(tmp_path):
    with pytest.raises(SourceFormatError, match="no such file or folder"):
        list(iter_article_paths([tmp_path / "nowhere"]))


def test_iter_article_paths_skips_files_in_hidden_folders(tmp_path):
    _write(tmp_path, "a.txt")
    _write(tmp_path, ".ipynb_checkpoints/a-checkpoint.txt")
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt"]


def test_read_articles_keeps_good_files_and_reports_bad_ones(tmp_path):
    _write(tmp_path, "a.txt")
    _write(tmp_path, "b.txt", "")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary")
    articles, failures = read_articles([tmp_path])
    assert [a.name for a in articles] == ["a.txt"]
    assert [Path(f.path).name for f in failures] == ["b.txt", "c.txt"]


def test_read_articles_failure_message_names_the_file_and_the_problem(tmp_path):
    _write(tmp_path, "b.txt", "")
    _, failures = read_articles([tmp_path])
    assert "b.txt" in failures[0].error and "empty" in failures[0].error
