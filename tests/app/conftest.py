"""AppTest fixtures: each test gets the app over its own store, filled from the bundled corpus or given articles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store_path(tmp_path, monkeypatch) -> Path:
    """A fresh store path; the app fills it from data/articles on first use."""
    path = tmp_path / "app.sqlite"
    monkeypatch.setenv("GEO_STORE_PATH", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app(store_path) -> AppTest:
    """The dashboard after its first run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def map_args(at: AppTest) -> dict:
    """The st_folium component's arguments (the generated Leaflet script, links, feature group, key)."""
    elements = [e for e in at.main if type(e).__name__ == "UnknownElement" and hasattr(e.proto, "json_args")]
    assert elements, "no map component on the page"
    return json.loads(elements[0].proto.json_args)
