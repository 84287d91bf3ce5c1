"""The JSON API's response shapes, for validation and the OpenAPI document.

Events are the contract records of DESIGN.md ("The event record"); measures keep the
shape of ``diplomap profile|dyad|compare --format json``, with every figure's event ids.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Location(BaseModel):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Person(BaseModel):
    name: str
    actor: str | None = None
    role: str | None = None


class Evidence(BaseModel):
    text: str = Field(description="The sentence that reports the event.")
    char_start: int
    char_end: int


class _EventFields(BaseModel):
    event_id: str
    event_type: str = Field(description="PLOVER event type, upper case.")
    mode: str | None = None
    status: str = Field(description="occurred | planned | denied | hypothetical")
    source_actors: list[str]
    target_actors: list[str]
    participants: list[str]
    host: str | None = None
    organization: str | None = None
    contexts: list[str]
    projects: list[str]
    people: list[Person]
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str
    location: Location | None = None
    evidence: Evidence
    confidence: float
    participant_sources: dict[str, str] = Field(
        default_factory=dict, description="Why each participant is in the event, by code: 'named: Aliyev', "
        "'pronoun: Vladimir Putin', 'place: Astana', 'earlier sentence' ... (empty for events stored before "
        "diplomap recorded it).")


class EventRecord(_EventFields):
    """A fused (canonical) event and the documents that report it."""

    sources: list[str] = Field(description="Ids of the documents that report the event.")
    source_count: int


class ReportRecord(_EventFields):
    """One document's report of an event."""

    doc_id: str


class EventSource(BaseModel):
    report: ReportRecord
    rule: str = Field(description="The fusion rule that merged this report into the event.")
    title: str | None = None
    url: str | None = None
    origin: str | None = None
    source: str | None = None
    published: str | None = None


class EventDetail(BaseModel):
    event: EventRecord
    sources: list[EventSource]


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters, over all pages.")
    limit: int
    offset: int
    events: list[EventRecord]


class DocumentRecord(BaseModel):
    doc_id: str
    published: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None
    reports: int
    tier: str | None = None
    kb_version: str | None = None
    date_source: str | None = None


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    documents: list[DocumentRecord]


class Actor(BaseModel):
    actor: str
    name: str
    events: int = Field(description="Occurred events the actor takes part in.")


class Figure(BaseModel):
    measure: str
    label: str
    value: Any = None
    event_ids: list[str]
    explanation: str | None = Field(default=None, description="What the figure means, in plain words.")


class Capital(BaseModel):
    name: str
    lat: float
    lon: float


class TierStep(BaseModel):
    date: str
    tier: str
    change: str = Field(description="first | up | same | lower")
    event_id: str
    doc_id: str | None = None
    document: str | None = None
    evidence: str | None = None


class PartnerRow(BaseModel):
    partner: str
    name: str
    vector: str
    events: int
    event_ids: list[str]
    net: float
    cooperation: float
    conflict: float
    tier: str | None = None
    steps: list[TierStep]


class ProfileView(BaseModel):
    """The profile of ``diplomap profile CODE --format json`` and what a page needs to draw it."""

    focal: str
    name: str
    window: dict[str, Any]
    headline: list[Figure]
    measures: dict[str, dict[str, Any]] = Field(description="Every measure's result (docs/measures.md).")
    capital: Capital | None = None
    names: dict[str, str]
    partners: list[PartnerRow]
    event_ids: list[str] = Field(description="Every event the profile refers to.")


class Problem(BaseModel):
    detail: str
