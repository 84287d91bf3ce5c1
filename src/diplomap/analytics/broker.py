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
# The network's own drill-down lists (every event of the window, a central actor's events) grow
# with the store, not with F: results keep the first NETWORK_IDS ids of each and the count;
# ``network_event_ids`` gives them all.
NETWORK_IDS = 1000


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
    event_ids: tuple[str, ...]           # the first NETWORK_IDS of the actor's events in the network
    events: int = 0                      # all of them


@dataclass(frozen=True)
class BrokerResult(Result):
    hosted: tuple[HostedTalk, ...]
    betweenness: float | None
    rank: int | None            # F's rank by betweenness among the network's actors
    nodes: int
    edges: int
    top: tuple[NodeScore, ...]
    focal_event_ids: tuple[str, ...]     # the events that tie F into the network
    network_event_ids: tuple[str, ...]   # the first NETWORK_IDS events of the network (all: network_event_ids())
    notes: tuple[str, ...] = ()
    network_events: int = 0              # events in the network

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
    scans_window = True

    def compute(self, context: Context) -> BrokerResult:
        return _with_centrality(context, hosted_talks(context))


def hosted_talks(context: Context) -> tuple[HostedTalk, ...]:
    """The window's talks between others that F hosted, by date: picked in SQL, but for the
    count of parties besides F and the forum."""
    focal, has = context.focal, context.has_actor
    sides = (f"e.mode = 'third-party' OR (coalesce(e.mode, '') <> 'multilateral' "
             f"AND NOT coalesce({has('e.source_actors')}, FALSE))")
    select, params = context.window_select(
        "e.canonical_id, e.event_type, e.mode, e.host, e.organization, e.date_start, e.location_name, "
        "e.evidence_text, e.actors",
        f"(e.host = ? AND ({sides})) OR (e.host IS NULL AND e.location_country = ? AND e.event_type = 'CONSULT' "
        f"AND NOT coalesce({has('e.actors')}, FALSE))", [focal, focal, focal, focal])
    found = context.columns(f"SELECT * FROM ({select}) talks ORDER BY date_start NULLS LAST, canonical_id", params)
    talks = []
    for event_id, kind, mode, host, organization, start, place, evidence, actors in zip(
            found["canonical_id"], found["event_type"], found["mode"], found["host"], found["organization"],
            found["date_start"], found["location_name"], found["evidence_text"], found["actors"]):
        parties = tuple(sorted(set(actors or ()) - {focal, organization}))
        if len(parties) >= 2:
            talks.append(HostedTalk(event_id, as_date(start), kind, mode, "host" if host == focal else "venue",
                                    parties, place, evidence))
    return tuple(talks)


class Network:
    """The window's co-participation network: every occurred event of two or more actors.

    Read in one query and summed up in numpy: an edge for each two actors of an event,
    weighted by the events they share (as ``co_participation`` forms it from every
    event), actors and edges in the order of the actors' names.
    """

    def __init__(self, context: Context):
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        select, params = context.window_select("e.canonical_id, e.actors", f"{context.length('e.actors')} >= 2")
        table = _arrow(context, select, params)
        self.event_ids = table["canonical_id"].combine_chunks() if table.num_rows else pa.array([], pa.string())
        lists = table["actors"].combine_chunks() if table.num_rows else pa.array([], pa.list_(pa.string()))
        lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False).astype(np.int64)
        encoded = pc.list_flatten(lists).dictionary_encode()
        names = encoded.dictionary.to_pylist()
        by_name = sorted(range(len(names)), key=names.__getitem__)
        code_of = np.empty(len(names), dtype=np.int64)
        code_of[by_name] = np.arange(len(names))
        self.actors = [names[i] for i in by_name]                    # code -> actor, in name order
        self.codes = code_of[encoded.indices.to_numpy(zero_copy_only=False)] if names else np.zeros(0, np.int64)
        self.event_of = np.repeat(np.arange(len(lengths)), lengths)  # each actor mention's event (row)
        self.first, self.second, self.weights = _edges(self.codes, lengths, len(names))

    @property
    def events(self) -> int:
        return len(self.event_ids)

    def ids(self, rows=None, limit: int | None = None) -> tuple[str, ...]:
        """The canonical ids of the events at ``rows`` (default: all), sorted; the first ``limit`` of them."""
        import pyarrow as pa
        import pyarrow.compute as pc

        chosen = self.event_ids if rows is None else self.event_ids.take(pa.array(rows, pa.int64()))
        if limit is not None and len(chosen) > limit:
            chosen = chosen.take(pc.bottom_k_unstable(chosen, limit))
        return tuple(sorted(chosen.to_pylist()))

    def events_of(self, actor: str):
        """The rows of the events ``actor`` takes part in."""
        import numpy as np

        position = _index(self.actors, actor)
        return self.event_of[self.codes == position] if position is not None else np.zeros(0, dtype=np.int64)


