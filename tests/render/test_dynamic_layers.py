"""Tests of the dashboard's compact layers: the evidence budget and the payloads remembered between runs."""
from __future__ import annotations

import json

from geo.render import layers as L
from geo.render.layers import PreparedLayers, dynamic_layers

from tests.render.test_layers import event, frame


def events_payload(groups) -> dict:
    layer = next(iter(groups[1]._children.values()))
    return json.loads(layer.payload)


def many(n: int):
    return frame(*[event(**{"event_id": f"e{i}", "evidence": f"Sentence {i} says so."}) for i in range(n)])


def test_every_popup_quotes_its_evidence_up_to_the_budget():
    payload = events_payload(dynamic_layers(many(3), evidence_max=3))
    assert [row[14] for row in payload["events"]] == ["Sentence 0 says so.", "Sentence 1 says so.",
                                                      "Sentence 2 says so."]
    assert payload["evidenceNote"] == ""


def test_over_the_budget_only_the_selected_event_carries_its_evidence():
    payload = events_payload(dynamic_layers(many(4), evidence_max=3, highlight="e2"))
    assert [row[14] for row in payload["events"]] == ["", "", "Sentence 2 says so.", ""]
    assert payload["evidenceNote"] == L.EVIDENCE_ON_SELECT


def test_the_same_request_reuses_the_finished_payloads():
    df = many(5)
    prepared = PreparedLayers(df)
    first = dynamic_layers(df, prepared=prepared)
    again = dynamic_layers(df, prepared=prepared)
    for a, b in zip(first, again):
        assert next(iter(a._children.values())).payload is next(iter(b._children.values())).payload


def test_a_different_selection_or_subset_is_built_afresh():
    df = many(5)
    prepared = PreparedLayers(df)
    base = events_payload(dynamic_layers(df, prepared=prepared))
    assert events_payload(dynamic_layers(df, prepared=prepared, highlight="e1"))["highlight"] == 1
    assert len(events_payload(dynamic_layers(df.iloc[:2], prepared=prepared))["events"]) == 2
    assert events_payload(dynamic_layers(df, prepared=prepared)) == base


def test_the_payload_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(L, "PAYLOAD_CACHE_SIZE", 2)
    df = many(4)
    prepared = PreparedLayers(df)
    for k in range(1, 5):
        dynamic_layers(df.iloc[:k], prepared=prepared)
    assert len(prepared._texts) == 2
