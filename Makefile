# Every target works on a fresh machine with Python 3.11: it makes .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLES := samples/corpus

.PHONY: demo test install bench clean help

help:
	@echo "make demo   install and run diplomap on the bundled sample corpus"
	@echo "make test   install with test extras and run the test suite"
	@echo "make bench  run the benchmarks in benchmarks/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

DEMO_DB := out/demo.duckdb
DEMO_REPORT := out/report-AZE.html

demo: $(VENV)/.installed
	@mkdir -p out
	$(BIN)/diplomap ingest $(SAMPLES) --db $(DEMO_DB)
	$(BIN)/diplomap events --actor AZE --db $(DEMO_DB)
	$(BIN)/diplomap profile AZE --from 2025-01-01 --db $(DEMO_DB)
	@echo
	@echo "The events are stored in $(DEMO_DB); try: $(BIN)/diplomap events --db $(DEMO_DB) --format jsonl"
	@echo "or the dashboard: $(BIN)/pip install -e '.[web]' && $(BIN)/diplomap serve --db $(DEMO_DB)"
	@$(BIN)/diplomap report AZE --from 2025-01-01 --db $(DEMO_DB) -o $(DEMO_REPORT) >/dev/null
	@echo "The report of AZE, one HTML file that works offline: $(DEMO_REPORT)"

test: $(VENV)/.installed-test
	@bash scripts/test-services.sh
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/store_load.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
