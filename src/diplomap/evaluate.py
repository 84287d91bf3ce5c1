"""Measure extraction quality against gold-standard events (DESIGN.md, "Evaluation").

A gold file is JSONL, one real event a line::

    {"doc": "article.txt", "types": ["CONSULT"], "participants": ["AZE", "KAZ"],
     "date_start": "2025-10-20", "date_end": "2025-10-21", "required": true}

A predicted event (status occurred only) matches a gold event of the same document
when its type is among the gold types, the Jaccard overlap of participants is at
least 0.5, and, where the gold has dates, the date intervals overlap. Matching is
one-to-one (a maximum bipartite matching), so reporting one event twice costs
precision: the field's data sets count reports, diplomap counts events. Gold events
with ``required: false`` neither reward nor penalise; a prediction matching one is
not a false alarm.

The gold place is the older ``"place"`` string ("Berlin", "country:DEU") or realdev's
``"location": {"name": ..., "country": ...}``. Every scored prediction is kept with whether
it was right (not a false alarm), for the calibration table of confidence against precision.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from diplomap.errors import EvaluationError
from diplomap.models import EVENT_TYPES, Document, Event

MIN_JACCARD = 0.5
CONFIDENCE_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0)   # bin edges; the last bin includes 1.0
HIGH_CONFIDENCE = 0.8


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    types: tuple[str, ...]
    participants: frozenset[str]
    date_start: date | None = None
    date_end: date | None = None
    required: bool = True
    place: str | None = None
    note: str = ""
    line: int = 0


@dataclass
class Scores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class CalibrationBin:
    """Scored predictions with confidence in [low, high) (or up to 1.0 inclusive), and how many were right."""

    low: float
    high: float
    events: int
    right: int

    @property
    def precision(self) -> float | None:
        return self.right / self.events if self.events else None

    def to_dict(self) -> dict:
        precision = self.precision
        return {"low": self.low, "high": self.high, "events": self.events, "right": self.right,
                "precision": None if precision is None else round(precision, 4)}


def calibration(scored: Iterable[tuple[Event, bool]],
                edges: tuple[float, ...] = CONFIDENCE_BINS) -> list[CalibrationBin]:
    """Scored predictions, each with whether it was right, counted in confidence bins between edges.

    A confidence below the first edge falls in the first bin, one at or above the last in the last.
    """
    counts = [[0, 0] for _ in edges[:-1]]
    for event, right in scored:
        index = min(max(bisect.bisect_right(edges, event.confidence) - 1, 0), len(counts) - 1)
        counts[index][0] += 1
        counts[index][1] += right
    return [CalibrationBin(low, high, events, right)
            for (low, high), (events, right) in zip(itertools.pairwise(edges), counts)]


def at_least(scored: Iterable[tuple[Event, bool]], threshold: float) -> CalibrationBin:
    """The scored predictions with confidence at or above threshold, and how many were right."""
    kept = [right for event, right in scored if event.confidence >= threshold]
    return CalibrationBin(threshold, 1.0, len(kept), sum(kept))


@dataclass
class Evaluation:
    """The outcome: overall and per-type scores, every miss and false alarm, and every scored
    prediction with whether it was right (matched a required gold event or excused by an optional one)."""

    scores: Scores = field(default_factory=Scores)
    by_type: dict[str, Scores] = field(default_factory=dict)
    misses: list[GoldEvent] = field(default_factory=list)
    false_alarms: list[Event] = field(default_factory=list)
    matched: list[tuple[GoldEvent, Event]] = field(default_factory=list)
    scored: list[tuple[Event, bool]] = field(default_factory=list)
    documents: int = 0
    unmatched_docs: list[str] = field(default_factory=list)
    min_confidence: float = 0.0
    left_out: int = 0              # occurred predictions below min_confidence, not scored

    @property
    def place_accuracy(self) -> float | None:
        """Share of matched events with a gold place whose predicted place agrees."""
        judged = [(g, e) for g, e in self.matched if g.place]
        if not judged:
            return None
        return sum(place_agrees(g.place, e) for g, e in judged) / len(judged)

    def type_scores(self, kind: str) -> Scores:
        return self.by_type.setdefault(kind, Scores())

    def calibration(self, edges: tuple[float, ...] = CONFIDENCE_BINS) -> list[CalibrationBin]:
        """Confidence bins of the scored predictions against their observed precision."""
        return calibration(self.scored, edges)

    def at_least(self, threshold: float = HIGH_CONFIDENCE) -> CalibrationBin:
        return at_least(self.scored, threshold)

    def to_dict(self) -> dict:
        """The figures as plain data (the ``--format json`` output of ``diplomap evaluate``)."""
        scores, place = self.scores, self.place_accuracy
        return {
            "precision": round(scores.precision, 4), "recall": round(scores.recall, 4), "f1": round(scores.f1, 4),
            "true_positives": scores.true_positives, "false_positives": scores.false_positives,
            "false_negatives": scores.false_negatives, "documents": self.documents,
            "place_accuracy": None if place is None else round(place, 4),
            "min_confidence": self.min_confidence, "left_out": self.left_out,
            "by_type": {k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4), "f1": round(v.f1, 4),
                            "tp": v.true_positives, "fp": v.false_positives, "fn": v.false_negatives}
                        for k, v in sorted(self.by_type.items())},
            "calibration": [b.to_dict() for b in self.calibration()],
            "high_confidence": self.at_least(HIGH_CONFIDENCE).to_dict(),
        }


def place_agrees(gold_place: str, event: Event) -> bool:
    """Same city, or the same country for a country-level gold place ('AZE' or 'country:AZE')."""
    if event.location is None:
        return False
    wanted = gold_place.removeprefix("country:")
    if len(wanted) == 3 and wanted.isupper():
        return event.location.country == wanted
    return _place_name(event.location.name) == _place_name(wanted)


@functools.lru_cache(maxsize=1024)
def _place_name(name: str) -> str:
    """A place's name as the knowledge base spells it ('New York' and 'New York City' agree)."""
    from diplomap.kb import default_kb

    entry = default_kb().place(name)
    return (entry.name if entry else name).casefold()


