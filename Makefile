# Two commands: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv and install what they need on a fresh machine (Python 3.11 with pip).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-test browser lint clean

run: install
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: install-test browser lint
	$(PY) -m pytest -n 2 -p no:cacheprovider

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; no browser download),
# and the Leaflet/Bootstrap files the map loads from CDNs, served locally by the tests.
browser:
	bash scripts/install-chromium.sh
	bash tests/browser/fetch_assets.sh

lint: install-test
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) test-artifacts tests/browser/.assets
