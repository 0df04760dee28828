"""The real upload flow in Chromium: two files in, one stored and one refused, then the article read back inert."""
from __future__ import annotations

import re
import uuid

# A unique headline per run, so the test finds its own article even in a store it shared with other tests.
TOKEN = uuid.uuid4().hex[:8]
TITLE = f"Upload check {TOKEN} bombers over the peninsula"
SCRIPT = "<script>window.__pwned=1</script>"
# A date inside the bundled corpus's range, so the shared store's date slider keeps its bounds for other tests.
GOOD = (f"{TITLE}\n\nTwo B-1B Lancer bombers from Guam flew over the Korean Peninsula on September 18, 2017 "
        f"{SCRIPT}, the ministry said.\n").encode("utf-8")
EMPTY_ERROR = "empty.txt: file is empty; expected the text of a news article"


def _nav(page, app_url, title: str) -> None:
    page.goto(app_url, wait_until="domcontentloaded")
    link = page.locator('[data-testid="stSidebarNav"] a', has_text=title)
    link.wait_for(timeout=60_000)
    link.click()
    page.wait_for_url(re.compile(rf"/{title.lower()}$"), timeout=30_000)


def test_upload_stores_good_files_reports_bad_ones_and_the_reader_keeps_scripts_inert(page, app_url):
    _nav(page, app_url, "Ingest")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([
        {"name": f"upload-{TOKEN}.txt", "mimeType": "text/plain", "buffer": GOOD},
        {"name": "empty.txt", "mimeType": "text/plain", "buffer": b""},
    ])
    # Run only once both files have finished uploading (a chip shows a spinner while its file is in flight).
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stFileChip\"]').length === 2 && "
                           "!document.querySelector('[data-testid=\"stFileChipIconSpinner\"]')", timeout=30_000)
    page.locator(".st-key-ingest_run button").click()

    # The summary is drawn after the result lines, so once it is there every line is.
    summary = page.locator('[data-testid="stAlertContentWarning"]')
    summary.wait_for(timeout=60_000)
    assert summary.inner_text().strip() == "2 file(s): 1 stored, 0 unchanged, 1 failed; 1 event(s)"
    success = page.locator('[data-testid="stAlertContentSuccess"]')
    error = page.locator('[data-testid="stAlertContentError"]')
    assert success.count() == 1
    assert success.inner_text().strip() == f"upload-{TOKEN}.txt: 1 event(s)"
    assert error.count() == 1
    assert error.inner_text().strip() == EMPTY_ERROR

    _nav(page, app_url, "Articles")
    # The option list is virtualised (only the first few are in the DOM), so filter it by typing.
    page.locator(".st-key-article_pick").click()
    page.locator(".st-key-article_pick input").fill(TOKEN)
    page.get_by_role("option", name=re.compile(re.escape(TITLE))).click()
    reader = page.locator(".sortie-article")
    reader.get_by_text(SCRIPT, exact=False).wait_for(timeout=30_000)
    assert TITLE in reader.inner_text()
    assert SCRIPT in reader.inner_text()  # shown literally, as text...
    assert reader.locator("script").count() == 0  # ...never as an element
    assert reader.locator("mark.sortie-aircraft").count() >= 1
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_the_uploader_says_how_large_an_article_and_a_collection_may_be(page, app_url):
    _nav(page, app_url, "Ingest")
    uploader = page.locator('[data-testid="stElementContainer"]', has=page.locator('[data-testid="stFileUploader"]'))
    uploader.wait_for(timeout=30_000)
    assert "200MB per file" in uploader.inner_text()  # Streamlit's own line, from max_upload_size
    uploader.locator('[data-testid="stTooltipIcon"]').first.hover()
    tooltip = page.locator('[data-testid="stTooltipContent"]')
    tooltip.wait_for(timeout=10_000)
    text = " ".join(tooltip.inner_text().split())
    assert "may be up to 5 MB (GEO_MAX_FILE_MB)" in text and "python -m geo ingest FILE" in text, text
