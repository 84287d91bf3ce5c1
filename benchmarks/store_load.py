"""Load rate of the event store, in one run: Arrow batches, Parquet shards, and row-by-row inserts.

Generates N synthetic extracted events (benchmarks/generate.py, default 200,000, about 7 a
document, 30% of them retelling an event an earlier document reported), then:

- writes them to a fresh DuckDB file in Arrow batches (one transaction per batch of
  documents, fusion left pending and run once at the end, as `diplomap ingest` does);
- writes them as Parquet shards and loads those (`diplomap load`, the Dask path; consecutive
  parts go in transactions of 200,000 reports or more), then fuses them;
- writes a small sample row by row (one INSERT per row, one transaction per document);

and prints events/s for each, the time of each stage, and the ratios.

    python benchmarks/store_load.py [--events 200000] [--batch 5000] [--sample 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

from generate import extracted_documents

from diplomap.load import load_shards
from diplomap.store import ExtractedDocument, open_store
from diplomap.store.records import batch_tables, document_row, people_rows, report_row, role_rows
from diplomap.store.shards import write_shard

TARGET = 200_000


def synthetic(count: int, seed: int = 7) -> list[ExtractedDocument]:
    return extracted_documents(count, seed=seed)


def arrow_load(items: list[ExtractedDocument], batch: int, fuse_each: bool) -> tuple[float, float, int]:
    """Seconds to write ``items`` in Arrow batches, seconds to fuse them, canonical events.

    As `diplomap ingest` does, batches leave fusion pending and it runs once at the end,
    unless ``fuse_each`` fuses inside every batch's transaction.
    """
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.duckdb") as store:
        started = time.perf_counter()
        for first in range(0, len(items), batch):
            store.write_batch(items[first:first + batch], fuse=fuse_each)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        store.fuse_pending()
        fused = time.perf_counter() - started
        return loaded, fused, store.counts()["events"]


def row_by_row_load(items: list[ExtractedDocument]) -> float:
    """Seconds to write ``items`` with one INSERT per row, one transaction per document."""
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "rows.duckdb") as store:
        conn, now = store.conn, datetime.now()
        started = time.perf_counter()
        for item in items:
            conn.begin()
            _insert(conn, "documents", document_row(item, now))
            for event in item.events:
                _insert(conn, "reports", report_row(event, item.document.published))
                for row in role_rows("event_id", event):
                    _insert(conn, "participants", row)
                for row in people_rows(event):
                    _insert(conn, "people", row)
            conn.commit()
        return time.perf_counter() - started


def _insert(conn, name: str, row: dict) -> None:
    columns = ", ".join(row)
    conn.execute(f"INSERT INTO {name} ({columns}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))


def shard_load(items: list[ExtractedDocument], part: int) -> tuple[float, float, float, int]:
    """Seconds to write ``items`` as Parquet shards, to put them into a store (`diplomap load`
    before its fusion), to fuse them; canonical events."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        for number, first in enumerate(range(0, len(items), part)):
            write_shard(Path(folder) / "shards", f"part-{number:05d}", items[first:first + part])
        written = time.perf_counter() - started
        stored: list[float] = []
        with open_store(Path(folder) / "bench.duckdb") as store:
            started = time.perf_counter()
            load_shards([Path(folder) / "shards"], store, on_progress=lambda _: stored.append(time.perf_counter()))
            finished = time.perf_counter()
            return written, stored[-1] - started, finished - stored[-1], store.counts()["events"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5000, help="documents per transaction (and per shard part)")
    parser.add_argument("--sample", type=int, default=1000, help="events for the row-by-row baseline")
    args = parser.parse_args()

    items = synthetic(args.events)
    events = sum(len(item.events) for item in items)
    print(f"synthetic: {len(items):,} documents, {events:,} events; batches of {args.batch} documents")
    started = time.perf_counter()
    for first in range(0, len(items), args.batch):
        batch_tables(items[first:first + args.batch], datetime.now())
    building = time.perf_counter() - started
    loaded, fused, canonical = arrow_load(items, args.batch, fuse_each=False)
    arrow_rate = events / loaded
    print(f"arrow batches (documents, reports, roles, people): {arrow_rate:,.0f} events/s ({loaded:.1f} s, "
          f"of which {building:.1f} s turning records into Arrow tables, the rest DuckDB inserts and commits)")
    print(f"fusion of all pending reports at the end: {fused:.1f} s, {canonical:,} canonical events")
    total = events / (loaded + fused)
    print(f"load + fusion (ingest's store path): {total:,.0f} events/s "
          f"(target >= {TARGET:,}: {'met' if total >= TARGET else 'NOT met'})")
    written, shard_seconds, shard_fusion, shard_canonical = shard_load(items, args.batch)
    shard_rate = events / shard_seconds
    print(f"parquet shards ({args.batch} documents a part): written in {written:.1f} s; `diplomap load` puts them "
          f"into the store at {shard_rate:,.0f} events/s ({shard_seconds:.1f} s; target >= {TARGET:,}: "
          f"{'met' if shard_rate >= TARGET else 'NOT met'}), then fuses them in {shard_fusion:.1f} s "
          f"({shard_canonical:,} canonical events); with fusion {events / (shard_seconds + shard_fusion):,.0f} events/s")
    sample = synthetic(args.sample, seed=11)
    seconds = row_by_row_load(sample)
    row_rate = sum(len(item.events) for item in sample) / seconds
    print(f"row by row (sample of {args.sample:,} events, no fusion): {row_rate:,.0f} events/s ({seconds:.1f} s)")
    print(f"ratio arrow batches / row by row: {arrow_rate / row_rate:,.1f}x")


if __name__ == "__main__":
    main()
