"""Merge repeated reports of one event within a single document.

An article often names an event in its lede and again in its body; counting both
would count reports, not events. Two events merge when they have the same type,
participants, forum and status and their dates are compatible (they overlap, or
one is unknown). The merged event keeps the most precise date, a place if either
had one, and the union of people, contexts and projects.
"""

from __future__ import annotations

from dataclasses import replace

from diplomap.models import Event, TimeSpan

PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}


def merge_within_document(events: list[Event]) -> list[Event]:
    merged: list[Event] = []
    for event in events:
        for index, kept in enumerate(merged):
            if same_event(kept, event):
                merged[index] = combine(kept, event)
                break
        else:
            merged.append(event)
    return merged


AGREEMENT_TYPES = {"AGREE", "SUPPORT", "COOPERATE"}   # "signed a declaration and agreements on trade": one package


def same_event(a: Event, b: Event) -> bool:
    if _one_agreement(a, b):
        return True
    return _same_report(a, b)


def _one_agreement(a: Event, b: Event) -> bool:
    """'adopted a declaration under which relations were raised ...': one sentence, one agreement."""
    if a.evidence.char_start != b.evidence.char_start or {a.event_type, b.event_type} - AGREEMENT_TYPES:
        return False
    small, large = sorted((set(a.participants), set(b.participants)), key=len)
    if any(len(x.participants) >= 2 and set(x.participants) <= set(y.target_actors) for x, y in ((a, b), (b, a))):
        return False                       # "the EU welcomed the declaration signed by A and B": two acts
    return a.status == b.status and len(small & large) >= max(1, len(large) // 2) and times_compatible(a.time, b.time)


SEPARATE_ACTS = {"SANCTION", "COERCE", "AID", "ASSAULT", "MOBILIZE", "RETREAT", "THREATEN"}


def _same_report(a: Event, b: Event) -> bool:
    """Same type and status, compatible dates and forum, and one's participants within the other's
    ('Aliyev and Pashinyan met in Abu Dhabi' and 'talks hosted by the UAE' are one meeting).
    Two acts named by different words in one sentence stay two ('suspended the treaty and expelled
    the advisers')."""
    if a.event_type in SEPARATE_ACTS and a.evidence.char_start == b.evidence.char_start \
            and a.trigger.lower() != b.trigger.lower():
        return False
    (small, _), (large, larger) = sorted(((set(a.participants), a), (set(b.participants), b)), key=lambda p: len(p[0]))
    undated = a.time.start is None or b.time.start is None
    hosted = larger.mode == "third-party" and larger.host is not None and larger.host in large
    return (
        a.event_type == b.event_type and a.status == b.status
        and small <= large and (small == large or hosted or undated)
        and (a.organization == b.organization or not a.organization or not b.organization)
        and times_compatible(a.time, b.time)
    )


def times_compatible(a: TimeSpan, b: TimeSpan) -> bool:
    if a.start is None or b.start is None:
        return True
    return a.start <= b.end and b.start <= a.end


def combine(kept: Event, other: Event) -> Event:
    """The better-evidenced of two reports, enriched by the other."""
    first, second = (kept, other) if _rank(kept) >= _rank(other) else (other, kept)
    if len(second.participants) > len(first.participants):
        first = replace(first, participants=second.participants, source_actors=second.source_actors,
                        target_actors=second.target_actors, host=second.host or first.host,
                        mode=second.mode or first.mode)
    people = first.people + tuple(p for p in second.people if p not in first.people)
    grounds = dict(second.participant_sources) | dict(first.participant_sources)
    return replace(
        first,
        mode=first.mode or second.mode,
        host=first.host or second.host,
        organization=first.organization or second.organization,
        location=first.location or second.location,
        contexts=first.contexts + tuple(c for c in second.contexts if c not in first.contexts),
        projects=first.projects + tuple(p for p in second.projects if p not in first.projects),
        people=people,
        confidence=min(0.99, max(first.confidence, second.confidence) + 0.03),
        event_id=first.event_id,
        participant_sources=tuple((code, grounds[code]) for code in first.participants if code in grounds),
    )


def _rank(event: Event) -> tuple:
    precision = PRECISION_RANK.get(event.time.precision if event.time.start else "unknown", 0)
    return precision, event.location is not None, event.confidence, -event.evidence.char_start
