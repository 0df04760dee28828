"""Tests of geo/serve.py: the app server the browser tests and benchmarks start."""
from __future__ import annotations

import socket

import pytest

from geo.ui import serve
from geo.errors import AppStartError


def test_free_port_can_be_listened_on():
    port = serve.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_a_server_that_dies_at_once_is_reported_with_what_it_printed(monkeypatch, tmp_path):
    monkeypatch.setattr(serve.sys, "executable", "/bin/echo")  # prints its arguments and exits
    with pytest.raises(AppStartError, match=r"(?s)did not become healthy.*streamlit run app.py"):
        with serve.running_app(tmp_path / "store.sqlite", timeout_s=20):
            pytest.fail("the block must not run")
