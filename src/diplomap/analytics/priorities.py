"""Priorities: the share of events by PLOVER context and by named project, per quarter.

A share is the number of events carrying a context (or project) over the number of
events in that period; an event may carry several contexts, so shares need not add
up to 1. The period "all" holds every event in the window, undated ones included;
quarters hold the events dated to a day or a month, by the quarter they start in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, as_date, ids, quarter_label

ALL = "all"


@dataclass(frozen=True)
class Share:
    period: str          # "all" or "2025-Q2"
    kind: str            # context | project
    label: str
    events: int
    share: float
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class PeriodTotal:
    period: str
    events: int
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class PrioritiesResult(Result):
    periods: tuple[PeriodTotal, ...]
    shares: tuple[Share, ...]
    notes: tuple[str, ...] = ()

    def overall(self, kind: str) -> tuple[Share, ...]:
        return tuple(s for s in self.shares if s.period == ALL and s.kind == kind)

    def sections(self) -> list[Section]:
        sections = [Section(f"Share of events by {kind}",
                            (kind, "events", "share"),
                            tuple((s.label, s.events, f"{s.share:.0%}") for s in self.overall(kind)))
                    for kind in ("context", "project")]
        quarterly = tuple((s.period, s.kind, s.label, s.events, f"{s.share:.0%}")
                          for s in self.shares if s.period != ALL)
        totals = {p.period: p.events for p in self.periods}
        sections.append(Section("Priorities per quarter", ("quarter", "kind", "label", "events", "share"), quarterly,
                                note="events per quarter: " + ", ".join(
                                    f"{period} {count}" for period, count in totals.items() if period != ALL)))
        return sections

    def headline(self) -> tuple[Figure, ...]:
        contexts = self.overall("context")
        projects = self.overall("project")
        return (Figure("top context", f"{contexts[0].label} ({contexts[0].share:.0%})" if contexts else None,
                       contexts[0].event_ids if contexts else ()),
                Figure("top project", f"{projects[0].label} ({projects[0].events})" if projects else None,
                       projects[0].event_ids if projects else ()))


class Priorities(Measure):
    name = "priorities"
    title = "Priorities"

    def compute(self, context: Context) -> PrioritiesResult:
        params = [context.window.date_from]
        base = (", base AS (SELECT canonical_id, contexts, projects, CASE WHEN date_precision IN ('day', 'month') "
                "THEN date_trunc('quarter', greatest(date_start, CAST(? AS DATE))) END AS quarter FROM focal)")
        events = context.focal_rows("SELECT canonical_id, quarter FROM base ORDER BY canonical_id", params, ctes=base)
        labels = context.focal_rows(
            "SELECT canonical_id, 'context' AS kind, unnest(contexts) AS label FROM base "
            "UNION ALL SELECT canonical_id, 'project' AS kind, unnest(projects) AS label FROM base", params, ctes=base)
        periods: dict[str, set[str]] = defaultdict(set)
        period_of: dict[str, str | None] = {}
        for row in events:
            quarter = quarter_label(as_date(row["quarter"])) if row["quarter"] is not None else None
            period_of[row["canonical_id"]] = quarter
            periods[ALL].add(row["canonical_id"])
            if quarter:
                periods[quarter].add(row["canonical_id"])
        tagged: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for row in labels:
            event_id = row["canonical_id"]
            for period in (ALL, period_of[event_id]):
                if period:
                    tagged[(period, row["kind"], row["label"])].add(event_id)
        shares = [Share(period, kind, label, len(members), len(members) / len(periods[period]), ids(members))
                  for (period, kind, label), members in tagged.items()]
        shares.sort(key=lambda s: (s.period != ALL, s.period, s.kind, -s.events, s.label))
        order = sorted(periods, key=lambda p: (p != ALL, p))
        return PrioritiesResult(tuple(PeriodTotal(p, len(periods[p]), ids(periods[p])) for p in order),
                                tuple(shares))
