# Two commands: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv and install what they need on a fresh machine (Python 3.11 with pip).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-test browser database poppler lint clean

# The person who runs `make run` is the collection's curator (only from this machine, and only
# while no secrets configure curators): see shell/collection.py and the README.
run: install
	COLLECTION_LOCAL_CURATOR=1 $(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: install-test browser database poppler lint
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

# Debian's PostgreSQL: the collection's tests run on SQLite and on a real server they start.
database:
	bash scripts/install-postgresql.sh

# Debian's poppler-utils: the tests render the comparison's PDF to PNG (pdftoppm).
poppler:
	bash scripts/install-poppler.sh

lint: install-test
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) test-artifacts tests/browser/.assets
