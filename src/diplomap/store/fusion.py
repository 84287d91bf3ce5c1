"""Keep the fused layer in step with the reports, inside the writer's transaction.

Two reports can only fuse when they share a family, a status and overlapping fusion
windows (see ``diplomap.fuse.fusion_window``). So when reports are added or removed,
the canonical events that can change are those of the reports whose windows are
connected, through overlaps, to the touched windows. ``refresh`` grows the touched
intervals until no further report overlaps them, re-fuses exactly those reports and
replaces their canonical events; the result equals fusing everything from scratch.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from diplomap.fuse import (
    ANCHOR_RULE, FusionRules, Report, build_fused, canonical_id, cluster_members, fuse, sentence_key,
)
from diplomap.models import Place, TimeSpan
from diplomap.store.records import event_from_row, fused_tables, no_gc

logger = logging.getLogger(__name__)
_ID_TABLE = pa.schema([("id", pa.string())])
COPY_RULE = "copy-of"   # the rule of a source that copies the document of another source
BUILD_CHUNK = 5000      # clusters of several reports built in Python at a time
ALONE_CHUNK = 50_000    # lone reports copied by one statement


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
    with _staged(engine) as target:
        for (family, status), touches in sorted(partitions.items()):
            written += _refresh_partition(engine, family, status, touches, rules, target)
    return written


def refresh_pending(engine, rules: FusionRules) -> int:
    """``refresh`` for the reports waiting in ``fusion_pending``, read one (family, status)
    partition at a time: after a bulk load that is every report, so never all at once.

    The largest partition goes first, before the memory the others leave behind, and the
    memory of each is handed back to the system before the next.
    """
    keys = engine.values("SELECT family, status FROM fusion_pending GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2")
    written = 0
    with _staged(engine) as target:
        for family, status in keys:
            _give_back_memory()
            touches = engine.values("SELECT event_id, window_start, window_end FROM fusion_pending "
                                    "WHERE family IS NOT DISTINCT FROM ? AND status IS NOT DISTINCT FROM ?",
                                    [family, status])
            ids = {event_id for event_id, _, _ in touches}
            intervals = _merge([(start, end) for _, start, end in touches if start is not None])
            del touches
            written += _refresh_ids(engine, family, status, ids, intervals, rules, target)
    return written


def refuse_all(engine, rules: FusionRules) -> int:
    """Rebuild the whole fused layer from the reports; the number of canonical events."""
    for name in ("events", "event_sources", "event_participants"):
        engine.execute(f"DELETE FROM {name}")
    keys = engine.values("SELECT DISTINCT family, status FROM reports ORDER BY 1, 2")
    written = 0
    with _staged(engine) as target:
        for family, status in keys:
            ids = [row[0] for row in engine.values(
                "SELECT event_id FROM reports WHERE family = ? AND status = ?", [family, status])]
            written += _write(engine, ids, rules, target)
    return written


@contextmanager
def _staged(engine) -> Iterator[str]:
    """The table that new canonical events go to for the block: on DuckDB a temporary one whose
    rows then join ``events`` in date order (undated last), so that the events of one fusion,
    a bulk load's above all, lie in date order and a window's scan skips the rest."""
    if engine.dialect != "duckdb":
        yield "events"
        _add_copies(engine, "events")
        return
    engine.execute("CREATE OR REPLACE TEMPORARY TABLE _fused_events AS SELECT * FROM events LIMIT 0")
    try:
        yield "_fused_events"
        _add_copies(engine, "_fused_events")
        engine.execute("INSERT INTO events SELECT * FROM _fused_events ORDER BY date_start NULLS LAST, canonical_id")
    finally:
        engine.execute("DROP TABLE IF EXISTS _fused_events")


def _add_copies(engine, target: str) -> None:
    """Every copy of a source document becomes a source of the canonical events in ``target`` (rule
    COPY_RULE, with the original's report), and their source counts count it."""
    engine.execute(
        "INSERT INTO event_sources (canonical_id, event_id, doc_id, fusion_rule) "
        f"SELECT s.canonical_id, s.event_id, d.doc_id, '{COPY_RULE}' FROM event_sources s "
        "JOIN documents d ON d.copy_of = s.doc_id "
        f"WHERE s.fusion_rule <> '{COPY_RULE}' AND s.canonical_id IN (SELECT canonical_id FROM {target}) "
        "AND NOT EXISTS (SELECT 1 FROM event_sources c WHERE c.canonical_id = s.canonical_id AND c.doc_id = d.doc_id)")
    engine.execute(
        f"UPDATE {target} SET source_count = (SELECT count(DISTINCT s.doc_id) FROM event_sources s "
        f"WHERE s.canonical_id = {target}.canonical_id) WHERE canonical_id IN "
        f"(SELECT canonical_id FROM event_sources WHERE fusion_rule = '{COPY_RULE}')")


def _refresh_partition(engine, family: str, status: str, touches: Sequence[Touch], rules: FusionRules,
                       target: str = "events") -> int:
    ids = {touch.event_id for touch in touches}
    intervals = _merge([(t.window_start, t.window_end) for t in touches if t.window_start is not None])
    return _refresh_ids(engine, family, status, ids, intervals, rules, target)


def _refresh_ids(engine, family: str, status: str, ids: set[str], intervals: list[tuple[date, date]],
                 rules: FusionRules, target: str) -> int:
    """Grow the touched reports ``ids`` and their windows ``intervals`` until nothing more overlaps; re-fuse those."""
    found: set[str] = set()                   # reports stored in the grown intervals (or touched)
    covered: list[tuple[date, date]] = []     # their windows, merged
    while True:
        rows = _overlapping(engine, family, status, intervals)
        rows += _by_ids(engine, ids - found - {row[0] for row in rows})
        found.update(row[0] for row in rows)
        covered = _merge(covered + [(start, end) for _, start, end in rows if start is not None])
        del rows
        stale = _canonical_ids(engine, ids | found)
        members = _members(engine, stale) - found - ids
        ids |= members
        grown = _merge(intervals + covered
                       + [(start, end) for _, start, end in _by_ids(engine, members) if start is not None])
        if grown == intervals and not members:
            break
        intervals = grown
    _delete_canonical(engine, stale)
    del ids
    return _write(engine, sorted(found), rules, target)


def _write(engine, report_ids: Sequence[str], rules: FusionRules, target: str = "events") -> int:
    """Fuse the reports ``report_ids`` and insert their canonical events (into ``target``); how many.

    On DuckDB, clustering reads only the columns it needs, and a report that stays alone
    (most of them) is copied into the fused layer by SQL; only clusters of several
    reports, and the odd report whose lists hold repeats, are built in Python.
    """
    if engine.dialect != "duckdb":
        return _insert_fused(engine, fuse(_reports(engine, report_ids), rules), target)
    with no_gc():
        shared: dict = {}
        with _id_view(engine, "_fuse_ids", report_ids):      # rows a chunk at a time: only the slim reports stay
            reports = [_slim_report(row, shared) for chunk in engine.chunks(_SLIM_SQL) for row in chunk]
        del shared
        clusters = cluster_members(reports, rules)
        del reports
        alone = [members[0][0].event.event_id for members in clusters
                 if len(members) == 1 and members[0][0].event.simple]
        together = [[(report.event.event_id, rule) for report, rule in members] for members in clusters
                    if len(members) > 1 or not members[0][0].event.simple]
        del clusters
    _give_back_memory()          # the slim reports and clusters, before the full reports are read
    _insert_alone(engine, alone, target)
    with no_gc():
        for first in range(0, len(together), BUILD_CHUNK):        # full reports a chunk at a time: bounded memory
            chunk = together[first:first + BUILD_CHUNK]
            full = {report.event.event_id: report for report in _reports(
                engine, [event_id for members in chunk for event_id, _ in members])}
            _insert_fused(engine, [build_fused([(full[event_id], rule) for event_id, rule in members], rules)
                                   for members in chunk], target)
    return len(alone) + len(together)


_SLIM_SQL = (
    "SELECT r.event_id, r.doc_id, r.event_type, r.status, r.mode, r.organization, r.participants, "
    "r.location_name, r.location_country, r.date_start, r.date_end, r.date_precision, d.published, r.evidence_text, "
    "(len(list_distinct(r.participants)) = len(r.participants) "
    " AND len(list_distinct(r.contexts)) = len(r.contexts) AND len(list_distinct(r.projects)) = len(r.projects) "
    " AND len(list_distinct([p.name FOR p IN r.people])) = len(r.people) AND coalesce(r.host, '-') <> '' "
    " AND coalesce(len(list_distinct([g.actor FOR g IN r.participant_sources])) = len(r.participant_sources), TRUE)) "
    "FROM reports r JOIN documents d USING (doc_id) WHERE r.event_id IN (SELECT id FROM _fuse_ids)")


class _SlimEvent:
    """What clustering reads of a report (see ``diplomap.fuse.cluster_members``), and whether
    it is ``simple``: a report alone in its cluster that SQL can copy into the fused layer."""

    __slots__ = ("event_id", "doc_id", "event_type", "status", "mode", "organization", "participants",
                 "location", "time", "sentence", "simple")

    def __init__(self, row: tuple, shared: dict):
        """``shared`` maps values to one copy of each, for the values that many reports repeat."""
        self.event_id = row[0]
        (self.doc_id, self.event_type, self.status, self.mode, self.organization, self.participants,
         self.location, self.time) = (
            _one(shared, row[1]), _one(shared, row[2]), _one(shared, row[3]), _one(shared, row[4]),
            _one(shared, row[5]), _one(shared, tuple(row[6])),
            _one(shared, Place(row[7], row[8])) if row[7] else None, _one(shared, TimeSpan(*row[9:12])))
        self.sentence = sentence_key(row[13])        # the key only: the sentence itself is not kept
        self.simple = row[14]


def _one(shared: dict, value):
    return shared.setdefault(value, value)


def _slim_report(row: tuple, shared: dict) -> Report:
    return Report(_SlimEvent(row, shared), _one(shared, row[12]))


def _reports(engine, report_ids: Sequence[str]) -> list[Report]:
    if not report_ids:
        return []
    with _id_view(engine, "_fuse_full", sorted(report_ids)):
        rows = _rows(engine, "r.event_id IN (SELECT id FROM _fuse_full)", [])
    return [Report(event_from_row(row), row["published"]) for row in rows]


def _insert_fused(engine, fused: Sequence, target: str = "events") -> int:
    events, sources, roles = fused_tables(fused)
    for name, data in ((target, events), ("event_sources", sources), ("event_participants", roles)):
        engine.insert(name, data)
    return len(fused)


def _insert_alone(engine, report_ids: Sequence[str], target: str = "events") -> None:
    """Copy reports that form a canonical event alone into the fused layer, as ``fuse`` would build it,
    ALONE_CHUNK at a time: each statement's joins stay within a capped DuckDB's memory."""
    for first in range(0, len(report_ids), ALONE_CHUNK):
        _insert_alone_chunk(engine, report_ids[first:first + ALONE_CHUNK], target)


def _insert_alone_chunk(engine, report_ids: Sequence[str], target: str) -> None:
    mapping = pa.table({"event_id": list(report_ids), "canonical_id": [canonical_id([i]) for i in report_ids]},
                       schema=pa.schema([("event_id", pa.string()), ("canonical_id", pa.string())]))
    with engine.table("_alone", mapping):
        engine.execute(_ALONE_EVENTS_SQL.format(target=target))
        engine.execute("INSERT INTO event_sources (canonical_id, event_id, doc_id, fusion_rule) "
                       f"SELECT a.canonical_id, r.event_id, r.doc_id, '{ANCHOR_RULE}' "
                       "FROM _alone a JOIN reports r ON r.event_id = a.event_id")
        engine.execute("INSERT INTO event_participants (canonical_id, actor, role) "
                       "SELECT a.canonical_id, p.actor, p.role FROM _alone a JOIN participants p "
                       "ON p.event_id = a.event_id")


# A lone report's canonical event: its own fields, with the normalisations of
# event_from_row (no place without a name, no null trigger, no precision without a date),
# its actors as event_participants lists them, and its participant_sources (none for a report stored
# before they were recorded).
_ALONE_EVENTS_SQL = """
INSERT INTO {target} (canonical_id, event_type, mode, status, source_actors, target_actors, participants, host,
    organization, contexts, projects, people, date_start, date_end, date_precision, location_name,
    location_country, location_lat, location_lon, evidence_text, evidence_start, evidence_end, confidence,
    trigger, source_count, actors, participant_sources)
SELECT a.canonical_id, r.event_type, r.mode, r.status, r.source_actors, r.target_actors, r.participants, r.host,
    r.organization, r.contexts, r.projects, r.people, r.date_start, r.date_end,
    CASE WHEN r.date_start IS NULL THEN 'unknown' ELSE r.date_precision END,
    CASE WHEN r.location_name <> '' THEN r.location_name END,
    CASE WHEN r.location_name <> '' THEN r.location_country END,
    CASE WHEN r.location_name <> '' THEN r.location_lat END,
    CASE WHEN r.location_name <> '' THEN r.location_lon END,
    r.evidence_text, r.evidence_start, r.evidence_end, r.confidence, coalesce(r.trigger, ''), 1, coalesce(p.actors, []),
    coalesce(r.participant_sources, [])
FROM _alone a JOIN reports r ON r.event_id = a.event_id
LEFT JOIN (SELECT p.event_id, array_agg(DISTINCT p.actor ORDER BY p.actor) AS actors FROM participants p
           WHERE p.event_id IN (SELECT event_id FROM _alone) GROUP BY p.event_id) p ON p.event_id = a.event_id
"""


def _rows(engine, where: str, params: list) -> list[dict]:
    return engine.rows(f"SELECT r.*, d.published FROM reports r JOIN documents d USING (doc_id) WHERE {where}", params)


def _overlapping(engine, family: str, status: str, intervals: Sequence[tuple[date, date]]) -> list[tuple]:
    if not intervals:
        return []
    spans = pa.table({"lo": [start for start, _ in intervals], "hi": [end for _, end in intervals]},
                     schema=pa.schema([("lo", pa.date32()), ("hi", pa.date32())]))
    with engine.table("_fuse_spans", spans):
        return engine.values(
            "SELECT r.event_id, r.window_start, r.window_end FROM reports r WHERE r.family = ? AND r.status = ? "
            "AND EXISTS (SELECT 1 FROM _fuse_spans s WHERE r.window_start <= s.hi AND r.window_end >= s.lo)",
            [family, status])


def _by_ids(engine, ids: Iterable[str]) -> list[tuple]:
    ids = sorted(ids)
    if not ids:
        return []
    with _id_view(engine, "_fuse_ids", ids):
        return engine.values("SELECT r.event_id, r.window_start, r.window_end FROM reports r "
                             "WHERE r.event_id IN (SELECT id FROM _fuse_ids)")


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


def _give_back_memory() -> None:
    """Let the C allocator return free pages to the system (glibc; elsewhere a no-op). Fusion
    makes no reference cycles, so there is no garbage for a (slow, full) collection to find."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _merge(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching intervals merged, sorted."""
    merged: list[list[date]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]
