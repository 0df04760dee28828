"""`python -m geo toponyms`: JSON Lines {"id","text"} in, {"id","toponyms":[...]} out."""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import TextIO

log = logging.getLogger(__name__)

_BATCH = 64


def _lines(stdin: TextIO, report) -> Iterator[tuple[int, str]]:
    """Numbered input lines; a line that is not UTF-8 is reported and skipped, not fatal."""
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, StringIO)
        yield from enumerate(stdin, 1)
        return
    for n, raw in enumerate(buffer, 1):
        try:
            yield n, raw.decode("utf-8")
        except UnicodeDecodeError as err:
            report(n, f"not UTF-8 (byte {raw[err.start:err.start + 1]!r} at column {err.start + 1}); "
                      "expected a UTF-8 JSON line")


def _records(stdin: TextIO, report) -> Iterator[tuple[int, object, str]]:
    for n, line in _lines(stdin, report):
        line = line.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            report(n, f"not JSON ({err.msg}); expected {{\"id\", \"text\"}}")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            report(n, f"expected an object with a string \"text\", got {str(rec)[:60]!r}")
            continue
        yield n, rec.get("id"), rec["text"]


def _output_line(doc_id: object, tops: list) -> str:
    line = json.dumps({"id": doc_id, "toponyms": [t.to_dict() for t in tops]}, ensure_ascii=False)
    line.encode("utf-8")  # a lone surrogate from a JSON escape cannot be written: fail this line, not the run
    return line + "\n"


def main(stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Geoparse JSON Lines from ``stdin`` to ``stdout``.

    Each input line is ``{"id": ..., "text": ...}``; each output line is
    ``{"id": ..., "toponyms": [{"start", "end", "name", "lat", "lon", "precision", "entry_id",
    "score", "kind", "radius_km", "country"}]}`` in input order. Texts of any length are read
    (long ones in pieces). A bad line (not UTF-8, not JSON, no text, or a text that cannot be
    geoparsed) is reported on stderr with its line number as it is met, and the rest go on.

    Parameters
    ----------
    stdin, stdout : text streams
        Default ``sys.stdin`` / ``sys.stdout``.

    Returns
    -------
    int
        0 when every line was processed, 1 when some lines were skipped.
    """
    from geo.toponyms import get_geoparser

    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    parser = get_geoparser()
    bad = 0
    batch: list[tuple[int, object, str]] = []

    def report(n: int, message: str) -> None:
        nonlocal bad
        bad += 1
        print(f"geo toponyms: line {n}: {message}", file=sys.stderr, flush=True)

    def one(n: int, doc_id: object, text: str) -> str | None:
        try:
            return _output_line(doc_id, parser.parse(text))
        except Exception as err:  # noqa: BLE001 -- any failure on one document skips that line only
            log.debug("line %d failed", n, exc_info=True)
            report(n, f"could not geoparse this text ({type(err).__name__}: {str(err)[:200]}); line skipped")
            return None

    def flush() -> None:
        try:
            lines = [_output_line(doc_id, tops)
                     for (_, doc_id, _), tops in zip(batch, parser.parse_many(t for _, _, t in batch))]
        except Exception:  # noqa: BLE001 -- find the bad document by parsing the batch one by one
            lines = [one(n, doc_id, text) for n, doc_id, text in batch]
        stdout.writelines(line for line in lines if line is not None)
        stdout.flush()
        batch.clear()

    for rec in _records(stdin, report):
        batch.append(rec)
        if len(batch) >= _BATCH:
            flush()
    flush()
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
