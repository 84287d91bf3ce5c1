"""The calibration pass: a logistic model over declared features of an event, shipped as data."""

from __future__ import annotations

from datetime import date

import pytest

from diplomap.errors import KnowledgeBaseError
from diplomap.extract.calibration import FEATURES, RAW, Calibration, features, fit, from_dict, shipped
from diplomap.models import Event, Evidence, Person, TimeSpan


def event(participants=("AZE", "TUR"), confidence=0.7, time=TimeSpan(None, None, "unknown"),
          text="Aliyev met Erdogan in Ankara on Monday.", people=()) -> Event:
    return Event(doc_id="d", event_type="CONSULT", mode=None, status="occurred", source_actors=participants[:1],
                 target_actors=participants[1:], participants=participants, evidence=Evidence(text, 100, 100 + len(text)),
                 time=time, confidence=confidence, people=people)


def test_features_of_an_event_are_all_declared_and_read_from_the_record():
    dated = TimeSpan(date(2025, 1, 6), date(2025, 1, 6), "day", 130, 136, "Monday")
    values = features(event(time=dated, people=(Person("Ilham Aliyev", "AZE", "head of state"),)))
    assert set(values) == set(FEATURES)
    assert values == {
        "raw": 0.7, "one_participant": 0.0, "three_or_more_participants": 0.0, "both_sides": 1.0,
        "date_in_sentence": 1.0, "date_from_elsewhere": 0.0, "date_of_document": 0.0, "day_precision": 1.0,
        "place": 0.0, "person": 1.0, "consultation": 1.0, "agreement": 0.0, "verbal_conflict": 0.0,
        "long_sentence": 7 / 40, "quoted": 0.0, "first_person": 0.0,
    }


@pytest.mark.parametrize("time, in_sentence, elsewhere, document", [
    (TimeSpan(date(2025, 1, 6), date(2025, 1, 6), "day", 10, 16), 0.0, 1.0, 0.0),     # carried from before
    (TimeSpan(date(2025, 1, 6), date(2025, 1, 6), "day"), 0.0, 0.0, 1.0),             # the release's date
    (TimeSpan(None, None, "unknown"), 0.0, 0.0, 0.0),
])
def test_where_the_date_came_from(time, in_sentence, elsewhere, document):
    values = features(event(time=time))
    assert (values["date_in_sentence"], values["date_from_elsewhere"], values["date_of_document"]) == (
        in_sentence, elsewhere, document)


def test_the_raw_model_leaves_scores_as_they_are():
    events = [event(confidence=0.66)]
    assert RAW.identity and RAW.apply(events) == events


def test_a_model_replaces_confidence_by_its_probability():
    model = Calibration(bias=0.0, weights={"one_participant": -2.0})
    two, one = model.apply([event(), event(participants=("AZE",))])
    assert (two.confidence, one.confidence) == (0.5, 0.12)


def test_fit_learns_which_events_are_right():
    rows = [(event(), True)] * 30 + [(event(), False)] * 10 \
        + [(event(participants=("AZE",)), True)] * 5 + [(event(participants=("AZE",)), False)] * 25
    model = fit(rows, l2=0.1, names=["one_participant"])
    assert model.probability(event()) == pytest.approx(0.75, abs=0.02)
    assert model.probability(event(participants=("AZE",))) == pytest.approx(5 / 30, abs=0.02)


@pytest.mark.parametrize("data, message", [
    ([], "expected an object"),
    ({"weights": {"unheard_of": 1.0}}, "unknown features unheard_of"),
    ({"weights": {"raw": "high"}}, "must be numbers"),
    ({"weights": [1, 2]}, "weights must be an object"),
    ({"threshold": 1.5}, "not between 0 and 1"),
])
def test_a_bad_model_file_is_an_error_naming_the_file(data, message):
    with pytest.raises(KnowledgeBaseError, match=message) as error:
        from_dict(data)
    assert str(error.value).startswith("calibration.json")


def test_the_shipped_model_loads_with_a_threshold():
    model = shipped()
    assert not model.identity and 0.0 < model.threshold < 1.0
