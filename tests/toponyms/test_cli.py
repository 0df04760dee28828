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
