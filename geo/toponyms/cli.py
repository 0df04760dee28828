"""`python -m geo toponyms`: JSON Lines {"id","text"} in, {"id","toponyms":[...]} out."""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import TextIO

log = logging.getLogger(__name__)

_BATCH = 64


def _records(stdin: TextIO, errors: list[str]) -> Iterator[tuple[object, str]]:
    for n, line in enumerate(stdin, 1):
        line = line.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(f"line {n}: not JSON ({err.msg}); expected {{\"id\", \"text\"}}")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            errors.append(f"line {n}: expected an object with a string \"text\", got {str(rec)[:60]!r}")
            continue
        yield rec.get("id"), rec["text"]


def main(stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Geoparse JSON Lines from ``stdin`` to ``stdout``.

    Each input line is ``{"id": ..., "text": ...}``; each output line is
    ``{"id": ..., "toponyms": [{"start", "end", "name", "lat", "lon", "precision", "entry_id",
    "score", "kind", "radius_km", "country"}]}`` in input order. Bad lines are reported on stderr
    and skipped.

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
    errors: list[str] = []
    batch: list[tuple[object, str]] = []

    def flush() -> None:
        for (doc_id, _), tops in zip(batch, parser.parse_many(t for _, t in batch)):
            stdout.write(json.dumps({"id": doc_id, "toponyms": [t.to_dict() for t in tops]}, ensure_ascii=False))
            stdout.write("\n")
        batch.clear()

    for rec in _records(stdin, errors):
        batch.append(rec)
        if len(batch) >= _BATCH:
            flush()
    flush()
    stdout.flush()
    for e in errors:
        print(f"geo toponyms: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
