"""Fixtures for the store tests: hand-written articles, an in-memory store, a loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplomap.load import fusion_rules, load
from diplomap.store import open_store

# Two reports of one summit, in different words, and two unrelated events.
ARTICLES = {
    "summit-a.txt": (
        "Leaders gather in Copenhagen\n"
        "date: 2025-10-03\n\n"
        "President Ilham Aliyev attended the summit of the European Political Community in Copenhagen "
        "on 2 October 2025. He met Danish officials on the sidelines.\n"
    ),
    "summit-b.txt": (
        "Aliyev in Denmark for European summit\n"
        "date: 2025-10-04\n\n"
        "Azerbaijan's leader Ilham Aliyev took part in the European Political Community summit held in "
        "Copenhagen on October 1-2, 2025.\n"
    ),
    "astana.txt": (
        "Aliyev and Tokayev talk trade\n"
        "date: 2025-10-21\n\n"
        "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 20 October 2025.\n"
    ),
    "call.txt": (
        "Putin calls Aliyev\n"
        "date: 2024-12-29\n\n"
        "Vladimir Putin held a telephone conversation with Ilham Aliyev on 28 December 2024.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def rules(small_kb):
    return fusion_rules(small_kb)


@pytest.fixture(params=["duckdb", "postgres"])
def store(request, rules):
    """An empty store: DuckDB in memory, and a fresh PostgreSQL database (skipped without a server)."""
    target = ":memory:" if request.param == "duckdb" else request.getfixturevalue("postgres_url")
    with open_store(target, rules=rules) as opened:
        yield opened


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server on 127.0.0.1 for this test session, or a skip saying why not."""
    from tests_postgres import PostgresServer

    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the session's server; dropped afterwards."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture
def ingest(extractor):
    """ingest(paths, store, **options) -> LoadSummary, with the small-KB extractor."""

    def _ingest(paths, store, **options):
        return load([str(p) for p in paths], store, extractor_factory=lambda: extractor, **options)

    return _ingest
