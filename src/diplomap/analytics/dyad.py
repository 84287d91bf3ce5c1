"""A dyad: two actors' shared events month by month, their tier history and the evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from diplomap.analytics.base import Figure, Result, Section, Window, as_date, ids, left_out_note, month_label
from diplomap.analytics.ladder import TierStep, partner_ladders, step_date
from diplomap.analytics.profile import make_context
from diplomap.analytics.tempo import month_axis, sparkline
from diplomap.kb import KnowledgeBase


@dataclass(frozen=True)
class TimelineMonth:
    month: str
    events: int
    intensity: float          # net: sum of signed intensities
    cooperation: float
    conflict: float
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceItem:
    event_id: str
    date_start: date | None
    date_end: date | None
    event_type: str
    mode: str | None
    intensity: float
    sentence: str
    sources: tuple[str, ...]     # document ids


@dataclass(frozen=True)
class DyadResult(Result):
    a: str
    b: str
    a_name: str
    b_name: str
    window: Window
    events: int
    intensity: float
    event_ids: tuple[str, ...]
    months: tuple[TimelineMonth, ...]
    undated_ids: tuple[str, ...]
    tiers: tuple[TierStep, ...]
    evidence: tuple[EvidenceItem, ...]
    notes: tuple[str, ...] = ()
    left_out_ids: tuple[str, ...] = ()       # shared occurred events below the window's confidence threshold

    def sections(self) -> list[Section]:
        below = ((f"below confidence {self.window.min_confidence:g}, left out", len(self.left_out_ids)),) \
            if self.window.min_confidence > 0 else ()
        return [
            Section(f"{self.a}-{self.b}", ("measure", "value"), (
                ("shared events", self.events), ("net intensity", round(self.intensity, 1)),
                ("undated events", len(self.undated_ids)), *below,
                ("monthly events, first to last month", sparkline([m.events for m in self.months])))),
            Section("Monthly timeline", ("month", "events", "net intensity", "cooperation", "conflict"),
                    tuple((m.month, m.events, round(m.intensity, 1), round(m.cooperation, 1), round(m.conflict, 1))
                          for m in self.months if m.events),
                    note="months without events are left out"),
            Section("Tier history", ("date", "tier", "change", "source", "evidence"),
                    tuple((step_date(s), s.tier, s.change, s.document, s.evidence)
                          for s in self.tiers)),
            Section("Evidence", ("date", "type", "intensity", "sentence"),
                    tuple((_dates(e), e.event_type + (f"/{e.mode}" if e.mode else ""), e.intensity, e.sentence)
                          for e in self.evidence)),
        ]

    def headline(self) -> tuple[Figure, ...]:
        return (Figure("shared events", self.events, self.event_ids),
                Figure("net intensity", round(self.intensity, 1), self.event_ids))


def dyad(store, a: str, b: str, window: Window | None = None, *, kb: KnowledgeBase | None = None) -> DyadResult:
    """The occurred events A and B both take part in, over ``window``.

    Raises MeasureError for an unknown actor code or A equal to B.
    """
    context = make_context(store, a, window, kb=kb, with_actor=b)
    rows = context.focal_rows(
        "SELECT f.canonical_id, f.event_type, f.mode, f.date_start, f.date_end, "
        "f.date_precision, f.evidence_text, date_trunc('month', greatest(f.date_start, CAST(? AS DATE))) AS month, "
        "(SELECT array_agg(DISTINCT s.doc_id) FROM event_sources s WHERE s.canonical_id = f.canonical_id) AS sources "
        "FROM focal f ORDER BY f.date_start NULLS LAST, f.canonical_id",
        [context.window.date_from])
    by_month: dict[date, list[tuple[str, float]]] = defaultdict(list)
    evidence, undated = [], []
    for row in rows:
        score = context.intensity(row["event_type"])
        evidence.append(EvidenceItem(row["canonical_id"], as_date(row["date_start"]), as_date(row["date_end"]),
                                     row["event_type"], row["mode"], score, row["evidence_text"],
                                     tuple(sorted(row["sources"] or ()))))
        if row["month"] is None or row["date_precision"] not in ("day", "month"):
            undated.append(row["canonical_id"])
        else:
            by_month[as_date(row["month"])].append((row["canonical_id"], score))
    months = tuple(_month(month_label(m), by_month.get(m, []))
                   for m in month_axis(by_month, context.window.date_from, context.window.date_to))
    [ladder] = partner_ladders(context) or [None]
    left_out = context.left_out_ids()
    notes = []
    if undated:
        notes.append(f"{len(undated)} undated (or year-dated) event(s) are in the evidence but not the timeline")
    if left_out:
        notes.append(left_out_note(len(left_out), context.window.min_confidence))
    return DyadResult(
        a=context.focal, b=context.with_actor, a_name=context.name_of(context.focal),
        b_name=context.name_of(context.with_actor), window=context.window, events=len(rows),
        intensity=sum(e.intensity for e in evidence), event_ids=ids(e.event_id for e in evidence),
        months=months, undated_ids=ids(undated), tiers=ladder.steps if ladder else (),
        evidence=tuple(evidence), notes=tuple(notes), left_out_ids=left_out)


def _month(label: str, items: list[tuple[str, float]]) -> TimelineMonth:
    return TimelineMonth(label, len(items), sum(v for _, v in items), sum(v for _, v in items if v > 0),
                         sum(v for _, v in items if v < 0), ids(e for e, _ in items))


def _dates(item: EvidenceItem) -> str:
    if item.date_start is None:
        return "undated"
    start = item.date_start.isoformat()
    return start if item.date_end in (None, item.date_start) else f"{start}..{item.date_end.isoformat()}"
