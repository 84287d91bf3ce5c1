"""A dyad's timeline, tiers and evidence; the side-by-side comparison of profiles."""

from __future__ import annotations

from datetime import date

import pytest
from synthetic import ASTANA, BAKU, canonical

from diplomap.analytics import MeasureError, Window, compare, dyad

D = date


@pytest.fixture
def two_countries(filled, events):
    texts = {
        "jan-talks": events.add("CONSULT", ["AZE", "RUS"], D(2025, 1, 10), place=BAKU),
        "jan-raid": events.add("ASSAULT", ["RUS", "AZE"], D(2025, 1, 20)),
        "march-deal": events.add("AGREE", ["AZE", "RUS"], D(2025, 3, 5),
                                 text="Azerbaijan and Russia agreed on a strategic partnership."),
        "undated-call": events.add("CONSULT", ["RUS", "AZE"], mode="phone"),
        "kaz-1": events.add("CONSULT", ["AZE", "KAZ"], D(2025, 2, 1), place=ASTANA),
        "kaz-2": events.add("CONSULT", ["KAZ", "CHN"], D(2025, 2, 2), place=ASTANA),
        "kaz-3": events.add("AGREE", ["KAZ", "CHN"], D(2025, 2, 3), place=ASTANA),
    }
    return filled(), texts


def test_dyad_timeline_tiers_and_evidence(two_countries, kb):
    store, texts = two_countries
    result = dyad(store, "aze", "RUS", kb=kb)
    assert (result.a, result.b, result.events) == ("AZE", "RUS", 4)
    assert result.event_ids == canonical(store, texts["jan-talks"], texts["jan-raid"], texts["march-deal"],
                                         texts["undated-call"])
    assert [(m.month, m.events, m.intensity, m.cooperation, m.conflict) for m in result.months] == [
        ("2025-01", 2, -7.0, 2.0, -9.0), ("2025-02", 0, 0.0, 0.0, 0.0), ("2025-03", 1, 4.0, 4.0, 0.0)]
    assert result.months[0].event_ids == canonical(store, texts["jan-talks"], texts["jan-raid"])
    assert result.intensity == -1.0 and result.undated_ids == canonical(store, texts["undated-call"])
    [tier] = result.tiers
    assert (tier.tier, tier.date, tier.change) == ("strategic partnership", D(2025, 3, 5), "first")
    assert [(e.date_start, e.event_type, e.sentence) for e in result.evidence] == [
        (D(2025, 1, 10), "CONSULT", texts["jan-talks"]), (D(2025, 1, 20), "ASSAULT", texts["jan-raid"]),
        (D(2025, 3, 5), "AGREE", texts["march-deal"]), (None, "CONSULT", texts["undated-call"])]
    assert result.evidence[0].sources == ("doc-1",)


def test_dyad_in_a_window_and_errors(two_countries, kb):
    store, _ = two_countries
    assert dyad(store, "AZE", "RUS", Window(D(2025, 3, 1), D(2025, 3, 31), include_undated=False), kb=kb).events == 1
    with pytest.raises(MeasureError, match="two different actors"):
        dyad(store, "AZE", "aze", kb=kb)


def test_dyad_and_compare_say_what_the_confidence_threshold_left_out(filled, events, kb):
    talks = events.add("CONSULT", ["AZE", "RUS"], D(2025, 1, 10), confidence=0.8)
    rumour = events.add("CONSULT", ["AZE", "RUS"], D(2025, 2, 10), confidence=0.3)
    events.add("CONSULT", ["AZE", "KAZ"], D(2025, 2, 1), confidence=0.4)
    events.add("CONSULT", ["KAZ", "CHN"], D(2025, 2, 2), confidence=0.9)
    store = filled()
    window = Window(min_confidence=0.5)

    result = dyad(store, "AZE", "RUS", window, kb=kb)
    assert (result.events, result.event_ids, result.left_out_ids) == (
        1, canonical(store, talks), canonical(store, rumour))
    assert result.notes == ("1 event(s) below confidence 0.5 left out (--min-confidence 0 counts them)",)
    assert result.sections()[0].rows[:4] == (("shared events", 1), ("net intensity", 2.0), ("undated events", 0),
                                             ("below confidence 0.5, left out", 1))
    assert dyad(store, "AZE", "RUS", kb=kb).left_out_ids == () and dyad(store, "AZE", "RUS", kb=kb).notes == ()

    comparison = compare(store, ["AZE", "KAZ", "CHN"], window, kb=kb)
    assert (comparison.value("events", "AZE"), comparison.value("events", "KAZ")) == (1, 1)
    assert comparison.notes == ("AZE: 2 event(s) below confidence 0.5 left out (--min-confidence 0 counts them)",
                                "KAZ: 1 event(s) below confidence 0.5 left out (--min-confidence 0 counts them)")
    assert compare(store, ["AZE", "KAZ"], kb=kb).notes == ()


def test_compare_lines_up_headline_figures(two_countries, kb):
    store, _ = two_countries
    result = compare(store, ["AZE", "KAZ", "aze"], kb=kb)
    assert result.actors == ("AZE", "KAZ")
    assert (result.value("events", "AZE"), result.value("events", "KAZ")) == (5, 3)
    assert (result.value("partners", "AZE"), result.value("partners", "KAZ")) == (2, 2)
    assert result.value("median distance (km)", "KAZ") == 0
    assert result.value("top vector", "KAZ") == "China (75%)"       # CHN 2 + 4 of 2 + 2 + 4
    row = next(r for r in result.rows if r.label == "events")
    assert row.figures[1].event_ids == tuple(sorted(row.figures[1].event_ids)) and len(row.figures[1].event_ids) == 3
    with pytest.raises(MeasureError, match="at least two"):
        compare(store, ["AZE"], kb=kb)
