"""Starts the real app on a free port with a fresh store, and a Debian Chromium driven by Playwright."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.needs import need

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(store_path: Path) -> Iterator[str]:
    """A ``streamlit run app.py`` on a free port over the store at ``store_path``; yields its URL."""
    need((ROOT / "static" / "leaflet.js").exists(), "static/ map assets are missing: run `make static`")
    port = _free_port()
    env = dict(os.environ, GEO_STORE_PATH=str(store_path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port",
         str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
        pytest.fail(f"streamlit did not become healthy within 60 s:\n{out[-3000:]}")
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """URL of a running ``streamlit run app.py`` on the bundled corpus, stopped after the session."""
    with running_app(tmp_path_factory.mktemp("store") / "e2e.sqlite") as url:
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


