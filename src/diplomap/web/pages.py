"""The HTML pages: actors, an actor's dashboard, a dyad, a comparison, an event, the documents.

The dashboards are drawn in the browser from the JSON API (``static/dashboard.js``);
the event and document pages are rendered here. Every value is escaped by Jinja2.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from diplomap.analytics import MeasureError
from diplomap.analytics.profile import check_actor
from diplomap.report.assets import script_json
from diplomap.report.reads import MAX_OFFSET, MAX_PAGE, actors, documents_page
from diplomap.report.render import environment, event_item
from diplomap.web.state import Views, shipped_threshold, views

router = APIRouter(include_in_schema=False)


def render(template: str, page: str, status_code: int = 200, *, charts: bool = False, data=None,
           **values) -> HTMLResponse:
    env = environment("diplomap.web", "diplomap.report")
    if data is not None:
        values["page_data"] = script_json(data)
    html = env.get_template(template).render(page=page, charts=charts, **values)
    return HTMLResponse(html, status_code=status_code)


def error_page(status: int, message: str, retry_after: int | None = None) -> HTMLResponse:
    """The error as a page; with ``retry_after`` (a busy store) it reloads itself after that many seconds."""
    response = render("error.html.j2", "error", status, status=status, message=message, retry_after=retry_after)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.get("/", response_class=HTMLResponse)
def index(state: Annotated[Views, Depends(views)]) -> HTMLResponse:
    with state.reading():
        rows = actors(state.store)
        counts = state.store.counts()
    return render("index.html.j2", "index", actors=[row | {"name": state.kb.actor_name(row["actor"])} for row in rows],
                  counts=counts)


@router.get("/profile/{code}", response_class=HTMLResponse)
def profile_page(code: str, request: Request, state: Annotated[Views, Depends(views)]) -> HTMLResponse:
    with state.reading():
        try:
            code = check_actor(state.store, state.kb, code)
        except MeasureError as error:
            return error_page(404, str(error))
    query = request.query_params
    data = {"code": code, "name": state.kb.actor_name(code),
            **{key: query.get(key, "") for key in ("from", "to", "with", "type", "context", "min_confidence")}}
    return render("profile.html.j2", "profile", charts=True, data=data, code=code, name=data["name"],
                  threshold=shipped_threshold())


@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad_page(a: str, b: str, request: Request, state: Annotated[Views, Depends(views)]) -> HTMLResponse:
    with state.reading():
        try:
            a, b = check_actor(state.store, state.kb, a), check_actor(state.store, state.kb, b)
        except MeasureError as error:
            return error_page(404, str(error))
    data = {"a": a, "b": b, **{key: request.query_params.get(key, "") for key in ("from", "to", "min_confidence")}}
    return render("dyad.html.j2", "dyad", charts=True, data=data, a=a, b=b, threshold=shipped_threshold())


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request) -> HTMLResponse:
    query = request.query_params
    codes = ",".join(value for value in query.getlist("codes") if value)
    data = {"codes": codes, **{key: query.get(key, "") for key in ("from", "to", "min_confidence")}}
    return render("compare.html.j2", "compare", charts=True, data=data, threshold=shipped_threshold())


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: str, state: Annotated[Views, Depends(views)]) -> HTMLResponse:
    try:
        detail = state.detail(event_id)
    except HTTPException as error:
        return error_page(error.status_code, str(error.detail))
    names = {code: state.kb.actor_name(code) for code in detail["event"]["participants"]}
    item = event_item(detail, names, "") | {"hosted": False}
    return render("event.html.j2", "event", item=item)


@router.get("/documents", response_class=HTMLResponse)
def documents_html(state: Annotated[Views, Depends(views)], limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
                   offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> HTMLResponse:
    with state.reading():
        total, rows = documents_page(state.store, limit, offset)
    return render("documents.html.j2", "documents", documents=rows, total=total, limit=limit, offset=offset)


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    operations = [(path, item["get"]) for path, item in spec["paths"].items() if "get" in item]
    return render("api.html.j2", "api", operations=operations)
