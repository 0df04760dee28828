"""Fixtures of the geocoder tests: the fake online service and the tiny test gazetteer's folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.geocode.fake_service import FakeService

MINI = Path(__file__).resolve().parents[1] / "data" / "gazetteer"


@pytest.fixture(scope="session")
def service():
    with FakeService() as svc:
        yield svc


@pytest.fixture(autouse=True)
def _service_ok(request):
    # Every test starts with a healthy service, whatever the previous one did to it.
    if "service" in request.fixturenames:
        request.getfixturevalue("service").mode = "ok"
    yield
