"""Reads: fused events and reports with filters, one event with its sources, documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from diplomap.errors import StoreError
from diplomap.store.records import event_from_row, fused_record

MAX_NAMED = 5          # ids an ambiguous prefix names in its error
# The page of a report's evidence: form feeds (models.PAGE_BREAK) before it, plus one; NULL without any.
_BEFORE = "substr(d.text, 1, r.evidence_start)"
_PAGE = (f"CASE WHEN position(chr(12) IN d.text) > 0 THEN "
         f"length({_BEFORE}) - length(replace({_BEFORE}, chr(12), '')) + 1 END")

_SOURCES = ("(SELECT array_agg(DISTINCT s.doc_id ORDER BY s.doc_id) FROM event_sources s "
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
                clauses.append(f"? = ANY({alias}.participants)")
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


def reports(engine, query: EventQuery) -> Iterator[dict]:
    """Contract records of the reports (one per document and event) matching ``query``."""
    where, params = query.where("r")
    sql = (f"SELECT r.* FROM reports r WHERE {where} "
           f"ORDER BY r.date_start NULLS LAST, r.doc_id, r.evidence_start, r.event_id{query.tail()}")
    for row in _stream(engine, sql, params):
        yield event_from_row(row).to_dict()


def fused_events(engine, query: EventQuery) -> Iterator[dict]:
    """Contract records of canonical events, each with ``sources`` (document ids)."""
    where, params = query.where("e")
    sql = (f"SELECT e.*, {_SOURCES} FROM events e WHERE {where} "
           f"ORDER BY e.date_start NULLS LAST, e.canonical_id{query.tail()}")
    for row in _stream(engine, sql, params):
        yield fused_record(row)


def event_detail(engine, event_id: str) -> dict:
    """A canonical event (by its id, a report's id, or a unique prefix of either) and its sources.

    Returns {"event": contract record, "sources": [{report, rule, document fields, page}]}; ``page``
    is the page of the evidence in a document read from a PDF (see ``Document.page_of``), else None.
    Raises StoreError when no event or several match.
    """
    canonical = _resolve(engine, event_id)
    rows = _rows(engine, f"SELECT e.*, {_SOURCES} FROM events e WHERE e.canonical_id = ?", [canonical])
    sources = _rows(engine, f"""
        SELECT s.fusion_rule, r.*, d.title, d.url, d.origin, d.source, d.published, {_PAGE} AS page
        FROM event_sources s JOIN reports r USING (event_id) JOIN documents d ON d.doc_id = r.doc_id
        WHERE s.canonical_id = ? ORDER BY d.published NULLS LAST, r.doc_id, r.evidence_start""", [canonical])
    return {
        "event": fused_record(rows[0]),
        "sources": [{"report": event_from_row(row).to_dict(), "rule": row["fusion_rule"],
                     "title": row["title"], "url": row["url"], "origin": row["origin"],
                     "source": row["source"], "published": _iso(row["published"]), "page": row["page"]}
                    for row in sources],
    }


def documents(engine) -> list[dict]:
    return _rows(engine, """
        SELECT doc_id, published, title, source, url, origin, report_count AS reports, tier, kb_version,
               date_source, ingested_at, copy_of, copy_similarity FROM documents ORDER BY published NULLS LAST, origin, doc_id""", [])


def failures(engine) -> list[dict]:
    return _rows(engine, "SELECT origin, reason, failed_at FROM failures ORDER BY failed_at, origin", [])


def document_sources(engine, doc_ids: Iterable[str]) -> dict[str, dict]:
    """Citation fields (title, url, source, published, origin) of each document."""
    ids = pa.table({"doc_id": sorted(set(doc_ids))}, schema=pa.schema([("doc_id", pa.string())]))
    with engine.table("_cited", ids):
        rows = _rows(engine, "SELECT doc_id, title, url, source, published, origin FROM documents "
                           "WHERE doc_id IN (SELECT doc_id FROM _cited)", [])
    return {row["doc_id"]: row for row in rows}


def source_evidence(engine, canonical_ids: Iterable[str]) -> dict[str, list[str]]:
    """The sentences of every report of each canonical event, in document order."""
    ids = pa.table({"id": sorted(set(canonical_ids))}, schema=pa.schema([("id", pa.string())]))
    with engine.table("_evidence_ids", ids):
        rows = engine.values("""
            SELECT s.canonical_id, array_agg(DISTINCT r.evidence_text)
            FROM event_sources s JOIN reports r USING (event_id)
            WHERE s.canonical_id IN (SELECT id FROM _evidence_ids) GROUP BY 1""")
    return {canonical: sorted(texts) for canonical, texts in rows}


def _resolve(engine, event_id: str) -> str:
    """The canonical id that ``event_id`` names: a canonical id, a report id, or a unique prefix of
    either, of any length. StoreError when none matches, or several (naming a few of them)."""
    event_id = event_id.strip()
    found = _rows(engine, "SELECT canonical_id FROM events WHERE canonical_id = ? "
                        "UNION SELECT canonical_id FROM event_sources WHERE event_id = ?", [event_id, event_id])
    if not found and event_id:
        prefix = event_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = _rows(engine, "SELECT canonical_id FROM events WHERE canonical_id LIKE ? ESCAPE '\\' "
                              "UNION SELECT canonical_id FROM event_sources WHERE event_id LIKE ? ESCAPE '\\'",
                      [prefix, prefix])
    ids = sorted({row["canonical_id"] for row in found})
    if not ids:
        raise StoreError(f"{event_id or '(empty)'}: no event or report with this id or beginning")
    if len(ids) > 1:
        shown = ", ".join(ids[:MAX_NAMED]) + (", ..." if len(ids) > MAX_NAMED else "")
        raise StoreError(f"{event_id}: the beginning of {len(ids)} events ({shown}); give more of the id")
    return ids[0]


def _rows(engine, sql: str, params: list) -> list[dict]:
    return engine.rows(sql, params)


def _stream(engine, sql: str, params: list) -> Iterator[dict]:
    return engine.stream(sql, params)


def _iso(value) -> str | None:
    return value.isoformat() if value else None
