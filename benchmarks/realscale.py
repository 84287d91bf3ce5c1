"""Plausibility at scale on real releases without gold: ingest a JSONL corpus into a fresh store, print its figures.

Default corpus: ../shared/realscale/nz-foreign-affairs.jsonl (1,611 New Zealand Government
releases of the Foreign Affairs portfolio, 2010-2026, every one dated; see its README). The
corpus is ingested through the library (``diplomap.load.load`` into ``open_store``, as
`diplomap ingest` does) into a temporary DuckDB file, then the script prints, counting the
reports (one per document and extracted event; "events" below) unless it says "fused":

- documents read, stored and failed; events of every status and occurred ones; events per release;
- for the focal country (--focal, default NZL): its occurred events, and the share of them that
  are undated (date_start null) although every release has a publication date;
- the type mix of the occurred events (PLOVER types) and the ratio AGREE:CONSULT;
- the focal country's top 15 partners (other participants of its occurred events);
- the time of the ingest (reading, extraction, store writes and fusion; fusion also on its own)
  and documents per second.

With --sample N it also prints N occurred events of the focal country drawn at random (--seed)
with type, participants, date and evidence sentence, for a person's precision spot-check; the
sample goes to the terminal only (never into --json), as the corpus's text stays out of the
repository. --json FILE writes the figures as JSON.

    python benchmarks/realscale.py [CORPUS] [--focal NZL] [--workers 2] [--sample 30 --seed 1]
                                   [--json figures.json] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import diplomap
from diplomap.load import fusion_rules, load
from diplomap.models import EVENT_TYPES
from diplomap.store import EventQuery, open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "realscale" / "nz-foreign-affairs.jsonl"
TOP_PARTNERS = 15


def source_version() -> str:
    """The commit of the diplomap package imported (``+dirty`` with uncommitted edits under src/), or "?"."""
    folder = Path(diplomap.__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "-C", str(folder), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--", "."], capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return commit + ("+dirty" if dirty else "")


def ingest(corpus: Path, db: Path, workers: int, focal: str) -> dict:
    """Ingest ``corpus`` into a new store at ``db``; the figures and the focal country's occurred reports."""
    errors: list[str] = []
    started = time.perf_counter()
    fusion_seconds = [0.0]
    with open_store(db, rules=fusion_rules()) as store:
        fuse_pending = store.fuse_pending

        def timed_fusion() -> int:
            at = time.perf_counter()
            try:
                return fuse_pending()
            finally:
                fusion_seconds[0] = time.perf_counter() - at

        store.fuse_pending = timed_fusion
        summary = load([corpus], store, workers=workers, on_error=lambda error: errors.append(str(error)))
        seconds = time.perf_counter() - started
        counts = store.counts()
        documents = store.documents()
        reports = list(store.reports())
        fused_focal = sum(1 for _ in store.events(EventQuery(actor=focal, status="occurred")))
        fused_occurred = sum(1 for _ in store.events(EventQuery(status="occurred")))
    return {"summary": summary, "errors": errors, "seconds": seconds, "fusion_seconds": fusion_seconds[0],
            "counts": counts, "documents": documents, "reports": reports, "fused_focal": fused_focal,
            "fused_occurred": fused_occurred}


def figures(run: dict, focal: str, workers: int, corpus: Path) -> dict:
    summary, reports, documents = run["summary"], run["reports"], run["documents"]
    occurred = [r for r in reports if r["status"] == "occurred"]
    per_document = Counter(r["doc_id"] for r in occurred)
    per_release = [per_document.get(d["doc_id"], 0) for d in documents]
    mine = [r for r in occurred if focal in r["participants"]]
    undated = [r for r in mine if r["date_start"] is None]
    types = Counter(r["event_type"] for r in occurred)
    partners = Counter(code for r in mine for code in set(r["participants"]) if code != focal)
    read = summary.documents + summary.skipped + summary.failed
    return {
        "corpus": str(corpus),
        "diplomap": diplomap.__file__,
        "commit": source_version(),
        "tier": summary.tier,
        "focal": focal,
        "documents": {"read": read, "stored": summary.documents, "skipped": summary.skipped,
                      "failed": summary.failed,
                      "dated": sum(1 for d in documents if d["published"] is not None)},
        "events": {"all_statuses": len(reports),
                   "by_status": dict(Counter(r["status"] for r in reports).most_common()),
                   "occurred": len(occurred),
                   "fused_all_statuses": run["counts"]["events"], "fused_occurred": run["fused_occurred"]},
        "per_release": {"occurred_mean": len(occurred) / len(documents) if documents else 0.0,
                        "all_statuses_mean": len(reports) / len(documents) if documents else 0.0,
                        "occurred_median": statistics.median(per_release) if per_release else 0,
                        "occurred_max": max(per_release, default=0),
                        "without_occurred_events": sum(1 for n in per_release if n == 0)},
        "focal_events": {"occurred": len(mine), "all_statuses": sum(1 for r in reports if focal in r["participants"]),
                         "fused_occurred": run["fused_focal"], "undated": len(undated),
                         "undated_share": len(undated) / len(mine) if mine else 0.0,
                         "releases_with_focal_event": len({r["doc_id"] for r in mine})},
        "types": {kind: types.get(kind, 0) for kind in sorted(EVENT_TYPES, key=lambda k: (-types.get(k, 0), k))},
        "agree_to_consult": types["AGREE"] / types["CONSULT"] if types["CONSULT"] else None,
        "top_partners": [{"actor": code, "events": n} for code, n in partners.most_common(TOP_PARTNERS)],
        "partners": len(partners),
        "time": {"seconds": run["seconds"], "fusion_seconds": run["fusion_seconds"], "workers": workers,
                 "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
                 "documents_per_second": summary.documents / run["seconds"] if run["seconds"] else 0.0},
    }


