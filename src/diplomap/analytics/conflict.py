"""Cooperation and conflict: the sum of event intensities per partner and month.

Each event the focal actor shares with a partner adds its type's signed intensity
(a Goldstein-like score from the knowledge base: positive for cooperation, negative
for conflict) to that dyad, whole: a summit with five partners adds to five dyads.
Undated events count in the totals and sit in an "undated" month.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, as_date, ids, month_label

UNDATED = "undated"


@dataclass(frozen=True)
class DyadMonth:
    partner: str
    month: str
    intensity: float
    events: int
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class PartnerTotal:
    partner: str
    name: str
    total: float            # net: cooperation + conflict
    cooperation: float      # sum of positive intensities
    conflict: float         # sum of negative intensities (<= 0)
    events: int
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class ConflictResult(Result):
    partners: tuple[PartnerTotal, ...]      # most engaged first (cooperation - conflict)
    months: tuple[DyadMonth, ...]
    notes: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        return [
            Section("Cooperation and conflict by partner (sum of intensities)",
                    ("partner", "name", "net", "cooperation", "conflict", "events"),
                    tuple((p.partner, p.name, round(p.total, 1), round(p.cooperation, 1), round(p.conflict, 1),
                           p.events) for p in self.partners)),
            Section("By partner and month", ("partner", "month", "intensity", "events"),
                    tuple((m.partner, m.month, round(m.intensity, 1), m.events) for m in self.months)),
        ]

    def headline(self) -> tuple[Figure, ...]:
        net = sum(p.total for p in self.partners)
        every = ids(i for p in self.partners for i in p.event_ids)
        top = self.partners[0] if self.partners else None
        figures = [Figure("net intensity (all dyads)", round(net, 1), every),
                   Figure("most engaged partner (net)", f"{top.partner} ({top.total:+.1f})" if top else None,
                          top.event_ids if top else ())]
        return tuple(figures)


class CooperationConflict(Measure):
    name = "cooperation"
    title = "Cooperation and conflict"

    def compute(self, context: Context) -> ConflictResult:
        rows = context.focal_rows(
            "SELECT p.actor, p.canonical_id, f.event_type, date_trunc('month', f.date_start) AS month "
            "FROM partners p JOIN focal f ON f.canonical_id = p.canonical_id ORDER BY p.actor, p.canonical_id",
            partners=True)
        cells: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
        dyads: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for row in rows:
            month = month_label(as_date(row["month"])) if row["month"] is not None else UNDATED
            score = (row["canonical_id"], context.intensity(row["event_type"]))
            cells[(row["actor"], month)].append(score)
            dyads[row["actor"]].append(score)
        ordered = sorted(cells.items(), key=lambda cell: (cell[0][0], _order(cell[0][1])))
        months = tuple(DyadMonth(partner, month, sum(v for _, v in items), len(items), ids(e for e, _ in items))
                       for (partner, month), items in ordered)
        totals = []
        for partner, scores in dyads.items():
            cooperation = sum(v for _, v in scores if v > 0)
            conflict = sum(v for _, v in scores if v < 0)
            totals.append(PartnerTotal(partner, context.name_of(partner), cooperation + conflict, cooperation,
                                       conflict, len(scores), ids(e for e, _ in scores)))
        totals.sort(key=lambda p: (-(p.cooperation - p.conflict), -p.total, p.partner))
        return ConflictResult(tuple(totals), months)


def _order(month: str) -> str:
    return "9999" if month == UNDATED else month
