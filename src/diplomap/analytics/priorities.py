"""Priorities: the share of events by PLOVER context and by named project, per quarter.

A share is the number of events carrying a context (or project) over the number of
events in that period; an event may carry several contexts, so shares need not add
up to 1. The period "all" holds every event in the window, undated ones included;
quarters hold the events dated to a day or a month, by the quarter they start in.
"""

from __future__ import annotations

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
                "THEN date_trunc('quarter', greatest(date_start, CAST(? AS DATE))) END AS quarter FROM focal), "
                "labels AS (SELECT canonical_id, quarter, 'context' AS kind, unnest(contexts) AS label FROM base "
                "UNION ALL SELECT canonical_id, quarter, 'project' AS kind, unnest(projects) AS label FROM base)")
        periods: dict[str, list[str]] = {}
        every = context.focal_columns("SELECT canonical_id FROM base ORDER BY canonical_id", params, ctes=base)
        if every["canonical_id"]:
            periods[ALL] = every["canonical_id"]
        quarters = context.focal_columns(
            "SELECT quarter, array_agg(canonical_id ORDER BY canonical_id) AS ids FROM base "
            "WHERE quarter IS NOT NULL GROUP BY quarter", params, ctes=base)
        periods |= {quarter_label(as_date(q)): members for q, members in zip(quarters["quarter"], quarters["ids"])}
        tagged = context.focal_columns(
            "SELECT NULL AS quarter, kind, label, array_agg(DISTINCT canonical_id ORDER BY canonical_id) AS ids "
            "FROM labels GROUP BY kind, label UNION ALL "
            "SELECT quarter, kind, label, array_agg(DISTINCT canonical_id ORDER BY canonical_id) AS ids "
            "FROM labels WHERE quarter IS NOT NULL GROUP BY quarter, kind, label", params, ctes=base)
        shares = []
        for quarter, kind, label, members in zip(tagged["quarter"], tagged["kind"], tagged["label"], tagged["ids"]):
            period = ALL if quarter is None else quarter_label(as_date(quarter))
            shares.append(Share(period, kind, label, len(members), len(members) / len(periods[period]), tuple(members)))
        shares.sort(key=lambda s: (s.period != ALL, s.period, s.kind, -s.events, s.label))
        order = sorted(periods, key=lambda p: (p != ALL, p))
        return PrioritiesResult(tuple(PeriodTotal(p, len(periods[p]), tuple(periods[p])) for p in order),
                                tuple(shares))
