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
        month = "date_trunc('month', f.date_start)"
        joined = "FROM partners p JOIN focal f ON f.canonical_id = p.canonical_id"
        kinds = context.focal_columns(
            f"SELECT p.actor, {month} AS month, f.event_type, count(*) AS n {joined} "
            "GROUP BY p.actor, month, f.event_type ORDER BY p.actor, month, f.event_type", partners=True)
        cells = context.focal_columns(
            f"SELECT p.actor, {month} AS month, array_agg(p.canonical_id ORDER BY p.canonical_id) AS ids {joined} "
            "GROUP BY p.actor, month", partners=True)
        dyads = context.focal_columns(
            "SELECT actor, array_agg(canonical_id ORDER BY canonical_id) AS ids FROM partners GROUP BY actor",
            partners=True)
        labels = {start: _label(start) for start in {*kinds["month"], *cells["month"]}}   # a few dozen months
        cell_sum: dict[tuple[str, str], float] = defaultdict(float)
        positive: dict[str, float] = defaultdict(float)
        negative: dict[str, float] = defaultdict(float)
        for actor, start, kind, n in zip(kinds["actor"], kinds["month"], kinds["event_type"], kinds["n"]):
            score = context.intensity(kind)
            cell_sum[(actor, labels[start])] += n * score
            if score > 0:
                positive[actor] += n * score
            elif score < 0:
                negative[actor] += n * score
        months = sorted((DyadMonth(partner, labels[start], cell_sum[(partner, labels[start])], len(members),
                                   tuple(members))
                         for partner, start, members in zip(cells["actor"], cells["month"], cells["ids"])),
                        key=lambda cell: (cell.partner, cell.month == UNDATED, cell.month))
        totals = [PartnerTotal(partner, context.name_of(partner), positive[partner] + negative[partner],
                               positive[partner], negative[partner], len(members), tuple(members))
                  for partner, members in zip(dyads["actor"], dyads["ids"])]
        totals.sort(key=lambda p: (-(p.cooperation - p.conflict), -p.total, p.partner))
        return ConflictResult(tuple(totals), tuple(months))


def _label(start) -> str:
    return month_label(as_date(start)) if start is not None else UNDATED