def _edges(codes, lengths, count: int):
    """(first end, second end, weight) of every edge, the ends as actor codes (first < second),
    ordered by the ends."""
    import numpy as np

    total, base = len(codes), max(count, 1)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    after = np.repeat(lengths, lengths) - 1 - (np.arange(total) - starts)     # mentions after it in its event
    left = np.repeat(np.arange(total), after)
    right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after)
    low, high = np.minimum(codes[left], codes[right]), np.maximum(codes[left], codes[right])
    keys, weights = np.unique((low * base + high)[low != high], return_counts=True)
    return keys // base, keys % base, weights


def _index(actors: list[str], actor: str) -> int | None:
    from bisect import bisect_left

    position = bisect_left(actors, actor)
    return position if position < len(actors) and actors[position] == actor else None


def _arrow(context: Context, sql: str, params: list):
    """A query's result as an Arrow table, from the engine's Arrow reader where it has one."""
    import pyarrow as pa

    engine = getattr(context.store, "engine", None)
    if hasattr(engine, "arrow"):
        return engine.arrow(sql, params)
    return pa.table(context.columns(sql, params))


def network_graph(context: Context, network: Network | None = None):
    """The co-participation network of the window as a networkx graph: the edges and weights
    ``co_participation`` forms from every event, in the order of the actors' names."""
    import networkx as nx

    network = network or Network(context)
    graph = nx.Graph()
    for a, b, weight in zip(network.first.tolist(), network.second.tolist(), network.weights.tolist()):
        graph.add_edge(network.actors[a], network.actors[b], weight=weight, distance=1.0 / weight)
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
    import numpy as np

    focal = context.focal
    network = Network(context)
    ends = np.concatenate([network.first, network.second])
    linked = np.unique(ends)                             # actors with an edge, in name order
    nodes = [network.actors[code] for code in linked.tolist()]
    every, total = network.ids(limit=NETWORK_IDS), network.events
    edges = len(network.weights)
    if context.with_actor:
        mine = tuple(context.focal_columns(f"SELECT canonical_id FROM focal WHERE {context.length('actors')} >= 2 "
                                          "ORDER BY canonical_id")["canonical_id"])
    else:                       # F's events with another actor: F's events in the network
        mine = network.ids(network.events_of(focal))
    if focal not in nodes:
        return BrokerResult(hosted, None, None, len(nodes), edges, (), mine, every,
                            (f"{focal} shares no event with another actor in the window: no betweenness",), total)
    index = np.empty(len(network.actors), dtype=np.int64)
    index[linked] = np.arange(len(linked))
    scores = dict(zip(nodes, node_betweenness(len(nodes), index[network.first], index[network.second],
                                              1.0 / network.weights)))
    degree = dict(zip(network.actors, np.bincount(ends, minlength=len(network.actors)).tolist()))
    ranked = sorted(scores, key=lambda actor: (-scores[actor], actor))
    top = []
    for actor in ranked[:TOP_NODES]:
        rows = network.events_of(actor)
        top.append(NodeScore(actor, scores[actor], degree[actor], network.ids(rows, NETWORK_IDS), len(rows)))
    rank = 1 + sum(1 for actor in scores if scores[actor] > scores[focal])
    notes = ()
    if total > len(every):
        notes = (f"the network has {total} events; network_event_ids lists the first {len(every)} "
                 "(diplomap.analytics.broker.network_event_ids lists them all)",)
    return BrokerResult(hosted, scores[focal], rank, len(nodes), edges, tuple(top), mine, every, notes, total)


def network_event_ids(context: Context, actor: str | None = None) -> tuple[str, ...]:
    """Every event of the window's network (of ``actor``'s, if given), sorted: the drill-down of
    ``BrokerResult.network_event_ids`` and ``NodeScore.event_ids`` in full."""
    network = Network(context)
    return network.ids(network.events_of(actor) if actor else None)


