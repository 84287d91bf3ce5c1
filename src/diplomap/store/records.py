"""Records to Arrow tables (for writes) and table rows back to records (for reads).

Every write goes through one of the ``*_table`` functions, which build a pyarrow
Table with an explicit schema, so an empty batch or a column of nulls keeps its type.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import pyarrow as pa

from diplomap.copies import Signature
from diplomap.fuse import FusedEvent, fusion_window, type_family, undated_window
from diplomap.models import Document, Event, Evidence, Person, Place, TimeSpan, content_hash

_STRINGS = pa.list_(pa.string())
_PEOPLE = pa.list_(pa.struct([("name", pa.string()), ("actor", pa.string()), ("role", pa.string())]))
# participant_sources: why each participant is in the event, one (actor, source) pair per participant
_GROUNDS = pa.list_(pa.struct([("actor", pa.string()), ("source", pa.string())]))
_EVENT_FIELDS = [
    ("event_type", pa.string()), ("mode", pa.string()), ("status", pa.string()),
    ("source_actors", _STRINGS), ("target_actors", _STRINGS), ("participants", _STRINGS),
    ("host", pa.string()), ("organization", pa.string()),
    ("contexts", _STRINGS), ("projects", _STRINGS), ("people", _PEOPLE),
    ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_precision", pa.string()),
    ("location_name", pa.string()), ("location_country", pa.string()),
    ("location_lat", pa.float64()), ("location_lon", pa.float64()),
    ("evidence_text", pa.string()), ("evidence_start", pa.int32()), ("evidence_end", pa.int32()),
    ("confidence", pa.float64()), ("trigger", pa.string()), ("participant_sources", _GROUNDS),
]
DOCUMENTS = pa.schema([
    ("doc_id", pa.string()), ("text_hash", pa.string()), ("origin", pa.string()), ("url", pa.string()),
    ("title", pa.string()), ("source", pa.string()), ("published", pa.date32()),
    ("date_source", pa.string()), ("kb_version", pa.string()), ("tier", pa.string()),
    ("ingested_at", pa.timestamp("us")), ("report_count", pa.int32()), ("text", pa.string()),
    ("copy_of", pa.string()), ("copy_similarity", pa.float64()),
])
REPORTS = pa.schema([("event_id", pa.string()), ("doc_id", pa.string()), *_EVENT_FIELDS,
                     ("family", pa.string()), ("window_start", pa.date32()), ("window_end", pa.date32())])
EVENTS = pa.schema([("canonical_id", pa.string()), *_EVENT_FIELDS, ("source_count", pa.int32()),
                    ("actors", _STRINGS)])
PARTICIPANTS = pa.schema([("event_id", pa.string()), ("actor", pa.string()), ("role", pa.string())])
PEOPLE = pa.schema([("event_id", pa.string()), ("name", pa.string()), ("actor", pa.string()),
                    ("role", pa.string())])
SOURCES = pa.schema([("canonical_id", pa.string()), ("event_id", pa.string()), ("doc_id", pa.string()),
                     ("fusion_rule", pa.string())])
EVENT_PARTICIPANTS = pa.schema([("canonical_id", pa.string()), ("actor", pa.string()), ("role", pa.string())])
PENDING = pa.schema([("event_id", pa.string()), ("family", pa.string()), ("status", pa.string()),
                     ("window_start", pa.date32()), ("window_end", pa.date32())])
FAILURES = pa.schema([("origin", pa.string()), ("reason", pa.string()), ("failed_at", pa.timestamp("us"))])


@dataclass(frozen=True)
class ExtractedDocument:
    """A document and the events extracted from it: the unit that commits together."""

    document: Document
    events: tuple[Event, ...]
    tier: str | None = None
    kb_version: str | None = None
    copy_of: str | None = None          # the original this document copies (then it has no events)
    copy_similarity: float | None = None
    signature: Signature | None = field(default=None, compare=False, repr=False)   # computed before extraction


def text_hash(document: Document) -> str:
    return content_hash(document.text, length=16)


def table(rows: Sequence[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=schema)


def rows_table(rows: Sequence[tuple], schema: pa.Schema) -> pa.Table:
    """A table from value tuples in the order of ``schema`` (much faster than ``table`` for large batches)."""
    columns = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([pa.array(column, type=f.type) for column, f in zip(columns, schema)], schema=schema)


def batch_tables(items: Sequence[ExtractedDocument], now: datetime) -> dict[str, pa.Table]:
    """The documents, reports, participants and people rows of ``items``, built as value tuples.

    The same values as ``document_row``, ``report_row``, ``role_rows`` and ``people_rows``.
    """
    docs, reports, roles, people = [], [], [], []
    with no_gc():
        for item in items:
            docs.append(tuple(document_row(item, now).values()))
            published = item.document.published
            for event in item.events:
                reports.append(_report_values(event, published))
                _role_values(roles, event)
                people += [(event.event_id, p.name, p.actor, p.role) for p in event.people]
        return {"documents": rows_table(docs, DOCUMENTS), "reports": rows_table(reports, REPORTS),
                "participants": rows_table(roles, PARTICIPANTS), "people": rows_table(people, PEOPLE)}


def _report_values(event: Event, published: date | None) -> tuple:
    """``report_row(event, published)`` as a tuple in the order of REPORTS."""
    place, time, evidence = event.location, event.time, event.evidence
    start = time.start
    if start is not None:
        window = (start, time.end or start)
    elif published is not None:
        window = undated_window(published)
    else:
        window = (None, None)
    if place is None:
        where = (None, None, None, None)
    else:
        where = (place.name, place.country, place.lat, place.lon)
    return (
        event.event_id, event.doc_id, event.event_type, event.mode, event.status,
        event.source_actors, event.target_actors, event.participants,
        event.host, event.organization, event.contexts, event.projects,
        [(p.name, p.actor, p.role) for p in event.people],
        start, time.end, time.precision if start else "unknown", *where,
        evidence.text, evidence.char_start, evidence.char_end, float(event.confidence), event.trigger,
        event.participant_sources, type_family(event.event_type), *window,
    )


def _role_values(out: list[tuple], event: Event) -> None:
    """``role_rows("event_id", event)`` as tuples."""
    event_id = event.event_id
    out += [(event_id, code, "source") for code in event.source_actors]
    out += [(event_id, code, "target") for code in event.target_actors]
    named = {*event.source_actors, *event.target_actors}
    for role, code in (("host", event.host), ("organization", event.organization)):
        if code:
            out.append((event_id, code, role))
            named.add(code)
    out += [(event_id, code, "participant") for code in event.participants if code not in named]


@contextmanager
def no_gc():
    """No cyclic garbage collection for a block that makes many objects and no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def document_row(item: ExtractedDocument, now: datetime) -> dict:
    doc = item.document
    return {
        "doc_id": doc.doc_id, "text_hash": text_hash(doc), "origin": doc.origin, "url": doc.url,
        "title": doc.title, "source": doc.source, "published": doc.published,
        "date_source": doc.date_source, "kb_version": item.kb_version, "tier": item.tier,
        "ingested_at": now, "report_count": len(item.events), "text": doc.text,
        "copy_of": item.copy_of, "copy_similarity": item.copy_similarity,
    }


