"""The FastAPI application: the JSON API under /api, the HTML pages, and the static files.

Static files come only from the package's two static folders (``/assets``: the
shared views and vendored libraries of ``diplomap.report``; ``/static``: the
dashboard's own), through Starlette's StaticFiles, which refuses paths that leave
the folder.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib.resources import as_file, files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from diplomap import __version__
from diplomap.errors import StoreBusy
from diplomap.kb import KnowledgeBase
from diplomap.web import api, pages
from diplomap.web.state import Views

# Scripts only from this server ('unsafe-eval': Vega compiles its expressions); styles may be
# inline (Leaflet and vega-embed set them); data goes only back to this server.
RETRY_AFTER = 2      # seconds; the dashboard's script waits that long and asks again
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def create_app(store, *, kb: KnowledgeBase | None = None, owns_store: bool = False) -> FastAPI:
    """The web app over an open ``store``; ``owns_store`` closes it when the app shuts down."""
    from diplomap.analytics.base import measures_kb

    state = Views(store, kb or measures_kb(), owns_store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        state.close()

    app = FastAPI(title="diplomap", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Diplomatic events extracted from news, and the measures of docs/measures.md. "
                              "Every figure carries the ids of its events; every event its sources and sentences.")
    app.state.views = state
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/assets", StaticFiles(directory=_folder("diplomap.report")), name="assets")
    app.mount("/static", StaticFiles(directory=_folder("diplomap.web")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        return _error(request, error.status_code, error.detail)

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, error: StoreBusy):
        """A writer kept the store past a reader's patience (a long final fusion): ask again shortly."""
        return _error(request, 503, str(error), RETRY_AFTER)

    return app


def _error(request: Request, status: int, detail, retry_after: int | None = None):
    """JSON for the API and the static files, an HTML page for the pages; Retry-After where given."""
    if request.url.path.startswith(("/api/", "/assets/", "/static/")):
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return pages.error_page(status, str(detail), retry_after)


def _folder(package: str) -> Path:
    """The package's static folder on disk (installed packages are plain folders)."""
    with as_file(files(package) / "static") as path:
        return Path(path)
