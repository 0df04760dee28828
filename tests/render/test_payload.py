"""Tests of geo/render/payload.py: the payloads have the documented shape, name what they draw, and escape article text."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from geo.models import Aircraft, Article, Place
from geo.query import events_frame
from geo.render import payload as P
from geo.render.geometry import flight_path
from geo.query import schema as S
from geo.render.payload import SCHEMA, PreparedLayers, schema_markdown

from tests.render.events import (EAST_CHINA_SEA, GUAM, HICKAM, NORTH_KOREA, OKINAWA, OSAN, THE_SEA, event, frame)
from tests.sorties.frames import COUNT_DISAGREEMENT, grouped

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (ROOT / "geo" / "render" / "web" / "sortie-map.js").read_text(encoding="utf-8")


def payloads(df, **kw) -> dict:
    texts = PreparedLayers(df, "standard").layer_texts(
        list(range(len(df))), highlight=kw.get("highlight"), open_popup=False, cluster=None, arrows=True,
        max_routes=kw.get("max_routes", P.MAX_ROUTES), evidence_max=kw.get("evidence_max", P.EVIDENCE_MAX))
    return {name: json.loads(getattr(texts, name)) for name in ("events", "flights", "origins")}


def names(table: str) -> list[str]:
    return [f.name for f in SCHEMA[table]]


def text(payload: dict, table: dict, field: str) -> list[str]:
    """A ``text`` column read back: its indexes looked up in the payload's strings."""
    return [payload["strings"][k] for k in table[field]]


@pytest.fixture(scope="module")
def sample() -> dict:
    return payloads(frame(
        event("e1", origins=(GUAM, OKINAWA), locations=(NORTH_KOREA, THE_SEA), activity="joint_drill",
              aircraft=(Aircraft("B-1B", "bomber", 2, origin="Guam"), Aircraft("F-15C", "fighter", origin="Okinawa"),
                        Aircraft("KC-135", "tanker"))),
        event("e2", date="2017-09-25", locations=(EAST_CHINA_SEA,)),
        event("e3", date="2017-09-26", locations=(THE_SEA,)),
    ))


def test_every_payload_has_exactly_the_documented_fields(sample):
    events, flights, origins = sample["events"], sample["flights"], sample["origins"]
    assert list(events) == names("events") and list(flights) == names("flights") and list(origins) == names("origins")
    assert list(events["events"]) == names("event") and list(events["areas"]) == names("area")
    assert list(flights["routes"]) == names("route")
    assert all(list(k) == names("kind") for k in events["kinds"])
    assert all(list(o) == names("origin") and list(o["lines"]) == names("line") for o in origins["origins"])
    for table in (events["events"], events["areas"], flights["routes"]):
        assert len({len(column) for column in table.values()}) == 1  # one value per row in every column


def test_the_documented_table_is_the_schema():
    assert schema_markdown() in (ROOT / "docs" / "dashboard.md").read_text(encoding="utf-8")


def test_the_script_reads_the_documented_fields_by_name():
    aliases = {"E": "event", "R": "route", "A": "area", "SRC": "source", "B": "bundle"}
    for alias, table in aliases.items():
        used = set(re.findall(rf"\b{alias}\.(\w+)", SCRIPT))
        assert used <= set(names(table)), f"{alias}.* in sortie-map.js not in SCHEMA[{table!r}]: {used - set(names(table))}"
        assert set(names(table)) <= used, f"fields of {table!r} the script never reads: {set(names(table)) - used}"
    for table in ("events", "flights", "origins", "kind", "origin", "line"):
        missing = [n for n in names(table) if not re.search(rf"\.{n}\b", SCRIPT)]
        assert not missing, f"fields of {table!r} the script never reads: {missing}"


def test_a_route_names_its_origin_and_its_area_and_carries_the_aircraft_from_there(sample):
    flights = sample["flights"]
    routes = flights["routes"]
    lines = dict(zip(text(flights, routes, "origin"), zip(text(flights, routes, "area"),
                                                           text(flights, routes, "aircraft"))))
    # The origin came from the article's word "Okinawa", the type's origin too; the tanker's is not said.
    assert lines == {"Andersen AFB": ("North Korea", "2× B-1B, KC-135"),
                     "Okinawa Island": ("North Korea", "F-15C, KC-135")}
    assert routes["events"] == [1, 1] and routes["eventId"] == ["e1", "e1"]


def decoded_path(routes: dict, i: int) -> list[tuple[float, float]]:
    """A route's points as the script reads them: exact ends, inner points as changes in 1/100 degree."""
    points = [(routes["fromLat"][i], routes["fromLon"][i])]
    qlat, qlon = round(points[0][0] * 100), round(points[0][1] * 100)
    steps = routes["path"][i]
    for k in range(0, len(steps), 2):
        qlat, qlon = qlat + steps[k], qlon + steps[k + 1]
        points.append((qlat / 100, qlon / 100))
    return points + [(routes["toLat"][i], routes["toLon"][i])]


