"""Fixtures for the views: stores built from short articles written for these tests, and the browser.

The articles go through the real loader (``diplomap.load``) with the small knowledge base
of tests/conftest.py; one JSONL item carries markup and a javascript: URL in the places
where a careless page would let it run, and a store of its own holds the articles of
hostile_articles.py. The expected counts of the browser tests are read from the measures,
not written down, so they follow the extractor. The browser is Debian's chromium driven
by Playwright (browser_support.py); without /usr/bin/chromium the browser tests skip and say why.
"""

from __future__ import annotations

import json

import pytest
from browser_support import ARTIFACTS, CHROMIUM, FLAGS, Watched
from hostile_articles import FILES as HOSTILE_FILES
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
def hostile_db(tmp_path_factory, extractor, small_kb):
    """A DuckDB file (closed) holding the articles of hostile_articles.py."""
    folder = tmp_path_factory.mktemp("hostile-corpus")
    for name, text in HOSTILE_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("hostile-db") / "hostile.duckdb"
    with open_store(path, rules=fusion_rules(small_kb)) as store:
        summary = load([str(folder)], store, extractor_factory=lambda: extractor)
    assert summary.failed == 0 and summary.documents == len(HOSTILE_FILES)
    return path


@pytest.fixture(scope="session")
def views_store(views_db, small_kb):
    """The store, open read-only for the whole session (the web app, the report and the reading
    commands share it: DuckDB lets one process open a file only one way at a time)."""
    with open_store(views_db, rules=fusion_rules(small_kb), create=False, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def focal_profile(views_store):
    return profile(views_store, FOCAL, Window())


@pytest.fixture(scope="session")
def counted_profile(views_store):
    """The profile as the dashboard counts it by default: from the shipped calibration's threshold."""
    from diplomap.extract.calibration import shipped

    return profile(views_store, FOCAL, Window(min_confidence=shipped().threshold))


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright, a fresh empty profile per module; skips where either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium; "
                    "`make test` installs it as root): browser tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed: pip install -e '.[test]'")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        # launch() gives every run a fresh, empty profile (its own --user-data-dir)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser):
    item = Watched(browser)
    yield item
    item.context.close()
