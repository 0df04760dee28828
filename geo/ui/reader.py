"""The article reader's address: ``/articles?article=NAME`` opens that article (the map's popups link there)."""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from geo.models import Article
from geo.render.popups import ARTICLE_PARAM
from geo.ui.untrusted import plain

PICK_KEY = "article_pick"
_URL_READ = "_reader_url_read"


def pick_from_url(articles: Mapping[str, Article]) -> None:
    """On the session's first run, pick the article the address names (by file name, or by id).

    Call it before the article selectbox (``key=PICK_KEY``) is drawn. A name that matches no stored
    article is reported on the page, and the reader opens as usual.
    """
    if st.session_state.get(_URL_READ):
        return
    st.session_state[_URL_READ] = True
    wanted = st.query_params.get(ARTICLE_PARAM)
    if not wanted:
        return
    by_name = {a.name: a.id for a in articles.values()}
    picked = by_name.get(wanted) or (wanted if wanted in articles else None)
    if picked is None:
        st.warning(f"No stored article is named {plain(repr(wanted))}; pick one below.")  # the address is untrusted
    else:
        st.session_state[PICK_KEY] = picked


def forget_other(article: Article) -> None:
    """Drop ``article=`` from the address once another article is shown, so that it never names the wrong one."""
    if st.query_params.get(ARTICLE_PARAM) not in (None, article.name):
        del st.query_params[ARTICLE_PARAM]
