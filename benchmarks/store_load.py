"""Load rate of the event store: Arrow batches against row-by-row inserts, in one run.

Generates N synthetic extracted events (default 200,000, about 7 a document), writes them
to a fresh DuckDB file in Arrow batches (one transaction per batch of documents, fusion
left pending and run once at the end, as `diplomap ingest` does); then writes a small
sample row by row (one INSERT per row, one transaction per document, the same tables)
and prints the rates in events/s and their ratio.

    python benchmarks/store_load.py [--events 200000] [--batch 1000] [--sample 3000] [--fuse-per-batch]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from diplomap.models import Document, Event, Evidence, Person, Place, TimeSpan
from diplomap.store import ExtractedDocument, open_store
from diplomap.store.records import document_row, people_rows, report_row, role_rows

ACTORS = ["AZE", "KAZ", "RUS", "CHN", "USA", "ARM", "TUR", "DNK", "TJK", "IRN", "GEO", "UZB", "HUN", "PAK",
          "ARE", "SAU", "FRA", "DEU", "ITA", "GBR", "IND", "JPN", "KOR", "UKR", "ISR", "EU", "OTS", "CIS", "UN", "SCO"]
PLACES = [Place("Baku", "AZE", 40.38, 49.89), Place("Astana", "KAZ", 51.18, 71.45), Place("Moscow", "RUS", 55.75, 37.62),
          Place("Beijing", "CHN", 39.91, 116.40), Place("Ankara", "TUR", 39.92, 32.85), None, None]
TYPES = ["CONSULT"] * 5 + ["AGREE", "SUPPORT", "COOPERATE", "AID", "REJECT", "ACCUSE", "REQUEST"]
EVENTS_PER_DOCUMENT = 7


def synthetic(count: int, seed: int = 7) -> list[ExtractedDocument]:
    """``count`` plausible events in documents of about seven, dated 2021-2025."""
    rng = random.Random(seed)
    items, made = [], 0
    while made < count:
        published = date(2021, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        doc = Document(doc_id=f"doc{len(items):07d}", text=f"synthetic article {len(items)} " + "word " * 400,
                       title=f"Article {len(items)}", published=published, origin=f"synthetic/{len(items)}.txt")
        events = tuple(_event(rng, doc, n) for n in range(min(EVENTS_PER_DOCUMENT, count - made)))
        items.append(ExtractedDocument(doc, events, "rules", "bench"))
        made += len(events)
    return items


def _event(rng: random.Random, doc: Document, n: int) -> Event:
    actors = tuple(rng.sample(ACTORS, rng.choice((2, 2, 2, 3, 4))))
    precision = rng.choices(["day", "month", "year", "unknown"], [70, 15, 5, 10])[0]
    day = doc.published - timedelta(days=rng.randrange(30))
    time_span = {"day": TimeSpan(day, day + timedelta(days=rng.choice((0, 0, 1))), "day"),
                 "month": TimeSpan(day.replace(day=1), day.replace(day=28), "month"),
                 "year": TimeSpan(date(day.year, 1, 1), date(day.year, 12, 31), "year"),
                 "unknown": TimeSpan(None, None, "unknown")}[precision]
    start = 200 * n
    return Event(doc_id=doc.doc_id, event_type=rng.choice(TYPES), mode=None, status="occurred",
                 source_actors=actors[:1], target_actors=actors[1:2], participants=actors,
                 evidence=Evidence(f"Sentence {n} of {doc.doc_id} about " + " and ".join(actors) + ".", start, start + 120),
                 contexts=("diplomatic",), people=(Person("A. Leader", actors[0], "head of state"),),
                 time=time_span, location=rng.choice(PLACES), confidence=round(rng.uniform(0.5, 0.9), 2))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1000, help="documents per transaction")
    parser.add_argument("--sample", type=int, default=3000, help="events for the row-by-row baseline")
    parser.add_argument("--fuse-per-batch", action="store_true",
                        help="also time fusion inside every batch (slow for large random-order loads)")
    args = parser.parse_args()

    items = synthetic(args.events)
    events = sum(len(item.events) for item in items)
    print(f"synthetic: {len(items)} documents, {events} events; batches of {args.batch} documents")
    loaded, fused, canonical = arrow_load(items, args.batch, fuse_each=False)
    arrow_rate = events / loaded
    print(f"arrow batches (documents, reports, roles, people): {arrow_rate:,.0f} events/s ({loaded:.1f} s)")
    print(f"fusion of all pending reports at the end: {fused:.1f} s, {canonical} canonical events; "
          f"load + fusion: {events / (loaded + fused):,.0f} events/s")
    if args.fuse_per_batch:
        loaded, _, canonical = arrow_load(items, args.batch, fuse_each=True)
        print(f"arrow batches, fusion inside every batch: {events / loaded:,.0f} events/s ({loaded:.1f} s)")
    sample = synthetic(args.sample, seed=11)
    seconds = row_by_row_load(sample)
    row_rate = sum(len(item.events) for item in sample) / seconds
    print(f"row by row (sample of {args.sample} events): {row_rate:,.0f} events/s ({seconds:.1f} s)")
    print(f"ratio arrow batches / row by row: {arrow_rate / row_rate:,.1f}x")


if __name__ == "__main__":
    main()
