"""Partnership ladder and broker role: known upgrades, hosted talks, betweenness of known networks."""

from __future__ import annotations

from datetime import date

import pytest
from synthetic import BAKU, canonical

from diplomap.analytics import partnership_tier, profile
from diplomap.analytics.ladder import step_date
from diplomap.analytics.broker import co_participation

D = date


@pytest.mark.parametrize("text, tier", [
    ("Azerbaijan and China upgraded ties to a comprehensive strategic partnership.",
     "comprehensive strategic partnership"),
    ("The two sides agreed on a strategic partnership in July 2024.", "strategic partnership"),
    ("They raised relations to a comprehensive strategic partnership and alliance.", "alliance"),
    ("The presidents signed a treaty on allied relations.", "alliance"),
    ("The declaration on allied interaction was signed in Moscow.", "alliance"),
    ("The two countries established diplomatic relations in 1992.", "relations"),
    ("They signed a partnership agreement.", "partnership"),
    ("They signed a memorandum on a strategic partnership in energy.", None),
    ("Ankara agreed to let Sweden join the alliance.", None),
    ("Leaders met at the Eastern Partnership summit.", None),
    ("The ministers discussed trade and transport.", None),
])
def test_partnership_tier_takes_the_longest_and_highest_phrase(text, tier):
    found = partnership_tier(text)
    assert (found and ("relations", "partnership", "strategic partnership", "comprehensive strategic partnership",
                       "alliance")[found[0]]) == tier


def test_ladder_dates_each_upgrade_and_names_its_source(filled, events, kb):
    events.document("doc-a", D(2024, 7, 4))
    events.document("doc-b", D(2025, 4, 24))
    events.document("doc-c", D(2025, 5, 2))
    first = events.add("AGREE", ["AZE", "CHN"], D(2024, 7, 3), doc="doc-a",
                       text="Azerbaijan and China agreed to establish a strategic partnership.")
    upgrade = events.add("SUPPORT", ["AZE", "CHN"], D(2025, 4, 23), doc="doc-b",
                         text="The presidents signed a text elevating ties to a comprehensive strategic partnership.")
    events.add("CONSULT", ["AZE", "CHN"], D(2025, 4, 23), doc="doc-b",
               text="The talks in Beijing covered the strategic partnership.")          # not AGREE/SUPPORT
    again = events.add("AGREE", ["AZE", "CHN"], doc="doc-c",
                       text="China and Azerbaijan reaffirmed their comprehensive strategic partnership.")
    events.add("AGREE", ["AZE", "USA"], D(2025, 2, 1), doc="doc-c",
               text="They agreed on a strategic partnership in energy.")
    store = filled()
    ladder = profile(store, "AZE", kb=kb)["ladder"]
    [china] = ladder.partners
    assert (china.partner, china.tier) == ("CHN", "comprehensive strategic partnership")
    steps = [(s.date, s.date_basis, s.tier, s.change, s.doc_id) for s in china.steps]
    assert steps == [
        (D(2024, 7, 3), "event", "strategic partnership", "first", "doc-a"),
        (D(2025, 4, 23), "event", "comprehensive strategic partnership", "up", "doc-b"),
        (D(2025, 5, 2), "report", "comprehensive strategic partnership", "same", "doc-c"),
    ]
    assert [s.event_id for s in china.steps] == [canonical(store, t)[0] for t in (first, upgrade, again)]
    assert [s.date for s in china.upgrades] == [D(2024, 7, 3), D(2025, 4, 23)]
    assert china.steps[1].document == "Title of doc-b"
    assert ladder.headline()[0].value == 2


