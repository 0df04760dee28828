"""Tests of geo/ingest/__init__.py, paths.py and meta.py: files and folders -> Articles with sidecar metadata."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.errors import SourceFormatError
from geo.ingest import ReadFailure, article_from_bytes, expand_paths, read_article, read_articles

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


def test_without_any_title_the_title_is_left_empty_for_the_store_to_fill(tmp_path):
    assert read_article(_write(tmp_path, "a.txt", "Two B-1B bombers flew on Monday.\n")).title == ""


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
    with pytest.raises(SourceFormatError, match=r"absent\.txt: cannot read file \(No such file or directory\)"):
        read_article(tmp_path / "absent.txt")


def test_published_argument_overrides_the_sidecar(tmp_path):
    _sidecar(tmp_path, "a", META)
    assert read_article(_write(tmp_path, "a.txt"), published=date(2020, 1, 2)).published == date(2020, 1, 2)


def test_html_meta_date_becomes_published():
    page = b'<meta property="article:published_time" content="2017-09-23T10:00:00Z"><p>Jets flew.</p>'
    assert article_from_bytes("page.html", page).published == date(2017, 9, 23)


def test_html_meta_date_outside_the_window_is_refused():
    page = b'<meta property="article:published_time" content="3017-09-23T10:00:00Z"><p>Jets flew.</p>'
    with pytest.raises(SourceFormatError, match=r"page\.html: published date '3017-09-23' \(from the page's <meta>"):
        article_from_bytes("page.html", page)


def test_sidecar_date_outside_the_window_is_refused_naming_file_sidecar_and_value(tmp_path):
    _sidecar(tmp_path, "a", {"published": "3017-09-23"})
    with pytest.raises(SourceFormatError, match=r"^a\.txt: published date '3017-09-23' \(from a\.meta\.json\) is "
                                                r"outside the accepted window 1900-01-01 to \d{4}-\d\d-\d\d"):
        read_article(_write(tmp_path, "a.txt"))


def test_published_argument_outside_the_window_is_refused(tmp_path):
    with pytest.raises(SourceFormatError, match=r"published date '1899-12-31' \(the date given for this run\)"):
        read_article(_write(tmp_path, "a.txt"), published=date(1899, 12, 31))


def test_the_window_is_a_setting(tmp_path):
    from geo.config import Settings
    path = _write(tmp_path, "a.txt")
    assert read_article(path, published=date(1850, 1, 1),
                        settings=Settings.from_env(earliest_date="1800-01-01")).published == date(1850, 1, 1)


@pytest.mark.parametrize("value", [20170923, ["2017-09-23"], {"y": 2017}, True])
def test_sidecar_published_of_another_type_is_refused(tmp_path, value):
    _sidecar(tmp_path, "a", {"published": value})
    with pytest.raises(SourceFormatError, match=r"a\.meta\.json: published must be an ISO date string"):
        read_article(_write(tmp_path, "a.txt"))


@pytest.mark.parametrize("key", ["title", "source", "url"])
def test_sidecar_text_field_of_another_type_is_refused(tmp_path, key):
    _sidecar(tmp_path, "a", {key: ["not", "a", "string"]})
    with pytest.raises(SourceFormatError, match=rf"a\.meta\.json: {key} must be a string, got list"):
        read_article(_write(tmp_path, "a.txt"))


@pytest.mark.parametrize("value", ["0000-01-01", "2017-02-30", "2017-09-23garbage", "20170923", "2017-W38-6"])
def test_sidecar_published_that_is_no_calendar_date_is_refused(tmp_path, value):
    _sidecar(tmp_path, "a", {"published": value})
    with pytest.raises(SourceFormatError, match=r"a\.meta\.json: published must be an ISO date like 2017-09-23"):
        read_article(_write(tmp_path, "a.txt"))


def test_malformed_html_meta_date_is_ignored():
    page = b'<meta property="article:published_time" content="yesterday"><p>Jets flew.</p>'
    assert article_from_bytes("page.html", page).published is None


def test_html_with_no_text_after_markup_is_refused():
    with pytest.raises(SourceFormatError, match=r"page\.html.*no article text"):
        article_from_bytes("page.html", b"<script>alert(1)</script>")


def _names(items) -> list[str]:
    return [p.name if isinstance(p, Path) else f"FAILED {Path(p.path).name}" for p in items]


def test_expand_paths_skips_sidecars(tmp_path):
    _write(tmp_path, "a.txt")
    _sidecar(tmp_path, "a", META)
    assert _names(expand_paths([tmp_path])) == ["a.txt"]


def test_expand_paths_skips_hidden_files(tmp_path):
    _write(tmp_path, "a.txt")
    _write(tmp_path, ".draft.txt")
    assert _names(expand_paths([tmp_path])) == ["a.txt"]


def test_expand_paths_reports_unsupported_files_in_folders(tmp_path):
    _write(tmp_path, "a.txt")
    _write(tmp_path, "notes.pdf")
    items = expand_paths([tmp_path])
    assert _names(items) == ["a.txt", "FAILED notes.pdf"]
    assert items[1].error == (f"{tmp_path / 'notes.pdf'}: unsupported file type '.pdf'; "
                              "expected one of ['.csv', '.gz', '.htm', '.html', '.jsonl', '.markdown', '.md', '.ndjson', '.parquet', '.pq', '.txt', '.warc']")


def test_expand_paths_sorts_by_path(tmp_path):
    for name in ("c.md", "a.txt", "b.html", "sub/a.txt"):
        _write(tmp_path, name)
    assert [str(p.relative_to(tmp_path)) for p in expand_paths([tmp_path])] == \
        ["a.txt", "b.html", "c.md", "sub/a.txt"]


def test_expand_paths_reports_a_missing_path_and_goes_on(tmp_path):
    _write(tmp_path, "a.txt")
    items = expand_paths([tmp_path / "nowhere", tmp_path / "a.txt"])
    assert items == [ReadFailure(str(tmp_path / "nowhere"), f"{tmp_path / 'nowhere'}: no such file or folder"),
                     tmp_path / "a.txt"]


def test_expand_paths_skips_files_in_hidden_folders(tmp_path):
    _write(tmp_path, "a.txt")
    _write(tmp_path, ".ipynb_checkpoints/a-checkpoint.txt")
    assert _names(expand_paths([tmp_path])) == ["a.txt"]


def test_expand_paths_follows_a_link_to_a_folder_elsewhere(tmp_path):
    _write(tmp_path / "elsewhere", "b.txt")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "link").symlink_to(tmp_path / "elsewhere")
    assert _names(expand_paths([tmp_path / "in"])) == ["b.txt"]


def test_expand_paths_reports_a_link_back_to_a_folder_above(tmp_path):
    _write(tmp_path, "a.txt")
    (tmp_path / "up").symlink_to(tmp_path)
    items = expand_paths([tmp_path])
    assert _names(items) == ["a.txt", "FAILED up"]
    assert "symbolic link loop" in items[1].error


def test_expand_paths_opens_nothing_for_reading(tmp_path, monkeypatch):
    _write(tmp_path, "a.txt")
    import builtins
    import os

    def refuse(*args, **kwargs):
        raise AssertionError("expand_paths opened a file")
    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(os, "open", refuse)
    assert _names(expand_paths([tmp_path, tmp_path / "a.txt"])) == ["a.txt", "a.txt"]


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