def test_a_route_path_is_the_great_circle_from_origin_to_marker(sample):
    routes = sample["flights"]["routes"]
    points = decoded_path(routes, 0)
    assert points[0] == (GUAM.lat, GUAM.lon) and points[-1] == (NORTH_KOREA.lat, NORTH_KOREA.lon)
    exact = flight_path((GUAM.lat, GUAM.lon), (NORTH_KOREA.lat, NORTH_KOREA.lon), "standard", step_km=P.MAP_GC_STEP_KM)
    assert len(points) == len(exact) > 4
    assert all(abs(a - c) <= 0.006 and abs(b - d) <= 0.006 for (a, b), (c, d) in zip(points, exact))
    assert all(isinstance(step, int) for step in routes["path"][0])


def test_a_busy_route_counts_its_events_and_lists_their_types():
    df = frame(*[event(f"e{i}", date=f"2017-09-{10 + i}", origins=(GUAM,),
                       aircraft=(Aircraft("B-1B" if i % 2 else "B-52H", "bomber"),)) for i in range(4)])
    flights = payloads(df)["flights"]
    routes = flights["routes"]
    assert routes["events"] == [4] and routes["eventId"] == [""]
    assert text(flights, routes, "aircraft") == ["B-52H, B-1B"]
    assert text(flights, routes, "first") == ["2017-09-10"] and text(flights, routes, "last") == ["2017-09-13"]


def test_routes_are_capped_busiest_first():
    df = frame(event("a", origins=(GUAM,)), event("b", origins=(GUAM,)), event("c", origins=(HICKAM,)))
    flights = payloads(df, max_routes=1)["flights"]
    assert flights["total"] == 2 and flights["routes"]["events"] == [2]


def test_an_event_with_no_place_is_counted_not_drawn_and_unplaced_names_are_listed(sample):
    events = sample["events"]
    columns = events["events"]
    assert columns["id"] == ["e1", "e2"] and events["unplaced"] == 1
    assert text(events, columns, "unplaced") == ["the sea (a word for a place named nowhere before it)", ""]
    assert text(events, columns, "activity") == ["joint drill", ""]
    assert events["counts"] == [2]


def test_areas_are_drawn_once_per_place_and_kind(sample):
    areas = sample["events"]["areas"]
    assert list(zip(areas["lat"], areas["lon"], areas["radius"])) == [(40.0, 127.0, 195.9), (29.0, 125.0, 600.0)]


def test_the_article_links_to_the_reader():
    events = payloads(frame(event(article="a b&c.txt")))["events"]
    # The script appends the article's name, read back as text and URL-encoded, to the reader's link.
    assert events["reader"] == "articles?article=" and text(events, events["events"], "article") == ["a b&amp;c.txt"]


def test_origins_list_their_events_earliest_first_up_to_the_limit(monkeypatch):
    monkeypatch.setattr(P, "ORIGIN_POPUP_LIMIT", 2)
    df = frame(*[event(f"e{i}", date=f"2017-09-{20 - i}", origins=(GUAM,)) for i in range(3)])
    (origin,) = payloads(df)["origins"]["origins"]
    assert origin["name"] == "Andersen AFB" and origin["events"] == 3
    assert origin["lines"]["date"] == ["2017-09-18", "2017-09-19"]


def test_an_origin_at_the_events_own_place_draws_no_line():
    df = frame(event(origins=(replace(OSAN, role="origin"),)))
    assert payloads(df)["flights"]["routes"]["path"] == []


def test_article_text_reaches_every_payload_escaped():
    evil = "<img src=x onerror=alert(1)>{{ 7*7 }}`${x}`"
    place = Place(evil, 13.58, 144.93, role="origin")
    lost = Place(evil, None, None, reason=evil)
    df = frame(event(evil, evidence=evil, article=evil, activity=evil, status=evil,
                     aircraft=(Aircraft(evil, "bomber", origin=evil),), origins=(place,),
                     locations=(Place(evil, 37.0, 127.0), lost)), title=evil)
    script = json.dumps(payloads(df))
    assert "<img" not in script and "{{" not in script and "${" not in script and "`" not in script
    assert "&lt;img src=x onerror=alert(1)&gt;" in script


def _many(n: int):
    return frame(*[event(f"e{i}", evidence=f"Sentence {i} says so.") for i in range(n)])


def test_every_popup_quotes_its_evidence_up_to_the_budget():
    events = payloads(_many(3), evidence_max=3)["events"]
    assert events["events"]["evidence"] == ["Sentence 0 says so.", "Sentence 1 says so.", "Sentence 2 says so."]
    assert events["lean"] is False


