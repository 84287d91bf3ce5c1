"""Exports of stored events: JSONL (the contract record), CSV, Parquet and PLOVER JSONL.

PLOVER records use the field names of the PLOVER manual's "JSON Data Fields" chapter
(id, date, enddate, source, recipient, event, event_loc, event_text, quad_code,
mode, context, cite_info, coder); the source documents of a fused event are its
``cite_info`` list. diplomap's own fields (status, date_precision, confidence,
organization, host, people, participant_sources) follow, as the manual allows. In CSV,
participant_sources is "CODE=why" pairs joined with ';'; in Parquet, a map from code to why.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from diplomap import __version__
from diplomap.errors import StoreError

FORMATS = ("jsonl", "csv", "parquet", "plover")
QUAD_CODES = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
CSV_COLUMNS = (
    "event_id", "doc_id", "sources", "source_count", "event_type", "mode", "status",
    "source_actors", "target_actors", "participants", "host", "organization", "contexts", "projects",
    "people", "date_start", "date_end", "date_precision", "location_name", "location_country",
    "location_lat", "location_lon", "evidence_text", "evidence_char_start", "evidence_char_end", "confidence",
    "participant_sources",
)
_STRINGS = pa.list_(pa.string())
_CONTRACT_FIELDS = [
    ("event_id", pa.string()), ("event_type", pa.string()), ("mode", pa.string()), ("status", pa.string()),
    ("source_actors", _STRINGS), ("target_actors", _STRINGS), ("participants", _STRINGS),
    ("host", pa.string()), ("organization", pa.string()), ("contexts", _STRINGS), ("projects", _STRINGS),
    ("people", pa.list_(pa.struct([("name", pa.string()), ("actor", pa.string()), ("role", pa.string())]))),
    ("date_start", pa.string()), ("date_end", pa.string()), ("date_precision", pa.string()),
    ("location", pa.struct([("name", pa.string()), ("country", pa.string()),
                            ("lat", pa.float64()), ("lon", pa.float64())])),
    ("evidence", pa.struct([("text", pa.string()), ("char_start", pa.int64()), ("char_end", pa.int64())])),
    ("confidence", pa.float64()), ("participant_sources", pa.map_(pa.string(), pa.string())),
]
REPORT_SCHEMA = pa.schema([("doc_id", pa.string()), *_CONTRACT_FIELDS])
FUSED_SCHEMA = pa.schema([*_CONTRACT_FIELDS, ("sources", _STRINGS), ("source_count", pa.int64())])
PARQUET_ROWS = 10_000


def write_records(records: Iterable[dict], fmt: str, destination: str | Path, fused: bool) -> int:
    """Write contract records as ``fmt`` (jsonl, csv or parquet) to a path or "-" (stdout).

    Returns the number written. Raises StoreError for an unknown format, or parquet to stdout.
    """
    if fmt == "parquet":
        if str(destination) == "-":
            raise StoreError("parquet needs an output file (--output FILE)")
        return _write_parquet(records, Path(destination), FUSED_SCHEMA if fused else REPORT_SCHEMA)
    writers = {"jsonl": _write_jsonl, "csv": _write_csv, "plover": _write_jsonl}
    if fmt not in writers:
        raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    with _opened(destination) as stream:
        return writers[fmt](records, stream)


def plover_record(record: dict, event_texts: list[str], citations: list[dict]) -> dict:
    """A contract record (fused or not) as a PLOVER JSON record."""
    location = record.get("location")
    sources = record["source_actors"] or ([] if record["target_actors"] else record["participants"])
    plover = {
        "id": record["event_id"],
        "has_event": True,
        "date": record["date_start"],
        "enddate": record["date_end"],
        "source": [{"code": code} for code in sources],
        "recipient": [{"code": code} for code in record["target_actors"]],
        "event": [record["event_type"]],
        "mode": record["mode"],
        "context": list(record["contexts"]),
        "event_loc": None if not location else {
            "name": location["name"], "latitude": location["lat"], "longitude": location["lon"],
            "cc3": location["country"]},
        "event_text": event_texts or [record["evidence"]["text"]],
        "quad_code": QUAD_CODES.get(record["event_type"]),
        "cite_info": citations,
        "coder": f"diplomap {__version__}",
        "status": record["status"],
        "date_precision": record["date_precision"],
        "confidence": record["confidence"],
        "organization": record["organization"],
        "host": record["host"],
        "people": record["people"],
        "participant_sources": record["participant_sources"],
        "projects": record["projects"],
    }
    return plover


def citation(document: dict) -> dict:
    """A PLOVER citation object for a stored document."""
    published = document.get("published")
    return {"citation": document["doc_id"], "url": document.get("url"), "title": document.get("title"),
            "publication": document.get("source"),
            "date": published.isoformat() if hasattr(published, "isoformat") else published}


def csv_row(record: dict) -> dict:
    """A contract record flattened for CSV: lists joined with ';', nested objects spread."""
    location = record.get("location") or {}
    evidence = record["evidence"]
    row = {key: record.get(key) for key in CSV_COLUMNS}
    for key in ("sources", "source_actors", "target_actors", "participants", "contexts", "projects"):
        row[key] = ";".join(record.get(key) or [])
    row["people"] = ";".join(person["name"] for person in record["people"])
    row["participant_sources"] = ";".join(f"{code}={why}" for code, why in record["participant_sources"].items())
    row |= {"location_name": location.get("name"), "location_country": location.get("country"),
            "location_lat": location.get("lat"), "location_lon": location.get("lon"),
            "evidence_text": evidence["text"], "evidence_char_start": evidence["char_start"],
            "evidence_char_end": evidence["char_end"]}
    return row


def _write_jsonl(records: Iterable[dict], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(records: Iterable[dict], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
    return count


def _write_parquet(records: Iterable[dict], path: Path, schema: pa.Schema) -> int:
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _chunks(records, PARQUET_ROWS):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count


def _chunks(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def _opened(destination: str | Path) -> Iterator[IO[str]]:
    if str(destination) == "-":
        yield sys.stdout
        return
    try:
        stream = open(destination, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise StoreError(f"{destination}: cannot write ({exc.strerror or exc})") from exc
    with stream:
        yield stream


def export(store, fmt: str, destination: str | Path, query=None, reports: bool = False) -> int:
    """Write the store's fused events (or its reports) matching ``query``; how many were written."""
    records = store.reports(query) if reports else store.events(query)
    if fmt == "plover":
        records = plover_records(store, records, fused=not reports)
    return write_records(records, fmt, destination, fused=not reports)


def plover_records(store, records: Iterable[dict], fused: bool) -> Iterator[dict]:
    """PLOVER records for contract records, with every source sentence and document."""
    for chunk in _chunks(records, 1000):
        if fused:
            texts = store.source_evidence(record["event_id"] for record in chunk)
            doc_ids = {doc for record in chunk for doc in record["sources"]}
        else:
            texts = {}
            doc_ids = {record["doc_id"] for record in chunk}
        documents = store.document_sources(doc_ids)
        for record in chunk:
            cited = record["sources"] if fused else [record["doc_id"]]
            yield plover_record(record, texts.get(record["event_id"], []),
                                [citation(documents[doc]) for doc in cited if doc in documents])
