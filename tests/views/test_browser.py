"""The report (file://) and the dashboard (uvicorn on 127.0.0.1) in Debian's headless chromium.

Playwright drives /usr/bin/chromium (never a downloaded browser). The tests count the map's
markers and the charts' marks against the measures, click through to an event's evidence,
and keep screenshots in test-artifacts/. Without /usr/bin/chromium they skip and say why.
"""

from __future__ import annotations

import pytest
from browser_support import ARTIFACTS, READY, serving
from views_articles import FOCAL

from diplomap.analytics import Window
from diplomap.extract.calibration import shipped
from diplomap.report import write_report
from diplomap.report.reads import EventFilter, list_events

pytestmark = pytest.mark.browser


def expected_places(events) -> list[tuple]:
    """The places the map should mark: distinct (name, lat, lon) of located events."""
    return sorted({(e["location"]["name"], round(e["location"]["lat"], 3), round(e["location"]["lon"], 3))
                   for e in events if e["location"] and e["location"]["lat"] is not None})


def focal_events(store, **filters) -> list[dict]:
    return list_events(store, EventFilter(actor=FOCAL, status="occurred", **filters), 1000)


def counted(events, threshold: float | None = None) -> list[dict]:
    """The events the measures count: confidence at least ``threshold`` (default: the shipped one)."""
    threshold = shipped().threshold if threshold is None else threshold
    return [e for e in events if e["confidence"] >= threshold]


