"""Scale: how many distinct events, with how many partners, of which types."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, ids


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

    def sections(self) -> list[Section]:
        return [
            Section("Scale", ("measure", "value"), (
                ("distinct events", self.events), ("undated among them", self.undated),
                ("distinct partners", len(self.partners)))),
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
        events = context.focal_rows("SELECT canonical_id, event_type, date_start IS NULL AS undated "
                                    "FROM focal ORDER BY canonical_id")
        pairs = context.focal_rows("SELECT actor, canonical_id FROM partners ORDER BY actor, canonical_id",
                                   partners=True)
        by_type: dict[str, list[str]] = defaultdict(list)
        for row in events:
            by_type[row["event_type"]].append(row["canonical_id"])
        by_partner: dict[str, list[str]] = defaultdict(list)
        for row in pairs:
            by_partner[row["actor"]].append(row["canonical_id"])
        undated = ids(row["canonical_id"] for row in events if row["undated"])
        notes = ()
        if undated:
            notes = (f"{len(undated)} undated event(s) are counted here but left out of the time series",)
        return ScaleResult(
            events=len(events), event_ids=ids(row["canonical_id"] for row in events),
            undated=len(undated), undated_ids=undated,
            partners=_counts(by_partner, context.name_of), by_type=_counts(by_type, str), notes=notes)


def _counts(groups: dict[str, list[str]], label) -> tuple[Count, ...]:
    """Counts largest first, ties by key."""
    counts = [Count(key, label(key), len(set(members)), ids(members)) for key, members in groups.items()]
    return tuple(sorted(counts, key=lambda c: (-c.events, c.key)))
