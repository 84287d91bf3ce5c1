"""What every request of the web app shares: the store, read one request at a time, and the knowledge base."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from diplomap.errors import StoreBusy, StoreError
from diplomap.kb import KnowledgeBase
from diplomap.report.reads import event_details


@dataclass
class Views:
    """The store the app reads and the knowledge base its measures use.

    A DuckDB connection serves one statement at a time, so every request reads inside
    ``reading()``, one after the other. A store opened ``read_only`` (``diplomap serve``)
    lets go of its file at the end of each request, so that an ingest in another process
    can write between two requests (``diplomap.store.sharing``).
    """

    store: object
    kb: KnowledgeBase
    owns_store: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._release()         # opening the store took the file: give it back until a request comes

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The store for this request alone; its file let go of afterwards where it is shared."""
        with self.lock:
            try:
                yield
            finally:
                self._release()

    def detail(self, event_id: str) -> dict:
        """One event with its sources: by canonical id, else a report id or unique prefix; 404 if none."""
        with self.reading():
            found = event_details(self.store, [event_id])
            if found:
                return found[0]
            try:
                return self.store.event_detail(event_id)
            except StoreBusy:
                raise
            except StoreError as error:
                raise HTTPException(404, str(error)) from None

    def close(self) -> None:
        if self.owns_store:
            self.store.close()

    def _release(self) -> None:
        if getattr(self.store.engine, "read_only", False):
            self.store.engine.release()


def views(request: Request) -> Views:
    return request.app.state.views


def shipped_threshold() -> float:
    """The shipped calibration's threshold: the confidence the measures count from unless a request
    says otherwise. Read at the first request that needs it (importing the calibration loads the extractor)."""
    from diplomap.extract.calibration import shipped

    return shipped().threshold
