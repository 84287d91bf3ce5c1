"""The evaluation gate: extraction quality may not drop below the floors pinned in eval/floors.json
(a floor with "min_confidence" scores only the events at or above it, as the measures count them).

In the manner of trafilatura's evaluation gate: each gold set is scored with the shipped
knowledge base and the default (rules) tier, and the test fails when F1 or precision falls
more than 0.01 below its floor (place accuracy too, where pinned). Sets whose files are absent (../shared) are skipped.
A set's publication dates come from its own "pub_dates" file where it names one, else eval/gold/pubdates.tsv.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplomap import evaluate as ev
from diplomap.extract import Extractor
from diplomap.models import Document

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
DEFAULT_PUB_DATES = Path("eval") / "gold" / "pubdates.tsv"
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def check(result: ev.Evaluation, floor: dict, name: str) -> None:
    scores = result.scores
    assert scores.f1 >= floor["f1"] - TOLERANCE, f"{name}: F1 {scores.f1:.3f} < floor {floor['f1']}"
    assert scores.precision >= floor["precision"] - TOLERANCE, (
        f"{name}: precision {scores.precision:.3f} < floor {floor['precision']}")
    if "place" in floor:
        place = result.place_accuracy or 0.0
        assert place >= floor["place"] - TOLERANCE, f"{name}: place accuracy {place:.3f} < floor {floor['place']}"


@pytest.mark.parametrize("name", [k for k in FLOORS if k != "plover" and not k.startswith("_")])
def test_gold_set_meets_its_floor(extractor, name):
    floor = FLOORS[name]
    paths = [ROOT / p for p in floor["paths"]]
    needed = [*floor["paths"], floor["gold"], floor.get("pub_dates", DEFAULT_PUB_DATES)]
    absent = [str(p) for p in needed if not (ROOT / p).exists()]
    if absent:
        pytest.skip(f"{name}: {', '.join(absent)} not present (paths relative to {ROOT})")
    pub_dates = ev.read_pub_dates(ROOT / floor.get("pub_dates", DEFAULT_PUB_DATES))
    documents = [(d, extractor.extract(d)) for d in ev.iter_documents(map(str, paths), None, pub_dates)
                 if isinstance(d, Document)]
    check(ev.evaluate(ev.read_gold(ROOT / floor["gold"]), documents, floor.get("min_confidence", 0.0)), floor, name)


def test_plover_gold_standard_meets_its_floor(extractor):
    from diplomap.plover_gsr import evaluate_plover, read_plover_gsr

    floor = FLOORS["plover"]
    path = ROOT / floor["gsr"]
    if not path.exists():
        pytest.skip(f"{path} not present")
    check(evaluate_plover(read_plover_gsr(path), extractor), floor, "plover")
