"""Ingest page: upload article files or paste text, watch the progress, and read one result line per file."""
import streamlit as st

from geo.config import Settings
from geo.errors import SourceFormatError
from geo.ingest.upload import pasted_article
from geo.pipeline import FileResult, ingest_uploads, result_line
from geo.ui import get_store
from geo.ui.navigation import use_app_navigation
from geo.ui.untrusted import plain

use_app_navigation()

UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm", "jsonl", "ndjson", "csv", "parquet", "warc", "gz"]
# The browser holds an upload whole in the server's memory; archives belong on the command line.
UPLOAD_LIMIT_MB = 200

st.title("Ingest articles")
st.caption("Each article is read, its events extracted and both stored. A file stored before is left unchanged; "
           "a bad file is reported and skipped without losing the others.")

settings = Settings.from_env()
files = st.file_uploader("Article files (.txt, .md, .html), or small collections of articles (.jsonl, .csv, "
                         ".parquet, .warc, also gzipped), one article a row", type=UPLOAD_TYPES,
                         accept_multiple_files=True, key="ingest_files", max_upload_size=UPLOAD_LIMIT_MB,
                         help=f"An article (a file, or a row of a collection) may be up to {settings.max_file_mb:g} MB "
                              f"(GEO_MAX_FILE_MB); a larger one is reported and skipped. A collection may be up to "
                              f"{UPLOAD_LIMIT_MB} MB here: load larger ones with `python -m geo ingest FILE`.")
paste = st.text_area("…or paste the text of an article", key="ingest_paste", height=200)
title = st.text_input("Title of the pasted article (optional)", key="ingest_title")
has_date = st.checkbox("Set the published date", key="ingest_has_date",
                       help="Relative dates such as “on Tuesday” are resolved against it. Applies to every file "
                            "in this run that does not carry its own date; unticked, a stored article keeps "
                            "the date it has.")
earliest, latest = settings.date_window()
published = st.date_input("Published", key="ingest_published", disabled=not has_date, format="YYYY-MM-DD",
                          min_value=earliest, max_value=latest)

if st.button("Ingest", key="ingest_run", type="primary"):
    when = published if has_date else None
    uploads: list[tuple[str, bytes]] = [(f.name, f.getvalue()) for f in files or []]
    early: list[FileResult] = []
    if paste:
        try:
            uploads.append(pasted_article(paste, title=title, published=when))
        except SourceFormatError as err:
            early.append(FileResult("pasted text", False, str(err)))
    if not uploads and not early:
        st.warning("Nothing to ingest: choose files or paste the text of an article first.")
    else:
        bar = st.progress(0.0, text=f"Ingesting {len(uploads)} file(s)…")

        def _progress(done: int, total: int, name: str) -> None:
            bar.progress(done / total, text=f"{done} of {total}: {plain(name)}")

        report = ingest_uploads(uploads, get_store(), published=when, progress=_progress)
        report.results[:0] = early
        bar.progress(1.0, text="Done")
        # Other pages cache their event frames; drop them so the new events show at once.
        st.cache_data.clear()
        st.session_state["ingest_report"] = report

report = st.session_state.get("ingest_report")
if report is not None:
    st.subheader("Last run", anchor=False)
    for result in report.results:
        (st.success if result.ok else st.error)(plain(result_line(result)))  # file names are the uploader's
    (st.info if report.ok else st.warning)(report.summary())