def event_columns(event: Event) -> dict:
    """The contract fields of ``event`` as flat columns (shared by reports and events)."""
    place = event.location
    return {
        "event_type": event.event_type, "mode": event.mode, "status": event.status,
        "source_actors": list(event.source_actors), "target_actors": list(event.target_actors),
        "participants": list(event.participants), "host": event.host, "organization": event.organization,
        "contexts": list(event.contexts), "projects": list(event.projects),
        "people": [person.to_dict() for person in event.people],
        "date_start": event.time.start, "date_end": event.time.end,
        "date_precision": event.time.precision if event.time.start else "unknown",
        "location_name": place.name if place else None, "location_country": place.country if place else None,
        "location_lat": place.lat if place else None, "location_lon": place.lon if place else None,
        "evidence_text": event.evidence.text, "evidence_start": event.evidence.char_start,
        "evidence_end": event.evidence.char_end, "confidence": float(event.confidence),
        "trigger": event.trigger,
        "participant_sources": [{"actor": code, "source": why} for code, why in event.participant_sources],
    }


def report_row(event: Event, published: date | None) -> dict:
    window = fusion_window(event, published)
    return {
        "event_id": event.event_id, "doc_id": event.doc_id, **event_columns(event),
        "family": type_family(event.event_type),
        "window_start": window[0] if window else None, "window_end": window[1] if window else None,
    }


