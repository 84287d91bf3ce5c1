"""The event store: one writer, batched Arrow writes, one transaction a batch, on DuckDB or PostgreSQL."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from diplomap.copies import CopyRules, Signature
from diplomap.errors import InputError, StorageFault, StoreError
from diplomap.fuse import FusionRules, fusion_window, type_family
from diplomap.models import Document
from diplomap.store import copies, fusion, queries
from diplomap.store.engine import MEMORY, first_line, open_engine
from diplomap.store.records import (
    FAILURES, PENDING, ExtractedDocument, batch_tables, event_from_row, table, text_hash,
)
from diplomap.store.schema import LATEST, migrate, schema_version

logger = logging.getLogger(__name__)
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


# Faults of the file system under the store, as the OS words them, with what they mean and what to do.
_FAULTS = (
    ("No space left on device", "the disk is full", "free some space (or move the store with --db) and run "
     "the same command again: what was stored is skipped"),
    ("Disk quota exceeded", "the disk quota is used up", "free some of your quota and run the same command "
     "again: what was stored is skipped"),
    ("Permission denied", "the store or its folder is no longer writable", "make them writable again and "
     "run the same command again: what was stored is skipped"),
    ("Read-only file system", "the store's file system became read-only", "remount it writable (or copy the "
     "store elsewhere) and run the same command again"),
    ("No such file or directory", "the store's file or folder went away", "restore it, or run the command "
     "again to make a new store"),
)


def storage_fault(where: str, exc: BaseException) -> StorageFault | None:
    """``exc`` as a StorageFault when the file system under the store failed it, else None."""
    text = str(exc)
    for marker, what, advice in _FAULTS:
        if marker in text:
            return StorageFault(where, what, first_line(exc), advice)
    return None


class EventStore:
    """Documents, reports and canonical events in a DuckDB file (or memory) or a PostgreSQL database.

    ``EventStore.open(target)`` creates or migrates the store. A DuckDB file is written by
    one process at a time (another writer gets a StoreError), while readers in other
    processes (``read_only``: the dashboard) take turns with it (``diplomap.store.sharing``);
    PostgreSQL serves many, writers taking turns batch by batch.
    """

    def __init__(self, engine, rules: FusionRules | None = None, copy_rules: CopyRules | None = None):
        self.engine = engine
        self.where = engine.where
        self.rules = rules or FusionRules()
        self.copy_rules = copy_rules or CopyRules()

    @property
    def conn(self):
        """The engine's own connection (DuckDB or psycopg), for ad-hoc SQL in that engine's dialect."""
        return self.engine.conn

    @classmethod
    def open(cls, target: str | Path = MEMORY, rules: FusionRules | None = None, create: bool = True,
             read_only: bool = False, copy_rules: CopyRules | None = None) -> EventStore:
        engine = open_engine(target, create, read_only)
        store = cls(engine, rules, copy_rules)
        try:
            store._ready_to_read() if getattr(engine, "read_only", False) else store._upgrade()
        except StoreError:
            engine.close()
            raise
        return store

    def close(self) -> None:
        self.engine.close()

    def pause(self) -> None:
        """Let go of a shared DuckDB file until the next statement, for a writer about to be busy
        elsewhere, so the dashboard can read meanwhile (``diplomap.store.sharing``); else nothing."""
        pause = getattr(self.engine, "pause", None)
        if pause is not None:
            pause()

    @contextmanager
    def loading(self) -> Iterator[None]:
        """For a long load: DuckDB's cache of pages capped (``engine.LOAD_SETTINGS``) so that the
        writer's memory does not grow with the store; on PostgreSQL and in memory nothing changes."""
        limited = getattr(self.engine, "limited", None)
        with limited() if limited is not None else nullcontext():
            yield

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
            return
        try:                      # an error is on its way already: closing must not replace it
            self.close()
        except Exception as exc:  # noqa: BLE001 - the error under way says more
            logger.info("%s: closing after %s: %s", self.where, kind.__name__, first_line(exc))

    @property
    def schema_version(self) -> int:
        return self.engine.values("SELECT max(version) FROM schema_version")[0][0]

    def _ready_to_read(self) -> None:
        """A reader writes nothing: an older store is migrated first, once, by a writer opened for it."""
        if schema_version(self.engine) < LATEST:
            self.engine.release()
            EventStore.open(self.where, self.rules, create=False).close()
        found = schema_version(self.engine)
        if found != LATEST:
            raise StoreError(f"{self.where}: the store has schema version {found}; this diplomap reads {LATEST}")

    def _upgrade(self) -> None:
        before = schema_version(self.engine)
        migrate(self.engine, LATEST)
        if 0 < before < 2:
            with self.transaction():
                self._backfill_fusion_keys()
                canonical = fusion.refuse_all(self.engine, self.rules)
            logger.info("%s: fused %d canonical events after migration", self.where, canonical)
        if self.pending_fusion():
            logger.info("%s: fusing reports left unfused by an interrupted ingest", self.where)
            with self.loading():        # as the ingest would have: DuckDB's cache capped
                self.fuse_pending()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: everything inside commits together or not at all."""
        try:
            self.engine.begin()
        except self.engine.Error as exc:
            raise StoreError(f"{self.where}: cannot start a transaction ({first_line(exc)})") from exc
        try:
            yield
        except BaseException as exc:
            self._rollback_quietly()
            if isinstance(exc, self.engine.Error):
                raise storage_fault(self.where, exc) or StoreError(
                    f"{self.where}: write failed and was rolled back ({first_line(exc)})") from exc
            raise
        try:
            self.engine.commit()
        except self.engine.Error as exc:
            self._rollback_quietly(self.engine.conn)     # commit() has ended the engine's transaction already
            raise storage_fault(self.where, exc) or StoreError(
                f"{self.where}: cannot commit the write ({first_line(exc)})") from exc

    def _rollback_quietly(self, target=None) -> None:
        """Roll back what a failed transaction left (on ``target``, else the engine); after a failed commit
        there may be nothing to roll back."""
        try:
            (target or self.engine).rollback()
        except self.engine.Error as exc:
            logger.info("%s: rollback after a failed write: %s", self.where, first_line(exc))

    def is_stored(self, document: Document) -> bool:
        """Whether ``document`` is stored already with the same text."""
        found = self.engine.values("SELECT text_hash FROM documents WHERE doc_id = ?", [document.doc_id])
        return bool(found) and found[0][0] == text_hash(document)

    def write_batch(self, items: Sequence[ExtractedDocument], failures: Sequence[InputError] = (),
                    fuse: bool = True) -> BatchResult:
        """Store documents with their reports, replace older versions, re-fuse; one transaction.

        A document already stored with the same text is skipped. A document with the same
        doc_id, URL or (file) origin as a stored one but different text replaces it and
        its reports. Failures are recorded by origin. With ``fuse=False`` the reports the
        batch touched wait in ``fusion_pending`` (committed with them) until
        ``fuse_pending()``, so a long load fuses once. Raises StoreError (and writes
        nothing) when the batch cannot be written.
        """
        result = BatchResult()
        now = datetime.now()
        with self.transaction():
            fresh = self._fresh(items, result)      # inside: another writer may have stored some meanwhile
            touched = self._remove_replaced(fresh, result)
            fresh = self._copies(fresh, touched)
            self.engine.insert("fusion_pending", table([t.__dict__ for t in touched], PENDING))
            self._insert(fresh, now, result)
            if fuse:
                result.canonical = self._fuse_pending()
            self._record_failures(failures, now)
            self._clear_failures([item.document.origin for item in fresh])
            result.failures = len(failures)
        return result

    def write_tables(self, tables: Mapping[str, pa.Table], failures: Sequence[InputError] = ()) -> BatchResult:
        """Store documents and reports given as Arrow tables, as ``write_batch(..., fuse=False)`` does.

        ``tables`` holds ``documents``, ``reports``, ``participants`` and ``people`` with the
        columns of ``records.batch_tables`` (the Parquet shards of a Dask ingest). Documents
        stored already with the same text are skipped with their rows; changed ones replace
        the stored version. One transaction; fusion waits for ``fuse_pending()``.
        """
        result = BatchResult()
        now = datetime.now()
        with self.transaction():
            documents = tables["documents"]
            keep = self._fresh_rows(documents, result)
            if len(keep) < documents.num_rows:
                documents = documents.take(pa.array(keep, type=pa.int64()))
            columns = documents.select(["doc_id", "url", "origin"]).to_pydict()
            touched = self._remove_older(list(zip(columns["doc_id"], columns["url"], columns["origin"])), result)
            documents, copied = self._table_copies(documents, touched)
            self.engine.insert("fusion_pending", table([t.__dict__ for t in touched], PENDING))
            reports = tables["reports"].filter(pc.and_(pc.is_in(tables["reports"]["doc_id"], documents["doc_id"]),
                                                       pc.invert(pc.is_in(tables["reports"]["doc_id"], copied))))
            written = {"documents": documents, "reports": reports}
            for name in ("participants", "people"):       # the rows of the reports dropped, if any
                rows = tables[name]
                written[name] = rows if reports.num_rows == tables["reports"].num_rows else rows.filter(
                    pc.is_in(rows["event_id"], reports["event_id"]))
            for name in ("documents", "reports", "participants", "people"):
                self.engine.insert(name, written[name])
            self.engine.insert("fusion_pending", reports.select(PENDING.names))
            self._record_failures(failures, now)
            self._clear_failures(columns["origin"])
            result.documents, result.reports, result.failures = documents.num_rows, reports.num_rows, len(failures)
        return result

    def _table_copies(self, documents: pa.Table, touched: list[fusion.Touch]) -> tuple[pa.Table, pa.Array]:
        """``_copies`` for a documents table (every one extracted): the table with its copies marked, their ids."""
        columns = documents.select(["doc_id", "published", "text"]).to_pydict()
        items = [ExtractedDocument(Document(doc_id, text, published=published), ())
                 for doc_id, published, text in zip(columns["doc_id"], columns["published"], columns["text"])]
        found = {item.document.doc_id: item for item in self._copies(items, touched) if item.copy_of}
        marked = {"copy_of": pa.array([found[d].copy_of if d in found else None for d in columns["doc_id"]],
                                      pa.string()),
                  "copy_similarity": pa.array([found[d].copy_similarity if d in found else None
                                               for d in columns["doc_id"]], pa.float64())}
        counts = documents["report_count"].to_pylist()
        marked["report_count"] = pa.array([0 if d in found else n for d, n in zip(columns["doc_id"], counts)],
                                          pa.int32())
        for name, values in marked.items():
            at = documents.schema.get_field_index(name)
            documents = documents.set_column(at, name, values) if at >= 0 else documents.append_column(name, values)
        return documents, pa.array(sorted(found), pa.string())

    def _fresh_rows(self, documents: pa.Table, result: BatchResult) -> list[int]:
        """Row numbers of documents not stored yet with the same text, the first of each doc_id."""
        ids, hashes = documents["doc_id"].to_pylist(), documents["text_hash"].to_pylist()
        stored = self._stored_hashes(ids)
        keep, seen = [], set()
        for row, (doc_id, digest) in enumerate(zip(ids, hashes)):
            if doc_id in seen or stored.get(doc_id) == digest:
                result.skipped += 1
                continue
            seen.add(doc_id)
            keep.append(row)
        return keep

    def record_failures(self, failures: Sequence[InputError]) -> None:
        """Record (or update) the reason each failed input was skipped."""
        if failures:
            with self.transaction():
                self._record_failures(failures, datetime.now())

    def pending_fusion(self) -> int:
        """How many added or removed reports wait to be fused."""
        return self.engine.values("SELECT count(*) FROM fusion_pending")[0][0]

    def fuse_pending(self) -> int:
        """Fuse the reports that batches touched since the last fusion; canonical events rewritten.

        Within ``loading()`` a fusion too large for DuckDB's capped memory (one transaction
        holds the whole new fused layer) is rolled back and run again without the cap.
        """
        try:
            with self.transaction():
                return self._fuse_pending()
        except StoreError as exc:
            if not getattr(self.engine, "settings", None) or not _out_of_memory(exc, self.engine):
                raise
        logger.warning("%s: fusion needed more than the memory capped for loading; fusing again without the cap",
                       self.where)
        with self.engine.unlimited(), self.transaction():
            return self._fuse_pending()

    def refuse(self) -> int:
        """Rebuild the fused layer from all reports; the number of canonical events."""
        with self.transaction():
            self.engine.execute("DELETE FROM fusion_pending")
            return fusion.refuse_all(self.engine, self.rules)

    def _fuse_pending(self) -> int:
        if not self.pending_fusion():
            return 0
        written = fusion.refresh_pending(self.engine, self.rules)
        self.engine.execute("DELETE FROM fusion_pending")
        return written

    def counts(self) -> dict[str, int]:
        """Row counts: documents, reports, events (canonical), sources, failures."""
        names = {"documents": "documents", "reports": "reports", "events": "events",
                 "sources": "event_sources", "failures": "failures"}
        return {key: self.engine.values(f"SELECT count(*) FROM {name}")[0][0] for key, name in names.items()}

    # reads, see diplomap.store.queries
    def events(self, query: queries.EventQuery | None = None) -> Iterator[dict]:
        return queries.fused_events(self.engine, query or queries.EventQuery())

    def reports(self, query: queries.EventQuery | None = None) -> Iterator[dict]:
        return queries.reports(self.engine, query or queries.EventQuery())

    def event_detail(self, event_id: str) -> dict:
        return queries.event_detail(self.engine, event_id)

    def documents(self) -> list[dict]:
        return queries.documents(self.engine)

    def failures(self) -> list[dict]:
        return queries.failures(self.engine)

    def source_evidence(self, canonical_ids: Iterable[str]) -> dict[str, list[str]]:
        return queries.source_evidence(self.engine, canonical_ids)

    def document_sources(self, doc_ids: Iterable[str]) -> dict[str, dict]:
        return queries.document_sources(self.engine, doc_ids)

    # writes
    def _fresh(self, items: Sequence[ExtractedDocument], result: BatchResult) -> list[ExtractedDocument]:
        """Items not stored yet with the same text, one per doc_id, events unique by id."""
        stored = self._stored_hashes([item.document.doc_id for item in items])
        fresh, seen = [], set()
        for item in items:
            doc = item.document
            if doc.doc_id in seen or stored.get(doc.doc_id) == text_hash(doc):
                result.skipped += 1
                continue
            seen.add(doc.doc_id)
            unique: dict = {}
            for event in item.events:
                unique.setdefault(event.event_id, event)
            fresh.append(ExtractedDocument(doc, tuple(unique.values()), item.tier, item.kb_version, item.copy_of,
                                           signature=item.signature))
        return fresh

    def copy_originals(self, documents: Sequence[tuple[Document, Signature | None]],
                       ) -> dict[str, list[tuple[tuple, str]]]:
        """For each document (with its signature, if computed), (key, doc_id) of the stored originals
        that it copies (see ``diplomap.copies``); one look-up in the index for them all."""
        incoming = [copies.Incoming(document.doc_id, document.published, document.text, False, signed)
                    for document, signed in documents]
        return copies.stored_originals(self.engine, incoming, self.copy_rules)

    def _stored_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        wanted = pa.table({"doc_id": list(doc_ids)}, schema=pa.schema([("doc_id", pa.string())]))
        with self.engine.table("_wanted", wanted):
            return dict(self.engine.values("SELECT doc_id, text_hash FROM documents "
                                           "WHERE doc_id IN (SELECT doc_id FROM _wanted)"))

    def _remove_replaced(self, items: Sequence[ExtractedDocument], result: BatchResult) -> list[fusion.Touch]:
        return self._remove_older([(item.document.doc_id, item.document.url, item.document.origin)
                                   for item in items], result)

    def _remove_older(self, documents: Sequence[tuple], result: BatchResult) -> list[fusion.Touch]:
        """Delete the stored versions of incoming (doc_id, url, origin); the reports that touches."""
        keys = [{"doc_id": doc_id, "url": url, "origin": None if _positional(origin) else origin}
                for doc_id, url, origin in documents]
        if not keys:
            return []
        incoming = pa.Table.from_pylist(keys, schema=pa.schema(
            [("doc_id", pa.string()), ("url", pa.string()), ("origin", pa.string())]))
        with self.engine.table("_incoming", incoming):
            gone = [row[0] for row in self.engine.values(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT doc_id FROM _incoming) "
                "OR url IN (SELECT url FROM _incoming) OR origin IN (SELECT origin FROM _incoming) "
                "ORDER BY 1")]
        if gone:
            logger.info("%s: replacing %d changed document(s)", self.where, len(gone))
        result.replaced, result.replaced_ids = len(gone), gone
        return self._delete_documents(gone)

    def _copies(self, items: Sequence[ExtractedDocument], touched: list[fusion.Touch]) -> list[ExtractedDocument]:
        """``items`` with their copies found (no events: their originals carry them), stored groups
        regrouped; the reports whose canonical events gain or lose a source added to ``touched``."""
        if not self.copy_rules.enabled or not items:
            return list(items)
        incoming = [copies.Incoming(item.document.doc_id, item.document.published, item.document.text,
                                    extracted=item.copy_of is None, signature=item.signature) for item in items]
        found = copies.resolve(self.engine, incoming, self.copy_rules)
        touched += self._demote(found.demoted)
        touched += self._report_touches(found.originals | {original for original, _ in found.copy_of.values()})
        self.engine.insert("document_bands", found.bands)
        return [ExtractedDocument(item.document, (), None, None, *found.copy_of[item.document.doc_id])
                if item.document.doc_id in found.copy_of else
                ExtractedDocument(item.document, item.events, item.tier, item.kb_version) for item in items]

    def _demote(self, demoted: Mapping[str, tuple[str, float]]) -> list[fusion.Touch]:
        """Stored originals (and their copies) that now copy an earlier original: their reports go."""
        if not demoted:
            return []
        logger.info("%s: %d stored original(s) are copies of an earlier document", self.where, len(demoted))
        moved = pa.table({"doc_id": list(demoted), "original": [original for original, _ in demoted.values()],
                          "score": [score for _, score in demoted.values()]},
                         schema=pa.schema([("doc_id", pa.string()), ("original", pa.string()), ("score", pa.float64())]))
        with self.engine.table("_moved", moved):
            self.engine.execute("UPDATE documents SET copy_of = m.original, report_count = 0, tier = NULL, "
                                "kb_version = NULL, copy_similarity = CASE WHEN documents.doc_id = m.doc_id "
                                "THEN m.score ELSE documents.copy_similarity END FROM _moved m "
                                "WHERE documents.doc_id = m.doc_id OR documents.copy_of = m.doc_id")
        return self._delete_reports(list(demoted))

    def _report_touches(self, doc_ids) -> list[fusion.Touch]:
        if not doc_ids:
            return []
        wanted = pa.table({"doc_id": sorted(doc_ids)}, schema=pa.schema([("doc_id", pa.string())]))
        with self.engine.table("_touched", wanted):
            return [fusion.Touch(*row) for row in self.engine.values(
                "SELECT event_id, family, status, window_start, window_end FROM reports "
                "WHERE doc_id IN (SELECT doc_id FROM _touched)")]

    def _delete_reports(self, doc_ids: Sequence[str]) -> list[fusion.Touch]:
        touched = self._report_touches(doc_ids)
        gone = pa.table({"doc_id": list(doc_ids)}, schema=pa.schema([("doc_id", pa.string())]))
        with self.engine.table("_gone", gone):
            for name in _REPORT_TABLES:
                self.engine.execute(f"DELETE FROM {name} WHERE event_id IN "
                                    "(SELECT event_id FROM reports WHERE doc_id IN (SELECT doc_id FROM _gone))")
            self.engine.execute("DELETE FROM reports WHERE doc_id IN (SELECT doc_id FROM _gone)")
        return touched

    def _delete_documents(self, doc_ids: Sequence[str]) -> list[fusion.Touch]:
        if not doc_ids:
            return []
        gone = pa.table({"doc_id": list(doc_ids)}, schema=pa.schema([("doc_id", pa.string())]))
        with self.engine.table("_gone", gone):
            touched = [fusion.Touch(*row) for row in self.engine.values(
                "SELECT event_id, family, status, window_start, window_end FROM reports "
                "WHERE doc_id IN (SELECT doc_id FROM _gone) OR doc_id IN "
                "(SELECT copy_of FROM documents WHERE doc_id IN (SELECT doc_id FROM _gone))")]
            self.engine.execute("DELETE FROM document_bands WHERE doc_id IN (SELECT doc_id FROM _gone)")
            for name in _REPORT_TABLES:
                self.engine.execute(f"DELETE FROM {name} WHERE event_id IN "
                                    "(SELECT event_id FROM reports WHERE doc_id IN (SELECT doc_id FROM _gone))")
            self.engine.execute("DELETE FROM reports WHERE doc_id IN (SELECT doc_id FROM _gone)")
            self.engine.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM _gone)")
        return touched

    def _insert(self, items: Sequence[ExtractedDocument], now: datetime, result: BatchResult) -> None:
        """Insert the rows of ``items`` and record their reports as waiting for fusion."""
        tables = batch_tables(items, now)
        for name in ("documents", "reports", "participants", "people"):
            self.engine.insert(name, tables[name])
        self.engine.insert("fusion_pending", tables["reports"].select(PENDING.names))
        result.documents, result.reports = tables["documents"].num_rows, tables["reports"].num_rows

    def _record_failures(self, failures: Sequence[InputError], now: datetime) -> None:
        latest = {failure.source: failure.problem for failure in failures}
        if not latest:
            return
        rows = table([{"origin": origin, "reason": reason, "failed_at": now} for origin, reason in latest.items()],
                     FAILURES)
        with self.engine.table("_failed", rows):
            self.engine.execute("DELETE FROM failures WHERE origin IN (SELECT origin FROM _failed)")
        self.engine.insert("failures", rows)

    def _clear_failures(self, origins: Sequence[str | None]) -> None:
        """Forget the failures of inputs that now read: the document's origin and its file or feed."""
        known = [origin for origin in origins if origin]
        known += [_POSITIONAL_ORIGIN.sub("", origin) for origin in known if _positional(origin)]
        if known:
            cleared = pa.table({"origin": known}, schema=pa.schema([("origin", pa.string())]))
            with self.engine.table("_cleared", cleared):
                self.engine.execute("DELETE FROM failures WHERE origin IN (SELECT origin FROM _cleared)")

    def _backfill_fusion_keys(self) -> None:
        """Give reports stored before schema version 2 their family and fusion window."""
        rows = []
        for row in self.engine.rows("SELECT r.*, d.published FROM reports r JOIN documents d USING (doc_id) "
                                    "WHERE r.family IS NULL"):
            window = fusion_window(event_from_row(row), row["published"])
            rows.append({"event_id": row["event_id"], "family": type_family(row["event_type"]),
                         "window_start": window[0] if window else None, "window_end": window[1] if window else None})
        keys = table(rows, pa.schema([("event_id", pa.string()), ("family", pa.string()),
                                      ("window_start", pa.date32()), ("window_end", pa.date32())]))
        with self.engine.table("_keys", keys):
            self.engine.execute("UPDATE reports SET family = k.family, window_start = k.window_start, "
                                "window_end = k.window_end FROM _keys k WHERE reports.event_id = k.event_id")


def _positional(origin: str | None) -> bool:
    return origin is None or bool(_POSITIONAL_ORIGIN.search(origin))


def _out_of_memory(exc: BaseException, engine) -> bool:
    """Whether ``exc`` or an exception it arose from is the engine's out-of-memory error."""
    kind = getattr(engine, "OutOfMemory", None)
    seen: BaseException | None = exc
    while kind is not None and seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
