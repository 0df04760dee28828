"""Tests of geo/extract/activity.py: the activity of a flight from invented sentences, and its precedence."""
from __future__ import annotations

import json
import re

import pytest

from geo.errors import ConfigurationError
from geo.extract.activity import PRECEDENCE, classify_activity, load_activity_rules
from geo.extract.patterns import PATTERNS_DIR
from geo.models import ACTIVITIES


@pytest.mark.parametrize("text, activity", [
    ("South Korean and U.S. fighter jets held a combined air drill over the Yellow Sea.", "joint_drill"),
    ("The F-16s trained alongside Philippine FA-50s.", "joint_drill"),
    ("Four F-15K fighters escorted the two bombers to the border.", "escort"),
    ("The two bombers flew a long-range patrol over the Sea of Japan.", "patrol"),
    ("A U-2S reconnaissance plane flew over the capital on Friday.", "reconnaissance"),
    ("Two PLA aircraft entered Taiwan's ADIZ in the southwest.", "adiz_entry"),
    ("Twelve fighters crossed the median line on Sunday.", "adiz_entry"),
    ("NORAD scrambled two F-16s after the bombers approached Alaska.", "intercept"),
    ("Canadian CF-18s shadowed the bombers for an hour.", "intercept"),
    ("A P-8A transited the strait in international airspace.", "transit"),
    ("The B-1B bombers landed at Misawa after the flight.", "landing"),
    ("Three B-2 bombers deployed to Diego Garcia on Monday.", "deployment_flight"),
    ("The jets flew over the sea.", ""),
    ("", ""),
])
def test_each_activity_from_a_sentence_that_states_it(text, activity):
    assert classify_activity(text) == activity


@pytest.mark.parametrize("text, activity", [
    # the intercepting side is the subject: its flight is an intercept, even of a patrol
    ("Japanese F-15s intercepted two Russian bombers on a joint patrol.", "intercept"),
    # the flight described is the one intercepted: its own activity
    ("Two Russian bombers on a joint patrol were intercepted by Japanese F-15s.", "patrol"),
    ("The bombers patrolled the sea, prompting Japan to scramble its fighters.", "patrol"),
    ("The spy plane, which was shadowed by two fighters, monitored the launch site.", "reconnaissance"),
    # entering a zone is the reportable act of a patrol or a spy flight
    ("The bombers entered the KADIZ during a joint patrol.", "adiz_entry"),
    ("A reconnaissance aircraft flew into Taiwan's air defense identification zone.", "adiz_entry"),
    # escorts in a combined drill are the drill; the escorted flight is not an escort
    ("F-15Ks escorted the B-1Bs during the combined air exercise.", "joint_drill"),
    ("The bombers, escorted by J-16 fighters, patrolled the strait.", "patrol"),
    ("The bombers, escorted by F-35As, flew over the peninsula.", ""),
    # a surveillance patrol is reconnaissance
    ("The P-8A flew a surveillance patrol over the sea.", "reconnaissance"),
    # a deployment that ends with a landing is a deployment
    ("The B-52s deployed to Guam, landing at Andersen.", "deployment_flight"),
    ("The bombers transited the strait and landed in Guam.", "transit"),
])
def test_precedence_when_a_text_states_several_activities(text, activity):
    assert classify_activity(text) == activity


def test_patrol_aircraft_and_landing_craft_are_not_activities():
    assert classify_activity("A maritime patrol aircraft and a landing ship sailed in.") == ""


def test_precedence_covers_every_activity_and_each_has_an_active_rule():
    assert sorted(PRECEDENCE) == sorted(ACTIVITIES)
    assert [r.activity for r in load_activity_rules()] == list(PRECEDENCE)
    assert all(r.active for r in load_activity_rules())


def _write(tmp_path, *rows):
    header = json.loads((PATTERNS_DIR / "activities.jsonl").read_text(encoding="utf-8").splitlines()[0])
    path = tmp_path / "activities.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (header, *rows)) + "\n", encoding="utf-8")
    return path


def _row(rid, label, **extra):
    return {"id": rid, "label": label, "pattern": r"\bx\b", "examples": ["x"], "source": "invented", **extra}


def test_an_activity_without_an_active_row_is_named(tmp_path):
    rows = [_row(a, a) for a in ACTIVITIES if a != "transit"] + [_row("t", "transit", voice="passive")]
    path = _write(tmp_path, *rows)
    with pytest.raises(ConfigurationError, match=rf"{re.escape(str(path))}: activity 'transit' has no active row"):
        load_activity_rules(path)


def test_an_unknown_voice_is_named(tmp_path):
    path = _write(tmp_path, *[_row(a, a) for a in ACTIVITIES], _row("odd", "patrol", voice="middle"))
    with pytest.raises(ConfigurationError, match=rf"{re.escape(str(path))}:11: row 'odd': voice 'middle'"):
        load_activity_rules(path)
