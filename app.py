"""Sortie dashboard entry point: page setup and navigation over the pages in pages/."""
import streamlit as st

st.set_page_config(page_title="Sortie", page_icon="✈", layout="wide")

pages = [
    st.Page("pages/map.py", title="Map", icon="🗺️", default=True),
    st.Page("pages/events.py", title="Events", icon="📋"),
    st.Page("pages/articles.py", title="Articles", icon="📰"),
    st.Page("pages/ingest.py", title="Ingest", icon="📥"),
    st.Page("pages/review.py", title="Review", icon="✏️"),
]
st.navigation(pages).run()