def test_over_the_budget_only_the_selected_event_carries_its_evidence():
    events = payloads(_many(4), evidence_max=3, highlight="e2")["events"]
    assert events["events"]["evidence"] == ["", "", "Sentence 2 says so.", ""]
    assert events["lean"] is True and events["highlight"] == 2


def test_the_same_request_reuses_the_finished_payloads():
    df = _many(5)
    prepared = PreparedLayers(df, "standard")
    ask = dict(highlight=None, open_popup=False, cluster=None, arrows=True, max_routes=10, evidence_max=10)
    assert prepared.layer_texts([0, 1], **ask) is prepared.layer_texts([0, 1], **ask)
    assert prepared.layer_texts([0, 1], **ask) is not prepared.layer_texts([0, 2], **ask)


def test_the_payload_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(P, "PAYLOAD_CACHE_SIZE", 2)
    prepared = PreparedLayers(_many(4), "standard")
    for k in range(1, 5):
        prepared.layer_texts(list(range(k)), highlight=None, open_popup=False, cluster=None, arrows=True,
                             max_routes=10, evidence_max=10)
    assert len(prepared._texts) == 2


def test_many_events_are_clustered():
    assert payloads(_many(P.CLUSTER_THRESHOLD + 1))["events"]["cluster"] is True
    assert payloads(_many(3))["events"]["cluster"] is False


# -- sorties -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sortie_payloads() -> tuple[dict, dict]:
    """The events payloads of the invented sorties and of their reports."""
    _sorties, reports, sorties = grouped()
    return payloads(sorties)["events"], payloads(reports)["events"]


def test_the_sources_table_has_exactly_the_documented_fields(sortie_payloads):
    events, _reports = sortie_payloads
    assert list(events["sources"]) == names("source")
    assert len({len(column) for column in events["sources"].values()}) == 1


def test_a_sortie_lists_its_sources_in_order_with_addresses_only_for_web_urls(sortie_payloads):
    events, _reports = sortie_payloads
    columns, sources = events["events"], events["sources"]
    assert columns["reports"] == [2, 1] and columns["sourceCount"] == [2, 1]
    assert text(events, sources, "outlet") == ["Yonhap", "KCNA", "Kyodo"]
    assert text(events, sources, "title") == ["Report by yonhap", "Report by kcna", "Report by later"]
    assert text(events, sources, "article") == ["yonhap.txt", "kcna.txt", "later.txt"]
    # KCNA's "javascript:" address is not sent at all: only http(s) addresses are shown and linked.
    assert text(events, sources, "url") == ["https://en.yna.example/x", "", ""]
    assert text(events, sources, "published") == ["2017-09-19", "2017-09-20", "2017-09-24"]
    assert sources["context"] == [0, 0, 0]
    # Each source quotes its own sentence, escaped; the sortie's own evidence is left empty.
    assert sources["evidence"][0] == "Two &lt;b&gt;B-1B&lt;/b&gt; bombers flew with F-15K jets."
    assert columns["evidence"] == ["", ""]


def test_a_sortie_names_its_disagreements(sortie_payloads):
    events, _reports = sortie_payloads
    said = [[events["strings"][k] for k in texts] for texts in events["events"]["disagreements"]]
    assert COUNT_DISAGREEMENT in said[0] and said[1] == []


def test_a_report_names_its_sortie_and_sends_no_sources(sortie_payloads):
    _events, reports = sortie_payloads
    columns = reports["events"]
    assert columns["reports"] == [0, 0, 0] and reports["sources"]["outlet"] == []
    assert columns["sourceCount"] == [2, 2, 1] and all(text(reports, columns, "sortie"))
    assert columns["disagreements"] == [[], [], []] and "Four B-1B bombers from Guam flew." in columns["evidence"]


def test_lean_sources_quote_only_the_selected_sorties_evidence():
    _sorties, _reports, sorties = grouped()
    first = sorties[S.EVENT_ID].iloc[0]
    events = payloads(sorties, evidence_max=1, highlight=first)["events"]
    assert events["lean"] and events["highlight"] == 0
    assert [bool(e) for e in events["sources"]["evidence"]] == [True, True, False]
    events = payloads(sorties, evidence_max=1)["events"]
    assert events["sources"]["evidence"] == ["", "", ""]


def test_the_fields_an_analyst_corrected_reach_the_map_as_text():
    df = events_frame([event("e1", locations=(NORTH_KOREA,)), event("e2", locations=(EAST_CHINA_SEA,))],
                      [Article("a1", "a1.txt", "t", "text")], corrected={"e1": ("date", "kind")})
    events = payloads(df)["events"]
    by_id = dict(zip(events["events"]["id"], text(events, events["events"], "corrected")))
    assert by_id == {"e1": "date, kind", "e2": ""}


