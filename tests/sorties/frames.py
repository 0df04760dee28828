"""Invented reports grouped into sorties and turned into frames, for the query, render and export tests."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from geo.models import Place, Sortie
from geo.query import events_frame
from geo.query.sorties import sorties_frame, with_sorties
from geo.sorties import group_events

from tests.sorties.helpers import art, ev

UNPLACED = Place("the sea", None, None, role="location", reason="a word for a place named nowhere before it")

# One flight told by two outlets (2 against 4 B-1Bs, one naming the sea it cannot place, one naming the origin),
# and another flight five days later.
YONHAP = ev("yonhap", 0, aircraft=[("B-1B", 2), "F-15K"], areas=("Osan",), countries=("United States",),
            text="Two <b>B-1B</b> bombers flew with F-15K jets.")
KCNA = ev("kcna", 0, aircraft=[("B-1B", 4)], origins=("Guam",), areas=("South Korea",),
          countries=("United States", "South Korea"), text="Four B-1B bombers from Guam flew.")
KCNA = replace(KCNA, locations=KCNA.locations + (UNPLACED,))
LATER = ev("later", 0, day="2017-09-23", aircraft=[("B-52H", 2)], areas=("Osan",))
EVENTS = [YONHAP, KCNA, LATER]
ARTICLES = [art("yonhap", source="Yonhap", url="https://en.yna.example/x"),
            art("kcna", "2017-09-20", source="KCNA", url="javascript:alert(1)"),
            art("later", "2017-09-24", source="Kyodo")]
COUNT_DISAGREEMENT = "2 B-1B (Yonhap) vs 4 B-1B (KCNA)"


def grouped() -> tuple[list[Sortie], pd.DataFrame, pd.DataFrame]:
    """(the sorties, the reports' frame told its sorties, the frame of sorties)."""
    sorties = group_events(EVENTS, ARTICLES)
    reports = with_sorties(events_frame(EVENTS, ARTICLES), sorties)
    return sorties, reports, sorties_frame(reports, sorties)
