"""Tests that need something outside Python (a browser, node, built assets): skip locally, fail in CI."""
from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """True when the CI environment variable says so (``CI=true``, as .ci/run is run)."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, why: str) -> None:
    """Skip on a developer machine, fail loudly in CI: CI must never skip a test."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{why} (CI=true: tests may not be skipped; run `make test`, which installs everything)")
    pytest.skip(why)
