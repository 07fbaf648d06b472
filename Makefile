# The two commands: `make demo` (install, migrate a SQLite database, load demo data, serve on
# http://127.0.0.1:5000) and `make test` (install the test dependencies; lint, format check, import
# rules, then the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo demo-reset test install serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml package.json package-lock.json
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --silent
	$(BIN)/python -m casework.web.assets
	touch $@

install: $(VENV)/.installed

demo: install
	CASEWORK_DEMO=1 $(BIN)/casework demo
	CASEWORK_DEMO=1 $(BIN)/casework serve --host 127.0.0.1 --port 5000

demo-reset: install   # start again with fresh demo data (new database, no old messages)
	CASEWORK_DEMO=1 $(BIN)/casework demo --reset
	CASEWORK_DEMO=1 $(BIN)/casework serve --host 127.0.0.1 --port 5000

serve: install
	$(BIN)/casework serve

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/transitions.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
