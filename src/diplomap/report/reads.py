"""Reads the views need beyond ``diplomap.store``: filtered pages of events, evidence in bulk.

Every function takes an open store and returns plain JSON-ready dicts: event records
in the contract shape of ``diplomap events --format jsonl`` (``event_id``, ``sources``
as document ids ...), and an event's evidence in the shape of ``Store.event_detail``
(``{"event": record, "sources": [{"report", "rule", "title", "url", ...}]}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from diplomap.analytics.base import query_rows
from diplomap.store.records import event_from_row, fused_record

MAX_PAGE = 1000
MAX_OFFSET = 1_000_000_000       # past any store; larger numbers overflow the databases' integers
_SOURCES = ("(SELECT array_agg(DISTINCT s.doc_id ORDER BY s.doc_id) FROM event_sources s "
            "WHERE s.canonical_id = e.canonical_id) AS sources")
_TAKES_PART = "EXISTS (SELECT 1 FROM event_participants p WHERE p.canonical_id = e.canonical_id AND p.actor = ?)"


@dataclass(frozen=True)
class EventFilter:
    """Filters over fused events; None (or empty) means any.

    ``actor`` and ``with_actor`` must both take part (any role, as the measures count
    them); ``contexts`` keeps events carrying any of them; dates keep events whose
    interval overlaps [date_from, date_to], so undated events drop out once a date is set,
    unless ``include_undated`` keeps them, as the measures do.
    """

    actor: str | None = None
    with_actor: str | None = None
    event_types: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    ids: tuple[str, ...] = ()
    include_undated: bool = False

    def where(self) -> tuple[str, list]:
        clauses, params = ["TRUE"], []
        for code in (self.actor, self.with_actor):
            if code:
                clauses.append(_TAKES_PART)
                params.append(code.upper())
        for column, values in (("e.event_type", [v.upper() for v in self.event_types]),
                               ("e.canonical_id", list(self.ids))):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params += values
        if self.contexts:
            clauses.append("(" + " OR ".join("? = ANY(e.contexts)" for _ in self.contexts) + ")")
            params += list(self.contexts)
        dated = []
        if self.date_from:
            dated.append("coalesce(e.date_end, e.date_start) >= ?")
            params.append(self.date_from)
        if self.date_to:
            dated.append("e.date_start <= ?")
            params.append(self.date_to)
        if dated:
            either = " OR e.date_start IS NULL" if self.include_undated else ""
            clauses.append(f"(({' AND '.join(dated)}){either})")
        if self.status:
            clauses.append("e.status = ?")
            params.append(self.status)
        return " AND ".join(clauses), params


def count_events(store, where: EventFilter) -> int:
    clause, params = where.where()
    return query_rows(store, f"SELECT count(*) AS n FROM events e WHERE {clause}", params)[0]["n"]


def list_events(store, where: EventFilter, limit: int = 100, offset: int = 0) -> list[dict]:
    """One page of fused events (contract records with ``sources``), by date then id."""
    clause, params = where.where()
    page = _page(limit, offset)
    rows = query_rows(store, f"SELECT e.*, {_SOURCES} FROM events e WHERE {clause} "
                             f"ORDER BY e.date_start NULLS LAST, e.canonical_id {page}", params)
    return [fused_record(row) for row in rows]


def event_details(store, canonical_ids: Iterable[str]) -> list[dict]:
    """Each event with its sources and their sentences, in the order of the ids given.

    The shape of ``Store.event_detail``, for many events in two queries; unknown ids
    are left out.
    """
    wanted = list(dict.fromkeys(canonical_ids))
    if not wanted:
        return []
    details: dict[str, dict] = {}
    for chunk in _chunks(wanted, 500):
        marks = ", ".join("?" for _ in chunk)
        for row in query_rows(store, f"SELECT e.*, {_SOURCES} FROM events e WHERE e.canonical_id IN ({marks})",
                              chunk):
            details[row["canonical_id"]] = {"event": fused_record(row), "sources": []}
        sources = query_rows(store, f"""
            SELECT s.canonical_id, s.fusion_rule, r.*, d.title, d.url, d.origin, d.source, d.published
            FROM event_sources s JOIN reports r ON r.event_id = s.event_id JOIN documents d ON d.doc_id = r.doc_id
            WHERE s.canonical_id IN ({marks})
            ORDER BY d.published NULLS LAST, r.doc_id, r.evidence_start""", chunk)
        for row in sources:
            if row["canonical_id"] in details:
                details[row["canonical_id"]]["sources"].append(_source(row))
    return [details[i] for i in wanted if i in details]


def documents_page(store, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    """(total, one page of stored documents) by publication date, without their text."""
    total = query_rows(store, "SELECT count(*) AS n FROM documents")[0]["n"]
    rows = query_rows(store, f"""
        SELECT doc_id, published, title, source, url, origin, report_count AS reports, tier, kb_version,
               date_source FROM documents ORDER BY published NULLS LAST, origin, doc_id
        {_page(limit, offset)}""")
    return total, [{**row, "published": _iso(row["published"])} for row in rows]


def _page(limit: int, offset: int) -> str:
    """LIMIT and OFFSET clamped to what a page may ask for."""
    return f"LIMIT {max(1, min(int(limit), MAX_PAGE))} OFFSET {max(0, min(int(offset), MAX_OFFSET))}"


def actors(store) -> list[dict]:
    """Every actor that takes part in an occurred event, most events first."""
    rows = query_rows(store, """
        SELECT p.actor, count(DISTINCT p.canonical_id) AS events FROM event_participants p
        JOIN events e ON e.canonical_id = p.canonical_id WHERE e.status = 'occurred'
        GROUP BY p.actor ORDER BY events DESC, p.actor""")
    return [dict(row) for row in rows]


def _source(row: dict) -> dict:
    return {"report": event_from_row(row).to_dict(), "rule": row["fusion_rule"], "title": row["title"],
            "url": row["url"], "origin": row["origin"], "source": row["source"], "published": _iso(row["published"])}


def _chunks(values: Sequence[str], size: int):
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


def _iso(value) -> str | None:
    return value.isoformat() if value else None
