"""The `python -m geo toponyms` contract: JSON Lines in, one JSON line per document out."""
from __future__ import annotations

import io
import json

from geo.toponyms.cli import main


def _run(lines: list[str]) -> tuple[int, list[dict]]:
    out = io.StringIO()
    code = main(io.StringIO("\n".join(lines) + "\n"), out)
    return code, [json.loads(x) for x in out.getvalue().splitlines()]


def test_each_document_gets_its_toponyms_with_offsets():
    text = "B-52s flew from Guam to South Korea."
    code, [rec] = _run([json.dumps({"id": "a", "text": text})])
    names = {t["name"]: t for t in rec["toponyms"]}
    assert code == 0 and rec["id"] == "a" and set(names) == {"Guam", "South Korea"}
    assert all(text[t["start"]:t["end"]] == t["name"] for t in rec["toponyms"])


def test_output_keeps_input_order():
    _, recs = _run([json.dumps({"id": i, "text": "Japan."}) for i in range(5)])
    assert [r["id"] for r in recs] == [0, 1, 2, 3, 4]


def test_document_without_places_gets_an_empty_list():
    _, [rec] = _run([json.dumps({"id": "x", "text": "Nothing happened."})])
    assert rec["toponyms"] == []


def test_bad_line_is_skipped_and_reported(capsys):
    code, recs = _run(["not json", json.dumps({"id": "b", "text": "Japan."})])
    assert code == 1 and [r["id"] for r in recs] == ["b"] and "line 1" in capsys.readouterr().err


def test_a_document_over_a_million_characters_is_read_in_pieces_with_offsets_of_the_whole_text():
    # spaCy refuses texts over 1,000,000 characters (E088); the command used to crash and print nothing.
    filler = ("nothing" * 12 + " ") * 7_000  # long words keep spaCy's share of the test short
    text = "B-52s flew from Guam. " + filler + "Later the bombers landed in Japan. " + filler
    assert len(text) > 1_000_000
    code, [before, big, after] = _run([json.dumps({"id": "a", "text": "Japan."}), json.dumps({"id": "big", "text": text}),
                                      json.dumps({"id": "z", "text": "Guam."})])
    assert code == 0 and [before["id"], big["id"], after["id"]] == ["a", "big", "z"]
    names = [t["name"] for t in big["toponyms"]]
    assert names == ["Guam", "Japan"]
    assert all(text[t["start"]:t["end"]] == t["name"] for t in big["toponyms"])


def test_pieces_cover_the_text_in_order_within_the_size():
    from geo.toponyms import split_pieces
    text = ("A line of text. " * 40 + "\n") * 300
    pieces = split_pieces(text, size=5_000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 5_000 for _, p in pieces) and all(p.endswith("\n") for _, p in pieces[:-1])
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]
    assert split_pieces("") == [(0, "")]


def test_every_bad_line_is_reported_with_its_number_and_the_rest_are_printed(capsys, monkeypatch):
    from geo.toponyms import get_geoparser
    parser = get_geoparser()
    real = parser.parse

    def fragile(text):
        if "BREAK" in text:
            raise ValueError("cannot parse this")
        return real(text)
    monkeypatch.setattr(parser, "parse", fragile)
    monkeypatch.setattr(parser, "parse_many", lambda texts: (fragile(t) for t in texts))
    lines = [json.dumps({"id": 1, "text": "Guam."}), "{not json", json.dumps({"id": 3}),
             json.dumps({"id": 4, "text": "BREAK in Japan."}), json.dumps({"id": 5, "text": "Japan."})]
    code, recs = _run(lines)
    err = capsys.readouterr().err
    assert code == 1 and [r["id"] for r in recs] == [1, 5]
    assert "line 2: not JSON" in err and "line 3: expected an object" in err
    assert "line 4: could not geoparse this text (ValueError: cannot parse this)" in err


def test_a_line_that_is_not_utf8_is_reported_and_the_rest_are_printed(capsys):
    raw = (json.dumps({"id": "a", "text": "Guam."}) + "\n").encode() + b'{"id": "b", "text": "caf\xe9"}\n' + \
        (json.dumps({"id": "c", "text": "Japan."}) + "\n").encode()
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    out = io.StringIO()
    code = main(stdin, out)
    assert code == 1 and [json.loads(x)["id"] for x in out.getvalue().splitlines()] == ["a", "c"]
    assert "line 2: not UTF-8 (byte b'\\xe9' at column 25)" in capsys.readouterr().err


def test_a_lone_surrogate_in_a_text_fails_that_line_only(capsys):
    code, recs = _run([json.dumps({"id": "s", "text": "Guam \ud800."}), json.dumps({"id": "t", "text": "Japan."})])
    assert code == 1 and [r["id"] for r in recs] == ["t"]
    assert "line 1: could not geoparse" in capsys.readouterr().err
