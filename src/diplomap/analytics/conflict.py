"""Cooperation and conflict: the sum of event intensities per partner and month.

Each event the focal actor shares with a partner adds its type's signed intensity
(a Goldstein-like score from the knowledge base: positive for cooperation, negative
for conflict) to that dyad, whole: a summit with five partners adds to five dyads.
Undated events count in the totals and sit in an "undated" month.
"""

from __future__ import annotations

from dataclasses import dataclass

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, as_date, ids, month_label

UNDATED = "undated"
_EXACT = "DECIMAL(18, 4)"       # intensities have one decimal


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
        kinds = sorted(context.kb.intensity)
        scores = [value for kind in kinds for value in (kind, context.intensity(kind))]
        values = ", ".join(f"(?, CAST(? AS {_EXACT}))" for _ in kinds) or f"(NULL, CAST(0 AS {_EXACT}))"
        ctes = (f", scores (event_type, score) AS (VALUES {values}), "      # summed exactly: ties stay ties
                f"scored AS (SELECT p.actor, p.canonical_id, f.date_start, coalesce(s.score, CAST(0 AS {_EXACT})) "
                "AS score FROM partners p JOIN focal f ON f.canonical_id = p.canonical_id "
                "LEFT JOIN scores s ON s.event_type = f.event_type)")
        cells = context.focal_columns(
            "SELECT actor, date_trunc('month', date_start) AS month, CAST(sum(score) AS DOUBLE PRECISION) AS intensity, "
            "array_agg(canonical_id ORDER BY canonical_id) AS ids FROM scored GROUP BY actor, month",
            scores, partners=True, ctes=ctes)
        dyads = context.focal_columns(
            "SELECT actor, CAST(coalesce(sum(score) FILTER (WHERE score > 0), 0) AS DOUBLE PRECISION) AS cooperation, "
            "CAST(coalesce(sum(score) FILTER (WHERE score < 0), 0) AS DOUBLE PRECISION) AS conflict, "
            "CAST(sum(score) AS DOUBLE PRECISION) AS total, CAST(sum(abs(score)) AS DOUBLE PRECISION) AS engaged, "
            "array_agg(canonical_id ORDER BY canonical_id) AS ids FROM scored GROUP BY actor",
            scores, partners=True, ctes=ctes)
        labels = {start: _label(start) for start in set(cells["month"])}      # a few dozen months
        months = sorted((DyadMonth(partner, labels[start], intensity, len(members), tuple(members))
                         for partner, start, intensity, members
                         in zip(cells["actor"], cells["month"], cells["intensity"], cells["ids"])),
                        key=lambda cell: (cell.partner, cell.month == UNDATED, cell.month))
        engaged = dict(zip(dyads["actor"], dyads["engaged"]))      # cooperation - conflict, summed exactly
        totals = [PartnerTotal(partner, context.name_of(partner), total, cooperation, conflict, len(members),
                               tuple(members))
                  for partner, total, cooperation, conflict, members in zip(
                      dyads["actor"], dyads["total"], dyads["cooperation"], dyads["conflict"], dyads["ids"])]
        totals.sort(key=lambda p: (-engaged[p.partner], -p.total, p.partner))
        return ConflictResult(tuple(totals), tuple(months))


def _label(start) -> str:
    return month_label(as_date(start)) if start is not None else UNDATED

