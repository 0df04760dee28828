"""Run the dashboard (``streamlit run app.py``) on a free local port, for browser tests and benchmarks."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from geo.config import REPO_ROOT
from geo.errors import AppStartError

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, which the browser tests and benchmarks drive (never a downloaded browser)."""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(store_path: str | Path, *, timeout_s: float = 60.0) -> Iterator[str]:
    """Serve the app over the store at ``store_path`` until the block ends; yields its URL.

    The server is headless, sends no usage statistics and listens on 127.0.0.1 only.

    Raises
    ------
    AppStartError
        When the server does not answer its health check within ``timeout_s``, with the end of
        what it printed.
    """
    port = free_port()
    env = dict(os.environ, GEO_STORE_PATH=str(store_path))
    # Output goes to a file, not a pipe: a pipe nobody reads would stall a long-running server once full.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port",
         str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout_s
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    proc.kill()
                    proc.wait()
                    log.seek(0)
                    out = log.read().decode(errors="replace")
                    raise AppStartError(f"streamlit did not become healthy within {timeout_s:g} s at {url}; "
                                        f"it printed:\n{out[-3000:]}") from None
                time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
