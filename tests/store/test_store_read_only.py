"""Every reading command opens the store read-only and works on a read-only file in a read-only folder."""

from __future__ import annotations

import json
import os
import stat

import duckdb
import pytest
from click.testing import CliRunner

from diplomap import load as load_module
from diplomap.cli import app

READERS = [
    ("events",), ("events", "--reports", "--format", "jsonl"), ("docs",), ("docs", "--failed"),
    ("profile", "AZE", "--min-confidence", "0"), ("dyad", "AZE", "KAZ", "--min-confidence", "0"),
    ("compare", "AZE", "KAZ", "--min-confidence", "0"),
]


@pytest.fixture
def read_only_store(tmp_path, corpus, extractor, small_kb, monkeypatch):
    """A store file made read-only (0444) in a folder made read-only (0555); restored afterwards."""
    monkeypatch.setattr(load_module, "default_extractor", lambda model=None: extractor)
    folder = tmp_path / "mount"
    folder.mkdir()
    db = folder / "store.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lock = folder / "store.duckdb.lock"
    if lock.exists():
        lock.unlink()          # as on a mount made by a machine that never read it
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    yield db
    folder.chmod(stat.S_IRWXU)
    db.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.fixture
def connections(monkeypatch):
    """Every duckdb.connect as (path, read_only); a write-mode open of a store fails as on a read-only mount
    (the tests may run as root, whom chmod does not stop)."""
    opened = []
    connect = duckdb.connect

    def spy(database=":memory:", read_only=False, **options):
        opened.append((str(database), read_only))
        if str(database).endswith(".duckdb") and not read_only:
            raise duckdb.IOException(f'IO Error: Cannot open file "{database}": Read-only file system')
        return connect(database, read_only=read_only, **options)

    monkeypatch.setattr(duckdb, "connect", spy)
    return opened


@pytest.mark.parametrize("args", READERS)
def test_reading_commands_open_the_store_read_only(read_only_store, connections, args):
    result = CliRunner().invoke(app, [*args, "--db", str(read_only_store)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert connections and all(read_only for path, read_only in connections if path == str(read_only_store))


def test_show_export_and_report_on_a_read_only_store(read_only_store, connections, tmp_path):
    runner = CliRunner()
    db = ["--db", str(read_only_store)]
    listed = runner.invoke(app, ["events", "--format", "jsonl", *db])
    first = json.loads(listed.stdout.splitlines()[0])
    shown = runner.invoke(app, ["show", first["event_id"][:8], *db])
    assert shown.exit_code == 0 and first["event_id"] in shown.stdout
    exported = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "events.csv"), *db])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "events.csv").read_text(encoding="utf-8").count("\n") == 1 + len(listed.stdout.splitlines())
    report = runner.invoke(app, ["report", "AZE", "--min-confidence", "0", "-o", str(tmp_path / "r.html"), *db])
    assert report.exit_code == 0, report.output
    assert (tmp_path / "r.html").stat().st_size > 1000
    assert all(read_only for path, read_only in connections if path == str(read_only_store))


def test_a_writer_on_a_read_only_store_fails_in_one_line(read_only_store, connections, corpus):
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(read_only_store)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "Read-only file system" in result.stderr
    assert os.access(read_only_store, os.R_OK)
