"""web: a local dashboard and a JSON API over the event store (FastAPI; ``pip install 'diplomap[web]'``).

    from diplomap.web import create_app
    app = create_app(open_store("diplomap.duckdb", create=False))

``diplomap serve`` runs it with uvicorn on 127.0.0.1. The API (``/api/...``, described
by ``/openapi.json``) gives events with filters and paging, each event's evidence, the
profile, dyad and compare measures, and the documents; the pages draw the same views
as the static report, interactively.
"""

from __future__ import annotations


def create_app(store, **options):
    """The FastAPI app over an open store (see ``diplomap.web.app.create_app``)."""
    from diplomap.web.app import create_app as build

    return build(store, **options)


__all__ = ["create_app"]
