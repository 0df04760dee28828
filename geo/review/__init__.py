"""Review stage: analysts' corrections as a pure model (validate, apply, undo) and what a form's changes would do.

It sits between resolve and store: the store keeps the corrections (``geo.store.corrections``) and
applies them with :func:`review_events` whenever it hands out reviewed events; the Review page shows
what :func:`preview_changes` and :func:`review_decision` say before anything is saved.
"""
from __future__ import annotations

from geo.review.apply import Reviewed, apply_corrections, apply_to_events, review_events
from geo.review.model import EVENT_STATUSES, FIELDS, Correction, check_author, correction_states, format_value, undo
from geo.review.places import place_for_name, resolve_place
from geo.review.preview import MAX_MOVE_KM, Decision, PlaceCheck, ReviewPreview, marker, preview_changes, \
    review_decision
from geo.review.validate import normalize_date, normalize_value, split_names

__all__ = ["EVENT_STATUSES", "FIELDS", "MAX_MOVE_KM", "Correction", "Decision", "PlaceCheck", "ReviewPreview",
           "Reviewed", "apply_corrections", "apply_to_events", "check_author", "correction_states", "format_value",
           "marker", "normalize_date", "normalize_value", "place_for_name", "preview_changes", "resolve_place",
           "review_decision", "review_events", "split_names", "undo"]
