"""Reads and exports: filters, one event with its sources, JSONL/CSV/Parquet/PLOVER round trips."""

from __future__ import annotations

import csv
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from diplomap.errors import StoreError
from diplomap.store import EventQuery
from diplomap.store.export import CSV_COLUMNS, export


@pytest.fixture
def filled(store, ingest, corpus):
    ingest([corpus], store)
    return store


@pytest.mark.parametrize("query, expected", [
    (EventQuery(actor="KAZ"), lambda r: "KAZ" in r["participants"]),
    (EventQuery(actor="aze", with_actor="RUS"), lambda r: {"AZE", "RUS"} <= set(r["participants"])),
    (EventQuery(event_types=("CONSULT",), status="occurred"), lambda r: r["event_type"] == "CONSULT"),
    (EventQuery(date_from=date(2025, 10, 1), date_to=date(2025, 10, 31)),
     lambda r: r["date_start"] and "2025-10-01" <= r["date_end"] and r["date_start"] <= "2025-10-31"),
    (EventQuery(date_to=date(2024, 12, 31)), lambda r: r["date_start"] and r["date_start"] <= "2024-12-31"),
])
def test_filters_select_exactly_the_matching_events(filled, query, expected):
    for fused in (True, False):
        everything = list(filled.events() if fused else filled.reports())
        selected = list(filled.events(query) if fused else filled.reports(query))
        assert selected, query
        assert [r["event_id"] for r in selected] == [r["event_id"] for r in everything if expected(r)]


def test_limit_and_no_match(filled):
    assert len(list(filled.events(EventQuery(limit=1)))) == 1
    assert list(filled.events(EventQuery(actor="USA"))) == []


def test_event_detail_lists_every_source_with_its_sentence(filled):
    [summit] = [r for r in filled.events() if r["organization"] == "EPC" and r["mode"] == "multilateral"]
    for key in (summit["event_id"], summit["event_id"][:10]):
        detail = filled.event_detail(key)
        assert detail["event"] == summit
        assert len(detail["sources"]) == 2
        for source in detail["sources"]:
            evidence = source["report"]["evidence"]
            assert "European Political Community" in evidence["text"] and evidence["char_end"] > evidence["char_start"]
            assert source["published"] in ("2025-10-03", "2025-10-04") and source["rule"]
    report_id = detail["sources"][1]["report"]["event_id"]
    assert filled.event_detail(report_id)["event"]["event_id"] == summit["event_id"]
    with pytest.raises(StoreError, match="no event"):
        filled.event_detail("ffffffffffff")


def test_jsonl_export_round_trips_the_contract_records(filled, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export(filled, "jsonl", out) == filled.counts()["events"]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == list(filled.events())
    reports = tmp_path / "reports.jsonl"
    export(filled, "jsonl", reports, reports=True)
    assert all("doc_id" in json.loads(line) for line in reports.read_text(encoding="utf-8").splitlines())


def test_csv_export_has_a_header_and_one_row_per_event(filled, tmp_path):
    out = tmp_path / "events.csv"
    count = export(filled, "csv", out)
    with out.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert tuple(reader.fieldnames) == CSV_COLUMNS and len(rows) == count
    assert any(";" in row["sources"] for row in rows)
    assert all(row["participant_sources"].startswith(tuple(f"{code}=" for code in row["participants"].split(";")))
               for row in rows)
    assert any("=named: " in row["participant_sources"] for row in rows)


def test_parquet_export_is_readable_by_pyarrow(filled, tmp_path):
    out = tmp_path / "events.parquet"
    count = export(filled, "parquet", out)
    data = pq.read_table(out)
    assert data.num_rows == count
    assert {"event_id", "event_type", "participants", "sources", "location", "evidence"} <= set(data.column_names)
    first = data.to_pylist(maps_as_pydicts="strict")[0]        # participant_sources: a map, code -> why
    assert first == next(iter(filled.events()))
    assert first["participant_sources"] and set(first["participant_sources"]) <= set(first["participants"])


def test_plover_export_uses_the_manuals_field_names(filled, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    export(filled, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    required = {"id", "date", "enddate", "source", "recipient", "event", "mode", "context", "event_text",
                "event_loc", "cite_info", "quad_code"}
    assert all(required <= set(record) for record in records)
    [summit] = [r for r in records if r.get("organization") == "EPC" and r["mode"] == "multilateral"]
    assert summit["event"] == ["CONSULT"] and summit["quad_code"] == 1
    assert {a["code"] for a in summit["source"]} <= {"AZE", "DNK", "EPC"}
    assert len(summit["cite_info"]) == 2 and len(summit["event_text"]) == 2
    assert {c["title"] for c in summit["cite_info"]} == {"Leaders gather in Copenhagen",
                                                         "Aliyev in Denmark for European summit"}
    assert summit["event_loc"]["name"] == "Copenhagen" and summit["event_loc"]["cc3"] == "DNK"
    assert summit["participant_sources"] and set(summit["participant_sources"]) <= {"AZE", "DNK", "EPC"}


def test_parquet_needs_a_file(filled):
    with pytest.raises(StoreError, match="output file"):
        export(filled, "parquet", "-")
