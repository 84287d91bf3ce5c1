"""Cross-document fusion: which reports become one canonical event, and what it says."""

from __future__ import annotations

import random
from datetime import date

import pytest

from diplomap.errors import DiplomapError
from diplomap.fuse import FusionRules, Report, canonical_id, fuse, fusion_window, type_family
from diplomap.models import Event, Evidence, Place, TimeSpan

PLACES = {"Copenhagen": ("DNK", 55.68, 12.57), "Gabala": ("AZE", 40.98, 47.85),
          "Azerbaijan": ("AZE", 40.38, 49.89), "Astana": ("KAZ", 51.18, 71.45), "Baku": ("AZE", 40.38, 49.89)}
RULES = FusionRules(frozenset({"azerbaijan", "denmark", "kazakhstan"}))


def report(doc: str, *, kind="CONSULT", mode="multilateral", status="occurred", participants=("AZE", "DNK", "EPC"),
           org="EPC", start="2025-10-01", end=None, precision="day", place="Copenhagen", confidence=0.7,
           published="2025-10-03", sources=None, targets=None, offset=0, grounds=()) -> Report:
    location = Place(place, *PLACES[place]) if place else None
    time = TimeSpan(date.fromisoformat(start), date.fromisoformat(end or start), precision) if start else TimeSpan(
        None, None, "unknown")
    event = Event(doc_id=doc, event_type=kind, mode=mode, status=status,
                  source_actors=tuple(sources if sources is not None else participants[:1]),
                  target_actors=tuple(targets if targets is not None else ()),
                  participants=tuple(participants), evidence=Evidence(f"sentence of {doc}", offset, offset + 20),
                  organization=org, time=time, location=location, confidence=confidence,
                  participant_sources=tuple(grounds))
    return Report(event, date.fromisoformat(published) if published else None)


def test_two_reports_of_one_summit_become_one_event_with_both_sources():
    first = report("doc-a", start="2025-10-02", confidence=0.7)
    second = report("doc-b", start="2025-10-01", end="2025-10-02", confidence=0.6)
    [fused] = fuse([first, second], RULES)
    assert {s.doc_id for s in fused.sources} == {"doc-a", "doc-b"}
    assert fused.event.confidence == pytest.approx(1 - 0.3 * 0.4)
    assert fused.event.time.start == date(2025, 10, 2)           # the narrower day interval
    rules = {s.doc_id: s.rule for s in fused.sources}
    assert rules["doc-a"] == "anchor"
    assert rules["doc-b"] == "same-place+same-forum+overlapping-dates+same-participants"
    record = fused.to_dict()
    assert record["sources"] == ["doc-a", "doc-b"] and record["source_count"] == 2 and "doc_id" not in record


@pytest.mark.parametrize("change, why", [
    ({"start": "2025-10-07"}, "dates do not overlap"),
    ({"status": "planned"}, "different status"),
    ({"kind": "AGREE"}, "different type family"),
    ({"participants": ("AZE", "KAZ", "OTS"), "org": "OTS", "place": "Gabala"}, "another summit"),
    ({"org": "OTS"}, "another forum"),
    ({"mode": None, "org": None, "participants": ("AZE", "DNK")}, "a bilateral meeting on the sidelines"),
    ({"participants": ("AZE", "TUR", "HUN", "EPC"), "place": None}, "participants barely overlap"),
    ({"place": "Astana"}, "another place"),
])
def test_different_events_stay_apart(change, why):
    assert len(fuse([report("doc-a"), report("doc-b", **change)], RULES)) == 2, why


def test_reports_of_the_same_document_never_fuse():
    assert len(fuse([report("doc-a"), report("doc-a", offset=100)], RULES)) == 2


