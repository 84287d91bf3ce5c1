"""Synthetic events for the measures: a small knowledge base and a builder of events.

Events are written through the store's public API (``write_batch``), so the measures
read the real fused tables. Events of one document never fuse with each other, so
each synthetic event becomes one canonical event unless a test spreads reports of
one event over two documents on purpose.
"""

from __future__ import annotations

from datetime import date

from diplomap.analytics.base import query_rows
from diplomap.kb import KnowledgeBase, Organization, State
from diplomap.models import Document, Event, Evidence, Place, TimeSpan
from diplomap.store import ExtractedDocument

# Capitals as in the shipped states.tsv.
STATES = [
    State("AZE", "Azerbaijan", capital="Baku", lat=40.3777, lon=49.8920),
    State("KAZ", "Kazakhstan", capital="Astana", lat=51.1801, lon=71.4460),
    State("CHN", "China", capital="Beijing", lat=39.9075, lon=116.3972),
    State("USA", "United States", capital="Washington", lat=38.8951, lon=-77.0364),
    State("RUS", "Russia", capital="Moscow", lat=55.7520, lon=37.6156),
    State("TUR", "Turkey", capital="Ankara", lat=39.9199, lon=32.8543),
    State("IRN", "Iran", capital="Tehran", lat=35.6944, lon=51.4215),
    State("IND", "India", capital="New Delhi", lat=28.6358, lon=77.2245),
    State("BRA", "Brazil", capital="Brasilia", lat=-15.7797, lon=-47.9297),
    State("ARM", "Armenia", capital="Yerevan", lat=40.1811, lon=44.5136),
    State("ISR", "Israel", capital="Jerusalem", lat=31.7690, lon=35.2163),
    State("SYR", "Syria", capital="Damascus", lat=33.5102, lon=36.2913),
]
ORGANIZATIONS = [Organization("OTS", "Organization of Turkic States")]
# Round scores, so the expected figures can be worked out by hand.
INTENSITY = {"CONSULT": 2.0, "AGREE": 4.0, "SUPPORT": 4.0, "COOPERATE": 6.0, "ACCUSE": -2.0, "ASSAULT": -9.0}
BLOCS = {
    "USA": "West", "RUS": "Russia and Eurasia", "ARM": "Russia and Eurasia", "CHN": "China",
    "TUR": "Turkic world", "OTS": "Turkic world", "AZE": "Turkic world", "IRN": "Middle East and Iran",
    "ISR": "Middle East and Iran", "SYR": "Middle East and Iran", "KAZ": "Central Asia", "IND": "South Asia",
    "BRA": "other",
}
VECTORS = ("Central Asia", "China", "Middle East and Iran", "Russia and Eurasia", "South Asia", "Turkic world",
           "West", "other")

BAKU = Place("Baku", "AZE", 40.3777, 49.8920)
ASTANA = Place("Astana", "KAZ", 51.1801, 71.4460)
BEIJING = Place("Beijing", "CHN", 39.9075, 116.3972)
WASHINGTON = Place("Washington", "USA", 38.8951, -77.0364)


def synthetic_kb() -> KnowledgeBase:
    return KnowledgeBase(STATES, ORGANIZATIONS, intensity=INTENSITY, blocs=BLOCS, version="test")


class Events:
    """Builds synthetic events, document by document, then writes them to a store."""

    def __init__(self):
        self.documents: dict[str, tuple[date | None, list[Event]]] = {}
        self.count = 0

    def document(self, doc_id: str, published: date | None = None) -> None:
        self.documents.setdefault(doc_id, (published, []))
        if published:
            self.documents[doc_id] = (published, self.documents[doc_id][1])

    def add(self, event_type: str, participants, start: date | None = None, end: date | None = None, *,
            precision: str | None = None, doc: str = "doc-1", text: str | None = None, mode: str | None = None,
            host: str | None = None, organization: str | None = None, sources=None, targets=None,
            contexts=(), projects=(), place: Place | None = None, status: str = "occurred",
            confidence: float = 0.9) -> str:
        """Add one event; returns its evidence text (unique), by which tests find its canonical id."""
        self.count += 1
        text = text or f"Synthetic event number {self.count}."
        participants = tuple(participants)
        sources = tuple(sources) if sources is not None else participants[:1]
        targets = tuple(targets) if targets is not None else participants[1:]
        time = TimeSpan(start, end or start, precision or ("day" if start else "unknown"))
        event = Event(doc_id=doc, event_type=event_type, mode=mode, status=status, source_actors=sources,
                      target_actors=targets, participants=participants,
                      evidence=Evidence(text, self.count * 100, self.count * 100 + len(text)), host=host,
                      organization=organization, contexts=tuple(contexts), projects=tuple(projects), time=time,
                      location=place, confidence=confidence)
        self.document(doc)
        self.documents[doc][1].append(event)
        return text

    def write(self, store) -> None:
        items = []
        for doc_id, (published, events) in self.documents.items():
            body = " ".join(event.evidence.text for event in events)
            items.append(ExtractedDocument(Document(doc_id, body, title=f"Title of {doc_id}", origin=f"{doc_id}.txt",
                                                    published=published), tuple(events)))
        store.write_batch(items)


def canonical(store, *texts: str) -> tuple[str, ...]:
    """The canonical ids of the events with these evidence texts, sorted."""
    found = []
    for text in texts:
        rows = query_rows(
            store, "SELECT DISTINCT s.canonical_id FROM event_sources s JOIN reports r ON r.event_id = s.event_id "
            "WHERE r.evidence_text = ?", [text])
        assert len(rows) == 1, text
        found.append(rows[0]["canonical_id"])
    return tuple(sorted(found))
