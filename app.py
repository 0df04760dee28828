"""Sortie dashboard entry point: page setup and navigation over the pages in pages/."""
import streamlit as st

st.set_page_config(page_title="Sortie", page_icon="✈", layout="wide")

pages = [
    st.Page("pages/map.py", title="Map", icon="🗺️", default=True),
]
st.navigation(pages).run()
