"""Scale, tempo, reach, vectors and balance, cooperation and conflict, priorities: hand-computed answers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pytest

from diplomap.analytics import MeasureError, Window, balance, geodesic_km, profile
from diplomap.analytics.base import Context, Measure, Result, Section
from diplomap.analytics.reach import Reach
from diplomap.analytics.scale import Count, Scale, ScaleResult
from diplomap.analytics.tempo import MAX_CHANGE_MONTHS, Bucket, Tempo, change_points, month_axis
from diplomap.kb import KnowledgeBase
from synthetic import ASTANA, BAKU, BEIJING, VECTORS, WASHINGTON, canonical

D = date


def measure(store, kb, name, focal="AZE", window=None, **options):
    return profile(store, focal, window, kb=kb, **options)[name]


# scale

def test_scale_counts_distinct_occurred_events_partners_and_types_in_the_window(filled, events, kb):
    in_window = [
        events.add("CONSULT", ["AZE", "KAZ"], D(2025, 1, 10)),
        events.add("AGREE", ["AZE", "KAZ", "CHN"], D(2025, 2, 5)),
        events.add("CONSULT", ["AZE", "RUS"], D(2024, 12, 20), D(2025, 1, 5)),   # overlaps the window
    ]
    undated = events.add("CONSULT", ["AZE", "USA"])
    before = events.add("CONSULT", ["AZE", "RUS"], D(2024, 6, 1))
    events.add("CONSULT", ["AZE", "TUR"], D(2025, 3, 1), status="planned")
    events.add("CONSULT", ["KAZ", "CHN"], D(2025, 1, 15))
    store = filled()
    window = Window(D(2025, 1, 1), D(2025, 12, 31))

    scale = measure(store, kb, "scale", window=window)
    assert scale.events == 4
    assert scale.event_ids == canonical(store, *in_window, undated)
    assert (scale.undated, scale.undated_ids) == (1, canonical(store, undated))
    assert scale.notes and "undated" in scale.notes[0]
    assert {c.key: c.events for c in scale.partners} == {"KAZ": 2, "CHN": 1, "USA": 1, "RUS": 1}
    assert scale.partners[0].key == "KAZ" and scale.partners[0].event_ids == canonical(store, *in_window[:2])
    assert [(c.key, c.events) for c in scale.by_type] == [("CONSULT", 3), ("AGREE", 1)]

    assert measure(store, kb, "scale").events == 5
    assert measure(store, kb, "scale").event_ids == canonical(store, *in_window, undated, before)
    assert measure(store, kb, "scale", window=Window(D(2025, 1, 1), include_undated=False)).events == 3


def test_window_must_not_end_before_it_starts():
    with pytest.raises(MeasureError, match="after it ends"):
        Window(D(2025, 2, 1), D(2025, 1, 1))


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_a_confidence_threshold_lies_between_0_and_1(threshold):
    with pytest.raises(MeasureError, match=f"min_confidence {threshold} is not between 0 and 1"):
        Window(min_confidence=threshold)


def test_a_confidence_threshold_counts_fewer_events_and_says_how_many_it_left_out(filled, events, kb):
    sure = [events.add("CONSULT", ["AZE", "KAZ"], D(2025, 1, 10), confidence=0.9),
            events.add("AGREE", ["AZE", "CHN"], D(2025, 2, 5), confidence=0.5)]          # at the threshold: counted
    unsure = [events.add("CONSULT", ["AZE", "RUS"], D(2025, 3, 1), confidence=0.49),
              events.add("CONSULT", ["AZE", "USA"], confidence=0.2)]                      # undated, in the window
    events.add("CONSULT", ["AZE", "TUR"], D(2024, 6, 1), confidence=0.2)                # outside the window
    events.add("CONSULT", ["AZE", "IRN"], D(2025, 3, 2), status="planned", confidence=0.2)  # never counted
    events.add("CONSULT", ["KAZ", "CHN"], D(2025, 1, 15), confidence=0.3)               # not AZE's
    store = filled()
    sure_ids = [canonical(store, text)[0] for text in sure]
    window = Window(D(2025, 1, 1), D(2025, 12, 31), min_confidence=0.5)

    result = profile(store, "AZE", window, kb=kb)
    assert result["scale"] == ScaleResult(
        events=2, event_ids=canonical(store, *sure), undated=0, undated_ids=(),
        partners=(Count("CHN", "China", 1, (sure_ids[1],)), Count("KAZ", "Kazakhstan", 1, (sure_ids[0],))),
        by_type=(Count("AGREE", "AGREE", 1, (sure_ids[1],)), Count("CONSULT", "CONSULT", 1, (sure_ids[0],))),
        notes=("2 event(s) below confidence 0.5 left out (--min-confidence 0 counts them)",),
        min_confidence=0.5, left_out=2, left_out_ids=canonical(store, *unsure))
    assert result["scale"].sections()[0] == Section("Scale", ("measure", "value"), (
        ("distinct events", 2), ("undated among them", 0), ("distinct partners", 2),
        ("below confidence 0.5, left out", 2)))
    assert [b.events for b in result["tempo"].months] == [1, 1] + [0] * 10
    assert result["broker"].network_event_ids == canonical(store, *sure)      # the whole network, not only F's
    assert result.to_dict()["window"] == {"from": "2025-01-01", "to": "2025-12-31", "include_undated": True,
                                          "min_confidence": 0.5}

    every = profile(store, "AZE", Window(D(2025, 1, 1), D(2025, 12, 31)), kb=kb)
    assert every["scale"].event_ids == canonical(store, *sure, *unsure)
    assert (every["scale"].min_confidence, every["scale"].left_out, every["scale"].left_out_ids) == (0.0, 0, ())
    assert every["scale"].notes == ("1 undated event(s) are counted here but left out of the time series",)
    assert [row[0] for row in every["scale"].sections()[0].rows] == [
        "distinct events", "undated among them", "distinct partners"]
    assert [b.events for b in every["tempo"].months] == [1, 1, 1] + [0] * 9
    assert len(every["broker"].network_event_ids) == 5


def test_unknown_actor_is_a_measure_error(filled, events, kb):
    events.add("CONSULT", ["AZE", "KAZ"], D(2025, 1, 10))
    with pytest.raises(MeasureError, match="xyz: not an actor code"):
        profile(filled(), "xyz", kb=kb)


# tempo

def test_tempo_finds_the_change_point_at_the_seventh_month(filled, events, kb):
    for month in range(1, 7):
        events.add("CONSULT", ["AZE", "KAZ"], D(2024, month, 10))
    for month in range(7, 13):
        for day in range(1, 9):
            events.add("CONSULT", ["AZE", "KAZ"], D(2024, month, day))
    tempo = measure(filled(), kb, "tempo")
    assert [b.events for b in tempo.months] == [1] * 6 + [8] * 6
    assert tempo.per_month == pytest.approx(54 / 12)
    [change] = tempo.change_points
    assert (change.month, change.rate_before, change.rate_after) == ("2024-07", 1.0, 8.0)
    assert len(change.event_ids) == 48
    assert [(s.first, s.last, s.months) for s in tempo.segments] == [
        ("2024-01", "2024-06", 6), ("2024-07", "2024-12", 6)]


def test_a_steady_rate_has_no_change_point(filled, events, kb):
    for month in range(1, 13):
        for day in (3, 13, 23):
            events.add("CONSULT", ["AZE", "KAZ"], D(2024, month, day))
    tempo = measure(filled(), kb, "tempo")
    assert tempo.change_points == () and len(tempo.segments) == 1 and tempo.segments[0].per_month == 3.0


def test_change_points_of_a_200_year_series_are_looked_for_in_its_last_ten_years():
    axis = month_axis({}, D(1825, 1, 1), D(2024, 12, 1))
    counts = [1] * (len(axis) - 60) + [8] * 60          # the rate changes five years before the end
    months = tuple(Bucket(f"{day:%Y-%m}", day, count, ()) for day, count in zip(axis, counts))
    segments, changes, _, note = change_points(months)
    assert len(axis) == 2400
    assert [(c.month, c.rate_before, c.rate_after) for c in changes] == [("2020-01", 1.0, 8.0)]
    assert segments[0].first == "2015-01" and sum(s.months for s in segments) == MAX_CHANGE_MONTHS
    assert note == "change points looked for in the last 120 months only (2015-01 to 2024-12) of 2400"


def test_tempo_counts_months_and_weeks_and_says_when_there_are_too_few_months(filled, events, kb):
    day_dated = [events.add("CONSULT", ["AZE", "KAZ"], D(2025, 1, day)) for day in (6, 8, 20)]
    started_before = events.add("CONSULT", ["AZE", "CHN"], D(2024, 12, 28), D(2025, 1, 2))
    month_only = events.add("AGREE", ["AZE", "KAZ"], D(2025, 2, 1), D(2025, 2, 28), precision="month")
    year_only = events.add("AGREE", ["AZE", "CHN"], D(2025, 1, 1), D(2025, 12, 31), precision="year")
    undated = events.add("CONSULT", ["AZE", "USA"])
    store = filled()
    tempo = measure(store, kb, "tempo", window=Window(D(2025, 1, 1), D(2025, 3, 31)))

    assert [(b.period, b.events) for b in tempo.months] == [("2025-01", 4), ("2025-02", 1), ("2025-03", 0)]
    assert tempo.months[0].event_ids == canonical(store, *day_dated, started_before)
    assert tempo.per_month == pytest.approx(5 / 3)
    assert len(tempo.weeks) == 14 and tempo.weeks[0].period == "2025-W01"
    assert {b.period: b.events for b in tempo.weeks if b.events} == {"2025-W01": 1, "2025-W02": 2, "2025-W04": 1}
    assert tempo.per_week == pytest.approx(4 / 14)
    assert tempo.month_only_ids == canonical(store, month_only)
    assert tempo.untimed_ids == canonical(store, year_only, undated)
    assert tempo.change_points == () and tempo.penalty is None
    assert "too few to look for change points" in tempo.notes[0]


# reach

def test_geodesic_baku_to_astana():
    km = geodesic_km(BAKU.lat, BAKU.lon, ASTANA.lat, ASTANA.lon)
    assert km == pytest.approx(2049.3, abs=1.0)
    # cross-check with the haversine formula on a sphere of the mean Earth radius (within 0.5%)
    p1, p2 = math.radians(BAKU.lat), math.radians(ASTANA.lat)
    dl = math.radians(ASTANA.lon - BAKU.lon)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    assert km == pytest.approx(2 * 6371.0088 * math.asin(math.sqrt(h)), rel=0.005)


def test_reach_distances_percentiles_places_and_bands(filled, events, kb):
    texts = [events.add("CONSULT", ["AZE", code], D(2025, 1, n + 1), place=place)
             for n, (code, place) in enumerate([("KAZ", BAKU), ("KAZ", ASTANA), ("CHN", BEIJING), ("USA", WASHINGTON)])]
    nowhere = events.add("CONSULT", ["AZE", "RUS"], D(2025, 1, 9))
    store = filled()
    reach = measure(store, kb, "reach")
    km = {d.place: d.km for d in reach.distances}
    assert km["Baku"] == pytest.approx(0.0, abs=0.01)
    assert km["Astana"] == pytest.approx(2049.3, abs=1.0)
    assert km["Beijing"] == pytest.approx(5525.3, abs=1.0)
    assert km["Washington"] == pytest.approx(9708.5, abs=1.0)
    assert reach.capital == "Baku"
    assert reach.median_km == pytest.approx((km["Astana"] + km["Beijing"]) / 2)
    assert reach.p90_km == pytest.approx(km["Beijing"] + 0.7 * (km["Washington"] - km["Beijing"]))
    assert [(b.label, b.events, b.share) for b in reach.bands] == [
        ("0-500 km", 1, 0.25), ("500-1500 km", 0, 0.0), ("1500-3000 km", 1, 0.25), ("3000-6000 km", 1, 0.25),
        (">6000 km", 1, 0.25)]
    assert reach.bands[2].event_ids == canonical(store, texts[1])
    assert {c.key for c in reach.countries} == {"AZE", "KAZ", "CHN", "USA"}
    assert len(reach.cities) == 4
    assert reach.unlocated_ids == canonical(store, nowhere) and "without a located place" in reach.notes[0]


def test_reach_of_an_actor_without_a_capital_says_so(filled, events, kb):
    events.add("CONSULT", ["OTS", "AZE"], D(2025, 1, 1), place=BAKU)
    reach = measure(filled(), kb, "reach", focal="OTS")
    assert reach.distances == () and reach.median_km is None and "no capital" in reach.notes[0]


# vectors and balance

def test_an_even_split_over_every_vector_has_balance_one(filled, events, kb):
    for code in ("KAZ", "CHN", "IRN", "RUS", "IND", "TUR", "USA", "BRA"):
        events.add("CONSULT", ["AZE", code], D(2025, 1, 1))
    result = measure(filled(), kb, "vectors")
    assert {v.vector for v in result.vectors} == set(VECTORS)
    assert all(v.share == pytest.approx(1 / 8) for v in result.vectors)
    b = result.balance
    assert (b.k, b.evenness, b.hhi_normalised, b.effective_vectors) == (8, pytest.approx(1.0), pytest.approx(0.0),
                                                                        pytest.approx(8.0))


def test_one_vector_has_balance_zero_and_conflict_counts_as_engagement(filled, events, kb):
    events.add("CONSULT", ["AZE", "USA"], D(2025, 1, 1))
    events.add("ASSAULT", ["AZE", "USA"], D(2025, 1, 2))
    result = measure(filled(), kb, "vectors")
    west = next(v for v in result.vectors if v.vector == "West")
    assert (west.weight, west.share, west.events) == (11.0, 1.0, 2)
    b = result.balance
    assert (b.evenness, b.hhi_normalised, b.effective_vectors) == (0.0, 1.0, 1.0)


def test_vector_shares_weigh_intensity_split_between_partners(filled, events, kb):
    events.add("AGREE", ["AZE", "USA"], D(2025, 1, 1))              # West 4
    events.add("CONSULT", ["AZE", "RUS"], D(2025, 1, 2))            # Russia 2
    events.add("CONSULT", ["AZE", "RUS", "CHN"], D(2025, 1, 3))     # Russia 1, China 1
    events.add("ACCUSE", ["AZE", "OTS"], D(2025, 1, 4))             # Turkic world |-2|; AZE itself is no partner
    result = measure(filled(), kb, "vectors")
    shares = {v.vector: v.share for v in result.vectors}
    assert shares == {"West": 0.4, "Russia and Eurasia": 0.3, "China": 0.1, "Turkic world": 0.2, "Central Asia": 0.0,
                      "Middle East and Iran": 0.0, "South Asia": 0.0, "other": 0.0}
    entropy = -sum(s * math.log(s) for s in (0.4, 0.3, 0.1, 0.2))
    assert result.balance.evenness == pytest.approx(entropy / math.log(8))
    assert result.balance.hhi == pytest.approx(0.30)
    assert result.balance.hhi_normalised == pytest.approx(0.2)
    assert result.balance.effective_vectors == pytest.approx(math.exp(entropy))
    assert result.vectors[0].vector == "West" and result.total_weight == pytest.approx(10.0)


def test_a_users_bloc_table_replaces_the_default(filled, events, kb):
    events.add("CONSULT", ["AZE", "USA"], D(2025, 1, 1))
    events.add("CONSULT", ["AZE", "RUS"], D(2025, 1, 2))
    result = measure(filled(), kb, "vectors", blocs={"USA": "Atlantic", "RUS": "Atlantic"})
    assert [(v.vector, v.share) for v in result.vectors] == [("Atlantic", 1.0), ("other", 0.0)]
    assert result.balance.k == 2 and result.balance.evenness == 0.0


@pytest.mark.parametrize("weights, k, evenness, hhi_normalised", [
    ({"a": 1, "b": 1, "c": 1, "d": 1}, 4, 1.0, 0.0),
    ({"a": 5}, 4, 0.0, 1.0),
    ({"a": 1, "b": 1}, 4, 0.5, 1 / 3),
])
def test_balance_indices(weights, k, evenness, hhi_normalised):
    result = balance(weights, k)
    assert result.evenness == pytest.approx(evenness)
    assert result.hhi_normalised == pytest.approx(hhi_normalised)


def test_no_engagement_gives_no_balance():
    assert balance({}, 8).evenness is None


# cooperation and conflict

def test_cooperation_and_conflict_per_partner_and_month(filled, events, kb):
    january = [events.add("CONSULT", ["AZE", "RUS"], D(2025, 1, 10)),
               events.add("ASSAULT", ["AZE", "RUS"], D(2025, 1, 20))]
    march = events.add("AGREE", ["AZE", "RUS"], D(2025, 3, 5))
    undated = events.add("CONSULT", ["AZE", "RUS", "CHN"])
    store = filled()
    result = measure(store, kb, "cooperation")
    cells = {(m.partner, m.month): (m.intensity, m.events) for m in result.months}
    assert cells == {("RUS", "2025-01"): (-7.0, 2), ("RUS", "2025-03"): (4.0, 1), ("RUS", "undated"): (2.0, 1),
                     ("CHN", "undated"): (2.0, 1)}
    rus, chn = result.partners
    assert (rus.partner, rus.total, rus.cooperation, rus.conflict, rus.events) == ("RUS", -1.0, 8.0, -9.0, 4)
    assert rus.event_ids == canonical(store, *january, march, undated)
    assert (chn.partner, chn.total) == ("CHN", 2.0)
    assert [m.event_ids for m in result.months if m.partner == "RUS" and m.month == "2025-01"] == [
        canonical(store, *january)]



def test_partners_equally_engaged_tie_exactly_and_go_by_code(filled, events, kb):
    tenths = KnowledgeBase(kb.states.values(), kb.organizations.values(), intensity={"CONSULT": 0.1, "AGREE": 0.3},
                           blocs=kb.blocs, version="test")
    for day in (1, 2, 3):                              # 0.1 + 0.1 + 0.1 is not 0.3 in floating point
        events.add("CONSULT", ["AZE", "USA"], D(2025, 1, day))
    events.add("AGREE", ["AZE", "CHN"], D(2025, 1, 4))
    result = measure(filled(), tenths, "cooperation")
    assert [(p.partner, p.cooperation, p.total) for p in result.partners] == [("CHN", 0.3, 0.3), ("USA", 0.3, 0.3)]

# priorities

def test_priorities_shares_by_context_and_project_per_quarter(filled, events, kb):
    events.add("AGREE", ["AZE", "TUR"], D(2025, 1, 10), contexts=("diplomatic", "natural_resource"),
               projects=("Southern Gas Corridor",))
    events.add("CONSULT", ["AZE", "TUR"], D(2025, 2, 10), contexts=("diplomatic",))
    events.add("AGREE", ["AZE", "KAZ"], D(2025, 4, 10), contexts=("economic",), projects=("Middle Corridor",))
    events.add("AGREE", ["AZE", "KAZ"], D(2025, 5, 10), contexts=("economic", "natural_resource"),
               projects=("Middle Corridor",))
    events.add("CONSULT", ["AZE", "KAZ"], contexts=("diplomatic",))
    result = measure(filled(), kb, "priorities")
    shares = {(s.period, s.kind, s.label): (s.events, s.share) for s in result.shares}
    assert shares == {
        ("all", "context", "diplomatic"): (3, 0.6), ("all", "context", "natural_resource"): (2, 0.4),
        ("all", "context", "economic"): (2, 0.4), ("all", "project", "Middle Corridor"): (2, 0.4),
        ("all", "project", "Southern Gas Corridor"): (1, 0.2),
        ("2025-Q1", "context", "diplomatic"): (2, 1.0), ("2025-Q1", "context", "natural_resource"): (1, 0.5),
        ("2025-Q1", "project", "Southern Gas Corridor"): (1, 0.5),
        ("2025-Q2", "context", "economic"): (2, 1.0), ("2025-Q2", "context", "natural_resource"): (1, 0.5),
        ("2025-Q2", "project", "Middle Corridor"): (2, 1.0),
    }
    assert [(p.period, p.events) for p in result.periods] == [("all", 5), ("2025-Q1", 2), ("2025-Q2", 2)]


# the interface

class Summits(Measure):
    """A user's own measure: multilateral events attended."""

    name, title = "summits", "Summits attended"

    def compute(self, context: Context) -> Result:
        rows = context.focal_rows("SELECT canonical_id FROM focal WHERE mode = 'multilateral' ORDER BY canonical_id")
        return SummitsResult(len(rows), tuple(row["canonical_id"] for row in rows))


@dataclass(frozen=True)
class SummitsResult(Result):
    summits: int
    event_ids: tuple[str, ...]


def test_a_users_measure_plugs_in_beside_the_built_in_ones(filled, events, kb):
    summit = events.add("CONSULT", ["AZE", "OTS"], D(2025, 10, 7), mode="multilateral", organization="OTS")
    events.add("CONSULT", ["AZE", "KAZ"], D(2025, 10, 7))
    store = filled()
    result = profile(store, "AZE", kb=kb, measures=[Scale(), Summits()])
    assert [name for name, _, _ in result.results] == ["scale", "summits"]
    assert result["summits"].summits == 1 and result["summits"].event_ids == canonical(store, summit)
    assert result.to_dict()["measures"]["summits"]["summits"] == 1


def test_every_headline_figure_carries_its_event_ids(filled, events, kb):
    events.add("CONSULT", ["AZE", "KAZ"], D(2025, 1, 10), place=ASTANA)
    store = filled()
    result = profile(store, "AZE", kb=kb, measures=[Scale(), Tempo(), Reach()])
    [only] = canonical(store, "Synthetic event number 1.")
    for _, figure in result.headline():
        if figure.value not in (None, "none", 0):
            assert figure.event_ids == (only,), figure
