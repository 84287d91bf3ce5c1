"""Reads: fused events and reports with filters, one event with its sources, documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from diplomap.errors import StoreError
from diplomap.store.records import event_from_row, fused_record, view

CHUNK = 2000
_SOURCES = ("(SELECT list_sort(list(DISTINCT s.doc_id)) FROM event_sources s "
            "WHERE s.canonical_id = e.canonical_id) AS sources")


@dataclass(frozen=True)
class EventQuery:
    """Filters over events or reports; None means any.

    ``actor`` and ``with_actor`` must both be participants; dates select events whose
    interval overlaps [date_from, date_to] (undated events are left out then).
    """

    actor: str | None = None
    with_actor: str | None = None
    event_types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    limit: int | None = None

    def where(self, alias: str) -> tuple[str, list]:
        clauses, params = ["TRUE"], []
        for code in (self.actor, self.with_actor):
            if code:
                clauses.append(f"list_contains({alias}.participants, ?)")
                params.append(code.upper())
        if self.event_types:
            clauses.append(f"{alias}.event_type IN ({', '.join('?' for _ in self.event_types)})")
            params += [kind.upper() for kind in self.event_types]
        if self.date_from:
            clauses.append(f"coalesce({alias}.date_end, {alias}.date_start) >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append(f"{alias}.date_start <= ?")
            params.append(self.date_to)
        if self.status:
            clauses.append(f"{alias}.status = ?")
            params.append(self.status)
        return " AND ".join(clauses), params

    def tail(self) -> str:
        return f" LIMIT {int(self.limit)}" if self.limit else ""


def reports(conn, query: EventQuery) -> Iterator[dict]:
    """Contract records of the reports (one per document and event) matching ``query``."""
    where, params = query.where("r")
    sql = (f"SELECT r.* FROM reports r WHERE {where} "
           f"ORDER BY r.date_start NULLS LAST, r.doc_id, r.evidence_start, r.event_id{query.tail()}")
    for row in _stream(conn, sql, params):
        yield event_from_row(row).to_dict()


def fused_events(conn, query: EventQuery) -> Iterator[dict]:
    """Contract records of canonical events, each with ``sources`` (document ids)."""
    where, params = query.where("e")
    sql = (f"SELECT e.*, {_SOURCES} FROM events e WHERE {where} "
           f"ORDER BY e.date_start NULLS LAST, e.canonical_id{query.tail()}")
    for row in _stream(conn, sql, params):
        yield fused_record(row)


def event_detail(conn, event_id: str) -> dict:
    """A canonical event (by its id, a report's id, or a unique prefix of either) and its sources.

    Returns {"event": contract record, "sources": [{report, rule, document fields}]}.
    Raises StoreError when no event or several match.
    """
    canonical = _resolve(conn, event_id)
    rows = _rows(conn, f"SELECT e.*, {_SOURCES} FROM events e WHERE e.canonical_id = ?", [canonical])
    sources = _rows(conn, """
        SELECT s.fusion_rule, r.*, d.title, d.url, d.origin, d.source, d.published
        FROM event_sources s JOIN reports r USING (event_id) JOIN documents d ON d.doc_id = r.doc_id
        WHERE s.canonical_id = ? ORDER BY d.published NULLS LAST, r.doc_id, r.evidence_start""", [canonical])
    return {
        "event": fused_record(rows[0]),
        "sources": [{"report": event_from_row(row).to_dict(), "rule": row["fusion_rule"],
                     "title": row["title"], "url": row["url"], "origin": row["origin"],
                     "source": row["source"], "published": _iso(row["published"])} for row in sources],
    }


def documents(conn) -> list[dict]:
    return _rows(conn, """
        SELECT doc_id, published, title, source, url, origin, report_count AS reports, tier, kb_version,
               date_source, ingested_at FROM documents ORDER BY published NULLS LAST, origin, doc_id""", [])


def failures(conn) -> list[dict]:
    return _rows(conn, "SELECT origin, reason, at FROM failures ORDER BY at, origin", [])


def document_sources(conn, doc_ids: Iterable[str]) -> dict[str, dict]:
    """Citation fields (title, url, source, published, origin) of each document."""
    ids = pa.table({"doc_id": sorted(set(doc_ids))}, schema=pa.schema([("doc_id", pa.string())]))
    with view(conn, "_cited", ids):
        rows = _rows(conn, "SELECT doc_id, title, url, source, published, origin FROM documents "
                           "WHERE doc_id IN (SELECT doc_id FROM _cited)", [])
    return {row["doc_id"]: row for row in rows}


def _resolve(conn, event_id: str) -> str:
    found = _rows(conn, "SELECT canonical_id FROM events WHERE canonical_id = ? "
                        "UNION SELECT canonical_id FROM event_sources WHERE event_id = ?", [event_id, event_id])
    if not found and len(event_id) >= 4:
        found = _rows(conn, "SELECT canonical_id FROM events WHERE starts_with(canonical_id, ?) "
                            "UNION SELECT canonical_id FROM event_sources WHERE starts_with(event_id, ?)",
                      [event_id, event_id])
    ids = sorted({row["canonical_id"] for row in found})
    if not ids:
        raise StoreError(f"{event_id}: no event or report with this id")
    if len(ids) > 1:
        raise StoreError(f"{event_id}: matches {len(ids)} events; give more of the id")
    return ids[0]


def _rows(conn, sql: str, params: list) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def _stream(conn, sql: str, params: list) -> Iterator[dict]:
    """Rows in chunks, on a cursor of their own, so other reads can run meanwhile."""
    cursor = conn.cursor()
    try:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        while chunk := cursor.fetchmany(CHUNK):
            for values in chunk:
                yield dict(zip(names, values))
    finally:
        cursor.close()


def _iso(value) -> str | None:
    return value.isoformat() if value else None
