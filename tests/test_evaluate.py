"""The evaluation's matching rules (DESIGN.md, "Evaluation") on hand-made gold and events."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from diplomap.cli import app
from diplomap.errors import EvaluationError
from diplomap.evaluate import CalibrationBin, GoldEvent, calibration, evaluate, place_agrees, read_gold
from diplomap.models import Document, Event, Evidence, Place, TimeSpan

DOC = Document("d1", "text", origin="article.txt")


def event(kind, parties, day=None, status="occurred", place=None, sentence=0, confidence=0.5) -> Event:
    time = TimeSpan(date(2025, 10, day), date(2025, 10, day), "day") if day else TimeSpan(None, None)
    return Event("d1", kind, None, status, tuple(parties[:1]), tuple(parties[1:]), tuple(parties),
                 Evidence(f"sentence {sentence}", sentence * 20, sentence * 20 + 10), time=time,
                 location=place, confidence=confidence)


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


def write_gold(tmp_path, *records) -> str:
    path = tmp_path / "gold.jsonl"
    base = {"doc": "article.txt", "types": ["CONSULT"], "participants": ["AZE", "KAZ"]}
    path.write_text("".join(json.dumps(base | r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_gold_place_from_the_older_place_string_or_from_location(tmp_path):
    path = write_gold(tmp_path,
                      {"place": "Berlin"},
                      {"place": "country:DEU", "location": {"name": "Astana", "country": "KAZ"}},
                      {"location": {"name": "Astana", "country": "KAZ"}},
                      {"location": {"name": None, "country": "KAZ"}},
                      {"location": {"country": "KAZ"}},
                      {"location": {"name": "Kazakhstan", "country": "KAZ"}},
                      {"location": {"name": "Burma", "country": "MMR"}},
                      {"location": {"name": "Scarborough Shoal", "country": None}},
                      {"location": None},
                      {})
    assert [g.place for g in read_gold(path)] == [
        "Berlin", "country:DEU", "Astana", "country:KAZ", "country:KAZ", "country:KAZ", "country:MMR",
        "Scarborough Shoal", None, None]


def test_a_location_that_is_not_an_object_is_a_bad_gold_line(tmp_path):
    with pytest.raises(EvaluationError, match=r"gold.jsonl:1: location must be an object"):
        read_gold(write_gold(tmp_path, {"location": "Astana"}))


def test_place_accuracy_is_computed_from_location_gold(tmp_path):
    wanted = read_gold(write_gold(tmp_path, {"location": {"name": "Astana", "country": "KAZ"}},
                                  {"types": ["AGREE"], "location": {"name": "Kazakhstan", "country": "KAZ"}}))
    found = [event("CONSULT", ["AZE", "KAZ"], place=Place("Baku", "AZE")),
             event("AGREE", ["AZE", "KAZ"], place=Place("Almaty", "KAZ"), sentence=1)]
    assert evaluate(wanted, [(DOC, found)]).place_accuracy == 0.5


def scored(*pairs) -> list[tuple[Event, bool]]:
    return [(event("CONSULT", ["AZE", "KAZ"], confidence=c, sentence=i), right)
            for i, (c, right) in enumerate(pairs)]


def test_calibration_bins_take_their_low_edge_and_the_last_bin_takes_one():
    predictions = scored((0.1, False), (0.2, True), (0.39, False), (0.59, True), (0.8, True), (0.89, False),
                         (0.9, True), (1.0, True), (0.95, False))
    assert calibration(predictions) == [
        CalibrationBin(0.0, 0.2, 1, 0), CalibrationBin(0.2, 0.4, 2, 1), CalibrationBin(0.4, 0.6, 1, 1),
        CalibrationBin(0.6, 0.8, 0, 0), CalibrationBin(0.8, 0.9, 2, 1), CalibrationBin(0.9, 1.0, 3, 2)]
    assert calibration(predictions)[3].precision is None
    assert calibration(predictions)[5].precision == pytest.approx(2 / 3)


def test_calibration_counts_matched_and_excused_predictions_as_right_and_false_alarms_as_wrong():
    wanted = [gold(["CONSULT"], {"AZE", "RUS"}, day=9), gold(["AGREE"], {"AZE", "RUS"}, day=9, required=False)]
    found = [event("CONSULT", ["AZE", "RUS"], day=9, confidence=0.85),
             event("AGREE", ["AZE", "RUS"], day=9, sentence=1, confidence=0.95),
             event("SUPPORT", ["AZE", "RUS"], day=9, sentence=2, confidence=0.82),
             event("CONSULT", ["AZE", "RUS"], day=9, sentence=3, confidence=0.3),
             event("CONSULT", ["AZE", "RUS"], day=9, sentence=4, status="planned", confidence=0.9)]
    result = evaluate(wanted, [(DOC, found)])
    assert sorted((e.evidence.text, right) for e, right in result.scored) == [
        ("sentence 0", True), ("sentence 1", True), ("sentence 2", False), ("sentence 3", False)]
    assert [(b.events, b.right) for b in result.calibration()] == [(0, 0), (1, 0), (0, 0), (0, 0), (2, 1), (1, 1)]
    assert result.at_least(0.8) == CalibrationBin(0.8, 1.0, 3, 2)


def test_predictions_below_the_minimum_confidence_are_left_out_and_counted():
    wanted = [gold(["CONSULT"], {"AZE", "RUS"}, day=9)]
    found = [event("CONSULT", ["AZE", "RUS"], day=9, confidence=0.9),
             event("CONSULT", ["AZE", "RUS"], day=9, sentence=1, confidence=0.4),
             event("AGREE", ["AZE", "RUS"], day=9, sentence=2, confidence=0.2),
             event("AGREE", ["AZE", "RUS"], day=9, sentence=3, status="planned", confidence=0.1)]
    assert scores(wanted, found) == (1, 2, 0)
    result = evaluate(wanted, [(DOC, found)], min_confidence=0.5)
    s = result.scores
    assert (s.true_positives, s.false_positives, s.false_negatives) == (1, 0, 0)
    assert result.left_out == 2 and result.min_confidence == 0.5
    assert [e.evidence.text for e, _ in result.scored] == ["sentence 0"]
    only_low = [replace(found[0], confidence=0.3)]
    assert evaluate(wanted, [(DOC, only_low)], min_confidence=0.5).scores.false_negatives == 1


def test_the_evaluate_command_prints_place_calibration_and_what_it_left_out(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Aliyev visits Astana\n\nPresident Ilham Aliyev met Kazakh President "
                       "Kassym-Jomart Tokayev in Astana on 20 October 2025.\n", encoding="utf-8")
    gold_file = write_gold(tmp_path, {"date_start": "2025-10-20", "date_end": "2025-10-20",
                                      "location": {"name": "Astana", "country": "KAZ"}})
    runner = CliRunner()
    command = ["evaluate", gold_file, str(article), "--pub-date", "2025-10-22"]
    result = runner.invoke(app, [*command, "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["gold"]
    assert (figures["true_positives"], figures["false_negatives"], figures["place_accuracy"]) == (1, 0, 1.0)
    assert [(b["low"], b["high"]) for b in figures["calibration"]] == [
        (0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.0)]
    assert sum(b["events"] for b in figures["calibration"]) == figures["true_positives"] + figures["false_positives"]
    assert figures["high_confidence"]["low"] == 0.8 and figures["left_out"] == 0

    strict = json.loads(runner.invoke(app, [*command, "--format", "json", "--min-confidence", "1"]).stdout)["gold"]
    assert strict["true_positives"] == 0 and strict["false_negatives"] == 1
    assert strict["left_out"] == sum(b["events"] for b in figures["calibration"]) and strict["min_confidence"] == 1.0

    text = runner.invoke(app, [*command, "--min-confidence", "1"]).stdout
    assert "calibration" in text and "[0.9, 1.0]" in text and "confidence >= 0.8: 0 events" in text
    assert f"left out {strict['left_out']} predictions below confidence 1" in text
