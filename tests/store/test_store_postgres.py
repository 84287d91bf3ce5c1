"""The PostgreSQL backend: same schema and behaviour, selected by a postgresql:// --db.

The behaviour tests of tests/store run on both engines (the ``store`` fixture); these
cover what only PostgreSQL has: a URL on the command line, migration of a version-1
database, concurrent writers, and connection errors.
"""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner

from diplomap import load as load_module
from diplomap.cli import app
from diplomap.errors import StoreError
from diplomap.extract import Extractor
from diplomap.load import load
from diplomap.nlp.pipeline import build_pipeline
from diplomap.store import SCHEMA_VERSION, open_store
from diplomap.store.postgres import PostgresEngine
from diplomap.store.schema import migrate

V1_ROWS = [
    "INSERT INTO documents VALUES ('doc-1', 'h1', 'a.txt', NULL, 'Summit', NULL, DATE '2025-10-03', 'text', 'kb', "
    "'rules', current_timestamp, 1, 'President Aliyev attended the summit.')",
    "INSERT INTO reports VALUES ('rep-1', 'doc-1', 'CONSULT', 'multilateral', 'occurred', ARRAY['AZE'], "
    "ARRAY[]::varchar[], ARRAY['AZE', 'EPC'], NULL, 'EPC', ARRAY['diplomatic'], ARRAY[]::varchar[], "
    "'[{\"name\": \"Ilham Aliyev\", \"actor\": \"AZE\", \"role\": \"head of state\"}]', DATE '2025-10-02', "
    "DATE '2025-10-02', 'day', 'Copenhagen', 'DNK', 55.68, 12.57, 'President Aliyev attended the summit.', 0, 36, "
    "0.8, 'attend')",
]


def version_1_database(url: str) -> None:
    """A database left at schema version 1, with one document and report."""
    engine = PostgresEngine.open(url)
    migrate(engine, target=1)
    for statement in V1_ROWS:
        engine.execute(statement)
    engine.close()


def test_a_version_1_database_is_migrated(postgres_url):
    version_1_database(postgres_url)
    with open_store(postgres_url) as store:
        assert store.schema_version == SCHEMA_VERSION
        [event] = list(store.events())
        assert event["sources"] == ["doc-1"] and event["people"][0]["name"] == "Ilham Aliyev"


def test_a_version_4_database_gains_participant_sources(postgres_url):
    version_1_database(postgres_url)
    with open_store(postgres_url) as store:       # then taken back to what version 4 left
        before = list(store.events())
        for name in ("reports", "events"):
            store.engine.execute(f"ALTER TABLE {name} DROP COLUMN participant_sources")
        for column in ("copy_of", "copy_similarity"):
            store.engine.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        store.engine.execute("DROP TABLE document_bands")
        store.engine.execute("DELETE FROM schema_version WHERE version > 4")
    with open_store(postgres_url) as store:
        assert store.schema_version == SCHEMA_VERSION
        types = store.engine.values("SELECT DISTINCT data_type FROM information_schema.columns "
                                    "WHERE column_name = 'participant_sources'")
        assert types == [("jsonb",)]
        assert list(store.events()) == before and before[0]["participant_sources"] == {}


def test_the_cli_takes_a_postgresql_url(postgres_url, monkeypatch, extractor, small_kb, corpus):
    monkeypatch.setattr(load_module, "default_extractor", lambda model=None: extractor)
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(corpus), "--db", postgres_url])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["ingest", str(corpus), "--db", postgres_url])
    assert "0 documents stored (0 replaced), 0 events, 4 skipped" in second.stderr
    assert first.stderr.split("holds")[1].split("(tier")[0] == second.stderr.split("holds")[1].split("(tier")[0]
    listed = runner.invoke(app, ["events", "--actor", "EPC", "--format", "jsonl", "--db", postgres_url])
    assert listed.exit_code == 0 and '"sources"' in listed.stdout


def test_concurrent_writers_take_turns_without_duplicates(postgres_url, rules, small_kb, corpus):
    stores = [open_store(postgres_url, rules=rules) for _ in range(2)]
    errors = []

    def run(store):
        extractor = Extractor(kb=small_kb, nlp=build_pipeline(small_kb))     # one per thread
        try:
            load([str(corpus)], store, extractor_factory=lambda: extractor, batch_documents=1)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = stores[0].counts()
    assert counts["documents"] == 4 and counts["sources"] == counts["reports"]
    for store in stores:
        store.close()


def test_an_unreachable_server_is_a_clear_error_without_the_password():
    with pytest.raises(StoreError, match=r"postgresql://someone:\*\*\*@127.0.0.1:9/x: cannot open the store"):
        open_store("postgresql://someone:secret@127.0.0.1:9/x")
