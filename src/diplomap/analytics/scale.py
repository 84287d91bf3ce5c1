"""Scale: how many distinct events, with how many partners, of which types."""

from __future__ import annotations

from dataclasses import dataclass

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, ids, left_out_note


@dataclass(frozen=True)
class Count:
    """A count of events under a key (a partner, a type ...) and the events counted."""

    key: str
    label: str
    events: int
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class ScaleResult(Result):
    events: int
    event_ids: tuple[str, ...]
    undated: int
    undated_ids: tuple[str, ...]
    partners: tuple[Count, ...]
    by_type: tuple[Count, ...]
    notes: tuple[str, ...] = ()
    min_confidence: float = 0.0           # the window's threshold: events below it are not counted
    left_out: int = 0                     # F's occurred events in the window below it
    left_out_ids: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        below = ((f"below confidence {self.min_confidence:g}, left out", self.left_out),) \
            if self.min_confidence > 0 else ()
        return [
            Section("Scale", ("measure", "value"), (
                ("distinct events", self.events), ("undated among them", self.undated),
                ("distinct partners", len(self.partners)), *below)),
            Section("Events by type", ("type", "events"), tuple((c.key, c.events) for c in self.by_type)),
            Section("Partners", ("partner", "name", "events"),
                    tuple((c.key, c.label, c.events) for c in self.partners)),
        ]

    def headline(self) -> tuple[Figure, ...]:
        partner_ids = ids(i for c in self.partners for i in c.event_ids)
        return (Figure("events", self.events, self.event_ids),
                Figure("partners", len(self.partners), partner_ids))


class Scale(Measure):
    name = "scale"
    title = "Scale"

    def compute(self, context: Context) -> ScaleResult:
        events = context.focal_columns("SELECT canonical_id, date_start IS NULL AS undated FROM focal "
                                       "ORDER BY canonical_id")
        by_type = context.focal_columns("SELECT event_type AS key, array_agg(canonical_id ORDER BY canonical_id) AS ids "
                                        "FROM focal GROUP BY event_type")
        by_partner = context.focal_columns("SELECT actor AS key, array_agg(canonical_id ORDER BY canonical_id) AS ids "
                                           "FROM partners GROUP BY actor", partners=True)
        undated = tuple(event_id for event_id, flag in zip(events["canonical_id"], events["undated"]) if flag)
        left_out = context.left_out_ids()
        notes = []
        if undated:
            notes.append(f"{len(undated)} undated event(s) are counted here but left out of the time series")
        if left_out:
            notes.append(left_out_note(len(left_out), context.window.min_confidence))
        return ScaleResult(
            events=len(events["canonical_id"]), event_ids=tuple(events["canonical_id"]),
            undated=len(undated), undated_ids=undated,
            partners=_counts(by_partner, context.name_of), by_type=_counts(by_type, str), notes=tuple(notes),
            min_confidence=context.window.min_confidence, left_out=len(left_out), left_out_ids=left_out)


def _counts(groups: dict[str, list], label) -> tuple[Count, ...]:
    """Counts largest first, ties by key, from columns ``key`` and ``ids`` (distinct, sorted)."""
    counts = [Count(key, label(key), len(members), tuple(members)) for key, members in zip(groups["key"], groups["ids"])]
    return tuple(sorted(counts, key=lambda c: (-c.events, c.key)))
