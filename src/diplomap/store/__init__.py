"""store: documents, reports and canonical events in DuckDB (embedded) or PostgreSQL.

    store = open_store("diplomap.duckdb")          # creates or migrates the file
    store = open_store("postgresql://user@host/db")
    store.write_batch([ExtractedDocument(document, events, tier, kb_version)])
    for record in store.events(EventQuery(actor="AZE")):
        ...

Writes are Arrow batches, one transaction each; the fused layer is recomputed for the
reports a batch touches inside the same transaction. See ``schema`` for the tables.
"""

from __future__ import annotations

from pathlib import Path

from diplomap.copies import CopyRules
from diplomap.fuse import FusionRules
from diplomap.store.core import BatchResult, EventStore
from diplomap.store.engine import MEMORY
from diplomap.store.queries import EventQuery
from diplomap.store.records import ExtractedDocument
from diplomap.store.schema import LATEST as SCHEMA_VERSION

Store = EventStore


def open_store(target: str | Path = MEMORY, rules: FusionRules | None = None, create: bool = True,
               read_only: bool = False, copy_rules: CopyRules | None = None) -> Store:
    """Open (creating or migrating) the store at ``target``: a file path, ":memory:", or a postgresql:// URL.

    ``create=False`` raises StoreError when the file does not exist, for commands that
    only read. ``read_only`` opens a DuckDB file as a reader that holds it only from a
    statement to ``store.engine.release()``, so another process can write it meanwhile
    (``diplomap.store.sharing``); it migrates an older store first but fuses nothing.
    ``copy_rules`` are the thresholds of near-duplicate documents (``diplomap.copies``).
    Raises StoreError when the file cannot be opened or migrated.
    """
    return EventStore.open(target, rules=rules, create=create, read_only=read_only, copy_rules=copy_rules)


__all__ = [
    "BatchResult", "EventQuery", "ExtractedDocument", "FusionRules", "MEMORY", "SCHEMA_VERSION", "Store",
    "open_store",
]
