"""Calibrated confidence: the estimated probability that an extracted event is right.

"Right" is what the evaluation's matching rules judge (type, participants and date against a
gold event, DESIGN.md "Evaluation"). The extractor's passes leave a raw score on each event
(verb form, date, place, both sides named); this pass turns it, with what the event record
shows of its grounding (how many participants, where its date came from, whether a person or
a place anchors it, its kind of act), into a probability by a logistic model fitted on the
real development corpus (scripts/fit_calibration.py) and shipped as data
(``kb/data/calibration.json``). The model also carries the threshold that measures, the report
and the dashboard count events from by default.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from diplomap.errors import KnowledgeBaseError
from diplomap.kb import loader
from diplomap.models import Event

CONSULTATIONS = frozenset({"CONSULT"})
AGREEMENTS = frozenset({"AGREE", "SUPPORT"})
VERBAL_CONFLICT = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST"})
# Grammar, not vocabulary: quotation marks, and the pronouns of a speaker talking of their own side.
QUOTES = ("\"", "“", "”")
FIRST_PERSON = frozenset({"we", "our", "us", "i", "my"})
WORDS = re.compile(r"[a-z]+")


def _date_in_sentence(event: Event) -> bool:
    time = event.time
    return time.start is not None and event.evidence.char_start <= time.char_start < event.evidence.char_end


def _date_from_elsewhere(event: Event) -> bool:
    """A date carried from another sentence of the text (the narrative's date)."""
    return event.time.start is not None and event.time.char_start >= 0 and not _date_in_sentence(event)


# Each feature: what it tests on an event record, as a number. Declared once; the model file may
# only name these (checked when it loads).
FEATURES: dict[str, Callable[[Event], float]] = {
    "raw": lambda e: e.confidence,
    "one_participant": lambda e: float(len(e.participants) == 1),
    "three_or_more_participants": lambda e: float(len(e.participants) >= 3),
    "both_sides": lambda e: float(bool(e.source_actors) and bool(e.target_actors or e.organization)),
    "date_in_sentence": lambda e: float(_date_in_sentence(e)),
    "date_from_elsewhere": lambda e: float(_date_from_elsewhere(e)),
    "date_of_document": lambda e: float(e.time.start is not None and e.time.char_start < 0),
    "day_precision": lambda e: float(e.time.start is not None and e.time.precision == "day"),
    "place": lambda e: float(e.location is not None),
    "person": lambda e: float(bool(e.people)),
    "consultation": lambda e: float(e.event_type in CONSULTATIONS),
    "agreement": lambda e: float(e.event_type in AGREEMENTS),
    "verbal_conflict": lambda e: float(e.event_type in VERBAL_CONFLICT),
    "long_sentence": lambda e: min(len(e.evidence.text.split()) / 40.0, 2.0),
    "quoted": lambda e: float(any(mark in e.evidence.text for mark in QUOTES)),
    "first_person": lambda e: float(bool(FIRST_PERSON.intersection(WORDS.findall(e.evidence.text.lower())))),
}


def features(event: Event) -> dict[str, float]:
    """Every declared feature of ``event`` (its confidence taken as the raw score)."""
    return {name: test(event) for name, test in FEATURES.items()}


@dataclass(frozen=True)
class Calibration:
    """A logistic model over declared features, and the default threshold for counting events."""

    bias: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.0
    note: str = ""

    @property
    def identity(self) -> bool:
        """No model: events keep their raw scores (what the fitting script reads)."""
        return not self.weights and self.bias == 0.0

    def probability(self, event: Event) -> float:
        values = features(event)
        score = self.bias + sum(weight * values[name] for name, weight in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def apply(self, events: Iterable[Event]) -> list[Event]:
        """The events with their confidence replaced by the model's probability (rounded to 0.01)."""
        if self.identity:
            return list(events)
        return [replace(e, confidence=round(self.probability(e), 2)) for e in events]

    def to_dict(self) -> dict:
        return {"bias": self.bias, "weights": dict(self.weights), "threshold": self.threshold, "note": self.note}


RAW = Calibration()


def from_dict(data: object, name: str = "calibration.json") -> Calibration:
    """A model from its JSON form; raises KnowledgeBaseError naming the file and what is wrong."""
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{name}: expected an object with bias, weights and threshold")
    weights = data.get("weights", {})
    if not isinstance(weights, dict):
        raise KnowledgeBaseError(f"{name}: weights must be an object of feature: weight")
    unknown = sorted(set(weights) - set(FEATURES))
    if unknown:
        raise KnowledgeBaseError(f"{name}: unknown features {', '.join(unknown)} (known: {', '.join(FEATURES)})")
    try:
        model = Calibration(float(data.get("bias", 0.0)), {k: float(v) for k, v in weights.items()},
                            float(data.get("threshold", 0.0)), str(data.get("note", "")))
    except (TypeError, ValueError) as error:
        raise KnowledgeBaseError(f"{name}: bias, weights and threshold must be numbers ({error})") from None
    if not 0.0 <= model.threshold <= 1.0:
        raise KnowledgeBaseError(f"{name}: threshold {model.threshold} is not between 0 and 1")
    return model


@lru_cache(maxsize=1)
def shipped() -> Calibration:
    """The model shipped in the package (``kb/data/calibration.json``), read and checked once."""
    with loader.open_data(loader.data_dir(), "calibration.json") as stream:
        try:
            data = json.load(stream)
        except json.JSONDecodeError as error:
            raise KnowledgeBaseError(f"calibration.json: not valid JSON ({error})") from None
    return from_dict(data)


def fit(rows: Sequence[tuple[Event, bool]], l2: float = 1.0, names: Sequence[str] | None = None) -> Calibration:
    """A logistic model fitted to (event with raw score, right) pairs by Newton's method with an L2
    penalty ``l2`` on the weights (not the bias); ``names`` picks the features (default: all)."""
    names = list(names or FEATURES)
    if not rows:
        raise ValueError("no events to fit a calibration on")
    x = np.array([[features(e)[n] for n in names] for e, _ in rows], dtype=float)
    x = np.hstack([np.ones((len(rows), 1)), x])
    y = np.array([1.0 if right else 0.0 for _, right in rows])
    penalty = np.diag([0.0] + [l2] * len(names))
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (p - y) + penalty @ beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return Calibration(float(beta[0]), {n: float(w) for n, w in zip(names, beta[1:])})


__all__ = ["Calibration", "FEATURES", "RAW", "features", "fit", "from_dict", "shipped"]
