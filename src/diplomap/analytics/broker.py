"""Broker role: talks between others that the focal actor hosted, and its betweenness.

Hosted talks (any event type, status occurred, in the window) are of two kinds:
- host: F is the event's host, at least two other parties take part (the forum
  organisation is not a party), and F is not itself one of the sides: the mode is
  third-party, or it is not a multilateral summit and F is not a source actor;
- venue: a CONSULT event located in F's country, with no host but F, that F takes
  no part in, between at least two parties ("talks between A and B in Baku").

Betweenness: in the co-participation network of every occurred event in the window
(nodes: actors; an edge between every two participants of an event, weighted by the
number of events they share), the share of shortest paths between other actors that
pass through F (normalised, so the centre of a star has 1). Path lengths are
1/weight, so actors that meet often are close.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, as_date, ids

TOP_NODES = 10


@dataclass(frozen=True)
class HostedTalk:
    event_id: str
    date: date | None
    event_type: str
    mode: str | None
    basis: str                  # host | venue
    parties: tuple[str, ...]
    place: str | None
    evidence: str


@dataclass(frozen=True)
class NodeScore:
    actor: str
    betweenness: float
    degree: int
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class BrokerResult(Result):
    hosted: tuple[HostedTalk, ...]
    betweenness: float | None
    rank: int | None            # F's rank by betweenness among the network's actors
    nodes: int
    edges: int
    top: tuple[NodeScore, ...]
    focal_event_ids: tuple[str, ...]     # the events that tie F into the network
    network_event_ids: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        return [
            Section("Hosted talks between others", ("date", "type", "basis", "parties", "place", "evidence"),
                    tuple((h.date.isoformat() if h.date else "undated", h.event_type + (f"/{h.mode}" if h.mode else ""),
                           h.basis, " ".join(h.parties), h.place or "", _short(h.evidence)) for h in self.hosted)),
            Section("Co-participation network", ("measure", "value"), (
                ("betweenness (normalised)", None if self.betweenness is None else round(self.betweenness, 3)),
                ("rank by betweenness", f"{self.rank} of {self.nodes}" if self.rank else "-"),
                ("actors, ties", f"{self.nodes}, {self.edges}"))),
            Section("Most central actors", ("actor", "betweenness", "partners"),
                    tuple((n.actor, round(n.betweenness, 3), n.degree) for n in self.top)),
        ]

    def headline(self) -> tuple[Figure, ...]:
        return (Figure("hosted talks", len(self.hosted), ids(h.event_id for h in self.hosted)),
                Figure("betweenness", None if self.betweenness is None else round(self.betweenness, 3),
                       self.focal_event_ids))


class Broker(Measure):
    name = "broker"
    title = "Broker role"

    def compute(self, context: Context) -> BrokerResult:
        hosted = hosted_talks(context)
        network = _network_events(context)
        return _with_centrality(context.focal, hosted, network)


def hosted_talks(context: Context) -> tuple[HostedTalk, ...]:
    window, params = context.window.sql("e")
    rows = context.rows(
        "SELECT e.canonical_id, e.event_type, e.mode, e.source_actors, e.host, e.organization, e.date_start, "
        "e.location_name, e.location_country, e.evidence_text, "
        "(SELECT array_agg(DISTINCT p.actor) FROM event_participants p "
        "WHERE p.canonical_id = e.canonical_id) AS actors "
        f"FROM events e WHERE e.status = 'occurred' AND {window} "
        "AND (e.host = ? OR (e.location_country = ? AND e.event_type = 'CONSULT' AND coalesce(e.host, ?) = ?)) "
        "ORDER BY e.date_start NULLS LAST, e.canonical_id",
        [*params, *[context.focal] * 4])
    talks = []
    for row in rows:
        actors = set(row["actors"] or ())
        parties = tuple(sorted(actors - {context.focal, row["organization"]}))
        if len(parties) < 2:
            continue
        if row["host"] == context.focal:
            sides = row["mode"] == "third-party" or (
                row["mode"] != "multilateral" and context.focal not in (row["source_actors"] or ()))
            basis = "host" if sides else None
        else:
            basis = "venue" if context.focal not in actors else None
        if basis:
            talks.append(HostedTalk(row["canonical_id"], as_date(row["date_start"]), row["event_type"], row["mode"],
                                    basis, parties, row["location_name"], row["evidence_text"]))
    return tuple(talks)


def _network_events(context: Context) -> list[tuple[str, tuple[str, ...]]]:
    window, params = context.window.sql("e")
    rows = context.rows(
        "SELECT p.canonical_id, array_agg(DISTINCT p.actor) AS actors FROM event_participants p "
        f"JOIN events e ON e.canonical_id = p.canonical_id WHERE e.status = 'occurred' AND {window} "
        "GROUP BY p.canonical_id HAVING count(DISTINCT p.actor) >= 2 ORDER BY p.canonical_id", params)
    return [(row["canonical_id"], tuple(sorted(row["actors"]))) for row in rows]


def co_participation(events: list[tuple[str, tuple[str, ...]]]):
    """The undirected network: an edge per pair of co-participants, ``weight`` = shared events."""
    import networkx as nx

    weights: Counter = Counter()
    for _, actors in events:
        weights.update(combinations(actors, 2))
    graph = nx.Graph()
    for (a, b), weight in weights.items():
        graph.add_edge(a, b, weight=weight, distance=1.0 / weight)
    return graph


def _with_centrality(focal: str, hosted, events) -> BrokerResult:
    import networkx as nx

    graph = co_participation(events)
    every = ids(event_id for event_id, _ in events)
    mine = ids(event_id for event_id, actors in events if focal in actors)
    if graph.number_of_nodes() == 0 or focal not in graph:
        return BrokerResult(hosted, None, None, graph.number_of_nodes(), graph.number_of_edges(), (), mine, every,
                            (f"{focal} shares no event with another actor in the window: no betweenness",))
    scores = nx.betweenness_centrality(graph, normalized=True, weight="distance")
    ranked = sorted(scores, key=lambda actor: (-scores[actor], actor))
    top = tuple(NodeScore(actor, scores[actor], graph.degree(actor),
                          ids(e for e, actors in events if actor in actors)) for actor in ranked[:TOP_NODES])
    rank = 1 + sum(1 for actor in scores if scores[actor] > scores[focal])
    return BrokerResult(hosted, scores[focal], rank, graph.number_of_nodes(), graph.number_of_edges(), top, mine, every)


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
