"""Copies of real releases (issue 17): fused-event counts, ingest speed and memory with near-duplicate detection.

The releases of ../shared/realscale are read at run time (never copied into the repository);
copy k of a release gets another doc_id, URL and source, a header line and a footer line, as an
article republished by another outlet arrives. Everything runs in this process, on the library
(``diplomap.load.load`` into a temporary DuckDB store), and prints:

1. copies ratio: fused events (every status, and occurred) of the releases ingested once, and as
   3 and 7 copies, and the ratios to once (--copies);
2. speed ratio: the releases ingested once with near-duplicate detection and without it
   (CopyRules(enabled=False)), --repeat times each, alternating (without first): the best wall
   seconds and CPU seconds (this process and its extraction workers) of each, documents per
   second, and with / without for both (CPU seconds vary less on a machine shared with others);
3. scale: --sizes documents (default 10000) made of the releases and their copies, ingested with
   detection: seconds, documents per second, the peak resident memory of this process before and
   after, and the rows of the on-disk index (document_bands).

    python benchmarks/copies.py [CORPUS] [--workers 2] [--copies 1,3,7] [--repeat 2] [--sizes 10000,100000]
                                [--limit N] [--skip ratio,speed,scale]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from diplomap.copies import CopyRules
from diplomap.load import fusion_rules, load
from diplomap.store import EventQuery, open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "realscale" / "nz-foreign-affairs.jsonl"


def releases(corpus: Path, limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    return rows[:limit] if limit else rows


def copies(rows: list[dict], count: int) -> Iterator[dict]:
    """``rows`` and ``count`` - 1 republished copies of each: another doc_id, URL, source, header, footer;
    made one at a time, so that a corpus of 100,000 documents is never held in memory."""
    yield from rows
    for k in range(1, count):
        for row in rows:
            outlet = f"outlet{k}.example.com"
            yield {**row, "doc_id": f"{outlet}/{row['doc_id']}", "source": outlet,
                   "url": f"https://{outlet}/news/{row['doc_id']}",
                   "text": f"Outlet {k} News | World\n\n{row['text']}\n\nShare this story. Copyright Outlet {k}."}


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    """Write ``rows`` one line at a time; how many."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
            written += 1
    return written


def ingest(rows: Iterable[dict], folder: Path, workers: int, copy_rules: CopyRules | None = None) -> dict:
    path = folder / "input.jsonl"
    documents = write_jsonl(path, rows)
    db = folder / f"store-{time.monotonic_ns()}.duckdb"
    rules = fusion_rules()
    started, cpu = time.perf_counter(), cpu_seconds()
    with open_store(db, rules=rules, copy_rules=copy_rules) as store:
        summary = load([path], store, workers=workers)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        fused = store.counts()["events"]
        occurred = sum(1 for _ in store.events(EventQuery(status="occurred")))
        bands = store.engine.values("SELECT count(*) FROM document_bands")[0][0]
        copied = store.engine.values("SELECT count(*) FROM documents WHERE copy_of IS NOT NULL")[0][0]
    return {"documents": documents, "seconds": seconds, "cpu": cpu, "fused": fused, "occurred": occurred, "bands": bands,
            "copies": copied, "extracted": summary.documents - summary.copies}


def cpu_seconds() -> float:
    """User and system seconds of this process and of its children that have ended (the extraction workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--copies", default="1,3,7", help="copy counts of the copies ratio (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each speed mode (default: %(default)s)")
    parser.add_argument("--sizes", default="10000", help="document counts of the scale runs (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N releases")
    parser.add_argument("--skip", default="", help="parts to skip: ratio,speed,scale")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: no such corpus (../shared/realscale is read at run time)")
    rows = releases(args.corpus, args.limit)
    skip = set(args.skip.split(","))
    with tempfile.TemporaryDirectory() as folder:
        if "ratio" not in skip:
            copies_ratio(rows, Path(folder), args.workers, [int(n) for n in args.copies.split(",")])
        if "speed" not in skip:
            speed_ratio(rows, Path(folder), args.workers, args.repeat)
        if "scale" not in skip:
            for size in (int(n) for n in args.sizes.split(",")):
                scale(rows, Path(folder), args.workers, size)


def copies_ratio(rows, folder: Path, workers: int, counts: list[int]) -> None:
    print(f"copies ratio: {len(rows):,} releases ingested as 1..n copies under different URLs")
    base = None
    for count in counts:
        run = ingest(copies(rows, count), folder, workers)
        base = base or run
        print(f"  {count} cop{'y' if count == 1 else 'ies'}: {run['documents']:,} documents ({run['copies']:,} stored "
              f"as copies, {run['extracted']:,} extracted), fused events {run['fused']:,} "
              f"(ratio {run['fused'] / base['fused']:.3f}), occurred {run['occurred']:,} "
              f"(ratio {run['occurred'] / base['occurred']:.3f}), {run['seconds']:.1f} s")


def speed_ratio(rows, folder: Path, workers: int, repeat: int) -> None:
    runs: dict[str, list[dict]] = {"without": [], "with": []}
    for _ in range(max(1, repeat)):
        runs["without"].append(ingest(rows, folder, workers, CopyRules(enabled=False)))
        runs["with"].append(ingest(rows, folder, workers))
    best = {mode: {key: min(run[key] for run in done) for key in ("seconds", "cpu")} for mode, done in runs.items()}
    without, with_ = best["without"], best["with"]
    print(f"speed: {len(rows):,} releases, best of {max(1, repeat)} alternating runs each; "
          f"without near-duplicate detection {without['seconds']:.1f} s ({len(rows) / without['seconds']:.1f} "
          f"documents/s, {without['cpu']:.1f} CPU s), with it {with_['seconds']:.1f} s "
          f"({len(rows) / with_['seconds']:.1f} documents/s, {with_['cpu']:.1f} CPU s)")
    print(f"  with/without speed ratio {without['seconds'] / with_['seconds']:.3f} (wall), "
          f"{without['cpu'] / with_['cpu']:.3f} (CPU); every run's wall seconds: "
          + ", ".join(f"{mode} " + " ".join(f"{run['seconds']:.1f}" for run in done) for mode, done in runs.items())
          + f"; fused events {runs['without'][0]['fused']:,} and {runs['with'][0]['fused']:,}")


def scale(rows, folder: Path, workers: int, size: int) -> None:
    count = -(-size // len(rows))
    before = peak_mib()
    run = ingest(itertools.islice(copies(rows, count), size), folder, workers)
    print(f"scale: {size:,} documents ({len(rows):,} releases, up to {count} copies each): "
          f"{run['seconds']:.1f} s, {size / run['seconds']:.1f} documents/s, {run['extracted']:,} extracted, "
          f"{run['copies']:,} stored as copies, fused events {run['fused']:,}; index on disk "
          f"{run['bands']:,} band rows; peak memory of this process {before:.0f} MiB before, {peak_mib():.0f} MiB after")


if __name__ == "__main__":
    main()
