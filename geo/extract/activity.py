"""Tells what a flight was doing (joint drill, escort, patrol, intercept...) from the sentences that describe it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.config import DATA_DIR
from geo.errors import ConfigurationError
from geo.extract.patterns import load_patterns
from geo.models import ACTIVITIES

# When a text says several things, the first activity of this order that it states wins:
# - "intercept" first: a side that scrambles or intercepts is doing that, whatever the other side did;
#   but a flight that *was* intercepted ("were intercepted by", "prompting Japan to scramble") is not,
#   so those passive phrases are masked and the text falls through to the intercepted flight's activity;
# - "adiz_entry" before patrols, drills and reconnaissance: entering a zone or crossing the median line
#   is the reportable act of a patrol or a spy flight;
# - "joint_drill" before "escort": fighters escorting bombers in a combined drill are the drill;
# - "escort" (the escorting side only: "escorted by" is masked like the passive intercepts),
#   then "reconnaissance" before "patrol" ("a surveillance patrol" is reconnaissance);
# - "transit", "deployment_flight", then "landing": a flight that deployed to a base and landed
#   there was a deployment, one that landed on the way was a transit.
PRECEDENCE: tuple[str, ...] = ("intercept", "adiz_entry", "joint_drill", "escort", "reconnaissance", "patrol",
                               "transit", "deployment_flight", "landing")
_VOICES = ("active", "passive")


@dataclass(frozen=True)
class ActivityRules:
    """The cue regexes of one activity: ``active`` ones say it, ``passive`` ones say it was done *to* the flight."""

    activity: str
    active: tuple[re.Pattern[str], ...]
    passive: tuple[re.Pattern[str], ...]

    def applies(self, text: str) -> bool:
        """Does ``text`` state this activity once the passive phrases are blanked out?"""
        for p in self.passive:
            text = p.sub(lambda m: " " * len(m.group(0)), text)
        return any(p.search(text) for p in self.active)


@lru_cache(maxsize=2)
def load_activity_rules(path: Path | None = None) -> tuple[ActivityRules, ...]:
    """The rules of ``data/patterns/activities.jsonl``, in ``PRECEDENCE`` order.

    Raises
    ------
    ConfigurationError
        When the file is invalid (see ``geo.extract.patterns``), a row's ``voice`` is neither ``active``
        nor ``passive``, or an activity of ``geo.models.ACTIVITIES`` has no active row.
    """
    rows = load_patterns(path or DATA_DIR / "patterns" / "activities.jsonl").rows
    for r in rows:
        if r.label not in ACTIVITIES:
            raise ConfigurationError(f"{r.where}: row {r.id!r}: label {r.label!r} is not an activity; "
                                     f"use one of {list(ACTIVITIES)}")
        if r.get("voice", "active") not in _VOICES:
            raise ConfigurationError(f"{r.where}: row {r.id!r}: voice {r.get('voice')!r} is not one of "
                                     f"{list(_VOICES)}; leave it out for an active cue")
    out = []
    for activity in PRECEDENCE:
        mine = [r for r in rows if r.label == activity]
        active = tuple(r.regex for r in mine if r.get("voice", "active") == "active")
        if not active:
            raise ConfigurationError(f"{rows[0].path}: activity {activity!r} has no active row; add one")
        out.append(ActivityRules(activity, active, tuple(r.regex for r in mine if r.get("voice") == "passive")))
    return tuple(out)


def classify_activity(text: str) -> str:
    """The activity of the flight a sentence (or a few) describes, one of ``geo.models.ACTIVITIES``, or "".

    When the text states several, the first in ``PRECEDENCE`` wins (see the comment above it); a side
    that was intercepted or escorted takes its own activity, not "intercept" or "escort".

    >>> classify_activity("Japan scrambled fighters to intercept two Russian bombers on a patrol.")
    'intercept'
    >>> classify_activity("Two Russian bombers on a patrol were intercepted by Japanese fighters.")
    'patrol'
    >>> classify_activity("The bombers flew over the sea.")
    ''
    """
    for rules in load_activity_rules():
        if rules.applies(text):
            return rules.activity
    return ""


__all__ = ["PRECEDENCE", "ActivityRules", "classify_activity", "load_activity_rules"]
