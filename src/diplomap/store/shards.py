"""Parquet shards: extracted documents and their reports, written where extraction runs, loaded later.

A shard folder holds one Parquet file per part and table, with the columns of the
store's tables (see ``records.batch_tables``)::

    SHARDS/documents/part-00000.parquet      one row per document (text included)
    SHARDS/reports/part-00000.parquet        one row per report (the event record's fields)
    SHARDS/participants/part-00000.parquet   one row per report, actor and role
    SHARDS/people/part-00000.parquet         one row per report and person
    SHARDS/failures/part-00000.parquet       inputs that could not be read or extracted

A part's documents file is written last, so a part without one is incomplete and is
not loaded. DuckDB reads the shards in place, e.g.
``SELECT * FROM read_parquet('SHARDS/reports/*.parquet')``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from diplomap.errors import InputError, StoreError
from diplomap.store.records import ExtractedDocument, batch_tables, table

TABLES = ("documents", "reports", "participants", "people")
FAILURES = pa.schema([("origin", pa.string()), ("reason", pa.string())])


def write_shard(folder: str | Path, part: str, items: Sequence[ExtractedDocument],
                failures: Sequence[InputError] = ()) -> dict[str, int]:
    """Write one part of a shard folder; the number of rows per table."""
    folder = Path(folder)
    unique = [ExtractedDocument(item.document, tuple({e.event_id: e for e in item.events}.values()),
                                item.tier, item.kb_version) for item in items]
    tables = batch_tables(unique, datetime.now())
    tables["failures"] = table([{"origin": f.source, "reason": f.problem} for f in failures], FAILURES)
    for name in ("failures", "people", "participants", "reports", "documents"):      # documents last
        target = folder / name / f"{part}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        pq.write_table(tables[name], partial)
        os.replace(partial, target)
    return {name: data.num_rows for name, data in tables.items()}


def parts(folders: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """(folder, part) of every complete part in the shard folders, in order.

    Raises StoreError for a path that is not a shard folder.
    """
    found = []
    for folder in map(Path, folders):
        documents = folder / "documents"
        if not documents.is_dir():
            raise StoreError(f"{folder}: not a shard folder (no documents/ inside)")
        found += [(folder, path.stem) for path in sorted(documents.glob("*.parquet"))]
    return found


def read_part(folder: Path, part: str) -> tuple[dict[str, pa.Table], list[InputError]]:
    """The tables of one part, and its failures. Raises StoreError when a file cannot be read."""
    try:
        tables = {name: pq.read_table(folder / name / f"{part}.parquet") for name in TABLES}
        failed = folder / "failures" / f"{part}.parquet"
        rows = pq.read_table(failed).to_pylist() if failed.exists() else []
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"{folder}: cannot read shard part {part} ({exc})") from exc
    return tables, [InputError(row["origin"], row["reason"]) for row in rows]


def read_parts(folders: Sequence[str | Path], reports: int = 0) -> Iterator[tuple[dict[str, pa.Table], list[InputError]]]:
    """The tables of every part, in order; with ``reports``, consecutive parts joined until they
    hold at least that many reports (DuckDB writes a few large transactions far faster than
    many small ones). A part that names a document of the parts joined so far starts a new
    group, so that a later version of a document still replaces an earlier one."""
    group: list[tuple[dict[str, pa.Table], list[InputError]]] = []
    named: set[str] = set()
    held = 0                                    # reports in the group
    for folder, part in parts(folders):
        tables, failures = read_part(folder, part)
        documents = set(tables["documents"]["doc_id"].to_pylist())
        if group and not named.isdisjoint(documents):
            yield _joined(group)
            group, named, held = [], set(), 0
        group.append((tables, failures))
        named |= documents
        held += tables["reports"].num_rows
        if held >= reports:
            yield _joined(group)
            group, named, held = [], set(), 0
    if group:
        yield _joined(group)


def _joined(group: list[tuple[dict[str, pa.Table], list[InputError]]]) -> tuple[dict[str, pa.Table], list[InputError]]:
    if len(group) == 1:
        return group[0]
    tables = {name: pa.concat_tables([tables[name] for tables, _ in group], promote_options="permissive")
              for name in TABLES}
    return tables, [failure for _, failures in group for failure in failures]


__all__ = ["FAILURES", "TABLES", "parts", "read_part", "read_parts", "write_shard"]
