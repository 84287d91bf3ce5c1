"""The embedded DuckDB event store: one writer, batched Arrow writes, one transaction a batch."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from diplomap.errors import InputError, StoreError
from diplomap.fuse import FusionRules, fusion_window, type_family
from diplomap.models import Document
from diplomap.store import fusion, queries
from diplomap.store.records import (
    DOCUMENTS, FAILURES, PARTICIPANTS, PEOPLE, REPORTS, ExtractedDocument, document_row, event_from_row,
    insert_arrow, people_rows, report_row, role_rows, table, text_hash,
)
from diplomap.store.records import view as _view
from diplomap.store.schema import LATEST, migrate, schema_version

logger = logging.getLogger(__name__)
MEMORY = ":memory:"
# "feed.xml#3" and "dump.jsonl:12" name a position in a file, not a document: an item
# moving up a feed must not replace the item that was there before.
_POSITIONAL_ORIGIN = re.compile(r"(?:#|:)\d+$")
_REPORT_TABLES = ("participants", "people")


@dataclass
class BatchResult:
    """What one committed batch changed."""

    documents: int = 0
    reports: int = 0
    replaced: int = 0
    skipped: int = 0
    failures: int = 0
    canonical: int = 0
    replaced_ids: list[str] = field(default_factory=list)


class DuckDBStore:
    """Documents, reports and canonical events in one DuckDB file (or in memory).

    ``DuckDBStore.open(path)`` creates or migrates the file. A process holds a file
    alone while it is open (DuckDB's lock); another opener gets a StoreError.
    """

    def __init__(self, conn, where: str, rules: FusionRules | None = None):
        self.conn = conn
        self.where = where
        self.rules = rules or FusionRules()

    @classmethod
    def open(cls, path: str | Path = MEMORY, rules: FusionRules | None = None, create: bool = True) -> DuckDBStore:
        where = str(path)
        if where != MEMORY and not create and not Path(where).exists():
            raise StoreError(f"{where}: no such store; run `diplomap ingest` first")
        try:
            conn = duckdb.connect(where)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"{where}: cannot open the store ({_first_line(exc)})") from exc
        store = cls(conn, where, rules)
        try:
            store._upgrade()
        except StoreError:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    def _upgrade(self) -> None:
        before = schema_version(self.conn)
        migrate(self.conn, LATEST, self.where)
        if 0 < before < 2:
            with self.transaction():
                self._backfill_fusion_keys()
                canonical = fusion.refuse_all(self.conn, self.rules)
            logger.info("%s: fused %d canonical events after migration", self.where, canonical)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: everything inside commits together or not at all."""
        self.conn.begin()
        try:
            yield
        except BaseException as exc:
            self.conn.rollback()
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"{self.where}: write failed and was rolled back ({_first_line(exc)})") from exc
            raise
        else:
            self.conn.commit()

    def is_stored(self, document: Document) -> bool:
        """Whether ``document`` is stored already with the same text."""
        found = self.conn.execute("SELECT text_hash FROM documents WHERE doc_id = ?", [document.doc_id]).fetchone()
        return found is not None and found[0] == text_hash(document)

    def write_batch(self, items: Sequence[ExtractedDocument], failures: Sequence[InputError] = ()) -> BatchResult:
        """Store documents with their reports, replace older versions, re-fuse; one transaction.

        A document already stored with the same text is skipped. A document with the same
        doc_id, URL or (file) origin as a stored one but different text replaces it and
        its reports. Failures are recorded by origin. Raises StoreError (and writes
        nothing) when the batch cannot be written.
        """
        result = BatchResult()
        fresh = self._fresh(items, result)
        now = datetime.now()
        with self.transaction():
            touched = self._remove_replaced(fresh, result)
            touched += self._insert(fresh, now, result)
            result.canonical = fusion.refresh(self.conn, touched, self.rules)
            self._record_failures(failures, now)
            self._clear_failures([item.document.origin for item in fresh])
            result.failures = len(failures)
        return result

    def record_failures(self, failures: Sequence[InputError]) -> None:
        """Record (or update) the reason each failed input was skipped."""
        if failures:
            with self.transaction():
                self._record_failures(failures, datetime.now())

    def refuse(self) -> int:
        """Rebuild the fused layer from all reports; the number of canonical events."""
        with self.transaction():
            return fusion.refuse_all(self.conn, self.rules)

    def counts(self) -> dict[str, int]:
        """Row counts: documents, reports, events (canonical), sources, failures."""
        names = {"documents": "documents", "reports": "reports", "events": "events",
                 "sources": "event_sources", "failures": "failures"}
        return {key: self.conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for key, name in names.items()}

    # reads, see diplomap.store.queries
    def events(self, query: queries.EventQuery | None = None) -> Iterator[dict]:
        return queries.fused_events(self.conn, query or queries.EventQuery())

    def reports(self, query: queries.EventQuery | None = None) -> Iterator[dict]:
        return queries.reports(self.conn, query or queries.EventQuery())

    def event_detail(self, event_id: str) -> dict:
        return queries.event_detail(self.conn, event_id)

    def documents(self) -> list[dict]:
        return queries.documents(self.conn)

    def failures(self) -> list[dict]:
        return queries.failures(self.conn)

    def document_sources(self, doc_ids: Iterable[str]) -> dict[str, dict]:
        return queries.document_sources(self.conn, doc_ids)

    # writes
    def _fresh(self, items: Sequence[ExtractedDocument], result: BatchResult) -> list[ExtractedDocument]:
        """Items not stored yet with the same text, one per doc_id, events unique by id."""
        fresh, seen = [], set()
        for item in items:
            if item.document.doc_id in seen or self.is_stored(item.document):
                result.skipped += 1
                continue
            seen.add(item.document.doc_id)
            unique: dict = {}
            for event in item.events:
                unique.setdefault(event.event_id, event)
            fresh.append(ExtractedDocument(item.document, tuple(unique.values()), item.tier, item.kb_version))
        return fresh

    def _remove_replaced(self, items: Sequence[ExtractedDocument], result: BatchResult) -> list[fusion.Touch]:
        keys = [{"doc_id": item.document.doc_id, "url": item.document.url,
                 "origin": None if _positional(item.document.origin) else item.document.origin}
                for item in items]
        if not keys:
            return []
        incoming = pa.Table.from_pylist(keys, schema=pa.schema(
            [("doc_id", pa.string()), ("url", pa.string()), ("origin", pa.string())]))
        with _view(self.conn, "_incoming", incoming):
            gone = [row[0] for row in self.conn.execute(
                "SELECT DISTINCT d.doc_id FROM documents d JOIN _incoming i ON d.doc_id = i.doc_id "
                "OR d.url = i.url OR d.origin = i.origin ORDER BY 1").fetchall()]
        if gone:
            logger.info("%s: replacing %d changed document(s)", self.where, len(gone))
        result.replaced, result.replaced_ids = len(gone), gone
        return self._delete_documents(gone)

    def _delete_documents(self, doc_ids: Sequence[str]) -> list[fusion.Touch]:
        if not doc_ids:
            return []
        gone = pa.table({"doc_id": list(doc_ids)}, schema=pa.schema([("doc_id", pa.string())]))
        with _view(self.conn, "_gone", gone):
            touched = [fusion.Touch(*row) for row in self.conn.execute(
                "SELECT event_id, family, status, window_start, window_end FROM reports "
                "WHERE doc_id IN (SELECT doc_id FROM _gone)").fetchall()]
            for name in _REPORT_TABLES:
                self.conn.execute(f"DELETE FROM {name} WHERE event_id IN "
                                  "(SELECT event_id FROM reports WHERE doc_id IN (SELECT doc_id FROM _gone))")
            self.conn.execute("DELETE FROM reports WHERE doc_id IN (SELECT doc_id FROM _gone)")
            self.conn.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM _gone)")
        return touched

    def _insert(self, items: Sequence[ExtractedDocument], now: datetime, result: BatchResult) -> list[fusion.Touch]:
        documents, reports, roles, people = [], [], [], []
        for item in items:
            documents.append(document_row(item, now))
            for event in item.events:
                reports.append(report_row(event, item.document.published))
                roles += role_rows("event_id", event)
                people += people_rows(event)
        for name, rows, schema in (("documents", documents, DOCUMENTS), ("reports", reports, REPORTS),
                                   ("participants", roles, PARTICIPANTS), ("people", people, PEOPLE)):
            insert_arrow(self.conn, name, table(rows, schema))
        result.documents, result.reports = len(documents), len(reports)
        return [fusion.Touch(r["event_id"], r["family"], r["status"], r["window_start"], r["window_end"])
                for r in reports]

    def _record_failures(self, failures: Sequence[InputError], now: datetime) -> None:
        latest = {failure.source: failure.problem for failure in failures}
        if not latest:
            return
        rows = table([{"origin": origin, "reason": reason, "at": now} for origin, reason in latest.items()],
                     FAILURES)
        with _view(self.conn, "_failed", rows):
            self.conn.execute("DELETE FROM failures WHERE origin IN (SELECT origin FROM _failed)")
            self.conn.execute("INSERT INTO failures BY NAME SELECT * FROM _failed")

    def _clear_failures(self, origins: Sequence[str | None]) -> None:
        known = [origin for origin in origins if origin]
        if known:
            cleared = pa.table({"origin": known}, schema=pa.schema([("origin", pa.string())]))
            with _view(self.conn, "_cleared", cleared):
                self.conn.execute("DELETE FROM failures WHERE origin IN (SELECT origin FROM _cleared)")

    def _backfill_fusion_keys(self) -> None:
        """Give reports stored before schema version 2 their family and fusion window."""
        cursor = self.conn.execute(
            "SELECT r.*, d.published FROM reports r JOIN documents d USING (doc_id) WHERE r.family IS NULL")
        names = [column[0] for column in cursor.description]
        rows = []
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            window = fusion_window(event_from_row(row), row["published"])
            rows.append({"event_id": row["event_id"], "family": type_family(row["event_type"]),
                         "window_start": window[0] if window else None, "window_end": window[1] if window else None})
        keys = table(rows, pa.schema([("event_id", pa.string()), ("family", pa.string()),
                                      ("window_start", pa.date32()), ("window_end", pa.date32())]))
        with _view(self.conn, "_keys", keys):
            self.conn.execute("UPDATE reports SET family = k.family, window_start = k.window_start, "
                              "window_end = k.window_end FROM _keys k WHERE reports.event_id = k.event_id")


def _positional(origin: str | None) -> bool:
    return origin is None or bool(_POSITIONAL_ORIGIN.search(origin))


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
