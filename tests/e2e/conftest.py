"""Starts the real app on a free port with a fresh store, and a Debian Chromium driven by Playwright."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.ui import serve
from geo.ui.serve import CHROMIUM, CHROMIUM_ARGS
from geo.errors import AppStartError
from tests.needs import need

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def running_app(store_path: Path) -> Iterator[str]:
    """``geo.ui.serve.running_app`` with the map assets required, failing the test when it does not start."""
    need((ROOT / "static" / "leaflet.js").exists(), "static/ map assets are missing: run `make static`")
    try:
        with serve.running_app(store_path) as url:
            yield url
    except AppStartError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def app_store(tmp_path_factory) -> Path:
    """Where the session's app keeps its store (the app fills it from the bundled corpus on first use)."""
    return tmp_path_factory.mktemp("store") / "e2e.sqlite"


@pytest.fixture(scope="session")
def app_url(app_store):
    """URL of a running ``streamlit run app.py`` on the bundled corpus, stopped after the session."""
    with running_app(app_store) as url:
        yield url


@pytest.fixture
def fresh_app_url(tmp_path):
    """URL of an app server started for this test alone, that no browser has visited yet."""
    with running_app(tmp_path / "fresh.sqlite") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright (never a downloaded browser)."""
    need(Path(CHROMIUM).exists(), f"Debian chromium is not installed at {CHROMIUM}: `sudo apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright is not installed: `make test` installs requirements-dev.txt")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every request URL it makes (frames included)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda req: pg.requests.append(req.url))  # type: ignore[attr-defined]
    yield pg
    context.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


