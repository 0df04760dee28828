"""AppTest of the Map page over more placed sorties than it draws one by one: it says how many it draws and counts."""
from __future__ import annotations

import re
from datetime import date, timedelta

from streamlit.testing.v1 import AppTest

from geo.models import Aircraft, Article, Event, Place, Span, content_id, event_id
from geo.render.payload import MARKERS_MAX
from geo.store import open_store
from tests.app.conftest import ROOT

DENSE = 2_000  # at ten spots, each inside one grid cell
LONE = 150  # each at a place of its own, far from the others


def _fill(path) -> int:
    """Invented flights, three days apart (so no two are one sortie), 100 to an article; how many were stored."""
    spots = [Place(f"Spot {k}", 30.0 + 2 * k + 0.1, 120.0 + 0.1, "point") for k in range(10)]
    lone = [Place(f"Lone {k}", -40.0 + (k % 15) * 5.0, -170.0 + (k // 15) * 12.0, "point") for k in range(LONE)]
    places = [spots[i % 10] for i in range(DENSE)] + lone
    day = date(2000, 1, 1)
    with open_store(path) as store:
        for a in range(0, len(places), 100):
            text = f"Report {a}: bombers flew."
            aid = content_id(text)
            events = []
            for i, place in enumerate(places[a:a + 100], a):
                when = (day + timedelta(days=3 * i)).isoformat()
                events.append(Event(event_id(aid, "flight", i, when), aid, "flight", when, "day",
                                    Span(0, len(text), text), aircraft=(Aircraft("B-1B", "bomber", 2),),
                                    locations=(place,), article_name=f"r{a}.txt"))
            store.save(Article(aid, f"r{a}.txt", f"Report {a}", text, None), events)
    return len(places)


def test_the_map_says_how_many_sorties_it_draws_and_how_many_it_counts_in_clusters(store_path):
    total = _fill(store_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert any(c.value == f"{total:,} of {total:,} sorties shown (from {total:,} of {total:,} reports)"
               for c in at.main.caption)
    notice = next(c.value for c in at.main.caption if "on the map: showing" in c.value)
    m = re.fullmatch(r"([\d,]+) sorties on the map: showing ([\d,]+) markers, the other ([\d,]+) counted in ([\d,]+) "
                     r"clusters \(a numbered grey disc each\)\. Narrow the dates or filters to draw them one by one\.",
                     notice)
    assert m, notice
    placed, markers, counted, clusters = (int(g.replace(",", "")) for g in m.groups())
    assert placed == total and markers + counted == total and markers <= MARKERS_MAX
    assert markers >= LONE  # sparse cells first: every lone event keeps its marker
    assert 1 <= clusters <= 10  # the dense spots, one disc each at most


def test_below_the_limit_nothing_is_counted_and_nothing_is_said(app):
    assert not any("on the map: showing" in c.value for c in app.main.caption)
