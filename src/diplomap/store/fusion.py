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
from diplomap.store.records import event_from_row, fused_tables, insert_arrow, view

logger = logging.getLogger(__name__)
_ID_TABLE = pa.schema([("id", pa.string())])


@dataclass(frozen=True)
class Touch:
    """A report added or removed: where in the fusion key space it sits."""

    event_id: str
    family: str
    status: str
    start: date | None
    end: date | None


def refresh(conn, touched: Iterable[Touch], rules: FusionRules) -> int:
    """Recompute the canonical events that ``touched`` reports can affect; how many now."""
    partitions: dict[tuple[str, str], list[Touch]] = {}
    for touch in touched:
        partitions.setdefault((touch.family, touch.status), []).append(touch)
    written = 0
    for (family, status), touches in sorted(partitions.items()):
        written += _refresh_partition(conn, family, status, touches, rules)
    return written


def refuse_all(conn, rules: FusionRules) -> int:
    """Rebuild the whole fused layer from the reports; the number of canonical events."""
    for name in ("events", "event_sources", "event_participants"):
        conn.execute(f"DELETE FROM {name}")
    keys = conn.execute("SELECT DISTINCT family, status FROM reports ORDER BY 1, 2").fetchall()
    written = 0
    for family, status in keys:
        rows = _rows(conn, "r.family = ? AND r.status = ?", [family, status])
        written += _write(conn, rows, rules)
    return written


def _refresh_partition(conn, family: str, status: str, touches: Sequence[Touch], rules: FusionRules) -> int:
    ids = {touch.event_id for touch in touches}
    intervals = _merge([(t.start, t.end) for t in touches if t.start is not None])
    rows: dict[str, dict] = {}
    while True:
        rows |= {row["event_id"]: row for row in _overlapping(conn, family, status, intervals)}
        rows |= {row["event_id"]: row for row in _by_ids(conn, ids - rows.keys())}
        stale = _canonical_ids(conn, ids | rows.keys())
        members = _members(conn, stale) - rows.keys() - ids
        ids |= members
        grown = _merge(intervals + [(r["window_start"], r["window_end"]) for r in rows.values()
                                    if r["window_start"] is not None]
                       + [(r["window_start"], r["window_end"]) for r in _by_ids(conn, members)
                          if r["window_start"] is not None])
        if grown == intervals and not members:
            break
        intervals = grown
    _delete_canonical(conn, stale)
    return _write(conn, list(rows.values()), rules)


def _write(conn, rows: Sequence[dict], rules: FusionRules) -> int:
    reports = [Report(event_from_row(row), row["published"]) for row in rows]
    fused = fuse(reports, rules)
    events, sources, roles = fused_tables(fused)
    for name, data in (("events", events), ("event_sources", sources), ("event_participants", roles)):
        insert_arrow(conn, name, data)
    return len(fused)


def _rows(conn, where: str, params: list) -> list[dict]:
    cursor = conn.execute(
        f"SELECT r.*, d.published FROM reports r JOIN documents d USING (doc_id) WHERE {where}", params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def _overlapping(conn, family: str, status: str, intervals: Sequence[tuple[date, date]]) -> list[dict]:
    if not intervals:
        return []
    overlap = " OR ".join("(r.window_start <= ? AND r.window_end >= ?)" for _ in intervals)
    params: list = [family, status]
    for start, end in intervals:
        params += [end, start]
    return _rows(conn, f"r.family = ? AND r.status = ? AND ({overlap})", params)


def _by_ids(conn, ids: Iterable[str]) -> list[dict]:
    ids = sorted(ids)
    if not ids:
        return []
    with _id_view(conn, "_fuse_ids", ids):
        return _rows(conn, "r.event_id IN (SELECT id FROM _fuse_ids)", [])


def _canonical_ids(conn, report_ids: Iterable[str]) -> set[str]:
    ids = sorted(report_ids)
    if not ids:
        return set()
    with _id_view(conn, "_fuse_ids", ids):
        found = conn.execute("SELECT DISTINCT canonical_id FROM event_sources "
                             "WHERE event_id IN (SELECT id FROM _fuse_ids)").fetchall()
    return {row[0] for row in found}


def _members(conn, canonical_ids: Iterable[str]) -> set[str]:
    ids = sorted(canonical_ids)
    if not ids:
        return set()
    with _id_view(conn, "_fuse_ids", ids):
        found = conn.execute("SELECT event_id FROM event_sources "
                             "WHERE canonical_id IN (SELECT id FROM _fuse_ids)").fetchall()
    return {row[0] for row in found}


def _delete_canonical(conn, canonical_ids: Iterable[str]) -> None:
    ids = sorted(canonical_ids)
    if not ids:
        return
    with _id_view(conn, "_fuse_ids", ids):
        for name in ("events", "event_sources", "event_participants"):
            conn.execute(f"DELETE FROM {name} WHERE canonical_id IN (SELECT id FROM _fuse_ids)")


def _id_view(conn, name: str, ids: Sequence[str]):
    """A list of ids registered as the one-column view ``name`` for a block."""
    return view(conn, name, pa.table({"id": list(ids)}, schema=_ID_TABLE))


def _merge(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching intervals merged, sorted."""
    merged: list[list[date]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]
