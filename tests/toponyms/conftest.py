"""Fixtures of the toponym tests: one geoparser over the real gazetteer, loaded once per session."""
from __future__ import annotations

import pytest

from geo.toponyms import Geoparser, get_geoparser


@pytest.fixture(scope="session")
def parser() -> Geoparser:
    return get_geoparser()


@pytest.fixture(scope="session")
def parse(parser):
    def run(text: str) -> dict[str, object]:
        return {t.name: t for t in parser.parse(text)}
    return run