def role_rows(key: str, event: Event) -> list[dict]:
    """One row per actor and role: source, target, host, organization, else participant."""
    rows = [{key: event.event_id, "actor": code, "role": "source"} for code in event.source_actors]
    rows += [{key: event.event_id, "actor": code, "role": "target"} for code in event.target_actors]
    if event.host:
        rows.append({key: event.event_id, "actor": event.host, "role": "host"})
    if event.organization:
        rows.append({key: event.event_id, "actor": event.organization, "role": "organization"})
    named = {row["actor"] for row in rows}
    rows += [{key: event.event_id, "actor": code, "role": "participant"}
             for code in event.participants if code not in named]
    return rows


def people_rows(event: Event) -> list[dict]:
    return [{"event_id": event.event_id, **person.to_dict()} for person in event.people]


def fused_tables(fused: Iterable[FusedEvent]) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The events, event_sources and event_participants rows of canonical events."""
    events, sources, roles = [], [], []
    for item in fused:
        actor_rows = role_rows("canonical_id", item.event)
        events.append({"canonical_id": item.canonical_id, **event_columns(item.event),
                       "source_count": len({source.doc_id for source in item.sources}),
                       "actors": sorted({row["actor"] for row in actor_rows})})
        sources += [{"canonical_id": item.canonical_id, "event_id": source.event_id,
                     "doc_id": source.doc_id, "fusion_rule": source.rule} for source in item.sources]
        roles += actor_rows
    return table(events, EVENTS), table(sources, SOURCES), table(roles, EVENT_PARTICIPANTS)


def event_from_row(row: dict, event_id: str | None = None, doc_id: str | None = None) -> Event:
    """The Event a reports (or events) row stores."""
    place = None
    if row.get("location_name"):
        place = Place(row["location_name"], row["location_country"], row["location_lat"], row["location_lon"])
    return Event(
        doc_id=doc_id or row["doc_id"],
        event_type=row["event_type"],
        mode=row["mode"],
        status=row["status"],
        source_actors=tuple(row["source_actors"]),
        target_actors=tuple(row["target_actors"]),
        participants=tuple(row["participants"]),
        evidence=Evidence(row["evidence_text"], row["evidence_start"], row["evidence_end"]),
        host=row["host"],
        organization=row["organization"],
        contexts=tuple(row["contexts"]),
        projects=tuple(row["projects"]),
        people=tuple(Person(p["name"], p["actor"], p["role"]) for p in row["people"]),
        time=TimeSpan(row["date_start"], row["date_end"], row["date_precision"]),
        location=place,
        confidence=row["confidence"],
        trigger=row["trigger"] or "",
        event_id=event_id or row["event_id"],
        participant_sources=tuple((g["actor"], g["source"]) for g in row["participant_sources"] or ()),
    )


def fused_record(row: dict) -> dict:
    """The contract record of a canonical event row that carries its ``sources`` list."""
    sources = list(row["sources"] or [])
    record = event_from_row(row, event_id=row["canonical_id"], doc_id=sources[0] if sources else "-").to_dict()
    del record["doc_id"]
    record["sources"] = sources
    record["source_count"] = row["source_count"]
    return record

