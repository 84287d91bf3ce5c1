"""Vectors and balance: how the focal actor's engagement divides between power centres.

Each partner maps to a vector through the bloc table (partners it lacks: "other").
Each event weighs |intensity| of its type, so conflict counts as engagement as much
as cooperation does, and a meeting weighs less than a signed agreement; the weight
is split evenly between the event's partners. The focal actor is never its own
partner, so its own row in the bloc table plays no part.

Balance over the k vectors of the bloc table, from the shares s_i:
normalised Shannon entropy H/ln k (H = -Σ s_i ln s_i; 1 = perfectly even, 0 = one
vector), normalised Herfindahl (HHI - 1/k)/(1 - 1/k) (HHI = Σ s_i²; 0 = even,
1 = one vector) and the effective number of vectors exp(H).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from diplomap.analytics.base import OTHER, Context, Figure, Measure, Result, Section

UNKNOWN_TYPE_WEIGHT = 1.0


@dataclass(frozen=True)
class VectorShare:
    vector: str
    weight: float
    share: float
    events: int
    partners: tuple[str, ...]
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class Balance:
    """Balance indices over k vectors; None when there is no engagement to divide."""

    k: int
    entropy: float | None          # H, in nats
    evenness: float | None         # H / ln k
    hhi: float | None
    hhi_normalised: float | None
    effective_vectors: float | None


@dataclass(frozen=True)
class VectorsResult(Result):
    vectors: tuple[VectorShare, ...]
    balance: Balance
    total_weight: float
    event_ids: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        b = self.balance
        return [
            Section("Vectors (share of engagement, weighted by |intensity|)",
                    ("vector", "share", "weight", "events", "partners"),
                    tuple((v.vector, f"{v.share:.1%}", round(v.weight, 2), v.events, " ".join(v.partners))
                          for v in self.vectors)),
            Section("Balance", ("measure", "value"), (
                ("vectors (k)", b.k),
                ("balance: normalised entropy H/ln k (1 = even)", _r(b.evenness)),
                ("normalised Herfindahl (0 = even, 1 = one vector)", _r(b.hhi_normalised)),
                ("effective number of vectors exp(H)", _r(b.effective_vectors)))),
        ]

    def headline(self) -> tuple[Figure, ...]:
        top = max(self.vectors, key=lambda v: v.share, default=None)
        top_label = f"{top.vector} ({top.share:.0%})" if top and top.weight else None
        return (Figure("top vector", top_label, top.event_ids if top else ()),
                Figure("balance (H/ln k)", _r(self.balance.evenness), self.event_ids),
                Figure("normalised HHI", _r(self.balance.hhi_normalised), self.event_ids),
                Figure("effective vectors", _r(self.balance.effective_vectors), self.event_ids))


class Vectors(Measure):
    name = "vectors"
    title = "Vectors and balance"

    def compute(self, context: Context) -> VectorsResult:
        actors = context.focal_columns("SELECT DISTINCT actor FROM partners ORDER BY actor", partners=True)["actor"]
        weights: dict[str, float] = defaultdict(float)
        events: dict[str, list[str]] = {}
        members: dict[str, list[str]] = {}
        every: list[str] = []
        if actors:
            blocs = [value for actor in actors for value in (actor, context.vector(actor))]
            ctes = f", blocs (actor, vector) AS (VALUES {', '.join('(?, ?)' for _ in actors)})"
            joined = "FROM partners p JOIN blocs b ON b.actor = p.actor"
            split = context.focal_columns(      # each event's weight is split evenly between its partners
                f"SELECT b.vector, f.event_type, {context.length('f.actors')} - 1 AS partners, count(*) AS n {joined} "
                "JOIN focal f ON f.canonical_id = p.canonical_id GROUP BY b.vector, f.event_type, partners "
                "ORDER BY b.vector, f.event_type, partners", blocs, partners=True, ctes=ctes)
            for vector, kind, partners, n in zip(split["vector"], split["event_type"], split["partners"], split["n"]):
                weights[vector] += n * ((abs(context.intensity(kind)) or UNKNOWN_TYPE_WEIGHT) / partners)
            grouped = context.focal_columns(
                "SELECT b.vector, array_agg(DISTINCT p.canonical_id ORDER BY p.canonical_id) AS ids, "
                f"array_agg(DISTINCT p.actor ORDER BY p.actor) AS actors {joined} GROUP BY b.vector",
                blocs, partners=True, ctes=ctes)
            events = dict(zip(grouped["vector"], grouped["ids"]))
            members = dict(zip(grouped["vector"], grouped["actors"]))
            every = context.focal_columns("SELECT DISTINCT canonical_id FROM partners ORDER BY canonical_id",
                                          partners=True)["canonical_id"]
        vectors = context.vectors or tuple(sorted(set(context.blocs.values()) | {OTHER}))
        total = sum(weights.values())
        shares = [VectorShare(v, weights.get(v, 0.0), weights.get(v, 0.0) / total if total else 0.0,
                              len(events.get(v, ())), tuple(members.get(v, ())), tuple(events.get(v, ())))
                  for v in sorted(set(vectors) | set(weights))]
        shares.sort(key=lambda s: (-s.weight, s.vector))
        notes = () if total else ("no partners in the window: no balance",)
        return VectorsResult(tuple(shares), balance({s.vector: s.weight for s in shares}, len(shares)),
                             total, tuple(every), notes)


def balance(weights: Mapping[str, float], k: int) -> Balance:
    """Entropy, Herfindahl and effective number of vectors of ``weights`` over ``k`` vectors."""
    total = sum(weights.values())
    if total <= 0 or k < 1:
        return Balance(k, None, None, None, None, None)
    shares = [w / total for w in weights.values() if w > 0]
    entropy = -sum(s * math.log(s) for s in shares)
    hhi = sum(s * s for s in shares)
    if k == 1:
        return Balance(k, entropy, None, hhi, None, math.exp(entropy))
    return Balance(k, entropy, entropy / math.log(k), hhi, (hhi - 1 / k) / (1 - 1 / k), math.exp(entropy))


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
