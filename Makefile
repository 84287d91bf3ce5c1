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

demo: $(VENV)/.installed
	$(BIN)/diplomap extract $(SAMPLES) --format table
	@echo
	@echo "Events as JSON lines: $(BIN)/diplomap extract $(SAMPLES)"

test: $(VENV)/.installed-test
	@bash scripts/test-services.sh
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/store_load.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