def test_agree_and_support_are_one_family_and_the_subset_rule_applies():
    agree = report("doc-a", kind="AGREE", mode=None, org=None, participants=("AZE", "CHN"), place=None)
    sign = report("doc-b", kind="SUPPORT", mode=None, org=None, participants=("AZE", "CHN", "KAZ"), place=None)
    [fused] = fuse([agree, sign], RULES)
    assert type_family("SUPPORT") == type_family("AGREE")
    assert set(fused.event.participants) == {"AZE", "CHN", "KAZ"}
    assert {s.rule for s in fused.sources} == {"anchor", "overlapping-dates+participant-subset"}


def test_an_undated_report_joins_by_forum_place_and_publication_month():
    dated = report("doc-a", start="2025-10-07", participants=("AZE", "OTS"), org="OTS", place="Gabala")
    undated = report("doc-b", start=None, participants=("AZE", "OTS", "KAZ"), org="OTS", place="Gabala",
                     published="2025-10-20")
    [fused] = fuse([undated, dated], RULES)
    assert fused.event.time.start == date(2025, 10, 7)
    assert "same-publication-month" in {s.rule for s in fused.sources if s.doc_id == "doc-b"}.pop()
    late = report("doc-c", start=None, participants=("AZE", "OTS"), org="OTS", place="Gabala", published="2025-12-01")
    assert len(fuse([dated, late], RULES)) == 2
    same_forum = [report(f"doc-{n}", start=None, participants=("AZE", "OTS"), org="OTS", place=None) for n in "de"]
    assert len(fuse(same_forum, RULES)) == 1
    unplaced = [report(f"doc-{n}", start=None, participants=("AZE", "KAZ"), org=None, mode=None, place=None,
                       published=day) for n, day in (("f", "2025-10-03"), ("g", "2025-11-20"))]
    assert len(fuse(unplaced, RULES)) == 2          # no place or forum, another sentence, seven weeks apart


def undated(doc, published, sentence=None, **change):
    fields = {"start": None, "participants": ("NZL", "AUS"), "org": None, "mode": None, "place": None,
              "published": published, **change}
    found = report(doc, **fields)
    if sentence is not None:
        event = found.event
        found = Report(Event(**{**event.__dict__, "evidence": Evidence(sentence, 0, len(sentence))}), found.published)
    return found


def rules_of(fused):
    return sorted((source.doc_id, source.rule) for item in fused for source in item.sources)


def test_undated_reports_of_the_same_sentence_or_act_are_one_event():
    same = [undated("doc-a", "2025-03-30", "New Zealand and Australia held talks."),
            undated("doc-b", "2025-04-02", "NEW ZEALAND and Australia  held talks"),
            undated("doc-c", "2025-04-04", "Another sentence.", participants=("AUS", "NZL"))]
    [fused] = fuse(same, RULES)
    assert sorted(source.rule.split("+")[0] for source in fused.sources if source.rule != "anchor") in (
        ["same-act", "same-act"], ["same-act", "same-sentence"])
    assert sorted(rule for _, rule in rules_of(fuse(same[:2], RULES))) == ["anchor", "same-sentence+same-participants"]


@pytest.mark.parametrize("change, why", [
    ({"published": "2025-04-10"}, "published eleven days later, in another month"),
    ({"participants": ("NZL", "FJI")}, "other participants"),
    ({"kind": "AGREE"}, "another type family"),
    ({"org": "PIF"}, "at a forum"),
])
def test_undated_reports_of_different_acts_stay_apart(change, why):
    first = undated("doc-a", "2025-03-30", "New Zealand and Australia held talks.")
    other = undated("doc-b", **{"published": "2025-04-01", "sentence": "They met again.", **change})
    assert len(fuse([first, other], RULES)) == 2, why


def test_an_undated_report_joins_the_dated_report_of_the_same_act():
    dated = report("doc-a", start="2025-03-28", participants=("NZL", "AUS"), org=None, mode=None, place=None)
    late = undated("doc-b", "2025-03-31", "Another sentence.")
    assert rules_of(fuse([late, dated], RULES)) == [("doc-a", "anchor"), ("doc-b", "same-act+same-participants")]
    assert rules_of(fuse([dated, late], RULES)) == rules_of(fuse([late, dated], RULES))
    assert len(fuse([dated, undated("doc-c", "2025-05-20", "Another sentence.")], RULES)) == 2


