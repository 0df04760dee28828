"""Write a vocabulary table of data/ the way every build script does: UTF-8 CSV, a header, ``\\n`` line ends."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path


def write_table(path: str | Path, fields: Sequence[str], rows: Iterable[Mapping[str, object]]) -> int:
    """Write ``rows`` (dicts keyed by ``fields``) to ``path``, creating its folder; return how many."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    rows = list(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
