"""The static report: one self-contained file, every figure's events listed, article text escaped."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner
from views_articles import FOCAL

from diplomap.analytics import Window
from diplomap.analytics.base import query_rows
from diplomap.cli import app
from diplomap.extract.calibration import shipped
from diplomap.report import build_report, write_report
from diplomap.report.assets import VENDOR_SCRIPTS, inline_script, inline_style, script_json
from diplomap.report.render import environment, event_item


@pytest.fixture(scope="module")
def report(views_store):
    return build_report(views_store, FOCAL)


def embedded(html: str, element_id: str):
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert match, element_id
    return json.loads(match.group(1))


def test_the_report_is_one_file_that_loads_nothing(report):
    html = report.html
    assert "<script src" not in html and "<link" not in html
    before_events = html.split('id="event-list"')[0]
    assert not re.search(r"""(?:src|href)=["'](?!#|data:)""", before_events), "a link or resource outside the file"
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "sourceMappingURL" not in html
    assert len(html.encode("utf-8")) < 3_000_000
    for name in VENDOR_SCRIPTS:           # every vendored library is inlined
        assert inline_script(name)[:200] in html


def test_every_figure_drills_down_to_listed_events(report, focal_profile):
    html = report.html
    listed = set(re.findall(r'<details class="dm-event" id="ev-([0-9a-f]+)"', html))
    assert report.events == len(listed) >= focal_profile["scale"].events
    assert set(focal_profile["scale"].event_ids) <= listed
    for _, figure in focal_profile.headline():
        assert set(figure.event_ids) <= listed | set(focal_profile["broker"].network_event_ids)
    data = embedded(html, "diplomap-data")
    assert data["focal"] == FOCAL and data["measures"]["scale"]["events"] == focal_profile["scale"].events
    assert {row["partner"] for row in data["partners"]} == {c.key for c in focal_profile["scale"].partners}
    assert embedded(html, "diplomap-countries")["type"] == "Topology"


def test_partner_table_has_tiers_and_dated_upgrades(report, focal_profile):
    for ladder in focal_profile["ladder"].partners:
        row = re.search(rf'<tr data-partner="{ladder.partner}">(.*?)</tr>', report.html, re.S).group(1)
        assert ladder.tier in row
        for step in ladder.steps:
            assert f'data-open="{step.event_id}"' in row and step.date.isoformat() in row


def test_article_text_is_escaped(report):
    html = report.html
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html          # the title, as text
    assert "&lt;/script&gt;&lt;img src=x onerror=" in html                  # the sentence, as text
    assert 'href="javascript:' not in html
    data = re.search(r'id="diplomap-data">(.*?)</script>', html, re.S).group(1)
    assert "</" not in data and "<img" not in data


def test_each_event_says_why_each_participant_is_in_it(report, views_store):
    assert 'class="dm-why"' in report.html
    detail = views_store.event_detail(next(e for e in views_store.events() if len(e["participants"]) > 1)["event_id"])
    known, *rest = detail["event"]["participants"]
    detail["event"]["participant_sources"] = {known: "named: <b>Aliyev</b>"}       # the others: not recorded
    item = event_item(detail, {}, FOCAL)
    html = environment().from_string('{% from "_events.html.j2" import event_body %}{{ event_body(item) }}').render(
        item=item)
    assert f'({known}, <span class="dm-why">named: &lt;b&gt;Aliyev&lt;/b&gt;</span>)' in html
    assert all(f"{code} ({code})" in html for code in rest)


def test_script_json_cannot_end_its_element():
    value = {"text": "a </script><!-- b \u2028 & c", "n": [1, None]}
    text = script_json(value)
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_styles_inline_their_images():
    css = inline_style("vendor/leaflet/leaflet.css")
    assert "url(images/" not in css and "url(data:image/png;base64," in css


def test_window_narrows_the_report(views_store, report):
    later = build_report(views_store, FOCAL, Window(date(2025, 10, 1), date(2025, 10, 31)))
    assert 0 < later.events < report.events
    assert "2025-10-01 to 2025-10-31" in later.html