def test_the_publication_window_is_configurable():
    pair = [undated("doc-a", "2025-03-30", "One."), undated("doc-b", "2025-04-02", "Two.")]
    assert len(fuse(pair, RULES)) == 1
    assert len(fuse(pair, FusionRules(RULES.country_names, publication_days=1))) == 2
    with pytest.raises(DiplomapError, match="publication_days 30"):
        FusionRules(publication_days=30)


def test_a_country_level_place_matches_a_city_of_that_country():
    city = report("doc-a", participants=("AZE", "OTS"), org="OTS", place="Gabala")
    country = report("doc-b", participants=("AZE", "OTS"), org=None, place="Azerbaijan")
    assert len(fuse([city, country], RULES)) == 1
    assert fuse([city, country], RULES)[0].event.location.name == "Gabala"
    other = report("doc-c", participants=("AZE", "OTS"), org=None, place="Baku")
    assert len(fuse([city, other], RULES)) == 2


def test_roles_are_merged_only_where_consistent():
    a = report("doc-a", mode="visit", org=None, participants=("AZE", "KAZ"), sources=("AZE",), targets=("KAZ",),
               place="Astana")
    b = report("doc-b", mode=None, org=None, participants=("AZE", "KAZ"), sources=("KAZ",), targets=("AZE",),
               place="Astana")
    [fused] = fuse([a, b], RULES)
    assert len(fused.event.source_actors) == 1 and len(fused.event.target_actors) == 1
    assert set(fused.event.source_actors) | set(fused.event.target_actors) == {"AZE", "KAZ"}
    assert fused.event.mode == "visit"


def test_each_participant_keeps_the_reason_of_the_most_confident_report_that_grounds_it():
    a = report("doc-a", confidence=0.6, grounds=[("AZE", "named: Aliyev"), ("EPC", "forum of the sentence")])
    b = report("doc-b", confidence=0.8, grounds=[("AZE", "pronoun: Ilham Aliyev"), ("DNK", "place: Copenhagen")])
    c = report("doc-c", confidence=0.8, end="2025-10-02", grounds=[("AZE", "named: the President")])  # after b
    [fused] = fuse([c, a, b], RULES)
    assert dict(fused.event.participant_sources) == {
        "AZE": "pronoun: Ilham Aliyev", "DNK": "place: Copenhagen", "EPC": "forum of the sentence"}
    assert len(fused.event.participant_sources) == 3
    [alone] = fuse([a], RULES)
    assert alone.event.participant_sources == a.event.participant_sources
    [none] = fuse([report("doc-d")], RULES)
    assert none.event.participant_sources == () and none.to_dict()["participant_sources"] == {}


def test_fusion_is_independent_of_order_and_ids_are_stable():
    reports = [report(f"doc-{i}", start="2025-10-01", end="2025-10-02", confidence=0.5 + i / 50) for i in range(6)]
    reports += [report(f"doc-{i}", start="2025-10-07", participants=("AZE", "OTS"), org="OTS", place="Gabala")
                for i in range(4)]
    expected = {(f.canonical_id, tuple(sorted(s.event_id for s in f.sources))) for f in fuse(reports, RULES)}
    assert len(expected) == 2
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        got = {(f.canonical_id, tuple(sorted(s.event_id for s in f.sources))) for f in fuse(shuffled, RULES)}
        assert got == expected
    for fused in fuse(reports, RULES):
        assert fused.canonical_id == canonical_id(s.event_id for s in fused.sources)
        assert fused.event.confidence <= 0.99


def test_fusion_window_is_the_dates_else_the_publication_month():
    assert fusion_window(report("a", start="2025-10-01", end="2025-10-02").event, None) == (
        date(2025, 10, 1), date(2025, 10, 2))
    assert fusion_window(report("a", start=None).event, date(2025, 2, 14)) == (date(2025, 2, 1), date(2025, 2, 28))
    assert fusion_window(report("a", start=None).event, None) is None
