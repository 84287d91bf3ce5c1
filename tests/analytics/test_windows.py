"""Windows: undated events left out unless asked for, the dense default window, and every left-out count said."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from synthetic import Events

from diplomap.analytics import Window
from diplomap.analytics.windows import WindowCounts, dense_window, left_out
from diplomap.cli import app
from diplomap.store import open_store

D = date
PARTNERS = ("KAZ", "CHN", "USA", "TUR", "IRN", "IND", "BRA", "ARM", "ISR", "SYR")


def _events() -> Events:
    """Ten AZE events in 2025 (one a month), one background event of 2019 and two undated ones,
    one of them with RUS; and an RUS event in February and in May."""
    events = Events()
    events.document("doc-1", D(2025, 11, 1))
    for month, partner in enumerate(PARTNERS, start=1):
        events.add("CONSULT", ["AZE", partner], D(2025, month, 10))
    events.add("CONSULT", ["AZE", "USA"], D(2019, 6, 1), text="Back in 2019 they met.")
    events.add("CONSULT", ["AZE", "KAZ"], text="They have met before.")
    events.add("CONSULT", ["AZE", "RUS"], text="They talk often.")
    events.add("AGREE", ["AZE", "RUS"], D(2025, 2, 20))
    events.add("AGREE", ["AZE", "RUS"], D(2025, 5, 20))
    return events


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.duckdb"
    with open_store(path) as store:
        _events().write(store)
    return str(path)


def test_dense_window_is_the_shortest_span_holding_nine_tenths(store, kb):
    _events().write(store)
    chosen = dense_window(store, "AZE", Window(), kb=kb)
    assert (chosen.window.date_from, chosen.window.date_to) == (D(2025, 1, 10), D(2025, 10, 10))
    assert chosen.window.include_undated is True      # the other settings are kept
    assert chosen.reason == ("window 2025-01-10 to 2025-10-10: the shortest span holding 12 of the 13 dated "
                             "events; --from/--to choose another")


def test_a_given_date_or_too_few_events_keep_the_window(store, kb):
    events = Events()
    events.add("CONSULT", ["AZE", "KAZ"], D(2020, 1, 1))
    events.add("CONSULT", ["AZE", "CHN"], D(2025, 1, 1))
    events.write(store)
    given = Window(D(2024, 1, 1))
    assert dense_window(store, "AZE", given, kb=kb).window is given
    few = dense_window(store, "AZE", Window(), kb=kb)
    assert (few.window.date_from, few.window.date_to) == (D(2020, 1, 1), D(2025, 1, 1))
    assert few.reason == "window 2020-01-01 to 2025-01-01: the first to the last of the 2 dated events; " \
                         "--from/--to choose another"


def test_left_out_counts_undated_before_and_after(store, kb):
    _events().write(store)
    window = Window(D(2025, 3, 1), D(2025, 8, 31), include_undated=False)
    assert left_out(store, "AZE", window, kb=kb) == WindowCounts(undated=2, before=4, after=2)
    assert left_out(store, "AZE", Window(D(2025, 3, 1), D(2025, 8, 31)), kb=kb).undated == 0
    assert left_out(store, "AZE", window, kb=kb, with_actor="RUS") == WindowCounts(undated=1, before=1, after=0)
    assert WindowCounts(undated=12, before=1, after=2).notes() == (
        "12 undated events not counted; --include-undated counts them", "1 event before the window",
        "2 events after the window")
    assert WindowCounts().notes() == ()


def run(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_profile_chooses_the_dense_window_and_says_what_it_leaves_out(db):
    result = run("profile", "AZE", "--section", "scale", "--db", db)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "2025-01-10 to 2025-10-10" in text
    assert "the shortest span holding 12 of the 13 dated events" in text
    assert "2 undated events not counted; --include-undated counts them" in text
    assert "1 event before the window" in text and "after the window" not in text
    data = json.loads(run("profile", "AZE", "--format", "json", "--db", db).output)
    assert data["measures"]["scale"]["events"] == 12 and data["measures"]["scale"]["undated"] == 0
    assert data["window_notes"][1:] == ["2 undated events not counted; --include-undated counts them",
                                        "1 event before the window"]


def test_include_undated_counts_them(db):
    data = json.loads(run("profile", "AZE", "--include-undated", "--format", "json", "--db", db).output)
    assert data["measures"]["scale"]["events"] == 14 and data["measures"]["scale"]["undated"] == 2
    assert data["window"]["include_undated"] is True
    assert data["window_notes"][1:] == ["1 event before the window"]


def test_dyad_and_compare_leave_undated_events_out_and_say_so(db):
    dyad = run("dyad", "AZE", "RUS", "--from", "2025-03-01", "--format", "json", "--db", db)
    data = json.loads(dyad.output)
    assert data["events"] == 1 and data["window_notes"] == [
        "1 undated event not counted; --include-undated counts them", "1 event before the window"]
    assert json.loads(run("dyad", "AZE", "RUS", "--from", "2025-03-01", "--include-undated", "--format", "json", "--db", db).output
                      )["events"] == 2
    compare = run("compare", "AZE", "RUS", "--to", "2025-04-30", "--db", db)
    text = " ".join(compare.output.split())
    assert "AZE: 2 undated events not counted" in text and "AZE: 7 events after the window" in text
    assert "RUS: 1 undated event not counted" in text and "RUS: 1 event after the window" in text


def test_report_says_its_window_in_the_page_and_on_stderr(db, tmp_path):
    output = tmp_path / "aze.html"
    result = CliRunner().invoke(app, ["report", "AZE", "--db", db, "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    assert "the shortest span holding 12 of the 13 dated events" in result.stderr
    assert "2 undated events not counted" in result.stderr and "1 event before the window" in result.stderr
    html = output.read_text(encoding="utf-8")
    assert "Diplomatic events from 2025-01-10 to 2025-10-10" in html
    assert "2 undated events not counted; --include-undated counts them" in html