def split_at_a_middle_confidence(store) -> tuple[float, list[dict], list[dict]]:
    """A threshold that leaves some of the focal events out, and the events (counted, below) it splits."""
    every = focal_events(store)
    levels = sorted({e["confidence"] for e in every})
    assert len(levels) >= 2, "the test needs events of at least two confidences"
    threshold = levels[len(levels) // 2]
    return threshold, counted(every, threshold), [e for e in every if e["confidence"] < threshold]


def vega_count(page, chart: str, dataset: str) -> int:
    return page.evaluate(f"Diplomap.views[{chart!r}].view.data({dataset!r}).length")


def test_report_renders_offline_and_opens_evidence(watched, views_store, focal_profile, tmp_path):
    path = write_report(views_store, FOCAL, tmp_path / "report.html").path
    page = watched.page
    page.goto(path.as_uri())
    page.wait_for_selector(READY, timeout=15_000)

    places = expected_places(focal_events(views_store))
    assert len(places) >= 4
    assert page.locator("#map path.dm-place").count() == len(places)
    assert page.locator("#map path.dm-capital").count() == 1
    away = [place for place in places if place[0] not in ("Baku", "Azerbaijan")]       # at the capital: no line
    assert page.locator("#map path.dm-line").count() == len(away)
    assert page.locator("#map .leaflet-overlay-pane path").count() > 150          # country outlines
    months = len(focal_profile["tempo"].months)
    assert vega_count(page, "timeline", "months") == months
    assert page.locator("#chart-timeline g.mark-rect path").count() == months
    assert page.locator("#chart-vectors g.mark-rect path").count() == len(focal_profile["vectors"].vectors)
    assert page.locator("#chart-types g.mark-rect path").count() == len(focal_profile["scale"].by_type)
    assert vega_count(page, "priorities", "cells") > 0
    page.locator("#map").screenshot(path=ARTIFACTS / "report-map.png")
    page.screenshot(path=ARTIFACTS / "report-full.png", full_page=True)

    busiest = focal_profile["reach"].cities[0]
    page.locator("#map path.dm-place").first.dispatch_event("click")
    assert page.locator("#selection").is_visible()
    assert page.locator("details.dm-event:visible").count() == busiest.events
    tied = [city.key for city in focal_profile["reach"].cities if city.events == busiest.events]
    assert any(f"at {key}" in page.locator("#selection-text").text_content() for key in tied)

    page.locator("#selection-clear").click()
    month = max(focal_profile["tempo"].months, key=lambda m: m.events)
    bar = page.locator("#chart-timeline g.mark-rect path").nth(focal_profile["tempo"].months.index(month))
    bar.click()
    assert page.locator("details.dm-event:visible").count() == month.events

    first = page.locator("details.dm-event:visible").first
    first.locator("summary").click()
    sentence = first.locator(".dm-sentence").first
    assert sentence.is_visible() and len(sentence.text_content()) > 20
    grounds = views_store.event_detail(first.get_attribute("data-id"))["event"]["participant_sources"]
    facts = first.locator(".dm-facts").text_content()
    assert grounds and all(f"({code}, {why})" in facts for code, why in grounds.items())
    first.screenshot(path=ARTIFACTS / "report-evidence.png")

    assert all(url.startswith(("file:", "data:", "about:")) for url in watched.requests), watched.requests
    watched.check_clean()


@pytest.fixture(scope="module")
def server(views_store):
    """The dashboard under uvicorn on 127.0.0.1, on a free port, for this module."""
    with serving(views_store) as url:
        yield url


def test_dashboard_filters_and_drills_down(watched, server, views_store, counted_profile):
    page = watched.page
    page.goto(f"{server}/profile/{FOCAL}")
    page.wait_for_selector(READY, timeout=15_000)
    listed = focal_events(views_store)
    every = counted(listed)
    assert page.locator("#status").text_content().startswith(f"{len(every)} of {len(every)} events")
    assert page.locator("#map path.dm-place").count() == len(expected_places(every))
    assert vega_count(page, "timeline", "months") == len(counted_profile["tempo"].months)
    assert page.locator("#side-list .dm-event-row").count() == len(listed)
    page.screenshot(path=ARTIFACTS / "dashboard-profile.png", full_page=True)

    page.select_option("#filters select[name=type]", "SUPPORT")
    page.wait_for_selector(READY, timeout=15_000)
    listed_supports = focal_events(views_store, event_types=("SUPPORT",))
    supports = counted(listed_supports)
    assert 0 < len(supports) < len(every)
    assert page.locator("#map path.dm-place").count() == len(expected_places(supports))
    assert page.locator("#side-list .dm-event-row").count() == len(listed_supports)
    assert "type=SUPPORT" in page.url

    bars = page.locator("#chart-timeline g.mark-rect path")
    counts = page.evaluate("Diplomap.views.timeline.view.data('months').map(function (m) { return m.events; })")
    assert sum(counts) == len(supports)
    bars.nth(counts.index(max(counts))).click()
    page.wait_for_function(f"document.querySelectorAll('#side-list .dm-event-row').length === {max(counts)}")

    row = page.locator("#side-list .dm-event-row").first
    event_id = row.get_attribute("data-id")
    row.click()
    page.wait_for_selector("#evidence:not([hidden])")
    detail = views_store.event_detail(event_id)
    assert page.locator("#evidence-body .dm-sentence").first.text_content() == \
        detail["sources"][0]["report"]["evidence"]["text"]
    grounds = detail["event"]["participant_sources"]
    assert page.locator("#evidence-body dt:text-is('participants') + dd").text_content() == ", ".join(
        f"{code} ({grounds[code]})" if code in grounds else code for code in detail["event"]["participants"])
    page.screenshot(path=ARTIFACTS / "dashboard-evidence.png")

    page.click("#reset")
    page.wait_for_selector(READY, timeout=15_000)
    assert page.locator("#side-list .dm-event-row").count() == len(listed)
    assert all(url.startswith((server, "data:")) for url in watched.requests), watched.requests
    watched.check_clean()


def test_partner_click_lists_its_events(watched, server, counted_profile):
    page = watched.page
    page.goto(f"{server}/profile/{FOCAL}")
    page.wait_for_selector(READY, timeout=15_000)
    partner = counted_profile["scale"].partners[0]
    page.locator(f'#partners tr[data-partner="{partner.key}"] td:nth-child(3) button').click()
    page.wait_for_function(f"document.querySelectorAll('#side-list .dm-event-row').length === {partner.events}")
    assert partner.label in page.locator("#side-title").text_content()
    page.goto(f"{server}/dyad/{FOCAL}/{partner.key}")
    page.wait_for_selector(READY, timeout=15_000)
    assert page.locator("#dyad-list .dm-event-row").count() == partner.events
    page.screenshot(path=ARTIFACTS / "dashboard-dyad.png", full_page=True)
    watched.check_clean()


def test_the_dashboard_lists_events_below_the_threshold_marked_and_counts_the_rest(watched, server, views_store):
    threshold, kept, below = split_at_a_middle_confidence(views_store)
    page = watched.page
    page.goto(f"{server}/profile/{FOCAL}?min_confidence={threshold}")
    page.wait_for_selector(READY, timeout=15_000)
    assert page.locator("#filters input[name=min_confidence]").input_value() == str(threshold)
    assert page.locator("#status").text_content() == (
        f"{len(kept)} of {len(kept)} events in the window match; "
        f"{len(below)} below confidence {threshold:g}: listed, marked, not counted")
    assert page.locator("#map path.dm-place").count() == len(expected_places(kept))
    assert page.locator("#side-list .dm-event-row").count() == len(kept) + len(below)
    marked = page.locator("#side-list .dm-event-row.dm-below")
    assert sorted(marked.evaluate_all("rows => rows.map(r => r.getAttribute('data-id'))")) == \
        sorted(e["event_id"] for e in below)
    assert marked.first.locator(".dm-below-tag").text_content().endswith(", not counted")
    page.screenshot(path=ARTIFACTS / "dashboard-threshold.png", full_page=True)
    watched.check_clean()


def test_the_report_draws_the_counted_events_and_lists_the_rest_marked(watched, views_store, tmp_path):
    threshold, kept, below = split_at_a_middle_confidence(views_store)
    path = write_report(views_store, FOCAL, tmp_path / "report.html", Window(min_confidence=threshold)).path
    page = watched.page
    page.goto(path.as_uri())
    page.wait_for_selector(READY, timeout=15_000)
    assert page.locator("#map path.dm-place").count() == len(expected_places(kept))
    assert page.locator("details.dm-event.dm-below").count() == len(below)
    assert page.locator(".dm-threshold").is_visible()
    watched.check_clean()