def show(result: dict) -> None:
    d, e, p, f, t = (result[key] for key in ("documents", "events", "per_release", "focal_events", "time"))
    focal = result["focal"]
    print(f"diplomap from {result['diplomap']} (commit {result['commit']}, {result['tier']} tier); corpus {result['corpus']}")
    print(f"documents: {d['read']:,} read, {d['stored']:,} stored, {d['skipped']:,} already stored, "
          f"{d['failed']:,} failed; {d['dated']:,} of the stored have a publication date")
    statuses = ", ".join(f"{status} {n:,}" for status, n in e["by_status"].items())
    print(f"events (reports): {e['all_statuses']:,} of every status ({statuses}); {e['occurred']:,} occurred; "
          f"fused: {e['fused_all_statuses']:,} ({e['fused_occurred']:,} occurred)")
    print(f"occurred events per release: mean {p['occurred_mean']:.2f} (every status {p['all_statuses_mean']:.2f}), "
          f"median {p['occurred_median']:g}, max {p['occurred_max']}, "
          f"{p['without_occurred_events']:,} releases without one")
    print(f"{focal}: {f['occurred']:,} occurred events ({f['all_statuses']:,} of every status; "
          f"{f['fused_occurred']:,} fused) in {f['releases_with_focal_event']:,} releases; undated: "
          f"{f['undated']:,} ({f['undated_share']:.1%}) although {d['dated']:,}/{d['stored']:,} releases are dated")
    print("type mix (occurred events):")
    total = e["occurred"] or 1
    for kind, n in result["types"].items():
        print(f"  {kind:<10} {n:>6,}  {n / total:6.1%}")
    ratio = result["agree_to_consult"]
    print(f"AGREE:CONSULT = {ratio:.2f}" if ratio is not None else "AGREE:CONSULT = - (no CONSULT)")
    print(f"{focal}'s top {TOP_PARTNERS} partners of {result['partners']:,} (occurred events shared):")
    for rank, partner in enumerate(result["top_partners"], 1):
        print(f"  {rank:>2}. {partner['actor']:<6} {partner['events']:>5,}")
    print(f"ingest: {t['seconds']:.1f} s (fusion {t['fusion_seconds']:.1f} s) with --workers {t['workers']} "
          f"on {t['cpus']} CPUs: {t['documents_per_second']:.1f} documents/s")


def show_sample(reports: list[dict], documents: list[dict], focal: str, size: int, seed: int) -> None:
    mine = [r for r in reports if r["status"] == "occurred" and focal in r["participants"]]
    mine.sort(key=lambda r: (r["doc_id"], r["evidence"]["char_start"], r["event_id"]))
    chosen = random.Random(seed).sample(mine, min(size, len(mine)))
    published = {d["doc_id"]: d for d in documents}
    print(f"\n{len(chosen)} occurred {focal} events drawn at random (seed {seed}) of {len(mine):,}:")
    for number, r in enumerate(chosen, 1):
        document = published.get(r["doc_id"], {})
        dates = r["date_start"] or "undated"
        if r["date_end"] and r["date_end"] != r["date_start"]:
            dates += f"..{r['date_end']}"
        roles = (f"source {','.join(r['source_actors']) or '-'} -> target {','.join(r['target_actors']) or '-'}")
        extras = "".join(f", {key} {r[key]}" for key in ("host", "organization") if r[key])
        place = f", at {r['location']['name']}" if r.get("location") else ""
        print(f"\n[{number}] {r['event_type']} ({r['mode'] or '-'}) participants {','.join(r['participants'])} "
              f"({roles}{extras}); date {dates} ({r['date_precision']}){place}; confidence {r['confidence']}")
        print(f"    release {document.get('published')} {r['doc_id']}: {document.get('title')}")
        print(f"    evidence: {r['evidence']['text']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS, help="a JSONL corpus (default: %(default)s)")
    parser.add_argument("--focal", default="NZL", help="the focal country's code (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=0, metavar="N", help="print N random occurred focal events")
    parser.add_argument("--seed", type=int, default=1, help="seed of --sample (default: %(default)s)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--db", type=Path, metavar="FILE",
                        help="keep the store in FILE (must not exist) instead of a temporary one")
    args = parser.parse_args()
    focal = args.focal.upper()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: no such corpus")
    if args.db is not None and args.db.exists():
        raise SystemExit(f"{args.db} exists: give a new file, so that every document is extracted")
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "realscale.duckdb"
        run = ingest(args.corpus, db, args.workers, focal)
    for error in run["errors"][:10]:
        print(f"failed: {error}", file=sys.stderr)
    result = figures(run, focal, args.workers, args.corpus)
    show(result)
    if args.sample:
        show_sample(run["reports"], run["documents"], focal, args.sample, args.seed)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
