"""Loads the event cues, the terms they need and the hedges from ``data/patterns`` (``CueSet``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from geo.config import DATA_DIR
from geo.errors import ConfigurationError
from geo.extract.patterns import load_patterns


@dataclass(frozen=True)
class Cue:
    """An event-kind cue pattern from ``data/patterns/event_cues.jsonl``."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    needs: str = ""
    refers_back: bool = False  # only ever points back to an event already told ("the incident")

@dataclass(frozen=True)
class CueSet:
    """All cue patterns, the terms they may need and the hedge patterns."""

    cues: tuple[Cue, ...]
    terms: dict[str, re.Pattern[str]]
    hedges: tuple[tuple[str, re.Pattern[str]], ...]
    reporting: tuple[re.Pattern[str], ...] = ()  # hedges of what officials said, blanked out before ``hedges``

    @classmethod
    def load(cls, folder: Path | None = None) -> "CueSet":
        """Read ``event_cues.jsonl``, ``cue_terms.jsonl`` and ``hedges.jsonl`` from ``data/patterns``.

        Raises
        ------
        ConfigurationError
            When a file is invalid (see ``geo.extract.patterns``) or a cue needs a term no row defines.
        """
        folder = folder or DATA_DIR / "patterns"
        terms = {r.label: r.regex for r in load_patterns(folder / "cue_terms.jsonl").rows}
        cue_rows = load_patterns(folder / "event_cues.jsonl").rows
        for r in cue_rows:
            if r.get("needs", "") not in ("", "aircraft", *terms):
                raise ConfigurationError(f"{r.where}: row {r.id!r}: needs {r.get('needs')!r}, which is not a term of "
                                         f"cue_terms.jsonl {sorted(terms)} nor 'aircraft'; add the term or fix the name")
        cues = tuple(Cue(r.id, r.label, r.regex, str(r.get("needs", "")), bool(r.get("refers_back", False)))
                     for r in cue_rows)
        hedge_rows = load_patterns(folder / "hedges.jsonl").rows
        hedges = tuple((r.label, r.regex) for r in hedge_rows if r.label != "reporting")
        reporting = tuple(r.regex for r in hedge_rows if r.label == "reporting")
        return cls(cues, terms, hedges, reporting)


__all__ = ["Cue", "CueSet"]
