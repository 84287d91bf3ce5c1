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

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from heapq import heappop, heappush
from itertools import combinations, count

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
        return _with_centrality(context, hosted_talks(context))


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


# The window's network in SQL: each occurred event's distinct actors, for events of two or more.
_MEMBERS = ("WITH net AS (SELECT DISTINCT p.canonical_id, p.actor FROM event_participants p "
            "JOIN events e ON e.canonical_id = p.canonical_id WHERE e.status = 'occurred' AND {window}), "
            "multi AS (SELECT canonical_id FROM net GROUP BY canonical_id HAVING count(*) >= 2), "
            "members AS (SELECT n.canonical_id, n.actor FROM net n JOIN multi m ON m.canonical_id = n.canonical_id) ")


def _network_query(context: Context, select: str, params: list, members: str | None = None) -> list[dict]:
    """Rows of ``select`` over the CTE ``members`` (canonical_id, actor), or over the table ``members`` names."""
    if members:
        return context.rows(f"WITH members AS (SELECT * FROM {members}) {select}", params)
    window, window_params = context.window.sql("e")
    return context.rows(_MEMBERS.format(window=window) + select, [*window_params, *params])


@contextmanager
def _members_table(context: Context) -> Iterator[str | None]:
    """On DuckDB, the window's network members in a temporary table for the block (else None)."""
    engine = getattr(context.store, "engine", None)
    if getattr(engine, "dialect", None) != "duckdb":
        yield None
        return
    name = f"_network_{uuid.uuid4().hex}"
    window, params = context.window.sql("e")
    engine.execute(f"CREATE TEMPORARY TABLE {name} AS {_MEMBERS.format(window=window)} SELECT * FROM members",
                   params)
    try:
        yield name
    finally:
        engine.execute(f"DROP TABLE IF EXISTS {name}")


def network_graph(context: Context, members: str | None = None):
    """The co-participation network of the window (as ``co_participation`` builds it from every event,
    edges in the order their first event comes), summed up in SQL."""
    import networkx as nx

    rows = _network_query(context, "SELECT a.actor AS a, b.actor AS b, count(*) AS weight, "
                                   "min(a.canonical_id) AS first FROM members a JOIN members b "
                                   "ON a.canonical_id = b.canonical_id AND a.actor < b.actor "
                                   "GROUP BY a.actor, b.actor ORDER BY first, a, b", [], members)
    graph = nx.Graph()
    for row in rows:
        graph.add_edge(row["a"], row["b"], weight=row["weight"], distance=1.0 / row["weight"])
    return graph


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


def _with_centrality(context: Context, hosted) -> BrokerResult:
    with _members_table(context) as members:
        return _centrality(context, hosted, members)


def _centrality(context: Context, hosted, members: str | None) -> BrokerResult:
    focal = context.focal
    graph = network_graph(context, members)
    rows = _network_query(context, "SELECT canonical_id, bool_or(actor = ?) AS mine FROM members "
                                   "GROUP BY canonical_id ORDER BY canonical_id", [focal], members)
    every = ids(row["canonical_id"] for row in rows)
    mine = ids(row["canonical_id"] for row in rows if row["mine"])
    if graph.number_of_nodes() == 0 or focal not in graph:
        return BrokerResult(hosted, None, None, graph.number_of_nodes(), graph.number_of_edges(), (), mine, every,
                            (f"{focal} shares no event with another actor in the window: no betweenness",))
    scores = betweenness(graph)
    ranked = sorted(scores, key=lambda actor: (-scores[actor], actor))
    top_actors = ranked[:TOP_NODES]
    events_of: dict[str, list[str]] = {actor: [] for actor in top_actors}
    for row in _network_query(context, "SELECT actor, canonical_id FROM members WHERE actor IN "
                                       f"({', '.join('?' for _ in top_actors)})", top_actors, members):
        events_of[row["actor"]].append(row["canonical_id"])
    top = tuple(NodeScore(actor, scores[actor], graph.degree(actor), ids(events_of[actor])) for actor in top_actors)
    rank = 1 + sum(1 for actor in scores if scores[actor] > scores[focal])
    return BrokerResult(hosted, scores[focal], rank, graph.number_of_nodes(), graph.number_of_edges(), top, mine, every)


def betweenness(graph, weight: str = "distance") -> dict:
    """``networkx.betweenness_centrality(graph, normalized=True, weight=weight)``, the same floats, faster.

    Brandes' algorithm as networkx runs it (Dijkstra with the same heap order and path
    counts, accumulation in the same order, the same rescaling), on integer-indexed
    lists instead of the graph's dicts.
    """
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = [[(index[w], data.get(weight, 1)) for w, data in graph[v].items()] for v in nodes]
    n = len(nodes)
    scores = [0.0] * n
    for source in range(n):
        order, preds, sigma = _shortest_paths(adjacency, source)
        delta = [0] * n
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != source:
                scores[w] += delta[w]
    if n - 1 >= 2:        # normalised over the (n-1)(n-2) ordered pairs of other nodes
        scale = 1 / ((n - 1) * (n - 2))
        if scale != 1:
            scores = [value * scale for value in scores]
    return dict(zip(nodes, scores))


def _shortest_paths(adjacency: list[list[tuple[int, float]]], source: int):
    """Nodes in order of distance, their predecessors on shortest paths, and path counts (networkx's)."""
    n = len(adjacency)
    order: list[int] = []
    preds: list[list[int]] = [[] for _ in range(n)]
    sigma = [0.0] * n
    done = [False] * n
    seen: list = [None] * n
    sigma[source], seen[source] = 1.0, 0
    counter = count()
    queue = [(0, next(counter), source, source)]
    while queue:
        dist, _, pred, v = heappop(queue)
        if done[v]:
            continue
        sigma[v] += sigma[pred]
        order.append(v)
        done[v] = True
        for w, length in adjacency[v]:
            vw_dist = dist + length
            known = seen[w]
            if not done[w] and (known is None or vw_dist < known):
                seen[w] = vw_dist
                heappush(queue, (vw_dist, next(counter), v, w))
                sigma[w] = 0.0
                preds[w] = [v]
            elif vw_dist == known:
                sigma[w] += sigma[v]
                preds[w].append(v)
    return order, preds, sigma


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
