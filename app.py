"""Sortie dashboard entry point: page setup and navigation over the pages in pages/."""
import streamlit as st

from geo.ui.data import settings_or_stop

# No page icons: emoji need a colour font, and Material icons are fetched from a Google font server.
st.set_page_config(page_title="Sortie", layout="wide")
settings_or_stop()  # a bad GEO_* setting is shown here, before any page uses it

pages = [
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/events.py", title="Events"),
    st.Page("pages/articles.py", title="Articles"),
    st.Page("pages/ingest.py", title="Ingest"),
    st.Page("pages/review.py", title="Review"),
]
st.navigation(pages).run()