def test_ladder_reads_every_report_of_a_fused_event(filled, events, kb):
    events.document("doc-d", D(2025, 9, 2))
    events.document("doc-e", D(2025, 9, 3))
    plain = events.add("SUPPORT", ["AZE", "KAZ"], D(2025, 9, 1), doc="doc-d", text="The sides signed documents.")
    named = events.add("SUPPORT", ["AZE", "KAZ"], D(2025, 9, 1), doc="doc-e",
                       text="Kazakhstan and Azerbaijan raised their relations to an alliance.")
    store = filled()
    assert canonical(store, plain) == canonical(store, named)          # one fused event, two reports
    [kaz] = profile(store, "AZE", kb=kb)["ladder"].partners
    [step] = kaz.steps
    assert (step.tier, step.doc_id, step.evidence) == ("alliance", "doc-e", named)


def test_broker_lists_talks_hosted_between_others(filled, events, kb):
    hosted = events.add("CONSULT", ["ARM", "ISR", "AZE"], D(2025, 3, 1), mode="third-party", host="AZE",
                        sources=("ARM", "ISR"), targets=("AZE",), place=BAKU)
    events.add("CONSULT", ["AZE", "TUR", "KAZ"], D(2025, 3, 2), mode="multilateral", host="AZE",
               organization="OTS", sources=("AZE",), targets=("TUR", "KAZ"), place=BAKU)   # AZE's own summit
    events.add("CONSULT", ["USA", "AZE"], D(2025, 3, 3), mode="visit", host="AZE", place=BAKU)  # one guest
    venue = events.add("CONSULT", ["ISR", "SYR"], D(2025, 3, 4), place=BAKU)
    events.add("CONSULT", ["ISR", "SYR"], D(2025, 3, 5), status="planned", place=BAKU)
    store = filled()
    broker = profile(store, "AZE", kb=kb)["broker"]
    assert [(h.basis, h.parties) for h in broker.hosted] == [("host", ("ARM", "ISR")), ("venue", ("ISR", "SYR"))]
    assert [h.event_id for h in broker.hosted] == [canonical(store, hosted)[0], canonical(store, venue)[0]]
    assert broker.headline()[0].value == 2


def test_the_centre_of_a_star_has_betweenness_one(filled, events, kb):
    for leaf in ("KAZ", "CHN", "USA", "RUS"):
        events.add("CONSULT", ["AZE", leaf], D(2025, 1, 1))
    store = filled()
    broker = profile(store, "AZE", kb=kb)["broker"]
    assert broker.betweenness == pytest.approx(1.0)
    assert (broker.rank, broker.nodes, broker.edges) == (1, 5, 4)
    assert {n.actor: n.betweenness for n in broker.top} == {"AZE": 1.0, "CHN": 0.0, "KAZ": 0.0, "RUS": 0.0, "USA": 0.0}
    assert len(broker.focal_event_ids) == 4
    assert profile(store, "KAZ", kb=kb)["broker"].betweenness == 0.0


def test_betweenness_on_a_path_and_edge_weights():
    graph = co_participation([("e1", ("A", "B")), ("e2", ("B", "C")), ("e3", ("A", "B", "C"))])
    assert graph["A"]["B"]["weight"] == 2 and graph["A"]["C"]["weight"] == 1
    import networkx as nx

    path = co_participation([("e1", ("A", "B")), ("e2", ("B", "C"))])
    assert nx.betweenness_centrality(path, normalized=True, weight="distance")["B"] == 1.0


def test_a_tier_dated_to_a_year_only_counts_from_the_end_of_that_year(filled, events, kb):
    events.add("AGREE", ["AZE", "TUR"], D(2024, 1, 1), D(2024, 12, 31), precision="year",
               text="In 2024 the two sides agreed on a strategic partnership.")
    events.add("AGREE", ["AZE", "TUR"], D(2024, 7, 10), text="They signed a partnership agreement.")
    [turkey] = profile(filled(), "AZE", kb=kb)["ladder"].partners
    assert [(step_date(s), s.tier, s.change) for s in turkey.steps] == [
        ("2024-07-10", "partnership", "first"), ("2024", "strategic partnership", "up")]
