"""`profile` latency on large stores: 10 million fused events, and 1 million for the ratio.

The stores are generated directly as Arrow tables into the fused tables (`events`,
`event_participants`) of a store with the real schema, not through extraction, and
cached under bench-data/ so a rerun only measures. The events lie in the order one
fusion (a bulk load's) writes them: in date order, undated last (see
``store.fusion._staged``); --layout random writes them in random date order instead,
the worst case for a window's scan. Prints the latency of the analyst's question
(`diplomap profile AZE --from 2025-01-01`; with --all-years also over every year),
the best of --repeat runs after one warm-up, and the ratio between the stores.

    python benchmarks/profile_speed.py [--events 10000000] [--small 1000000] [--actor AZE] [--all-years]
                                       [--layout fused|random]
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from generate import fused_chunks

from diplomap.analytics import Window, profile
from diplomap.store import SCHEMA_VERSION, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
TARGET_SECONDS = 1.0


def fused_store(count: int, layout: str = "fused") -> Path:
    """A store of ``count`` generated canonical events (made once, then reused)."""
    path = DATA / f"fused-v{SCHEMA_VERSION}-{layout}-dated-{count}.duckdb"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    with open_store(partial) as store:
        staging = "events" if layout == "random" else "_staged"
        if layout != "random":
            store.conn.execute("CREATE TEMPORARY TABLE _staged AS SELECT * FROM events LIMIT 0")
        for events, roles in fused_chunks(count):
            store.engine.insert(staging, events)
            store.engine.insert("event_participants", roles)
        if layout != "random":
            store.conn.execute("INSERT INTO events SELECT * FROM _staged ORDER BY date_start NULLS LAST, canonical_id")
            store.conn.execute("DROP TABLE _staged")
        store.conn.execute("CHECKPOINT")
    partial.rename(path)
    print(f"  generated {path.name}: {count:,} events in {time.perf_counter() - started:.0f} s")
    return path


def latency(path: Path, actor: str, window: Window, repeat: int) -> tuple[float, int]:
    """Best-of-``repeat`` seconds of one profile (store already open, first run discarded), and its event count."""
    with open_store(path, create=False) as store:
        result = profile(store, actor, window)
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            result = profile(store, actor, window)
            best = min(best, time.perf_counter() - started)
    return best, result["scale"].events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--small", type=int, default=1_000_000)
    parser.add_argument("--actor", default="AZE")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--all-years", action="store_true", help="also profile over every year (slow)")
    parser.add_argument("--layout", choices=("fused", "random"), default="fused",
                        help="events in the order fusion writes them (default) or in random date order")
    args = parser.parse_args()

    windows = {"from 2025-01-01": Window(date(2025, 1, 1))}
    if args.all_years:
        windows["all years"] = Window()
    stores = {count: fused_store(count, args.layout) for count in (args.small, args.events)}
    print(f"profile {args.actor} (all eight measures), best of {args.repeat}, store opened once, "
          f"{args.layout} layout:")
    for label, window in windows.items():
        times = {}
        for count, path in stores.items():
            times[count], events = latency(path, args.actor, window, args.repeat)
            print(f"  {count:>12,} events, {label}: {times[count]:.3f} s "
                  f"({events:,} {args.actor} events in the window)")
        ratio = times[args.events] / times[args.small]
        verdict = "met" if times[args.events] < TARGET_SECONDS else "NOT met"
        print(f"  ratio {args.events:,} / {args.small:,} ({label}): {ratio:.1f}x; "
              f"target < {TARGET_SECONDS:.0f} s over {args.events:,}: {verdict}")


if __name__ == "__main__":
    main()
