"""Tests of geo/ingest/upload.py: pasted text becomes an upload that carries its title and date."""
from __future__ import annotations

import re

import pytest

from geo.errors import SourceFormatError
from geo.ingest.meta import ArticleMeta
from geo.ingest.upload import Upload, pasted_article


def test_pasted_text_becomes_a_named_upload():
    name, data = pasted_article("Two B-1B bombers flew on Monday.\n", title="Bombers")
    assert re.fullmatch(r"pasted-[0-9a-f]{8}\.txt", name)
    assert data == b"Two B-1B bombers flew on Monday.\n"


def test_same_text_gives_the_same_name():
    assert pasted_article("abc", title="x")[0] == pasted_article("abc", title="y")[0]
    assert pasted_article("abc", title="x")[0] != pasted_article("abd", title="x")[0]


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_paste_is_refused_clearly(text):
    with pytest.raises(SourceFormatError, match=r"^pasted text is empty; paste the text of a news article$"):
        pasted_article(text, title="t")


def test_upload_behaves_like_a_name_and_bytes_pair():
    up = Upload("a.txt", b"x", ArticleMeta(title="T"))
    assert up == ("a.txt", b"x") and len(up) == 2 and up[0] == "a.txt"
    assert Upload("b.txt", b"y").meta == ArticleMeta()
