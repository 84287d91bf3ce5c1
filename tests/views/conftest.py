"""Fixtures for the views: a store built from a few short articles written for these tests.

The articles go through the real loader (``diplomap.load``) with the small knowledge base
of tests/conftest.py; one JSONL item carries markup and a javascript: URL in the places
where a careless page would let it run. The expected counts of the browser tests are read
from the measures, not written down, so they follow the extractor.
"""

from __future__ import annotations

import json

import pytest
from views_articles import ARTICLES, FOCAL, HOSTILE

from diplomap.analytics import Window, profile
from diplomap.load import fusion_rules, load
from diplomap.store import open_store


@pytest.fixture(scope="session")
def views_db(tmp_path_factory, extractor, small_kb):
    """A DuckDB file holding the articles' documents, reports and fused events."""
    folder = tmp_path_factory.mktemp("views-corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    path = tmp_path_factory.mktemp("views-db") / "views.duckdb"
    with open_store(path, rules=fusion_rules(small_kb)) as store:
        summary = load([str(folder)], store, extractor_factory=lambda: extractor)
    assert summary.failed == 0 and summary.events > 0
    return path


@pytest.fixture(scope="session")
def views_store(views_db, small_kb):
    """The store, open for the whole session (the web app and the report share it)."""
    with open_store(views_db, rules=fusion_rules(small_kb), create=False) as store:
        yield store


@pytest.fixture(scope="session")
def focal_profile(views_store):
    return profile(views_store, FOCAL, Window())
