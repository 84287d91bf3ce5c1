"""Typed records passed between pipeline stages.

Every record is a frozen dataclass of plain values, so stages share no mutable
state and records can cross process boundaries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES = ("occurred", "planned", "denied", "hypothetical")
PRECISIONS = ("day", "month", "year", "unknown")
PAGE_BREAK = "\f"     # between the pages of a Document's text (read from a PDF)


def content_hash(*parts: str, length: int = 16) -> str:
    """A stable hex id from text parts (same parts, same id)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Document:
    """One article: its text and what is known about where it came from."""

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    origin: str | None = None          # file path or URL it was read from
    date_source: str | None = None     # metadata | option | text | None

    def page_of(self, offset: int) -> int:
        """The page (from 1) that holds character ``offset`` of ``text``: a PDF's pages are separated
        by a form feed (``\f``) on a line of its own; a text without one is one page."""
        return self.text.count(PAGE_BREAK, 0, max(0, offset)) + 1


@dataclass(frozen=True)
class Mention:
    """A span of a document that names an actor, person, place or project.

    ``code`` is the actor code (ISO alpha-3 or organisation code) for actor-like
    mentions, the place key for places and the project name for projects.
    """

    start: int
    end: int
    text: str
    kind: str          # state | capital | demonym | org | person | place | project
    code: str
    person: "Person | None" = None
    place: "Place | None" = None


@dataclass(frozen=True)
class Person:
    name: str
    actor: str | None
    role: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "actor": self.actor, "role": self.role}


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class TimeSpan:
    """A normalised time expression: an interval of days and its precision."""

    start: date | None
    end: date | None
    precision: str = "unknown"     # day | month | year | unknown
    char_start: int = -1
    char_end: int = -1
    text: str = ""

    @property
    def known(self) -> bool:
        return self.start is not None


UNKNOWN_TIME = TimeSpan(None, None, "unknown")


@dataclass(frozen=True)
class Evidence:
    text: str
    char_start: int
    char_end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "char_start": self.char_start, "char_end": self.char_end}


@dataclass(frozen=True)
class Event:
    """One diplomatic event as reported in one document (the contract record)."""

    doc_id: str
    event_type: str
    mode: str | None
    status: str
    source_actors: tuple[str, ...]
    target_actors: tuple[str, ...]
    participants: tuple[str, ...]
    evidence: Evidence
    host: str | None = None
    organization: str | None = None
    contexts: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    time: TimeSpan = UNKNOWN_TIME
    location: Place | None = None
    confidence: float = 0.5
    trigger: str = ""
    event_id: str = field(default="")
    # Why each participant is in the event (an extension of the contract): (code, "named: Aliyev"), ...
    participant_sources: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"unknown PLOVER event type {self.event_type!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if not self.event_id:
            object.__setattr__(self, "event_id", self._stable_id())

    def _stable_id(self) -> str:
        return content_hash(
            self.doc_id, self.event_type, self.mode or "", self.status,
            ",".join(self.participants), self.organization or "",
            str(self.evidence.char_start), str(self.evidence.char_end),
            self.time.start.isoformat() if self.time.start else "",
            self.location.name if self.location else "", self.trigger,
            length=24,
        )

    @property
    def date_start(self) -> str | None:
        return self.time.start.isoformat() if self.time.start else None

    @property
    def date_end(self) -> str | None:
        return self.time.end.isoformat() if self.time.end else None

    def to_dict(self) -> dict:
        """The event as a contract record (DESIGN.md, "The event record")."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "status": self.status,
            "source_actors": list(self.source_actors),
            "target_actors": list(self.target_actors),
            "participants": list(self.participants),
            "host": self.host,
            "organization": self.organization,
            "contexts": list(self.contexts),
            "projects": list(self.projects),
            "people": [p.to_dict() for p in self.people],
            "date_start": self.date_start,
            "date_end": self.date_end,
            "date_precision": self.time.precision if self.time.start else "unknown",
            "location": self.location.to_dict() if self.location else None,
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 2),
            "participant_sources": dict(self.participant_sources),
        }
