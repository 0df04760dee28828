"""Which words are not places in this news, and which short words mean a place in context ("the North"), from data/patterns/place_context.jsonl."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.errors import ConfigurationError

_REQUIRED = ("id", "label", "terms", "examples", "counter_examples", "source")


@dataclass(frozen=True)
class PlaceWordRules:
    """Contextual aliases ("the North" is North Korea in a text about Korea) and generic place words."""

    aliases: dict[str, tuple[str, frozenset[str]]]  # lower-cased words -> (entry id, countries that enable it)
    generic: dict[str, str]  # lower-cased words -> why they are not a place on their own
    anaphor_kinds: dict[str, frozenset[str]]  # head word ("zone") -> gazetteer kinds it points back to

    def kinds_for(self, words: str) -> frozenset[str]:
        """The feature kinds an anaphor ("the zone", "the base") may point back to."""
        head = words.strip().lower()
        head = head[4:] if head.startswith("the ") else head
        return self.anaphor_kinds.get(head, frozenset())

    def contextual_alias(self, words: str, countries: Iterable[str]) -> str:
        """The gazetteer id ``words`` stand for given the ISO codes the text names, or ""."""
        hit = self.aliases.get(words.strip().lower())
        if hit and hit[1] & set(countries):
            return hit[0]
        return ""

    def why_not_a_place(self, words: str) -> str:
        """Why ``words`` alone place nothing ("a word for a base, with no base named before it"), or ""."""
        return self.generic.get(words.strip().lower(), "")


def _rows(path: Path) -> list[tuple[int, dict]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ConfigurationError(f"{path}:{n}: not a JSON object ({err.msg}); fix the line") from err
        missing = [k for k in _REQUIRED if k not in row]
        if missing:
            raise ConfigurationError(f"{path}:{n}: row {row.get('id', '?')!r} lacks {missing}; every row needs {list(_REQUIRED)}")
        out.append((n, row))
    return out


@lru_cache(maxsize=2)
def load_place_word_rules(path: Path | None = None) -> PlaceWordRules:
    """Read the rules once per process.

    Raises
    ------
    ConfigurationError
        When a row is malformed, names an unknown label, or a contextual alias lacks ``means``.
    """
    path = path or DATA_DIR / "patterns" / "place_context.jsonl"
    aliases: dict[str, tuple[str, frozenset[str]]] = {}
    generic: dict[str, str] = {}
    kinds: dict[str, frozenset[str]] = {}
    for n, row in _rows(path):
        if row["label"] == "contextual_alias":
            if not row.get("means"):
                raise ConfigurationError(f"{path}:{n}: alias {row['id']!r} needs 'means' (a gazetteer id)")
            for t in row["terms"]:
                aliases[t.lower()] = (row["means"], frozenset(row.get("when_countries") or ()))
        elif row["label"] == "generic":
            for t in row["terms"]:
                generic[t.lower()] = row.get("why") or "not a place on its own"
        elif row["label"] == "anaphor_kinds":
            for t in row["terms"]:
                kinds[t.lower()] = frozenset(row.get("kinds") or ())
        else:
            raise ConfigurationError(f"{path}:{n}: unknown label {row['label']!r}; "
                                     "expected contextual_alias, generic or anaphor_kinds")
    return PlaceWordRules(aliases, generic, kinds)
