"""Articles page: one article's full text with its extracted dates, aircraft and places marked, and its events."""
import streamlit as st

from geo.query import schema as S
from geo.render.highlight import highlight_spans, highlighted_html, legend_html
from geo.render.popups import place_cell
from geo.query import events_frame
from geo.ui import get_store, reader
from geo.ui.navigation import use_app_navigation
from geo.ui.untrusted import plain, web_link

use_app_navigation()

TABLE_COLUMNS = [S.DATE_TEXT, S.DATE_PRECISION, S.KIND, S.STATUS, S.AIRCRAFT_TEXT, S.PLACE_NAME, S.COUNTRIES,
                 S.EVIDENCE]

st.title("Articles")
store = get_store()
articles = {a.id: a for a in store.articles()}
if not articles:
    st.info("No articles are stored yet. Add some on the Ingest page.")
    st.stop()


def _label(article_id: str) -> str:
    a = articles[article_id]
    return " · ".join([a.title or a.name, a.source or "unknown source",
                       a.published.isoformat() if a.published else "undated"])


reader.pick_from_url(articles)  # /articles?article=NAME opens that article (the map's popups link here)
article_id = st.selectbox("Article (title · source · published)", list(articles), format_func=_label,
                          key=reader.PICK_KEY)
article = articles[article_id]
reader.forget_other(article)
# Another helper may add human review; use the reviewed events when the store offers them.
events = [e for e in getattr(store, "reviewed_events", store.events)() if e.article_id == article.id]

# Title, file name, source and URL come from the article and its sidecar: shown as text, never as Markdown.
st.subheader(plain(article.title or article.name), anchor=False)
details = [f"file {plain(article.name)}", f"published {article.published or 'unknown'}",
           f"source {plain(article.source or 'unknown')}", f"{len(events)} event(s)"]
st.caption(" · ".join(details))
if article.url:
    st.caption(web_link(article.url))  # a link only for http(s), showing the address it goes to
sources = store.sources(article.id)
if sources:  # files that brought the same text under other names; st.text shows them as plain text
    st.text("Also received as: " + "; ".join(
        " · ".join(part for part in (s.name, s.title, s.source, s.published and s.published.isoformat()) if part)
        for s in sources))

# The only HTML shown here is built by geo.render.highlight, which escapes every character of the article.
st.html(legend_html())
st.html(highlighted_html(article.text, highlight_spans(article, events)))

st.subheader("Events in this article", anchor=False)
if events:
    frame = events_frame(events, [article])
    table = frame[TABLE_COLUMNS].copy()
    table[S.COUNTRIES] = table[S.COUNTRIES].map(", ".join)
    table[S.PLACE_NAME] = [place_cell(row) for row in frame.to_dict("records")]  # "not placed: ... (why)"
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={S.DATE_TEXT: "date", S.DATE_PRECISION: "precision", S.AIRCRAFT_TEXT: "aircraft",
                                S.PLACE_NAME: "place",
                                S.EVIDENCE: st.column_config.TextColumn("evidence", width="large")})
else:
    st.caption("No events were found in this article (it names no dated flight, launch, test or exercise).")
