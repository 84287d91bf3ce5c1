"""The JSON API: events with filters and paging, one event's evidence, the measures, documents."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BeforeValidator

from diplomap.analytics import MeasureError, compare, dyad
from diplomap.analytics.profile import check_actor
from diplomap.errors import StoreBusy, StoreError
from diplomap.models import EVENT_TYPES
from diplomap.report.model import parse_window, profile_view
from diplomap.report.reads import (
    MAX_OFFSET,
    MAX_PAGE,
    EventFilter,
    actors,
    count_events,
    documents_page,
    list_events,
)
from diplomap.web.schemas import (
    Actor,
    DocumentPage,
    EventDetail,
    EventPage,
    Problem,
    ProfileView,
)
from diplomap.web.state import Views, shipped_threshold, views

# 503 (with Retry-After) only where another process writes the store longer than a reader waits.
router = APIRouter(prefix="/api", tags=["api"], responses={503: {"model": Problem, "description": "The store is busy"}})
STATUSES = ("occurred", "planned", "denied", "hypothetical")
_NOT_FOUND = {404: {"model": Problem}}
_BAD = {400: {"model": Problem}}

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
MAX_WINDOW_YEARS = 40
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value):
    """Only YYYY-MM-DD, as the schema's `format: date` says: pydantic alone would read "0" as 1970-01-01."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
DateFrom = Annotated[IsoDate | None, Query(alias="from", description="Events ending on or after this date, YYYY-MM-DD.")]
DateTo = Annotated[IsoDate | None, Query(alias="to", description="Events starting on or before this date, YYYY-MM-DD.")]
MinConfidence = Annotated[float | None, Query(
    ge=0.0, le=1.0, description="Count only events whose confidence (the calibrated probability that the event is "
    "right) is at least this, from 0 to 1; default: the shipped calibration's threshold (the answer's window gives "
    "the value used). 0 counts every event.")]


def _split(values: list[str]) -> tuple[str, ...]:
    """Repeated and comma-separated values alike: ?type=AGREE&type=SUPPORT or ?type=AGREE,SUPPORT."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@router.get("/events", response_model=EventPage, responses=_BAD, summary="Fused events, filtered and paged")
def events(
    state: Annotated[Views, Depends(views)],
    actor: Annotated[str | None, Query(description="Events this actor takes part in: a code (ISO alpha-3 or org.), "
                                                   "a name or a demonym, in any case.")] = None,
    with_actor: Annotated[str | None, Query(alias="with", description="... together with this actor.")] = None,
    event_type: Annotated[list[str], Query(alias="type", description="PLOVER type(s), repeated or comma-separated.")] = [],
    context: Annotated[list[str], Query(description="PLOVER context(s): events carrying any of them.")] = [],
    date_from: DateFrom = None,
    date_to: DateTo = None,
    status: Annotated[str | None, Query(description="occurred | planned | denied | hypothetical")] = None,
    ids: Annotated[list[str], Query(description="Only these canonical event ids (at most 1000).")] = [],
    undated: Annotated[bool, Query(description="With from/to, keep undated events too, as the measures do.")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Events per page (at most 1000).")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Events to skip: the page's start.")] = 0,
) -> dict:
    """Events by date (undated last), each with the ids of the documents that report it.

    Dates keep events whose interval overlaps the range; undated events drop out once a date is given,
    unless undated=true.
    """
    kinds = tuple(kind.upper() for kind in _split(event_type))
    unknown = sorted(set(kinds) - set(EVENT_TYPES))
    if unknown:
        raise HTTPException(400, f"not a PLOVER type: {', '.join(unknown)}")
    if status and status not in STATUSES:
        raise HTTPException(400, f"status must be one of {', '.join(STATUSES)}")
    wanted = _split(ids)
    if len(wanted) > MAX_PAGE:
        raise HTTPException(400, f"at most {MAX_PAGE} ids at a time")
    with state.reading():
        where = EventFilter(actor=_actor(state, actor, "actor"), with_actor=_actor(state, with_actor, "with"),
                            event_types=kinds, contexts=_split(context), date_from=date_from, date_to=date_to,
                            status=status, ids=wanted, include_undated=undated)
        return {"total": count_events(state.store, where), "limit": limit, "offset": offset,
                "events": list_events(state.store, where, limit, offset)}


@router.get("/events/{event_id}", response_model=EventDetail, responses=_NOT_FOUND,
            summary="One event with every source and its sentence")
def event(event_id: str, state: Annotated[Views, Depends(views)]) -> dict:
    """The event by its canonical id, a report id or a unique prefix of either, of any length."""
    return state.detail(event_id)


@router.get("/profile/{code}", response_model=ProfileView, responses={**_NOT_FOUND, **_BAD},
            summary="Every measure of one actor's diplomacy")
def profile(code: str, state: Annotated[Views, Depends(views)], date_from: DateFrom = None,
            date_to: DateTo = None, min_confidence: MinConfidence = None) -> dict:
    """Scale, tempo, reach, vectors and balance, cooperation and conflict, priorities, partnership
    ladder and broker role (docs/measures.md), each figure with its event ids; plus the capital,
    actor names and a partner table for drawing them. The window gives the confidence threshold
    and how many of the actor's events below it were left out (``left_out``; their ids are
    ``measures.scale.left_out_ids``)."""
    window = _window(date_from, date_to, min_confidence)
    with state.reading():
        return _measure(lambda: profile_view(state.store, code, window, kb=state.kb))


@router.get("/dyad/{a}/{b}", responses={**_NOT_FOUND, **_BAD},
            summary="Two actors' shared events, tiers, evidence")
def dyad_view(a: str, b: str, state: Annotated[Views, Depends(views)], date_from: DateFrom = None,
              date_to: DateTo = None, min_confidence: MinConfidence = None) -> dict:
    """A monthly timeline of the events A and B share, their tier history and every event's sentence."""
    if a.strip().upper() == b.strip().upper():
        raise HTTPException(400, "give two different actors")
    window = _window(date_from, date_to, min_confidence)
    with state.reading():
        result = _measure(lambda: dyad(state.store, a, b, window, kb=state.kb))
    return result.to_dict() | {"names": {result.a: result.a_name, result.b: result.b_name}}


