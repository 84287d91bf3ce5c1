"""The fast store paths give the rows the reference functions give: column-built batches, SQL-copied lone reports,
shard parts loaded in larger transactions."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from diplomap import load as load_module
from diplomap.fuse import FusionRules, Report, fuse
from diplomap.models import Document, Event, Evidence, Person, Place, TimeSpan
from diplomap.store import ExtractedDocument, fusion, open_store
from diplomap.store.records import (
    DOCUMENTS, EVENT_PARTICIPANTS, EVENTS, PARTICIPANTS, PEOPLE, REPORTS, SOURCES, batch_tables, document_row,
    event_from_row, fused_tables, people_rows, report_row, role_rows, table,
)
from diplomap.store.shards import write_shard

RULES = FusionRules(frozenset({"kazakhstan", "azerbaijan"}))
ACTORS = ["AZE", "KAZ", "RUS", "TUR", "CHN", "OTS"]
PLACES = [Place("Baku", "AZE", 40.4, 49.9), Place("Astana", "KAZ", 51.2, 71.4), Place("Kazakhstan", "KAZ"),
          Place("", "AZE", 40.0, 49.0), None, None]


def _event(rng: random.Random, doc: Document, n: int) -> Event:
    actors = rng.sample(ACTORS, rng.choice((1, 2, 2, 2, 3)))
    if rng.random() < 0.05:
        actors.append(actors[0])                      # a repeated participant
    day = date(2025, 3, 1) + timedelta(days=rng.randrange(20))
    time = rng.choice([TimeSpan(day, day, "day"), TimeSpan(day, day + timedelta(days=1), "day"),
                       TimeSpan(day.replace(day=1), day.replace(day=31), "month"), TimeSpan(None, None, "unknown")])
    people = (Person("A. Leader", actors[0], "head of state"),)
    grounds = tuple((code, rng.choice(["named: A. Leader", "place: Baku", "earlier sentence"]))
                    for code in actors if rng.random() < 0.8)
    if grounds and rng.random() < 0.05:
        grounds += ((grounds[0][0], "pronoun: A. Leader"),)          # a participant grounded twice
    if rng.random() < 0.05:
        people += (Person("A. Leader", actors[0], None),)          # a repeated name
    return Event(
        doc_id=doc.doc_id, event_type=rng.choice(["CONSULT", "CONSULT", "AGREE", "SUPPORT", "REJECT"]),
        mode=rng.choice([None, None, "visit", "multilateral"]), status=rng.choice(["occurred", "occurred", "planned"]),
        source_actors=tuple(actors[:1]), target_actors=tuple(actors[1:2]), participants=tuple(actors),
        evidence=Evidence(f"Sentence {n} of {doc.doc_id}.", n * 50, n * 50 + 40),
        host=rng.choice([None, None, actors[-1], ""]), organization=rng.choice([None, None, None, "OTS"]),
        contexts=tuple(rng.choice([("diplomatic",), ("diplomatic", "economic"), ("economic", "economic")])),
        projects=rng.choice([(), ("Middle Corridor",)]), people=people, time=time, location=rng.choice(PLACES),
        confidence=round(rng.uniform(0.4, 0.9), 2), trigger=rng.choice(["met", ""]), participant_sources=grounds,
    )


def extracted(count: int, seed: int) -> list[ExtractedDocument]:
    rng = random.Random(seed)
    items = []
    for number in range(count):
        published = rng.choice([date(2025, 3, 10) + timedelta(days=rng.randrange(15)), None])
        doc = Document(doc_id=f"d{number:04d}", text=f"text {number}", title=f"t{number}", published=published,
                       origin=f"corpus/{number}.txt", url=rng.choice([None, f"https://example.org/{number}"]))
        events = {e.event_id: e for e in (_event(rng, doc, n) for n in range(rng.randint(0, 5)))}
        items.append(ExtractedDocument(doc, tuple(events.values()), "rules", "kb-1"))
    return items


def test_column_built_tables_equal_the_row_functions():
    items, now = extracted(80, seed=5), datetime(2025, 1, 1, 12)
    built = batch_tables(items, now)
    events = [(event, item.document.published) for item in items for event in item.events]
    expected = {
        "documents": table([document_row(item, now) for item in items], DOCUMENTS),
        "reports": table([report_row(event, published) for event, published in events], REPORTS),
        "participants": table([row for event, _ in events for row in role_rows("event_id", event)], PARTICIPANTS),
        "people": table([row for event, _ in events for row in people_rows(event)], PEOPLE),
    }
    for name, data in expected.items():
        assert built[name].equals(data), name


def _rows(store, name: str, schema: pa.Schema) -> list:
    data = store.conn.sql(f"SELECT {', '.join(schema.names)} FROM {name}").to_arrow_table()
    return sorted(data.cast(schema).to_pylist(), key=repr)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("batch", [7, 1000])
def test_stored_fused_layer_equals_fuse(seed, batch):
    _fused_layer_equals_fuse(extracted(300, seed), batch)


def test_lone_reports_copied_a_chunk_at_a_time_give_the_same_fused_layer(monkeypatch):
    monkeypatch.setattr(fusion, "ALONE_CHUNK", 7)
    _fused_layer_equals_fuse(extracted(300, 4), 1000)


def _fused_layer_equals_fuse(items, batch: int) -> None:
    with open_store(rules=RULES) as store:
        for first in range(0, len(items), batch):
            store.write_batch(items[first:first + batch], fuse=False)
        # the reference: every stored report read back as an Event, fused in Python
        reports = [Report(event_from_row(row), row["published"]) for row in store.engine.rows(
            "SELECT r.*, d.published FROM reports r JOIN documents d USING (doc_id)")]
        expected = dict(zip(("events", "event_sources", "event_participants"), fused_tables(fuse(reports, RULES))))
        store.fuse_pending()
        for name, schema in (("events", EVENTS), ("event_sources", SOURCES),
                             ("event_participants", EVENT_PARTICIPANTS)):
            assert _rows(store, name, schema) == sorted(expected[name].to_pylist(), key=repr), name
        fused_once = _rows(store, "events", EVENTS)
        store.refuse()
        assert _rows(store, "events", EVENTS) == fused_once


@pytest.mark.parametrize("reports", [0, 60, 10_000])
def test_shard_parts_joined_into_larger_transactions_load_the_same_store(tmp_path, monkeypatch, reports):
    items = extracted(60, seed=4)
    changed = ExtractedDocument(dataclasses.replace(items[3].document, text="text 3, revised"), items[3].events[:1],
                                "rules", "kb-1")
    for number, first in enumerate(range(0, len(items), 20)):
        write_shard(tmp_path / "shards", f"part-{number:05d}", items[first:first + 20])
    write_shard(tmp_path / "shards", "part-00003", [changed, items[5]])       # a new version, and a repeat
    stores = {}
    for name, per_transaction in (("parts", 0), ("joined", reports)):
        monkeypatch.setattr(load_module, "SHARD_REPORTS", per_transaction)
        with open_store(tmp_path / f"{name}.duckdb", rules=RULES) as store:
            summary = load_module.load_shards([tmp_path / "shards"], store)
            stores[name] = {table: _rows(store, table, schema) for table, schema in (
                ("reports", REPORTS), ("participants", PARTICIPANTS), ("events", EVENTS))}
            stores[name]["documents"] = store.conn.execute("SELECT doc_id, text FROM documents ORDER BY 1").fetchall()
        assert (summary.documents, summary.replaced, summary.skipped) == (61, 1, 1)
    assert stores["joined"] == stores["parts"]
    assert ("d0003", "text 3, revised") in stores["joined"]["documents"]


@pytest.mark.parametrize("reports", [0, 10_000])         # each part a transaction; the parts joined
def test_shards_written_before_participant_sources_still_load(tmp_path, monkeypatch, reports):
    monkeypatch.setattr(load_module, "SHARD_REPORTS", reports)
    items = extracted(20, seed=6)
    write_shard(tmp_path / "shards", "part-00000", items[:10])
    write_shard(tmp_path / "shards", "part-00001", items[10:])
    old = tmp_path / "shards" / "reports" / "part-00000.parquet"         # as an older diplomap wrote it
    pq.write_table(pq.read_table(old).drop_columns(["participant_sources"]), old)
    with open_store(rules=RULES) as store:
        summary = load_module.load_shards([tmp_path / "shards"], store)
        assert summary.documents == 20
        stored = {record["event_id"]: record["participant_sources"] for record in store.reports()}
    events = {event.event_id: dict(event.participant_sources) for item in items for event in item.events}
    older = {event.event_id for item in items[:10] for event in item.events}
    assert stored == {event_id: {} if event_id in older else grounds for event_id, grounds in events.items()}
