"""Child-process entry point that builds the compact city cache: python -m geo.gazetteer._build MIN_POP PATH."""
from __future__ import annotations

import sys
from pathlib import Path

from geo.gazetteer.cities import build_table, write_table


def main(argv: list[str]) -> int:
    """Build the table for ``argv[0]`` (population floor) and write it to ``argv[1]``."""
    write_table(build_table(int(argv[0])), Path(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