def read_gold(path: str | Path) -> list[GoldEvent]:
    """Gold events from a JSONL file, or from every .jsonl file of a folder; raises
    EvaluationError naming the bad line."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    gold = []
    for file in files:
        with open(file, encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    gold.append(_gold_event(line, f"{file}:{number}", number))
    return gold


def _gold_event(line: str, where: str, number: int) -> GoldEvent:
    try:
        record = json.loads(line)
        types = tuple(record["types"])
        participants = frozenset(record["participants"])
        doc = record["doc"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise EvaluationError(f"{where}: not a gold event ({error})") from None
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown or not types:
        raise EvaluationError(f"{where}: unknown PLOVER types {unknown or types}")
    try:
        start = date.fromisoformat(record["date_start"]) if record.get("date_start") else None
        end = date.fromisoformat(record["date_end"]) if record.get("date_end") else start
    except ValueError as error:
        raise EvaluationError(f"{where}: bad date ({error})") from None
    required = bool(record.get("required", True)) and record.get("status", "occurred") == "occurred"
    return GoldEvent(doc, types, participants, start, end, required, _gold_place(record, where),
                     record.get("note", ""), number)


def _gold_place(record: dict, where: str) -> str | None:
    """The older "place" string as given; else from "location": its name, or "country:XXX" where
    only a country is given (no name, or the name is the country's own)."""
    if "place" in record:
        return record["place"] or None
    location = record.get("location")
    if location is None:
        return None
    if not isinstance(location, dict):
        raise EvaluationError(f"{where}: location must be an object with name and country, not {location!r}")
    name, country = location.get("name"), location.get("country")
    if country and (not name or _names_state(name, country)):
        return f"country:{country}"
    return name or None


def _names_state(name: str, code: str) -> bool:
    """Whether name is the knowledge base's name (or a variant) of state code ('Burma' for MMR)."""
    from diplomap.kb import default_kb

    state = default_kb().states.get(code)
    return state is not None and name.casefold() in {n.casefold() for n in (state.name, *state.variants)}


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def compatible(event: Event, gold: GoldEvent) -> bool:
    if event.event_type not in gold.types or jaccard(event.participants, gold.participants) < MIN_JACCARD:
        return False
    if gold.date_start is None:
        return True
    if event.time.start is None:
        return False
    return event.time.start <= gold.date_end and gold.date_start <= event.time.end


def document_keys(document: Document) -> set[str]:
    """Names a gold file may use for a document: its file name or its doc_id."""
    keys = {document.doc_id}
    if document.origin:
        origin = document.origin
        keys.add(Path(origin).name)
        keys.add(Path(origin.rsplit(":", 1)[0]).name)
    return keys


def scorable(events: Iterable[Event], min_confidence: float = 0.0) -> tuple[list[Event], int]:
    """The predictions that are scored (status occurred, confidence at least min_confidence), and
    how many occurred predictions were left out for their confidence."""
    occurred = [e for e in events if e.status == "occurred"]
    kept = [e for e in occurred if e.confidence >= min_confidence]
    return kept, len(occurred) - len(kept)


def evaluate(gold: list[GoldEvent], predictions: Iterable[tuple[Document, list[Event]]],
             min_confidence: float = 0.0) -> Evaluation:
    """Score predicted events of each document against the gold events of that document; predictions
    with confidence below min_confidence are left out, as if not extracted, and counted."""
    by_doc: dict[str, list[GoldEvent]] = {}
    for item in gold:
        by_doc.setdefault(item.doc, []).append(item)
    result = Evaluation(min_confidence=min_confidence)
    seen_docs: set[str] = set()
    for document, events in predictions:
        keys = document_keys(document) & set(by_doc)
        if not keys:
            continue                      # a document the gold does not cover is not scored
        result.documents += 1
        doc_gold = [g for key in sorted(keys) for g in by_doc[key]]
        seen_docs |= keys
        kept, left_out = scorable(events, min_confidence)
        result.left_out += left_out
        _score_document(result, doc_gold, kept)
    for name in sorted(set(by_doc) - seen_docs):
        result.unmatched_docs.append(name)
        for item in by_doc[name]:
            if item.required:
                _miss(result, item)
    return result


def _score_document(result: Evaluation, gold: list[GoldEvent], events: list[Event]) -> None:
    required = [g for g in gold if g.required]
    optional = [g for g in gold if not g.required]
    pairs = best_pairs(maximum_matching(events, required, compatible), events, required, compatible, closeness)
    for event_index, gold_index in pairs.items():
        result.scores.true_positives += 1
        result.type_scores(events[event_index].event_type).true_positives += 1
        result.matched.append((required[gold_index], events[event_index]))
        result.scored.append((events[event_index], True))
    rest = [e for i, e in enumerate(events) if i not in pairs]
    excused = maximum_matching(rest, optional, compatible)
    for index, event in enumerate(rest):
        result.scored.append((event, index in excused))
        if index not in excused:
            result.scores.false_positives += 1
            result.type_scores(event.event_type).false_positives += 1
            result.false_alarms.append(event)
    found = set(pairs.values())
    for index, item in enumerate(required):
        if index not in found:
            _miss(result, item)


def _miss(result: Evaluation, item: GoldEvent) -> None:
    result.scores.false_negatives += 1
    result.type_scores(item.types[0]).false_negatives += 1
    result.misses.append(item)


def maximum_matching(left: list, right: list, fits) -> dict[int, int]:
    """A maximum one-to-one matching (Kuhn's augmenting paths); returns left index -> right index."""
    options = [[j for j, r in enumerate(right) if fits(item, r)] for item in left]
    owner: dict[int, int] = {}

    def augment(i: int, visited: set[int]) -> bool:
        for j in options[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in owner or augment(owner[j], visited):
                owner[j] = i
                return True
        return False

    for i in sorted(range(len(left)), key=lambda k: len(options[k])):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def closeness(event: Event, gold: GoldEvent) -> float:
    """How well a compatible event fits a gold event: participants, then place, then exact dates."""
    score = jaccard(event.participants, gold.participants)
    if gold.place and place_agrees(gold.place, event):
        score += 0.5
    if gold.date_start and event.time.start == gold.date_start and event.time.end == gold.date_end:
        score += 0.25
    return score


def best_pairs(pairs: dict[int, int], left: list, right: list, fits, score) -> dict[int, int]:
    """The same number of pairs, exchanged (or moved to an unmatched gold event) where an event fits
    another gold event better: 'the summit in Berlin' is scored against the Berlin gold event, not
    the New York one."""
    pairs = dict(pairs)
    for _ in range(len(pairs)):
        swapped = False
        for a, b in itertools.combinations(sorted(pairs), 2):
            ja, jb = pairs[a], pairs[b]
            if fits(left[a], right[jb]) and fits(left[b], right[ja]) and \
                    score(left[a], right[jb]) + score(left[b], right[ja]) > \
                    score(left[a], right[ja]) + score(left[b], right[jb]) + 1e-9:
                pairs[a], pairs[b] = jb, ja
                swapped = True
        free = set(range(len(right))) - set(pairs.values())
        for a, ja in list(pairs.items()):
            better = max((j for j in free if fits(left[a], right[j])),
                         key=lambda j: score(left[a], right[j]), default=None)
            if better is not None and score(left[a], right[better]) > score(left[a], right[ja]) + 1e-9:
                pairs[a] = better
                free = (free - {better}) | {ja}
                swapped = True
        if not swapped:
            break
    return pairs


def type_counts(gold: list[GoldEvent]) -> Counter:
    return Counter(g.types[0] for g in gold if g.required)


def read_pub_dates(path: str | Path | None) -> dict[str, date]:
    """Publication dates per document name from a 'doc<TAB>pub_date' file (header line optional)."""
    if path is None:
        return {}
    dates = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 2 and parts[1][:4].isdigit():
            dates[parts[0]] = date.fromisoformat(parts[1])
    return dates


def iter_documents(paths: Iterable[str], pub_date: date | None, pub_dates: dict[str, date]) -> Iterator:
    """Documents (and InputErrors) for evaluation, with per-document publication dates applied."""
    from dataclasses import replace

    from diplomap.ingest import read_sources

    for item in read_sources(paths, pub_date):
        if isinstance(item, Document) and item.published is None:
            known = next((pub_dates[k] for k in document_keys(item) if k in pub_dates), None)
            if known is not None:
                item = replace(item, published=known, date_source="option")
        yield item
