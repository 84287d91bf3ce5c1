"""Untrusted article text in chromium: the report and the dashboard show it as text and run none of it.

The articles of hostile_articles.py carry script tags, event handlers, entities, javascript:
links, a right-to-left override and zero-width characters in the sentences that report
events, and in titles, sources and URLs. They are ingested into a store of their own; then
`diplomap report` writes the offline report and the dashboard serves the store as
`diplomap serve` does, and chromium opens every view of them: the report with every event
open, the profile with each event's evidence, each event's page, the dyads, the documents.
On every page: no dialog, no script error, ``window.__pwned`` never set; no element carries
an on* attribute or a javascript: link; each stored sentence and title reads as the same
literal text; and text holding a direction override is isolated, so it cannot reorder
the text around it. The counts go to test-artifacts/browser-hostile-summary.txt.
"""

from __future__ import annotations

from collections import Counter

import pytest
from browser_support import ARTIFACTS, READY, serving
from click.testing import CliRunner
from hostile_articles import LITERALS, PAYLOADS, RLO

from diplomap.commands.views import report
from diplomap.store import open_store

pytestmark = pytest.mark.browser

# Attributes no page may carry once article text is in it, and scripts that name a payload.
AUDIT = r"""() => {
  const found = [];
  for (const node of document.querySelectorAll("*")) {
    for (const attr of node.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\s\u0000-\u001f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(node.tagName + " " + name + "=" + attr.value);
      if (/^(javascript|vbscript):/.test(value)) found.push(node.tagName + " " + name + "=" + attr.value);
    }
    if (node.tagName === "SCRIPT" && node.type !== "application/json" && node.textContent.includes("__pwned"))
      found.push("SCRIPT " + node.textContent.slice(0, 80));
    if (node.tagName === "IMG" && node.getAttribute("src") === "x") found.push("IMG src=x");
  }
  return found;
}"""
# Elements whose own text holds a direction override, and whether their style isolates it.
OVERRIDES = r"""() => Array.from(document.querySelectorAll("body *"))
  .filter(node => Array.from(node.childNodes).some(child => child.nodeType === 3 && /[\u202a-\u202e]/.test(child.data)))
  .map(node => [node.tagName + "." + node.className, getComputedStyle(node).unicodeBidi])"""
ISOLATED = ("isolate", "isolate-override", "plaintext")


@pytest.fixture(scope="module")
def hostile(hostile_db, small_kb):
    """The hostile store open as the dashboard opens it, with what its views must show."""
    from diplomap.load import fusion_rules

    store = open_store(hostile_db, rules=fusion_rules(small_kb), read_only=True)
    events = list(store.events())
    documents = store.documents()
    store.engine.release()
    yield store, events, documents
    store.close()


@pytest.fixture(scope="module")
def tally():
    counts: Counter = Counter()
    yield counts
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"hostile payloads tried: {len(PAYLOADS)}"] + [f"{key}: {value}" for key, value in sorted(counts.items())]
    (ARTIFACTS / "browser-hostile-summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_articles_keep_their_markup_as_text(hostile):
    """The fixture is what it claims: the store holds the markup literally, where the views will show it."""
    _, events, documents = hostile
    kept = [event["evidence"]["text"] for event in events] + [doc["title"] or "" for doc in documents]
    missing = [literal for literal in LITERALS if not any(literal in text for text in kept)]
    assert not missing
    assert any(doc["url"] and doc["url"].startswith("javascript:") for doc in documents)
    assert not any("\u200b" in text for text in kept)           # the readers drop zero-width characters


def audit(watched, tally, where: str) -> str:
    """Check the page as it stands; its visible text."""
    page = watched.page
    watched.check_clean()
    assert page.evaluate(AUDIT) == [], where
    overrides = page.evaluate(OVERRIDES)
    assert all(style in ISOLATED for _, style in overrides), (where, overrides)
    tally["pages and states audited"] += 1
    tally["direction overrides isolated"] += len(overrides)
    return page.locator("body").inner_text()


def shows(text: str, expected, tally, where: str) -> None:
    missing = [item for item in expected if item not in text]
    assert not missing, (where, missing)
    tally["literal texts found"] += len(expected)


def expected_texts(events, documents) -> list[str]:
    return sorted({event["evidence"]["text"] for event in events} | {doc["title"] for doc in documents if doc["title"]})


def test_report_shows_the_markup_and_runs_none_of_it(watched, hostile, hostile_db, tally, tmp_path):
    _, events, documents = hostile
    path = tmp_path / "hostile-report.html"
    result = CliRunner().invoke(report, ["AZE", "--db", str(hostile_db), "-o", str(path)])
    assert result.exit_code == 0, result.output
    page = watched.page
    page.goto(path.as_uri())
    page.wait_for_selector(READY, timeout=15_000)
    audit(watched, tally, "report")
    page.evaluate("document.querySelectorAll('details').forEach(function (d) { d.open = true; })")
    page.locator("details.dm-event").first.locator("summary").hover()
    text = audit(watched, tally, "report, every event open")
    counted = [e for e in events if "AZE" in e["participants"] and e["status"] == "occurred"]    # what it lists
    assert len(counted) >= 8
    shows(text, expected_texts(counted, documents), tally, "report")
    page.screenshot(path=ARTIFACTS / "report-hostile.png", full_page=True)
    assert all(url.startswith(("file:", "data:", "about:")) for url in watched.requests), watched.requests


def test_dashboard_shows_the_markup_and_runs_none_of_it(watched, hostile, tally):
    store, events, documents = hostile
    page = watched.page
    with serving(store) as base:
        page.goto(f"{base}/profile/AZE")
        page.wait_for_selector(READY, timeout=15_000)
        rows = page.locator("#side-list .dm-event-row")
        shown = audit(watched, tally, "profile")
        shows(shown, sorted({e["evidence"]["text"] for e in events if "AZE" in e["participants"]}), tally, "profile")
        for n in range(rows.count()):
            rows.nth(n).click()
            event_id = rows.nth(n).get_attribute("data-id")
            page.wait_for_selector(f'#evidence-body[data-id="{event_id}"]')
            rows.nth(n).hover()
            detail = store.event_detail(event_id)
            store.engine.release()
            expected = [detail["event"]["evidence"]["text"]] + [s["title"] for s in detail["sources"] if s["title"]]
            shows(audit(watched, tally, f"evidence of {event_id}"), expected, tally, f"evidence of {event_id}")
        page.screenshot(path=ARTIFACTS / "dashboard-hostile-evidence.png", full_page=True)
        for event in events:
            page.goto(f"{base}/events/{event['event_id']}")
            shows(audit(watched, tally, f"/events/{event['event_id']}"), [event["evidence"]["text"]], tally, "event")
        for partner in ("KAZ", "RUS", "ARE"):
            page.goto(f"{base}/dyad/AZE/{partner}")
            page.wait_for_selector(READY, timeout=15_000)
            audit(watched, tally, f"dyad AZE/{partner}")
        page.goto(f"{base}/documents")
        titles = [doc["title"] for doc in documents] + [doc["source"] for doc in documents if doc["source"]]
        shows(audit(watched, tally, "documents"), titles, tally, "documents")
        page.goto(f"{base}/")
        audit(watched, tally, "actors")
    assert all(url.startswith((base, "data:")) for url in watched.requests), watched.requests
    assert RLO in "".join(titles)
