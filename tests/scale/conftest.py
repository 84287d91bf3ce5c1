"""Fixtures for the scale tests: hand-written articles and a local two-worker Dask cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

# Written for these tests: two reports of one visit, a summit, a call, a refusal.
ARTICLES = {
    "visit-a.txt": (
        "Kazakh leader visits Baku\n"
        "date: 2025-03-12\n\n"
        "Kazakh President Kassym-Jomart Tokayev arrived in Baku on 11 March 2025 for a two-day state visit "
        "and held talks with President Ilham Aliyev on the Middle Corridor.\n\n"
        "Rain is expected across the Absheron peninsula later in the week.\n"
    ),
    "visit-b.txt": (
        "Tokayev and Aliyev discuss transport links\n"
        "date: 2025-03-13\n\n"
        "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Baku on March 11, 2025. "
        "The two presidents signed a declaration on strategic partnership.\n"
    ),
    "summit.txt": (
        "Turkic leaders meet in Gabala\n"
        "date: 2025-10-08\n\n"
        "President Ilham Aliyev hosted the summit of the Organization of Turkic States in Gabala on "
        "7 October 2025.\n"
    ),
    "call.txt": (
        "Aliyev speaks with Erdogan\n"
        "date: 2025-06-03\n\n"
        "Turkish President Recep Tayyip Erdogan held a telephone conversation with Ilham Aliyev on "
        "2 June 2025.\n"
    ),
    "refusal.txt": (
        "Aliyev skips Moscow meeting\n"
        "date: 2025-10-10\n\n"
        "President Ilham Aliyev declined to attend the informal CIS summit in Moscow, his office said on "
        "Thursday.\n"
    ),
}


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dask_client():
    """A client of a local cluster of two worker processes, one thread each."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        yield client
