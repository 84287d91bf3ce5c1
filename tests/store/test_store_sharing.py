"""A DuckDB store read in this process while another process writes it (diplomap.store.sharing)."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest

from diplomap.errors import StoreBusy
from diplomap.store import SCHEMA_VERSION, open_store, sharing
from diplomap.store.engine import DuckDBEngine
from diplomap.store.schema import migrate

# A writer in its own process: opens the store, then either runs statements back to back
# (each a point where it gives way to readers) or pauses and sleeps, until killed.
WRITER = """
import sys, time
from diplomap.store import open_store
store = open_store(sys.argv[1])
print("open", flush=True)
while True:
    if sys.argv[2] == "busy":
        store.counts()
    else:
        store.pause()
        time.sleep(1)
"""
HOLDER = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(60)"


def started(script: str, *args: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "open"
    return process


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "shared.duckdb"
    open_store(path).close()
    return path


@pytest.mark.parametrize("mode", ["busy", "paused"])
def test_a_reader_gets_its_turn_while_a_writer_holds_the_store(store_path, mode):
    writer = started(WRITER, str(store_path), mode)
    try:
        reader = open_store(store_path, read_only=True)
        for _ in range(5):
            began = time.monotonic()
            assert reader.counts()["documents"] == 0
            reader.engine.release()
            assert time.monotonic() - began < sharing.SLICE + 2
        reader.close()
        assert writer.poll() is None        # the writer went on after each read
    finally:
        writer.kill()
        writer.communicate()


def test_a_reader_of_a_store_held_without_turns_is_told_to_come_back(store_path, monkeypatch):
    monkeypatch.setattr(sharing, "READ_PATIENCE", 0.3)
    holder = started(HOLDER, str(store_path))
    try:
        with pytest.raises(StoreBusy, match="try again"):
            open_store(store_path, read_only=True)
    finally:
        holder.kill()
        holder.communicate()
    reader = open_store(store_path, read_only=True)         # free again
    assert reader.counts()["events"] == 0
    reader.close()


def test_a_reader_writes_nothing_but_migrates_an_older_store(tmp_path):
    path = tmp_path / "old.duckdb"
    engine = DuckDBEngine(duckdb.connect(str(path)), str(path))
    migrate(engine, target=1)
    engine.close()
    reader = open_store(path, read_only=True)
    assert reader.schema_version == SCHEMA_VERSION
    with pytest.raises(duckdb.Error, match="read-only"):
        reader.engine.execute("CREATE TABLE scribble (x INTEGER)")
    reader.close()
