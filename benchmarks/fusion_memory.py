"""Peak memory of the final fusion of a bulk load, on generated events, in a child process.

For each size (64,000 and 640,000 events: about what 10,000 and 100,000 generated articles
give; --quick: 6,400 and 64,000) a store of generated events over two years
(benchmarks/generate.py, ``extracted_documents``) is written without fusion and cached
under bench-data/; a child process copies it, fuses everything pending as the end of
``diplomap ingest`` does (``Store.loading``, then ``fuse_pending``) and reports its RSS
high-water mark before and after. Far quicker than ``ingest_memory.py``, which extracts
the articles first.

    python benchmarks/fusion_memory.py [--quick] [--sizes 64000 640000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"


def pending_store(count: int) -> Path:
    """A DuckDB file of ``count`` generated events waiting for fusion (made once)."""
    from generate import extracted_documents

    from diplomap.load import fusion_rules
    from diplomap.store import open_store

    path = DATA / f"pending-{count}.duckdb"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        items = extracted_documents(count, start=date(2024, 1, 1), days=730)
        with open_store(partial, rules=fusion_rules()) as store:
            for first in range(0, len(items), 256):
                store.write_batch(items[first:first + 256], fuse=False)
        partial.rename(path)
    return path


def child(source: str) -> None:
    """In the child: fuse a copy of ``source``; print a JSON line of the figures."""
    import resource

    from diplomap.load import fusion_rules
    from diplomap.store import open_store
    from diplomap.store.core import EventStore

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "f.duckdb"
        shutil.copy(source, db)
        pending = EventStore.pending_fusion
        EventStore.pending_fusion = lambda self: 0          # opening would fuse at once, outside the measurement
        store = open_store(db, rules=fusion_rules(), create=False)
        EventStore.pending_fusion = pending
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        started = time.perf_counter()
        with store, store.loading():
            written = store.fuse_pending()
        print(json.dumps({"before": before, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                          "seconds": time.perf_counter() - started, "events": written}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="6,400 and 64,000 events instead")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--child", metavar="STORE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sizes = args.sizes or ([6_400, 64_000] if args.quick else [64_000, 640_000])
    print("peak memory of the final fusion of a bulk load (RSS of the process):")
    for size in sizes:
        source = pending_store(size)
        done = subprocess.run([sys.executable, __file__, "--child", str(source)], capture_output=True, text=True,
                              check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  {size:>9,} events: {result['before'] / (1 << 20):,.0f} MB before, {result['peak'] / (1 << 20):,.0f} MB "
              f"at the peak; {result['events']:,} canonical events in {result['seconds']:.0f} s")


if __name__ == "__main__":
    main()
