"""What lets the measures scale: the window's parts, the numpy betweenness, the capped network lists,
the measures in threads."""

from __future__ import annotations

import importlib
import random
import threading
from dataclasses import dataclass
from datetime import date

import networkx as nx
import pytest

from diplomap.analytics import Window, profile
from diplomap.analytics import broker as broker_module
from diplomap.analytics.base import Measure, Result, query_rows
from diplomap.analytics.broker import betweenness, network_event_ids
from diplomap.analytics.profile import default_measures, make_context
from synthetic import ASTANA, BAKU, BEIJING, WASHINGTON

D = date
profile_module = importlib.import_module("diplomap.analytics.profile")    # the package's `profile` is the function


@pytest.mark.parametrize("seed", range(40))
def test_betweenness_equals_networkx_on_random_weighted_graphs(seed):
    rng = random.Random(seed)
    graph = nx.Graph()
    size = rng.randint(2, 30)
    for _ in range(rng.randint(1, 150)):
        a, b = rng.sample(range(size), 2)
        graph.add_edge(f"n{a}", f"n{b}", distance=1.0 / rng.randint(1, 5))      # ties between path lengths
    if seed % 3 == 0:
        graph.add_edge("island-a", "island-b", distance=1.0)                  # a second component
    expected = nx.betweenness_centrality(graph, normalized=True, weight="distance")
    assert betweenness(graph) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("window", [
    Window(), Window(D(2025, 3, 1)), Window(None, D(2025, 3, 1)), Window(D(2025, 2, 1), D(2025, 3, 31)),
    Window(D(2025, 3, 1), include_undated=False), Window(min_confidence=0.5),
    Window(D(2025, 2, 1), D(2025, 3, 31), min_confidence=0.5), Window(D(2025, 3, 1), include_undated=False,
                                                                      min_confidence=0.7),
])
def test_the_window_parts_select_what_the_window_selects(store, window):
    store.engine.execute(
        "INSERT INTO events (canonical_id, event_type, status, source_actors, target_actors, participants, contexts, "
        "projects, people, date_start, date_end, date_precision, evidence_text, evidence_start, evidence_end, "
        "confidence, source_count, actors) SELECT 'e' || i, 'CONSULT', 'occurred', [], [], [], [], [], [], "
        "CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '2025-01-01' + CAST(i AS INTEGER) END, "
        "CASE WHEN i % 5 = 0 OR i % 7 = 0 THEN NULL ELSE DATE '2025-01-01' + CAST(i + i % 3 AS INTEGER) END, 'day', '', 0, 0, "
        "(i % 11) / 10, 1, "
        "['AZE'] FROM range(120) t(i)")
    clause, params = window.sql("e")
    whole = {row["canonical_id"] for row in query_rows(store, f"SELECT canonical_id FROM events e WHERE {clause}",
                                                        params)}
    parts = [row["canonical_id"] for part, part_params in window.parts("e")
             for row in query_rows(store, f"SELECT canonical_id FROM events e WHERE {part}", part_params)]
    assert sorted(parts) == sorted(whole) and len(parts) == len(set(parts))


def test_network_lists_are_capped_and_given_in_full_on_demand(filled, events, kb, monkeypatch):
    for day in range(1, 8):
        events.add("CONSULT", ["AZE", "TUR"], D(2025, 1, day))
        events.add("CONSULT", ["KAZ", "CHN"], D(2025, 1, day))
    monkeypatch.setattr(broker_module, "NETWORK_IDS", 5)
    store = filled()
    broker = profile(store, "AZE", kb=kb)["broker"]
    assert (broker.network_events, len(broker.network_event_ids)) == (14, 5)
    assert "lists the first 5" in broker.notes[0]
    every = network_event_ids(make_context(store, "AZE", kb=kb))
    assert len(every) == 14 and broker.network_event_ids == every[:5]
    assert len(broker.focal_event_ids) == 7                      # F's own events are never capped
    chinese = next(node for node in broker.top if node.actor == "CHN")
    assert (chinese.events, chinese.event_ids) == (7, network_event_ids(make_context(store, "AZE", kb=kb), "CHN")[:5])


@dataclass(frozen=True)
class Seen(Result):
    notes: tuple[str, ...] = ()


def test_measures_in_threads_give_what_they_give_one_after_another(filled, events, kb, monkeypatch):
    rng = random.Random(3)
    partners, places = ["TUR", "KAZ", "CHN", "USA", "RUS", "EU"], [BAKU, ASTANA, BEIJING, WASHINGTON, None]
    for number in range(60):
        others = rng.sample(partners, rng.randint(1, 3))
        host = "AZE" if number % 9 == 0 else None
        events.add(rng.choice(["CONSULT", "AGREE", "ACCUSE", "AID", "COOPERATE"]),
                   (others if host else ["AZE", *others]), D(2025, rng.randint(1, 12), rng.randint(1, 28)),
                   doc=f"doc-{number}", place=rng.choice(places), host=host,
                   mode="third-party" if host else None, contexts=rng.sample(["energy", "trade"], 1))
    store = filled()
    seen = set()

    class Thread(Measure):
        name, title = "thread", "Which thread"

        def compute(self, context):
            seen.add(threading.current_thread().name)
            return Seen()

    measures = lambda: [*default_measures(), Thread()]      # noqa: E731
    monkeypatch.setattr(profile_module.os, "cpu_count", lambda: 4)
    threaded = profile(store, "AZE", kb=kb, measures=measures()).to_dict()
    assert all(name.startswith("measure") for name in seen)
    monkeypatch.setattr(profile_module, "MAX_THREADS", 1)
    seen.clear()
    serial = profile(store, "AZE", kb=kb, measures=measures()).to_dict()
    assert seen == {threading.main_thread().name}
    assert threaded == serial and threaded["measures"]["broker"]["hosted"]
