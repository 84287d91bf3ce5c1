"""Fixtures for the measures: a small knowledge base and synthetic events in an in-memory store."""

from __future__ import annotations

import pytest
from synthetic import Events, synthetic_kb

from diplomap.kb import KnowledgeBase
from diplomap.store import open_store


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return synthetic_kb()


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def store():
    with open_store(":memory:") as opened:
        yield opened


@pytest.fixture
def filled(store, events):
    """filled() writes what the test added to ``events`` and returns the store."""

    def _fill():
        events.write(store)
        return store

    return _fill
