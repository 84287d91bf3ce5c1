"""Schema versions: a fresh store is current, an older file is migrated, a newer one refused."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from diplomap.errors import StoreError
from diplomap.models import Document, Event, Evidence, Place, TimeSpan
from diplomap.store import SCHEMA_VERSION, ExtractedDocument, open_store
from diplomap.store import schema
from diplomap.store.engine import DuckDBEngine
from diplomap.store.schema import MIGRATIONS, migrate, schema_version

V1_DOCUMENT = ("INSERT INTO documents VALUES ('doc-1', 'h1', 'a.txt', NULL, 'Summit', NULL, DATE '2025-10-03', "
               "'text', 'kb', 'rules', current_timestamp, 1, 'President Aliyev attended the summit.')")
V1_REPORT = ("INSERT INTO reports VALUES ('rep-1', 'doc-1', 'CONSULT', 'multilateral', 'occurred', ['AZE'], [], "
             "['AZE', 'EPC'], NULL, 'EPC', ['diplomatic'], [], [{'name': 'Ilham Aliyev', 'actor': 'AZE', "
             "'role': 'head of state'}], DATE '2025-10-02', DATE '2025-10-02', 'day', 'Copenhagen', 'DNK', "
             "55.68, 12.57, 'President Aliyev attended the summit.', 0, 36, 0.8, 'attend')")


def test_a_fresh_store_has_every_migration(tmp_path):
    with open_store(tmp_path / "new.duckdb") as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        versions = [row[0] for row in store.engine.values("SELECT version FROM schema_version ORDER BY 1")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_a_version_1_file_is_migrated_and_its_reports_fused(tmp_path):
    path = tmp_path / "old.duckdb"
    engine = DuckDBEngine(duckdb.connect(str(path)), str(path))
    assert migrate(engine, target=1) == 1
    engine.execute(V1_DOCUMENT)
    engine.execute(V1_REPORT)
    engine.close()
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        row = store.engine.values("SELECT family, window_start, window_end FROM reports")[0]
        assert row[0] == "consult" and row[1].isoformat() == row[2].isoformat() == "2025-10-02"
        [event] = list(store.events())
        assert event["sources"] == ["doc-1"] and event["people"][0]["name"] == "Ilham Aliyev"
    with open_store(path) as store:       # opening again changes nothing
        assert store.counts()["events"] == 1


def test_a_file_from_a_newer_diplomap_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    open_store(path).close()
    conn = duckdb.connect(str(path))
    conn.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [SCHEMA_VERSION + 1])
    conn.close()
    with pytest.raises(StoreError, match="newer than this diplomap"):
        open_store(path)


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "v1.duckdb"
    engine = DuckDBEngine(duckdb.connect(str(path)), str(path))
    migrate(engine, target=1)
    monkeypatch.setattr(schema, "MIGRATIONS", [MIGRATIONS[0], [*MIGRATIONS[1][:2], "CREATE TABLE broken (x NOSUCHTYPE)"]])
    with pytest.raises(StoreError, match="migration to schema version 2 failed"):
        migrate(engine)
    assert schema_version(engine) == 1
    assert "family" not in {row[0] for row in engine.values("DESCRIBE reports")}
    engine.close()


def test_a_version_3_file_gets_each_events_actors(tmp_path):
    path = tmp_path / "v3.duckdb"
    engine = DuckDBEngine(duckdb.connect(str(path)), str(path))
    migrate(engine, target=1)
    engine.execute(V1_DOCUMENT)
    engine.execute(V1_REPORT)
    engine.execute("INSERT INTO participants VALUES ('rep-1', 'AZE', 'source'), ('rep-1', 'EPC', 'organization')")
    engine.close()
    with open_store(path) as store:           # fused by the current code: actors written with the event
        expected = store.engine.values("SELECT actors FROM events")
        back_to_version(store, 4)
        store.engine.execute("ALTER TABLE events DROP COLUMN actors")
        store.engine.execute("DELETE FROM schema_version WHERE version = 4")
    with open_store(path) as store:
        assert store.engine.values("SELECT actors FROM events") == expected == [(["AZE", "EPC"],)]


def back_to_version(store, version: int) -> None:
    """Undo the migrations after ``version`` of a store written by the current code (their columns dropped)."""
    if version < 6:
        for column in ("copy_of", "copy_similarity"):
            store.engine.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        store.engine.execute("DROP TABLE document_bands")
    if version < 5:
        for name in ("reports", "events"):
            store.engine.execute(f"ALTER TABLE {name} DROP COLUMN participant_sources")
    store.engine.execute("DELETE FROM schema_version WHERE version > ?", [version])


def columns(engine, name: str) -> list[tuple]:
    return [row[:2] for row in engine.values(f"DESCRIBE {name}")]


def test_a_version_4_file_keeps_its_events_and_records_why_for_new_ones(tmp_path, rules):
    fresh = DuckDBEngine(duckdb.connect(), ":memory:")
    migrate(fresh, target=4)
    path = tmp_path / "v4.duckdb"
    engine = DuckDBEngine(duckdb.connect(str(path)), str(path))
    migrate(engine, target=1)
    engine.execute(V1_DOCUMENT)
    engine.execute(V1_REPORT)
    engine.close()
    with open_store(path, rules=rules) as store:
        before = list(store.events())
        back_to_version(store, 4)
        assert [columns(store.engine, name) for name in ("reports", "events")] == [
            columns(fresh, name) for name in ("reports", "events")]        # as version 4 left them
    with open_store(path, rules=rules) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert ("participant_sources", 'STRUCT(actor VARCHAR, "source" VARCHAR)[]') in columns(store.engine, "events")
        assert store.engine.values("SELECT participant_sources FROM reports") == [(None,)]   # not recorded then
        assert list(store.events()) == before and before[0]["participant_sources"] == {}
        assert store.event_detail("rep-1")["sources"][0]["report"]["participant_sources"] == {}
        store.refuse()                  # the lone report copied by SQL, its NULL read as none
        assert list(store.events()) == before
        assert store.engine.values("SELECT participant_sources FROM events") == [([],)]
        store.write_batch([later_report_of_the_summit()])
        [event] = list(store.events())
        assert event["sources"] == ["doc-1", "doc-2"]
        assert event["participant_sources"] == {"AZE": "named: Aliyev", "EPC": "forum of the sentence"}


def later_report_of_the_summit() -> ExtractedDocument:
    text = "Aliyev attended the summit of the European Political Community in Copenhagen on 2 October."
    event = Event(doc_id="doc-2", event_type="CONSULT", mode="multilateral", status="occurred",
                  source_actors=("AZE",), target_actors=(), participants=("AZE", "EPC"),
                  evidence=Evidence(text, 0, len(text)), organization="EPC",
                  time=TimeSpan(date(2025, 10, 2), date(2025, 10, 2), "day"),
                  location=Place("Copenhagen", "DNK", 55.68, 12.57), confidence=0.9,
                  participant_sources=(("AZE", "named: Aliyev"), ("EPC", "forum of the sentence")))
    return ExtractedDocument(Document("doc-2", text, published=date(2025, 10, 4), origin="b.txt"), (event,))
