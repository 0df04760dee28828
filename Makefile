# Sortie: `make run` opens the dashboard on the bundled corpus; `make test` runs every test.
# Both create .venv when missing and install only what the lock files pin.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run dev test test-fast static store chromium bench clean help

help:
	@echo "make run    install everything, build the event store from data/articles, open the dashboard"
	@echo "make test   install everything (test tools and Debian chromium too) and run the whole test suite"
	@echo "make dev    as make run, rerunning the page when a source file is saved"
	@echo "make bench  print the speed and accuracy figures quoted in README.md"

run: $(VENV)/.runtime static/.built store
	$(BIN)/streamlit run app.py --server.port $(PORT)

# The config switches file watching off (it costs every page view); developers want it back.
dev: $(VENV)/.runtime static/.built store
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true

test: $(VENV)/.dev static/.built chromium
	$(BIN)/python -m pytest

test-fast: $(VENV)/.dev static/.built
	$(BIN)/python -m pytest -m "not e2e"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Leaflet, jQuery, MarkerCluster and the Natural Earth basemap, from the npm lock file, and the map's own
# script (geo/render/web/), served by Streamlit.
static/.built: package.json package-lock.json scripts/build_static.mjs geo/render/web/sortie-map.js geo/render/web/sortie-map.css
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/build_static.mjs
	touch $@

static: static/.built

store: $(VENV)/.runtime
	$(BIN)/python -m geo ingest data/articles --quiet

chromium:
	@scripts/ensure_chromium.sh

bench: $(VENV)/.dev static/.built chromium
	$(BIN)/python bench/extraction_speed.py
	$(BIN)/python bench/year_inference.py
	$(BIN)/python bench/toponyms.py
	$(BIN)/python bench/dashboard_perf.py
	$(BIN)/python bench/relevance_gate.py
	$(BIN)/python bench/corpus_scale.py

clean:
	rm -rf $(VENV) node_modules static var .pytest_cache
