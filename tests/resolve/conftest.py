"""Fixtures of the resolve tests: the geoparser fixture, shared with tests/toponyms."""
from tests.toponyms.conftest import parse, parser  # noqa: F401
