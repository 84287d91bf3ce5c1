"""Fixtures for the hardening tests: the shipped knowledge base, the CLI, a tally of outcomes."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hardening_support import TALLY, Run

from diplomap import cli as cli_module
from diplomap import load as load_module
from diplomap.cli import app
from diplomap.ingest import read_sources
from diplomap.models import Document


@pytest.fixture(scope="session")
def shipped_extractor():
    """The production extractor (shipped knowledge base, rules tier), built once."""
    from diplomap.extract import Extractor

    return Extractor()


@pytest.fixture
def diplomap(monkeypatch, shipped_extractor, tmp_path):
    """diplomap(*args) -> Run, in-process, with the shipped extractor built once for the session."""
    monkeypatch.setattr(cli_module, "_extractor", lambda model=None: shipped_extractor)
    monkeypatch.setattr(load_module, "default_extractor", lambda model=None: shipped_extractor)
    monkeypatch.setenv("DIPLOMAP_DB", str(tmp_path / "store.duckdb"))
    runner = CliRunner()

    def run(*args) -> Run:
        result = runner.invoke(app, [str(arg) for arg in args])
        crashed = (result.exception is not None and not isinstance(result.exception, SystemExit)) \
            or result.exit_code not in (0, 1, 2) or "Traceback" in result.stderr
        TALLY.runs += 1
        TALLY.crashes += crashed
        TALLY.by_command[str(args[0])] += 1
        if crashed and result.exc_info is not None:
            import traceback

            print("".join(traceback.format_exception(*result.exc_info)))
        return Run(result.exit_code, result.stdout, result.stderr, crashed)

    return run


@pytest.fixture(scope="session")
def expected_events(shipped_extractor):
    """expected_events(*paths) -> Counter of the event ids each readable document gives alone.

    Event ids do not depend on where a file lies, so each file's are computed once a session.
    """
    known: dict[tuple[str, str], Counter] = {}

    def of_file(path) -> Counter:
        key = (Path(path).name, hashlib.sha256(Path(path).read_bytes()).hexdigest())
        if key not in known:
            known[key] = Counter(event.event_id for item in read_sources([path]) if isinstance(item, Document)
                                 for event in shipped_extractor.extract(item))
        return known[key]

    def events(*paths) -> Counter:
        return sum((of_file(path) for path in paths), Counter())

    return events
