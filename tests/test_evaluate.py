"""The evaluation's matching rules (DESIGN.md, "Evaluation") on hand-made gold and events."""

from __future__ import annotations

from datetime import date

from diplomap.evaluate import GoldEvent, evaluate, place_agrees
from diplomap.models import Document, Event, Evidence, Place, TimeSpan

DOC = Document("d1", "text", origin="article.txt")


def event(kind, parties, day=None, status="occurred", place=None, sentence=0) -> Event:
    time = TimeSpan(date(2025, 10, day), date(2025, 10, day), "day") if day else TimeSpan(None, None)
    return Event("d1", kind, None, status, tuple(parties[:1]), tuple(parties[1:]), tuple(parties),
                 Evidence(f"sentence {sentence}", sentence * 20, sentence * 20 + 10), time=time,
                 location=place)


def gold(kinds, parties, day=None, required=True, place=None) -> GoldEvent:
    when = date(2025, 10, day) if day else None
    return GoldEvent("article.txt", tuple(kinds), frozenset(parties), when, when, required, place)


def scores(gold_events, events):
    result = evaluate(gold_events, [(DOC, events)])
    s = result.scores
    return s.true_positives, s.false_positives, s.false_negatives


def test_type_participants_and_dates_must_agree():
    wanted = [gold(["CONSULT"], {"AZE", "RUS"}, day=9)]
    assert scores(wanted, [event("CONSULT", ["AZE", "RUS"], day=9)]) == (1, 0, 0)
    assert scores(wanted, [event("AGREE", ["AZE", "RUS"], day=9)]) == (0, 1, 1)
    assert scores(wanted, [event("CONSULT", ["AZE", "RUS"], day=10)]) == (0, 1, 1)
    assert scores(wanted, [event("CONSULT", ["AZE"], day=9)]) == (1, 0, 0)          # Jaccard 1/2
    assert scores(wanted, [event("CONSULT", ["AZE", "TUR", "KAZ"], day=9)]) == (0, 1, 1)   # 1/4
    assert scores(wanted, [event("CONSULT", ["AZE", "RUS"])]) == (0, 1, 1)           # gold dated, event not


def test_undated_gold_takes_any_date_and_only_occurred_events_count():
    wanted = [gold(["REJECT"], {"PAK", "IND"})]
    assert scores(wanted, [event("REJECT", ["PAK", "IND"], day=3)]) == (1, 0, 0)
    assert scores(wanted, [event("REJECT", ["PAK", "IND"], status="planned")]) == (0, 0, 1)


def test_a_duplicate_report_costs_precision_and_optional_gold_excuses_one():
    duplicates = [event("CONSULT", ["AZE", "RUS"], day=9), event("CONSULT", ["AZE", "RUS"], day=9, sentence=1)]
    assert scores([gold(["CONSULT"], {"AZE", "RUS"}, day=9)], duplicates) == (1, 1, 0)
    optional = gold(["CONSULT"], {"AZE", "RUS"}, day=9, required=False)
    assert scores([gold(["CONSULT"], {"AZE", "RUS"}, day=9), optional], duplicates) == (1, 0, 0)


def test_matching_prefers_the_gold_event_with_the_same_place():
    berlin, new_york = Place("Berlin", "DEU"), Place("New York City", "USA")
    wanted = [gold(["CONSULT"], {"KAZ", "UZB", "USA"}, place="New York"),
              gold(["CONSULT"], {"KAZ", "UZB", "DEU"}, place="Berlin")]
    found = [event("CONSULT", ["KAZ", "UZB", "DEU"], place=berlin),
             event("CONSULT", ["KAZ", "UZB", "USA"], place=new_york, sentence=1)]
    result = evaluate(wanted, [(DOC, found)])
    assert result.scores.true_positives == 2
    assert result.place_accuracy == 1.0


def test_place_agreement_by_city_alias_or_country():
    found = event("CONSULT", ["KAZ", "USA"], place=Place("New York City", "USA"))
    assert place_agrees("New York City", found) and place_agrees("new york city", found)
    assert place_agrees("country:USA", found) and place_agrees("USA", found)
    assert not place_agrees("Washington", found)
