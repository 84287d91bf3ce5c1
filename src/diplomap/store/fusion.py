"""Keep the fused layer in step with the reports, inside the writer's transaction.

Two reports can only fuse when they share a family, a status and overlapping fusion
windows (see ``diplomap.fuse.fusion_window``). So when reports are added or removed,
the canonical events that can change are those of the reports whose windows are
connected, through overlaps, to the touched windows. ``refresh`` grows the touched
intervals until no further report overlaps them, re-fuses exactly those reports and
replaces their canonical events; the result equals fusing everything from scratch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from diplomap.fuse import FusionRules, Report, fuse
from diplomap.store.records import event_from_row, fused_tables

logger = logging.getLogger(__name__)
_ID_TABLE = pa.schema([("id", pa.string())])


@dataclass(frozen=True)
class Touch:
    """A report added or removed: where in the fusion key space it sits."""

    event_id: str
    family: str
    status: str
    window_start: date | None
    window_end: date | None


def refresh(engine, touched: Iterable[Touch], rules: FusionRules) -> int:
    """Recompute the canonical events that ``touched`` reports can affect; how many now."""
    partitions: dict[tuple[str, str], list[Touch]] = {}
    for touch in touched:
        partitions.setdefault((touch.family, touch.status), []).append(touch)
    written = 0
    for (family, status), touches in sorted(partitions.items()):
        written += _refresh_partition(engine, family, status, touches, rules)
    return written


def refuse_all(engine, rules: FusionRules) -> int:
    """Rebuild the whole fused layer from the reports; the number of canonical events."""
    for name in ("events", "event_sources", "event_participants"):
        engine.execute(f"DELETE FROM {name}")
    keys = engine.values("SELECT DISTINCT family, status FROM reports ORDER BY 1, 2")
    written = 0
    for family, status in keys:
        rows = _rows(engine, "r.family = ? AND r.status = ?", [family, status])
        written += _write(engine, rows, rules)
    return written


def _refresh_partition(engine, family: str, status: str, touches: Sequence[Touch], rules: FusionRules) -> int:
    ids = {touch.event_id for touch in touches}
    intervals = _merge([(t.window_start, t.window_end) for t in touches if t.window_start is not None])
    rows: dict[str, dict] = {}
    while True:
        rows |= {row["event_id"]: row for row in _overlapping(engine, family, status, intervals)}
        rows |= {row["event_id"]: row for row in _by_ids(engine, ids - rows.keys())}
        stale = _canonical_ids(engine, ids | rows.keys())
        members = _members(engine, stale) - rows.keys() - ids
        ids |= members
        grown = _merge(intervals + [(r["window_start"], r["window_end"]) for r in rows.values()
                                    if r["window_start"] is not None]
                       + [(r["window_start"], r["window_end"]) for r in _by_ids(engine, members)
                          if r["window_start"] is not None])
        if grown == intervals and not members:
            break
        intervals = grown
    _delete_canonical(engine, stale)
    return _write(engine, list(rows.values()), rules)


def _write(engine, rows: Sequence[dict], rules: FusionRules) -> int:
    reports = [Report(event_from_row(row), row["published"]) for row in rows]
    fused = fuse(reports, rules)
    events, sources, roles = fused_tables(fused)
    for name, data in (("events", events), ("event_sources", sources), ("event_participants", roles)):
        engine.insert(name, data)
    return len(fused)


def _rows(engine, where: str, params: list) -> list[dict]:
    return engine.rows(f"SELECT r.*, d.published FROM reports r JOIN documents d USING (doc_id) WHERE {where}", params)


def _overlapping(engine, family: str, status: str, intervals: Sequence[tuple[date, date]]) -> list[dict]:
    if not intervals:
        return []
    spans = pa.table({"lo": [start for start, _ in intervals], "hi": [end for _, end in intervals]},
                     schema=pa.schema([("lo", pa.date32()), ("hi", pa.date32())]))
    with engine.table("_fuse_spans", spans):
        return _rows(engine, "r.family = ? AND r.status = ? AND EXISTS (SELECT 1 FROM _fuse_spans s "
                           "WHERE r.window_start <= s.hi AND r.window_end >= s.lo)", [family, status])


def _by_ids(engine, ids: Iterable[str]) -> list[dict]:
    ids = sorted(ids)
    if not ids:
        return []
    with _id_view(engine, "_fuse_ids", ids):
        return _rows(engine, "r.event_id IN (SELECT id FROM _fuse_ids)", [])


def _canonical_ids(engine, report_ids: Iterable[str]) -> set[str]:
    ids = sorted(report_ids)
    if not ids:
        return set()
    with _id_view(engine, "_fuse_ids", ids):
        found = engine.values("SELECT DISTINCT canonical_id FROM event_sources "
                              "WHERE event_id IN (SELECT id FROM _fuse_ids)")
    return {row[0] for row in found}


def _members(engine, canonical_ids: Iterable[str]) -> set[str]:
    ids = sorted(canonical_ids)
    if not ids:
        return set()
    with _id_view(engine, "_fuse_ids", ids):
        found = engine.values("SELECT event_id FROM event_sources "
                              "WHERE canonical_id IN (SELECT id FROM _fuse_ids)")
    return {row[0] for row in found}


def _delete_canonical(engine, canonical_ids: Iterable[str]) -> None:
    ids = sorted(canonical_ids)
    if not ids:
        return
    with _id_view(engine, "_fuse_ids", ids):
        for name in ("events", "event_sources", "event_participants"):
            engine.execute(f"DELETE FROM {name} WHERE canonical_id IN (SELECT id FROM _fuse_ids)")


def _id_view(engine, name: str, ids: Sequence[str]):
    """A list of ids registered as the one-column view ``name`` for a block."""
    return engine.table(name, pa.table({"id": list(ids)}, schema=_ID_TABLE))


def _merge(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching intervals merged, sorted."""
    merged: list[list[date]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]
