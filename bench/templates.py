"""Invented news reports of flights, launches and drills, from templates over the project's own vocabularies.

Used by ``bench/corpus_scale.py`` for the relevant articles of its collections. The types come
from ``data/aircraft.csv`` (bombers, fighters, tankers, drones), the places from the military
gazetteer (seas, straits, zones, air bases), so every report names things extraction knows; the
wording is invented here, sentence by sentence, and varied by a seeded random generator.
"""
from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEADLINES = (
    "{country} {role}s fly near {area}",
    "{count_word} {type} {role}s spotted over {area}",
    "{country} stages air drill over {area}",
    "Jets scrambled as {type}s approach {area}",
)
LEADS = (
    "{count_word} {country} {type} {role}s flew over {area} on {day}, the defense ministry said.",
    "{country} sent {count_word} {type} {role}s to {area} on {day}, officials said in a statement.",
    "{count_word} {type} {role}s took off from {base} on {day} and flew to {area}, the air force said.",
    "The military said {count_word} {type} {role}s entered the air defense zone near {area} on {day}.",
)
BODIES = (
    "They were escorted by {count_word2} {type2} fighters during the flight.",
    "The flight lasted about {hours} hours before the aircraft returned to {base}.",
    "Fighter jets were scrambled to monitor the aircraft, the ministry added.",
    "It was the {ordinal} such mission this year, according to the statement.",
    "Officials described the mission as routine training.",
    "A {type2} tanker refueled the {role}s over {area2}.",
)
LAUNCHES = (
    "North Korea fired {count_word} ballistic missiles into {area} on {day}, the joint chiefs said.\n"
    "The missiles flew about {km} kilometers before landing in the sea, officials said.",
)
COUNTS = ("Two", "Three", "Four", "Six", "Eight")
ORDINALS = ("second", "third", "fourth", "fifth")


def _catalogue() -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    with open(ROOT / "data" / "aircraft.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if "-" in row["id"] and row["role"] in ("bomber", "fighter", "tanker", "isr"):
                roles.setdefault(row["role"], []).append(row["id"])
    return roles


def _places() -> tuple[list[str], list[str]]:
    areas, bases = [], []
    with open(ROOT / "data" / "gazetteer" / "military.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] in ("sea", "strait", "adiz", "gulf", "bay", "channel"):
                areas.append(row["name"])
            elif row["kind"] == "air_base":
                bases.append(row["name"])
    return areas or ["the Sea of Japan"], bases or ["Andersen Air Force Base"]


class ReportMaker:
    """Makes invented reports, reproducibly from a seed: ``ReportMaker(7).report(i)``."""

    def __init__(self, seed: int = 7):
        self.seed = seed
        self.types = _catalogue()
        self.areas, self.bases = _places()

    def report(self, i: int) -> tuple[str, str]:
        """The ``i``-th report: ``(text, published ISO date)``."""
        rng = random.Random(self.seed * 1_000_003 + i)
        published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        day = (published - timedelta(days=rng.randrange(1, 4))).strftime("%A")
        role = rng.choice(("bomber", "bomber", "fighter", "isr"))
        words = {
            "country": rng.choice(("Chinese", "Russian", "U.S.", "Japanese", "South Korean")),
            "role": {"isr": "reconnaissance plane"}.get(role, role), "type": rng.choice(self.types[role]),
            "type2": rng.choice(self.types["fighter"]), "count_word": rng.choice(COUNTS),
            "count_word2": rng.choice(COUNTS).lower(), "area": rng.choice(self.areas),
            "area2": rng.choice(self.areas), "base": rng.choice(self.bases), "day": day,
            "hours": rng.randrange(3, 12), "ordinal": rng.choice(ORDINALS), "km": rng.randrange(200, 1100),
        }
        if rng.random() < 0.15:
            text = rng.choice(LAUNCHES).format(**words)
        else:
            body = rng.sample(BODIES, rng.randrange(2, 4))
            text = "\n".join([rng.choice(HEADLINES).format(**words), rng.choice(LEADS).format(**words),
                              *(b.format(**words) for b in body)])
        return text + f"\n(Report {i}.)", published.isoformat()


__all__ = ["ReportMaker"]
