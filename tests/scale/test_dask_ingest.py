"""Extraction on a Dask cluster into Parquet shards, loaded into the store: the same store as a direct ingest."""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner

from diplomap.cli import app
from diplomap.dask_ingest import extract_to_shards
from diplomap.load import fusion_rules, load, load_shards
from diplomap.store import open_store

TABLES = {
    "documents": "SELECT doc_id, text_hash, origin, title, published, tier, report_count, text FROM documents",
    "reports": "SELECT * EXCLUDE (people) FROM reports",
    "participants": "SELECT * FROM participants",
    "people": "SELECT * FROM people",
    "events": "SELECT * EXCLUDE (people) FROM events",
    "event_sources": "SELECT * FROM event_sources",
    "event_participants": "SELECT * FROM event_participants",
}


def snapshot(store) -> dict[str, list]:
    return {name: sorted(map(repr, store.conn.execute(sql).fetchall())) for name, sql in TABLES.items()}


def test_dask_shards_loaded_equal_a_direct_ingest(articles, tmp_path, dask_client):
    rules = fusion_rules()
    shards = tmp_path / "shards"
    written = extract_to_shards([articles], shards, client=dask_client, part_documents=2)
    assert written.parts == 3 and written.documents == len(list(articles.iterdir())) and written.workers == 2

    with open_store(tmp_path / "direct.duckdb", rules=rules) as direct, \
            open_store(tmp_path / "sharded.duckdb", rules=rules) as sharded:
        load([articles], direct)
        summary = load_shards([shards], sharded)
        assert summary.documents == 5 and summary.events == written.events
        assert snapshot(sharded) == snapshot(direct)
        assert sharded.counts()["events"] < sharded.counts()["reports"]       # the visit fused
        again = load_shards([shards], sharded)                                  # idempotent
        assert again.documents == 0 and again.skipped == 5
        assert snapshot(sharded) == snapshot(direct)


def test_each_worker_builds_its_extractor_once(articles, tmp_path, dask_client):
    from diplomap.dask_ingest import worker_extractor

    extract_to_shards([articles], tmp_path / "shards", client=dask_client, part_documents=1)
    builds = dask_client.run(lambda: worker_extractor.cache_info().misses)
    assert set(builds.values()) == {1}


def test_duckdb_reads_the_shards_in_place(articles, tmp_path, dask_client):
    shards = tmp_path / "shards"
    written = extract_to_shards([articles], shards, client=dask_client)
    count = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{shards}/reports/*.parquet')").fetchone()[0]
    assert count == written.events


def test_ingest_and_load_commands(articles, tmp_path, dask_client):
    address = dask_client.scheduler.address
    shards, db = tmp_path / "shards", tmp_path / "cli.duckdb"
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(articles), "--engine", "dask", "--scheduler", address,
                               "--shards", str(shards), "--no-load"])
    assert done.exit_code == 0, done.output
    assert not db.exists()
    loaded = runner.invoke(app, ["load", str(shards), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    assert "5 documents stored" in loaded.output
    with open_store(db) as store:
        assert store.counts()["documents"] == 5


def test_load_refuses_a_folder_that_is_not_shards(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1 and "not a shard folder" in result.output


def test_no_load_needs_a_shard_folder(articles):
    result = CliRunner().invoke(app, ["ingest", str(articles), "--engine", "dask", "--no-load"])
    assert result.exit_code == 2 and "--shards" in result.output


@pytest.mark.parametrize("option", [["--scheduler", "tcp://x:1"], ["--no-load"]])
def test_dask_options_need_the_dask_engine(articles, option):
    result = CliRunner().invoke(app, ["ingest", str(articles), *option])
    assert result.exit_code == 2
