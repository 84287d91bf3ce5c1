"""Score extraction on PLOVER's own gold-standard sentences (openeventdata/PLOVER).

Each record of PLOVER_GSR_CAMEO.txt is one stylised sentence with one coded event.
Old labels are remapped to today's sixteen types (DEMAND -> REQUEST, DISAPPROVE and
INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT) and CAMEO spellings to ISO (JAP -> JPN,
ITL -> ITA). A record is found when an event of its type, with participant Jaccard
>= 0.5, is extracted from its sentence. As in DESIGN.md's evaluation, only events with
status occurred are scored (a stated intention is an AGREE that occurred). Organisation
codes count as PLOVER's generic "IGO".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from diplomap.errors import EvaluationError
from diplomap.evaluate import Evaluation, GoldEvent, _miss, maximum_matching, scorable
from diplomap.models import Event, content_hash

LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CODES = {"JAP": "JPN", "ITL": "ITA"}
PLACEHOLDER_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class PloverRecord:
    record_id: str
    text: str
    event_type: str
    participants: frozenset[str]


def read_plover_gsr(path: str | Path) -> list[PloverRecord]:
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise EvaluationError(f"{path}: cannot read PLOVER gold records ({error})") from None
    result = []
    for record in records:
        event = record.get("event")
        if event == "DOCUMENT" or not record.get("text"):
            continue
        actors = list(record.get("source") or []) + [t for t in (record.get("target") or []) if isinstance(t, dict)]
        codes = frozenset(CODES.get(a.get("code", ""), a.get("code", "")) for a in actors if a.get("code"))
        result.append(PloverRecord(record["id"], record["text"], LABELS.get(event, event), codes))
    return result


def plover_code(code: str, org_codes: frozenset[str]) -> str:
    return "IGO" if code in org_codes else code


def evaluate_plover(records: list[PloverRecord], extractor, min_confidence: float = 0.0) -> Evaluation:
    """Sentence-level scores: one gold event per record; every other extracted event is a false alarm.
    Events with confidence below min_confidence are left out, as if not extracted, and counted."""
    from diplomap.ingest import document_from_text

    org_codes = frozenset(extractor.kb.organizations)
    result = Evaluation(min_confidence=min_confidence)
    for record in records:
        document = document_from_text(record.text, published=PLACEHOLDER_DATE, origin=record.record_id,
                                      doc_id=content_hash(record.record_id))
        events, left_out = scorable(extractor.extract(document), min_confidence)
        result.left_out += left_out
        result.documents += 1
        gold = GoldEvent(record.record_id, (record.event_type,), record.participants, note=record.text)
        _score_sentence(result, gold, events, org_codes)
    return result


def _score_sentence(result: Evaluation, gold: GoldEvent, events: list[Event], org_codes: frozenset[str]) -> None:
    def fits(event: Event, item: GoldEvent) -> bool:
        codes = {plover_code(c, org_codes) for c in event.participants}
        overlap = len(codes & item.participants) / len(codes | item.participants) if codes | item.participants else 0
        return event.event_type in item.types and overlap >= 0.5

    pairs = maximum_matching(events, [gold], fits)
    for index, event in enumerate(events):
        result.scored.append((event, index in pairs))
        if index in pairs:
            result.scores.true_positives += 1
            result.type_scores(gold.types[0]).true_positives += 1
            result.matched.append((gold, event))
        else:
            result.scores.false_positives += 1
            result.type_scores(event.event_type).false_positives += 1
            result.false_alarms.append(event)
    if not pairs:
        _miss(result, gold)


def default_gsr_path() -> Path | None:
    """The shared copy of PLOVER's gold file beside the project, if present."""
    candidate = Path(__file__).resolve().parents[3] / "shared" / "external" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
    return candidate if candidate.exists() else None


__all__ = ["PloverRecord", "evaluate_plover", "read_plover_gsr"]