def _crowd() -> "pd.DataFrame":
    """40 events at Osan, 25 launches in the East China Sea, and 6 lone events far apart (one unplaced)."""
    lone = [Place(f"Lone {k}", 10.0 + 7 * k, 100.0 + 9 * k, "point") for k in range(5)]
    return frame(*[event(f"o{k}") for k in range(40)],
                 *[event(f"s{k}", kind="missile_launch", locations=(EAST_CHINA_SEA,)) for k in range(25)],
                 *[event(f"l{k}", locations=(p,)) for k, p in enumerate(lone)],
                 event("nowhere", locations=(THE_SEA,)))


def test_beyond_the_marker_limit_dense_cells_are_counted_in_bundles_and_lone_events_keep_their_markers():
    df = _crowd()
    prepared = PreparedLayers(df, "standard")
    events = prepared.events_payload(range(len(df)), "o7", False, None, markers_max=31)
    ids = events["events"]["id"]
    bundles = events["bundles"]
    # The selected event, the five lone events and the East China Sea's 25 fit in the limit; Osan's other 39
    # do not: one bundle. The selected event keeps its marker (and its ring).
    assert sorted(i for i in ids if i.startswith("l")) == [f"l{k}" for k in range(5)]
    assert "o7" in ids and ids[events["highlight"]] == "o7"
    assert len(ids) == 31 and events["bundled"] == sum(bundles["n"]) == 39
    assert len(ids) + events["bundled"] == 70 and events["unplaced"] == 1
    assert bundles["n"] == [39] and bundles["lat"] == [pytest.approx(37.09)]
    assert prepared.kinds[bundles["kind"][0]]["id"] == "flight"
    # The legend still counts every placed event, bundled or drawn.
    counts = dict(zip((k["id"] for k in prepared.kinds), events["counts"]))
    assert counts == {"flight": 45, "missile_launch": 25}
    # One marker fewer and the East China Sea no longer fits: it is bundled too.
    fewer = prepared.events_payload(range(len(df)), "o7", False, None, markers_max=30)
    assert sorted(fewer["bundles"]["n"]) == [25, 39] and len(fewer["events"]["id"]) == 6


def test_within_the_marker_limit_every_placed_event_is_drawn_and_nothing_is_bundled():
    df = _crowd()
    events = PreparedLayers(df, "standard").events_payload(range(len(df)), None, False, None)
    assert len(events["events"]["id"]) == 70 and events["bundled"] == 0 and events["bundles"]["n"] == []


@pytest.mark.parametrize("seed", range(10))
def test_routes_counted_in_numpy_are_the_routes_counted_one_event_at_a_time(seed):
    import random

    rng = random.Random(seed)
    types = (Aircraft("B-1B", "bomber", 2), Aircraft("F-15C", "fighter"), Aircraft("KC-135", "tanker"))
    events = []
    for k in range(rng.choice((1, 8, 60))):
        origins = tuple(rng.sample((GUAM, OKINAWA, HICKAM), rng.choice((0, 1, 2))))
        flown = tuple(replace(a, origin=rng.choice(("", o.name))) for a in rng.sample(types, rng.choice((1, 2)))
                      for o in origins[:1]) or (types[0],)
        date = rng.choice(("2017-09-23", "2018-01-02", "2016-05", None, "2019-12-31"))
        events.append(event(f"e{k}", origins=origins, aircraft=flown, date=date,
                            locations=(rng.choice((OSAN, NORTH_KOREA, EAST_CHINA_SEA)),)))
    prepared = PreparedLayers(frame(*events), "standard")
    for _ in range(5):
        positions = sorted(rng.sample(range(len(events)), rng.randint(0, len(events))))
        assert prepared.routes(positions) == prepared._routes_one_by_one(positions)
    shuffled = list(range(len(events)))
    rng.shuffle(shuffled)  # not in the frame's order: counted one by one, as before
    assert prepared.routes(shuffled) == prepared._routes_one_by_one(shuffled)


@pytest.mark.parametrize("seed", range(10))
def test_origins_counted_in_numpy_are_the_origins_counted_one_event_at_a_time(seed):
    import random

    rng = random.Random(seed)
    events = [event(f"e{k}", origins=tuple(rng.sample((GUAM, OKINAWA, HICKAM), rng.choice((0, 1, 2, 3)))),
                    date=rng.choice(("2017-09-23", "2018-01-02", "2016-05", None, "2019-12-31")),
                    locations=(rng.choice((OSAN, NORTH_KOREA, EAST_CHINA_SEA)),))
              for k in range(rng.choice((1, 8, 70)))]
    prepared = PreparedLayers(frame(*events), "standard")
    for _ in range(5):
        positions = sorted(rng.sample(range(len(events)), rng.randint(0, len(events))))
        assert prepared.origins_payload(positions) == prepared._origins_one_by_one(positions)