def focal_confidences(store) -> dict[str, float]:
    """The focal actor's occurred events: canonical id -> confidence."""
    rows = query_rows(store, "SELECT canonical_id, confidence FROM events WHERE status = 'occurred' "
                             "AND list_contains(actors, ?)", [FOCAL])
    return {row["canonical_id"]: row["confidence"] for row in rows}


def test_the_report_states_its_threshold_and_lists_what_it_left_out_marked(views_store, report):
    confidences = focal_confidences(views_store)
    levels = sorted(set(confidences.values()))
    assert len(levels) >= 2, "the test needs events of at least two confidences"
    threshold = levels[len(levels) // 2]
    below = sorted(i for i, c in confidences.items() if c < threshold)
    counted = sorted(i for i, c in confidences.items() if c >= threshold)

    html = build_report(views_store, FOCAL, Window(min_confidence=threshold)).html
    [stated] = re.findall(r'<p class="dm-sub dm-threshold">(.*?)</p>', html, re.S)
    s = "" if len(below) == 1 else "s"
    assert " ".join(stated.split()) == (
        f"Counted: events of confidence {threshold:g} or more (the calibrated probability that an event is right). "
        f"{len(below)} event{s} below confidence {threshold:g} left out of the figures: listed under Events, marked.")
    assert sorted(re.findall(r'<details class="dm-event dm-below" id="ev-([0-9a-f]+)"', html)) == below
    assert html.count('class="dm-tag dm-below-tag"') == len(below)
    data = embedded(html, "diplomap-data")
    assert sorted(data["measures"]["scale"]["event_ids"]) == counted
    assert data["window"]["min_confidence"] == threshold and data["window"]["left_out"] == len(below)
    assert sorted(data["measures"]["scale"]["left_out_ids"]) == below
    assert f"and confidence {threshold:g} or more." in html

    assert "dm-threshold" not in report.html and "dm-below" not in report.html.split('id="event-list"')[1]


def test_write_report_makes_folders(views_store, tmp_path):
    summary = write_report(views_store, FOCAL, tmp_path / "nested" / "aze.html")
    assert summary.path.exists() and summary.size == summary.path.stat().st_size
    assert summary.name == "Azerbaijan" and summary.events > 0


def test_report_command(views_db, views_store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", FOCAL, "--from", "2025-01-01", "--db", str(views_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out) and out.stat().st_size > 100_000
    assert "events from" in result.stderr
    assert f"Counted: events of confidence {shipped().threshold:g} or more" in out.read_text(encoding="utf-8")
    strict = runner.invoke(app, ["report", FOCAL, "--min-confidence", "0.99", "--db", str(views_db), "-o", str(out)])
    left_out = sum(1 for confidence in focal_confidences(views_store).values() if confidence < 0.99)
    assert strict.exit_code == 0 and f"({left_out} below confidence 0.99, listed but not counted)" in strict.stderr
    events = "event" if left_out == 1 else "events"
    assert f"{left_out} {events} below confidence 0.99 left out of the figures" in out.read_text(encoding="utf-8")
    unknown = runner.invoke(app, ["report", "QQQ", "--db", str(views_db), "-o", str(tmp_path / "q.html")])
    assert unknown.exit_code == 1 and "QQQ" in unknown.stderr and not (tmp_path / "q.html").exists()
    missing = runner.invoke(app, ["report", FOCAL, "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no such store" in missing.stderr


def test_every_view_file_ships_in_the_package():
    """Each template and static file matches a package-data pattern of pyproject.toml."""
    import tomllib
    from fnmatch import fnmatch
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["diplomap"]
    package = root / "src" / "diplomap"
    for folder in ("report/templates", "report/static", "web/templates", "web/static"):
        for path in (package / folder).rglob("*"):
            if path.is_file():
                name = path.relative_to(package).as_posix()
                assert any(fnmatch(name, pattern) and name.count("/") == pattern.count("/") for pattern in patterns), name
