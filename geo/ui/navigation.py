"""Keep a deep link to a page on app.py's navigation, even as the first request to a new server."""
from __future__ import annotations

import streamlit as st

_RERUN_DONE = "_app_navigation_rerun"


def use_app_navigation() -> None:
    """Call at the top of every page in ``pages/``: a no-op, except on a fresh server's first deep link.

    Streamlit treats an app with a ``pages/`` folder as an old-style multipage app until
    ``st.navigation`` has run once in the process (streamlit#9624). A first request for
    ``/events`` therefore runs ``pages/events.py`` on its own: no page setup, and a sidebar
    listing the file names. Here the page notices that, tells Streamlit that the app uses
    ``st.navigation`` (the flag Streamlit itself clears when ``st.navigation`` runs) and reruns,
    so that ``app.py`` builds the real navigation and shows the requested page.

    Only once per session: a rerun drops a button press, and ``AppTest`` sets Streamlit's flag
    again before every run of a test, as if each were a new server.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager, "uses_pages_directory", False) and not st.session_state.get(_RERUN_DONE):
        st.session_state[_RERUN_DONE] = True
        PagesManager.uses_pages_directory = False
        st.rerun()
