"""What every request of the web app shares: the open store (behind a lock), the knowledge base."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from diplomap.errors import StoreError
from diplomap.kb import KnowledgeBase
from diplomap.report.reads import event_details


@dataclass
class Views:
    """The store the app reads and the knowledge base its measures use.

    A DuckDB connection serves one statement at a time, so every read takes ``lock``.
    """

    store: object
    kb: KnowledgeBase
    owns_store: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def detail(self, event_id: str) -> dict:
        """One event with its sources: by canonical id, else a report id or unique prefix; 404 if none."""
        with self.lock:
            found = event_details(self.store, [event_id])
            if found:
                return found[0]
            try:
                return self.store.event_detail(event_id)
            except StoreError as error:
                raise HTTPException(404, str(error)) from None

    def close(self) -> None:
        if self.owns_store:
            self.store.close()


def views(request: Request) -> Views:
    return request.app.state.views
