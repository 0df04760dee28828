"""Fixtures of the gazetteer tests: the tiny test gazetteer and (once per session) the real one."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer, load_gazetteer

MINI = Path(__file__).resolve().parents[1] / "data" / "gazetteer"


@pytest.fixture(scope="session")
def mini() -> Gazetteer:
    return load_gazetteer(MINI, min_population=0)


@pytest.fixture(scope="session")
def real() -> Gazetteer:
    return load_gazetteer()