def betweenness(graph, weight: str = "distance") -> dict:
    """``networkx.betweenness_centrality(graph, normalized=True, weight=weight)``, in numpy (see ``node_betweenness``)."""
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    ends = [(index[v], index[w], data.get(weight, 1)) for v, w, data in graph.edges(data=True) if v != w]
    return dict(zip(nodes, node_betweenness(len(nodes), [e[0] for e in ends], [e[1] for e in ends],
                                            [e[2] for e in ends])))


def node_betweenness(n: int, first, second, lengths) -> list[float]:
    """Normalised betweenness of nodes 0..n-1 joined by undirected edges first[i]-second[i] of lengths[i].

    Brandes' algorithm for every source at once, as networkx runs it: distances from
    scipy's Dijkstra (the same sums networkx forms, so the same ties), the edges on
    shortest paths (``dist v + length vw == dist w``), path counts and dependencies
    accumulated in order of distance. The figures equal networkx's but for the last
    bits of rounding where several nodes lie at exactly the same distance.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    if n == 0:
        return []
    tail = np.concatenate([np.asarray(first, dtype=np.intp), np.asarray(second, dtype=np.intp)])
    head = np.concatenate([np.asarray(second, dtype=np.intp), np.asarray(first, dtype=np.intp)])
    length = np.concatenate([np.asarray(lengths, dtype=float)] * 2)
    dist = dijkstra(csr_matrix((length, (tail, head)), shape=(n, n)), directed=True)
    source, pred, node = _shortest_path_edges(dist, tail, head, length)
    every = np.arange(n)
    rank = np.empty((n, n), dtype=np.intp)       # each node's position in order of distance from each source
    rank[every[:, None], np.argsort(dist, axis=1, kind="stable")] = every[None, :]
    level = rank[source, node]
    order = np.lexsort((rank[source, pred], level))
    source, pred, node, level = source[order], pred[order], node[order], level[order]
    bounds = np.searchsorted(level, np.arange(n + 1))
    sigma = np.zeros((n, n))
    sigma[every, every] = 1.0
    for k in range(1, n):         # path counts: every predecessor of the k-th nearest node is nearer
        part = slice(bounds[k], bounds[k + 1])
        np.add.at(sigma, (source[part], node[part]), sigma[source[part], pred[part]])
    delta = np.zeros((n, n))
    for k in range(n - 1, 0, -1):  # dependencies, farthest first; one node per source and level
        part = slice(bounds[k], bounds[k + 1])
        s, v, w = source[part], pred[part], node[part]
        delta[s, v] += sigma[s, v] * ((1 + delta[s, w]) / sigma[s, w])
    delta[every, every] = 0.0
    scores = np.zeros(n)
    for row in delta:                # sources in order, as networkx sums them
        scores += row
    if n - 1 >= 2:        # normalised over the (n-1)(n-2) ordered pairs of other nodes
        scale = 1 / ((n - 1) * (n - 2))
        if scale != 1:
            scores = scores * scale
    return scores.tolist()


def _shortest_path_edges(dist, tail, head, length):
    """(source, v, w) for every directed edge vw on a shortest path from source: dist v + length vw == dist w."""
    import numpy as np

    n = len(dist)
    if 4 * len(tail) >= n * n:            # dense (most pairs of actors meet): whole rows, a few sources at a time
        lengths = np.full((n, n), np.inf)
        lengths[tail, head] = length
        found = []
        chunk = max(1, (1 << 22) // (n * n))
        for first in range(0, n, chunk):
            near = dist[first:first + chunk]
            source, v, w = np.nonzero(near[:, :, None] + lengths[None, :, :] == near[:, None, :])
            keep = np.isfinite(near[source, w])
            found.append((source[keep] + first, v[keep], w[keep]))
        return tuple(np.concatenate([part[i] for part in found]) for i in range(3))
    to = np.ascontiguousarray(dist.T)      # to[v, s]: distance from s to v
    found = []
    chunk = max(1, (1 << 22) // len(to))
    for first in range(0, len(tail), chunk):
        v, w = tail[first:first + chunk], head[first:first + chunk]
        edge, source = np.nonzero(to[v] + length[first:first + chunk, None] == to[w])
        keep = np.isfinite(to[w[edge], source])      # unreachable from the source: inf + length == inf
        found.append((source[keep], v[edge[keep]], w[edge[keep]]))
    return tuple(np.concatenate([part[i] for part in found]) if found else np.zeros(0, dtype=np.intp)
                 for i in range(3))


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
