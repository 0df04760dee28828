"""Tests of geo/query/facets.py: one facet table, and every reader of it (filter, sidebar, URL, export) covers it all."""
from __future__ import annotations

import dataclasses
from datetime import date

from geo.query import EventFilter
from geo.query import schema as S
from geo.query.facets import FACET_BY_KEY, FACETS
from geo.query.index import EventIndex
from geo.render.export import describe_filter
from geo.ui import urlstate
from geo.ui.filters import FacetData, option_label

# The EventFilter fields that are no facet: the date window and the undated switch.
NOT_FACETS = {"start", "end", "include_undated"}


def _set_fields() -> set[str]:
    return {f.name for f in dataclasses.fields(EventFilter)} - NOT_FACETS


def test_every_facet_sets_an_event_filter_field_and_every_set_field_is_a_facet():
    assert sorted(f.field for f in FACETS) == sorted(_set_fields())
    for f in dataclasses.fields(EventFilter):
        if f.name in _set_fields():
            assert f.default_factory is frozenset, f.name  # empty: no restriction


def test_facets_read_schema_columns_and_their_keys_params_and_names_are_distinct():
    for what in ("key", "column", "field", "param", "export", "label"):
        values = [getattr(f, what) for f in FACETS]
        assert len(set(values)) == len(values), what
    assert all(f.column in S.FRAME_COLUMNS for f in FACETS)
    assert all(f.count in ("value", "members") for f in FACETS)
    assert FACET_BY_KEY == {f.key: f for f in FACETS}


def test_the_index_codes_every_facet():
    from geo.query import events_frame

    assert set(EventIndex(events_frame([])).facets) == {f.key for f in FACETS}


def test_the_url_carries_every_facet_there_and_back():
    bounds = (date(2020, 1, 1), date(2020, 12, 31))
    for facet in FACETS:
        flt = EventFilter(**{facet.field: frozenset({"one", "two"})})
        params = urlstate.filter_params(flt, bounds)
        assert params == {facet.param: "one,two"}
        assert facet.param in urlstate.FILTER_PARAMS
        state = urlstate.state_from_params(params, {facet.key: ["one", "two", "three"]}, bounds)
        assert state == {facet.key: ["one", "two"]}


def test_the_export_description_names_every_facet_by_its_export_name():
    for facet in FACETS:
        text = describe_filter(EventFilter(**{facet.field: frozenset({"zeta", "alpha"})}))
        assert text == f"{facet.export} alpha, zeta; undated included"
    everything = EventFilter(**{f.field: frozenset({"x"}) for f in FACETS})
    assert describe_filter(everything).split("; ")[:-1] == [f"{f.export} x" for f in FACETS]


def test_the_sidebar_labels_every_facet_with_its_count():
    facets = FacetData(index=None, counts={}, titles={"a.txt": "A title"}, families={"F-15": ("F-15C",)})
    for facet in FACETS:
        assert option_label(facet, "some_value", 7, facets).endswith(" (7)")
    assert option_label(FACET_BY_KEY["flt_articles"], "a.txt", 1, facets) == "A title (1)"
    assert option_label(FACET_BY_KEY["flt_types"], "F-15", 2, facets) == "F-15 family (2)"
    assert option_label(FACET_BY_KEY["flt_activities"], "joint_drill", 3, facets) == "joint drill (3)"
    assert option_label(FACET_BY_KEY["flt_kinds"], "missile_launch", 4, facets) == "Missile launch (4)"


def test_a_facet_with_a_listing_limit_lists_its_busiest_options_and_the_chosen_ones():
    from dataclasses import replace

    from geo.ui.filters import listed_options

    articles = FACET_BY_KEY["flt_articles"]
    assert articles.most is not None and all(f.most is None for f in FACETS if f is not articles)
    options = [f"a{k:03d}.txt" for k in range(12)]
    counts = {name: k % 5 for k, name in enumerate(options)}  # a004, a009 have 4; a003, a008 have 3...
    three = replace(articles, most=3)
    assert listed_options(three, options, counts, []) == ["a003.txt", "a004.txt", "a009.txt"]
    assert listed_options(three, options, counts, ["a000.txt"]) == ["a000.txt", "a003.txt", "a004.txt", "a009.txt"]
    assert listed_options(replace(articles, most=12), options, counts, []) == options