@router.get("/compare", responses={**_NOT_FOUND, **_BAD}, summary="Headline measures of several actors")
def compare_view(state: Annotated[Views, Depends(views)],
                 codes: Annotated[list[str], Query(description="Two or more actor codes, repeated or comma-separated")],
                 date_from: DateFrom = None, date_to: DateTo = None, min_confidence: MinConfidence = None) -> dict:
    """The headline figures of each actor's profile over the same window, each cell with its event ids."""
    wanted = list(dict.fromkeys(code.upper() for code in _split(codes)))
    if len(wanted) < 2:
        raise HTTPException(400, "give at least two different actor codes")
    window = _window(date_from, date_to, min_confidence)
    with state.reading():
        return _measure(lambda: compare(state.store, wanted, window, kb=state.kb)).to_dict()


@router.get("/documents", response_model=DocumentPage, summary="Stored documents, paged")
def documents(state: Annotated[Views, Depends(views)], limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
              offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict:
    """The stored documents by publication date (without their text)."""
    with state.reading():
        total, rows = documents_page(state.store, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "documents": rows}


@router.get("/actors", response_model=list[Actor], summary="Actors with occurred events")
def actor_list(state: Annotated[Views, Depends(views)]) -> list[dict]:
    """Every actor that takes part in an occurred event, most events first."""
    with state.reading():
        rows = actors(state.store)
    return [row | {"name": state.kb.actor_name(row["actor"])} for row in rows]


def _actor(state: Views, text: str | None, name: str) -> str | None:
    """The actor code ``text`` names (a code, name or demonym in any case); 400 naming the closest for an unknown one."""
    if text is None:
        return None
    try:
        return check_actor(state.store, state.kb, text)
    except MeasureError as error:
        raise HTTPException(400, f"{name}: {error}") from None


def _window(date_from: date | None, date_to: date | None, min_confidence: float | None = None):
    """The measures' window (counting from ``min_confidence``, else the shipped calibration's
    threshold); 400 for one that ends before it starts, or that no one means.

    Dates lie in 1900-2100, as publication dates do, and a window from a given date spans at
    most MAX_WINDOW_YEARS (to today when open-ended): the tempo's change-point search grows
    with the square of the months, and "from=0001-01-01" would hold the dashboard for minutes.
    """
    for day in (date_from, date_to):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise HTTPException(400, f"{day}: dates run from {FIRST_DAY} to {LAST_DAY}")
    try:
        window = parse_window(date_from, date_to, shipped_threshold() if min_confidence is None else min_confidence)
    except MeasureError as error:
        raise HTTPException(400, str(error)) from None
    if date_from is not None and ((date_to or date.today()) - date_from).days > MAX_WINDOW_YEARS * 366:
        raise HTTPException(400, f"a window from {date_from} spans more than {MAX_WINDOW_YEARS} years: narrow it")
    return window


def _measure(compute):
    try:
        return compute()
    except MeasureError as error:
        raise HTTPException(404, str(error)) from None
    except StoreBusy:
        raise
    except StoreError as error:
        raise HTTPException(500, str(error)) from None

