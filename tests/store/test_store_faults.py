"""A write that fails below the database (disk full, permission lost) ends in one line: what happened,
what was kept, what to do; exit 1, no traceback. The fault is injected at the engine's commit."""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner

from diplomap import load as load_module
from diplomap.cli import app
from diplomap.errors import StorageFault, StoreError
from diplomap.store import open_store
from diplomap.store.core import storage_fault
from diplomap.store.engine import DuckDBEngine


@pytest.fixture
def run(monkeypatch, extractor, tmp_path):
    monkeypatch.setattr(load_module, "default_extractor", lambda model=None: extractor)
    db = tmp_path / "store.duckdb"
    runner = CliRunner()
    return db, lambda *args: runner.invoke(app, [*map(str, args), "--db", str(db)])


def fail_commits_after(monkeypatch, documents: int, message: str) -> None:
    """Make every commit that would leave more than ``documents`` documents in the store fail with ``message``."""
    commit = DuckDBEngine.commit

    def failing(self):
        if self.conn.execute("SELECT count(*) FROM documents").fetchone()[0] > documents:
            raise duckdb.IOException(f'IO Error: Could not write file "{self.where}.wal": {message}')
        commit(self)

    monkeypatch.setattr(DuckDBEngine, "commit", failing)


@pytest.mark.parametrize("message, what", [
    ("No space left on device", "the disk is full"),
    ("Permission denied", "the store or its folder is no longer writable"),
])
def test_a_failed_write_is_one_line_saying_what_was_kept(run, corpus, monkeypatch, message, what):
    db, invoke = run
    assert invoke("ingest", corpus / "call.txt").exit_code == 0         # an earlier ingest, kept
    fail_commits_after(monkeypatch, 2, message)
    result = invoke("ingest", corpus, "--batch-size", "1")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {db}: {what} (IO Error: Could not write file")
    assert "; 1 document committed before it is kept in the store, the batch under way is not; " in line
    assert "run the same command again" in line and "Traceback" not in result.output
    monkeypatch.undo()
    with open_store(db, create=False, read_only=True) as store:
        assert store.counts()["documents"] == 2
    again = invoke("ingest", corpus)
    assert again.exit_code == 0 and "2 documents stored (0 replaced), " in again.stderr and "2 skipped" in again.stderr


def test_other_write_errors_stay_store_errors():
    assert storage_fault("s.duckdb", duckdb.IOException("IO Error: No space left on device")).what == "the disk is full"
    assert storage_fault("s.duckdb", duckdb.ConstraintException("duplicate key")) is None
    assert issubclass(StorageFault, Exception) and not issubclass(StorageFault, StoreError)
