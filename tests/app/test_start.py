"""AppTest: a bad GEO_* setting stops the dashboard at start with a message naming it, not a traceback."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT
from tests.app.rendered import text_of


def test_a_bad_setting_is_shown_at_start_instead_of_a_page(store_path, monkeypatch):
    monkeypatch.setenv("GEO_GEOCODER", "bogus")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "GEO_GEOCODER" in text_of(at.error[0].value) and "'bogus'" in text_of(at.error[0].value)
    assert not at.get("html") and not at.dataframe
