"""The dashboard's two views of a store: its reports (reviewed events, each told its sortie) and its sorties."""
from __future__ import annotations

import pandas as pd

from geo.query import events_frame
from geo.query.sorties import sorties_frame, with_sorties
from geo.store import EventStore
from geo.store.sorties import stored_sorties


def store_frames(store: EventStore) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reports frame and the sorties frame of ``store``, as every page shows them.

    Analysts' corrections are applied, and marked in the ``corrected`` column; the stored sorties were
    grouped from the same corrected events (``stored_sorties`` brings them up to date first).
    """
    sorties = stored_sorties(store)
    reviewed = store.reviewed()
    reports = with_sorties(events_frame(reviewed.events, store.article_titles(), corrected=reviewed.corrected),
                           sorties)
    return reports, sorties_frame(reports, sorties)
