"""Peak memory and speed of `diplomap ingest` on generated articles, each ingest in a child process.

For each corpus size (10,000 and 100,000 articles; --quick: 1,000 and 10,000) a child
process ingests a JSONL file of generated articles (benchmarks/generate.py, cached under
bench-data/) into a fresh DuckDB file with --workers 2, and reports its RSS high-water
mark (resource.getrusage: RUSAGE_SELF for the reader and store writer, RUSAGE_CHILDREN
for the largest extraction worker) and the largest RSS of all its processes at once (sampled
from /proc every 0.2 s; the target is read against this one). Memory that does not grow with
the corpus is the point. Then the same smaller corpus slice is ingested with --workers 1 and --workers 2
for the speed-up of the process pool.

    python benchmarks/ingest_memory.py [--quick] [--sizes 10000 100000] [--speedup-documents 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generate import articles

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
TARGET_BYTES = 1 << 30


def corpus(count: int) -> Path:
    """A JSONL file of ``count`` generated articles (made once)."""
    path = DATA / f"articles-{count}.jsonl"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for document in articles(count, seed=5):
                out.write(json.dumps({"doc_id": document.doc_id, "text": document.text, "title": document.title,
                                      "published": document.published.isoformat()}) + "\n")
        partial.rename(path)
    return path


def child(source: str, db: str, workers: int) -> None:
    """In the child: ingest ``source`` into ``db``; print a JSON line of the figures."""
    import resource

    from diplomap.load import fusion_rules, load
    from diplomap.store import open_store

    started = time.perf_counter()
    before_fusion = {}
    with open_store(db, rules=fusion_rules()) as store:
        fuse_pending = store.fuse_pending

        def fuse_at_the_end() -> int:     # note the high-water mark of the streaming part first
            before_fusion["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            before_fusion["seconds"] = time.perf_counter() - started
            return fuse_pending()

        store.fuse_pending = fuse_at_the_end
        summary = load([source], store, workers=workers, batch_documents=256)
        counts = store.counts()
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024         # Linux: kilobytes
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"documents": summary.documents, "events": summary.events, "failed": summary.failed,
                      "canonical": counts["events"], "seconds": seconds, "main_rss": own,
                      "main_rss_before_fusion": before_fusion["rss"], "fusion_seconds":
                      seconds - before_fusion["seconds"], "worker_rss": workers_peak}))


def run(source: Path, workers: int) -> dict:
    """The child's figures, and ``at_once``: the largest RSS of the child and its workers together,
    sampled every 0.2 s (Linux; 0 elsewhere), as the sum of each one's own peak overstates it
    (the workers are gone before the final fusion)."""
    with tempfile.TemporaryDirectory() as folder:
        child_process = subprocess.Popen([sys.executable, __file__, "--child", str(source),
                                          str(Path(folder) / "m.duckdb"), str(workers)],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak = [0]
        sampler = threading.Thread(target=_sample, args=(child_process, peak), daemon=True)
        sampler.start()
        out, err = child_process.communicate()
        sampler.join()
        if child_process.returncode:
            raise SystemExit(f"the ingest of {source} failed:\n{err[-2000:]}")
    return {**json.loads(out.strip().splitlines()[-1]), "at_once": peak[0]}


def _sample(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        tree, i = [process.pid], 0
        while i < len(tree):
            tree += _children(tree[i])
            i += 1
        peak[0] = max(peak[0], sum(_rss(pid) for pid in tree))
        time.sleep(0.2)


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _mb(value: int) -> str:
    return f"{value / (1 << 20):,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 articles instead")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--speedup-documents", type=int, default=None)
    parser.add_argument("--child", nargs=3, metavar=("SOURCE", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [10_000, 100_000])
    speedup = args.speedup_documents or (500 if args.quick else 2_000)
    print(f"peak memory of `diplomap ingest --workers 2` (CPUs here: {os.cpu_count()}):")
    peaks = {}
    for size in sizes:
        result = run(corpus(size), workers=2)
        peaks[size] = result["at_once"] or result["main_rss"] + result["worker_rss"]
        print(f"  {size:>7,} articles: reader+writer {_mb(result['main_rss'])} (before the final fusion "
              f"{_mb(result['main_rss_before_fusion'])}), largest worker {_mb(result['worker_rss'])}, "
              f"each one's peak summed {_mb(result['main_rss'] + result['worker_rss'])}, all processes at once "
              f"{_mb(result['at_once'])}; {result['documents']:,} stored, {result['events']:,} events, "
              f"{result['canonical']:,} fused; {result['seconds']:.0f} s of which fusion "
              f"{result['fusion_seconds']:.0f} s ({result['documents'] / result['seconds']:,.0f} documents/s)")
    largest = max(sizes)
    verdict = "met" if peaks[largest] < TARGET_BYTES else "NOT met"
    print(f"  growth {min(sizes):,} -> {largest:,} articles: {peaks[largest] / peaks[min(sizes)]:.2f}x; "
          f"target < 1 GB for {largest:,}: {verdict}")
    source = corpus(speedup)
    rates = {}
    for workers in (1, 2):
        result = run(source, workers)
        rates[workers] = result["documents"] / result["seconds"]
        print(f"ingest {speedup:,} articles with --workers {workers}: {rates[workers]:,.1f} documents/s "
              f"({result['seconds']:.1f} s, including start-up)")
    print(f"speed-up --workers 2 / --workers 1: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
