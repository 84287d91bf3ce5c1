"""Caps and empty charts in Chromium: the partner chart says how many partners it draws of how many,
and a chart with nothing to draw says so in a sentence instead of drawing an empty axis."""

from __future__ import annotations

from datetime import date

import pytest
from browser_support import READY

from diplomap.analytics import Window
from diplomap.models import Document, Event, Evidence, TimeSpan
from diplomap.report import write_report
from diplomap.store import ExtractedDocument, open_store

pytestmark = pytest.mark.browser

PARTNERS = ("KAZ", "CHN", "USA", "TUR", "IRN", "IND", "BRA", "GEO", "ISR", "SYR", "FRA", "DEU", "ITA", "JPN",
            "KOR", "PAK", "UZB", "TKM", "HUN")
CHARTS = ("timeline", "vectors", "types", "priorities", "cooperation")


def _event(number: int, participants: tuple[str, ...], day: date | None) -> Event:
    text = f"Synthetic meeting number {number}."
    return Event(doc_id="doc-1", event_type="CONSULT", mode=None, status="occurred", source_actors=participants[:1],
                 target_actors=participants[1:], participants=participants,
                 evidence=Evidence(text, number * 100, number * 100 + len(text)),
                 time=TimeSpan(day, day, "day" if day else "unknown"), confidence=0.9)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """AZE met 19 partners, one a week in 2025; ARM's only event is undated."""
    events = [_event(i, ("AZE", code), date(2025, 1, 6 + i)) for i, code in enumerate(PARTNERS)]
    events.append(_event(99, ("ARM", "FRA"), None))
    body = " ".join(event.evidence.text for event in events)
    with open_store(tmp_path_factory.mktemp("caps") / "caps.duckdb") as opened:
        opened.write_batch([ExtractedDocument(Document("doc-1", body, title="Meetings", origin="doc-1.txt",
                                                       published=date(2025, 2, 1)), tuple(events))])
        yield opened


def test_the_partner_chart_says_it_draws_15_of_19(watched, store, tmp_path):
    page = watched.page
    page.goto(write_report(store, "AZE", tmp_path / "aze.html").path.as_uri())
    page.wait_for_selector(READY, timeout=15_000)
    assert page.locator("#chart-cooperation p.dm-cap").text_content() == "15 of 19 partners; all in the table"
    assert page.locator("#partners table tbody tr").count() == 19
    watched.check_clean()


def test_charts_with_nothing_to_draw_say_so(watched, store, tmp_path):
    page = watched.page
    dated_only = Window(include_undated=False)          # as `diplomap report` counts by default
    page.goto(write_report(store, "ARM", tmp_path / "arm.html", dated_only).path.as_uri())
    page.wait_for_selector(READY, timeout=15_000)
    for chart in CHARTS:
        box = page.locator(f"#chart-{chart}")
        assert box.locator("svg").count() == 0, chart
        assert box.locator("p.dm-empty").text_content().startswith("No "), chart
    assert "No dated events in this window" in page.locator("#chart-timeline").text_content()
    watched.check_clean()


def test_every_headline_figure_is_explained_on_hover_and_in_the_glossary(watched, store, tmp_path):
    page = watched.page
    page.goto(write_report(store, "AZE", tmp_path / "aze.html").path.as_uri())
    page.wait_for_selector(READY, timeout=15_000)
    cards = page.locator("#headline .dm-figure")
    labels = [cards.nth(i).locator(".dm-figure-label").text_content() for i in range(cards.count())]
    assert "balance (H/ln k)" in labels and "betweenness" in labels and "normalised HHI" in labels
    for i, label in enumerate(labels):
        title = cards.nth(i).get_attribute("title")
        assert title.endswith("event(s): click to list them)") and len(title) > 60, label
    terms = page.locator("#glossary dt").all_text_contents()
    assert terms == labels
    balance = page.locator("#glossary dd").nth(labels.index("balance (H/ln k)")).text_content()
    assert balance.startswith("How evenly engagement divides between the power centres, from 0")
