"""The store commands end to end: ingest, events, show, docs, export."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from diplomap import load as load_module
from diplomap.cli import app


@pytest.fixture
def run(monkeypatch, extractor, small_kb, tmp_path):
    """run(*args) -> Result, against tmp_path/store.duckdb, with the small-KB extractor."""
    monkeypatch.setattr(load_module, "default_extractor", lambda model=None: extractor)
    monkeypatch.setattr(load_module, "fusion_rules", lambda kb=None, publication_days=3: load_module.FusionRules(
        frozenset(state.name.casefold() for state in small_kb.states.values())))
    monkeypatch.setenv("DIPLOMAP_DB", str(tmp_path / "store.duckdb"))
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(arg) for arg in args])


def test_ingest_twice_reports_identical_counts(run, corpus):
    first = run("ingest", corpus)
    assert first.exit_code == 0, first.output
    assert "4 documents stored (0 replaced)" in first.stderr and "(tier: rules)" in first.stderr
    second = run("ingest", corpus)
    assert second.exit_code == 0
    assert "0 documents stored (0 replaced), 0 events, 4 skipped, 0 failed" in second.stderr
    assert first.stderr.split("the store holds")[1].split("(tier")[0] == \
        second.stderr.split("the store holds")[1].split("(tier")[0]


def test_bad_inputs_exit_1_and_are_listed(run, corpus):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    result = run("ingest", corpus, corpus / "missing.txt")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2 and any("empty.txt" in line for line in errors)
    failed = run("docs", "--failed", "--format", "jsonl")
    assert {json.loads(line)["origin"].rsplit("/", 1)[-1] for line in failed.stdout.splitlines()} == {
        "empty.txt", "missing.txt"}
    listed = run("docs", "--format", "jsonl")
    assert len(listed.stdout.splitlines()) == 4


def test_events_filters_and_formats(run, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")        # room in the table for the place beside the confidence column
    assert run("ingest", corpus).exit_code == 0
    fused = [json.loads(line) for line in run("events", "--format", "jsonl").stdout.splitlines()]
    reports = [json.loads(line) for line in run("events", "--reports", "--format", "jsonl").stdout.splitlines()]
    assert len(fused) < len(reports)
    assert all("sources" in r and "doc_id" not in r for r in fused) and all("doc_id" in r for r in reports)
    kaz = run("events", "--actor", "KAZ", "--with", "AZE", "--type", "CONSULT", "--from", "2025-10-01",
              "--to", "2025-10-31", "--status", "occurred", "--format", "jsonl")
    [record] = [json.loads(line) for line in kaz.stdout.splitlines()]
    assert record["location"]["name"] == "Astana"
    table = run("events", "--actor", "EPC")
    assert table.exit_code == 0 and "Copenha" in table.stdout
    out = tmp_path / "events.parquet"
    assert run("events", "--format", "parquet", "-o", out).exit_code == 0
    assert pq.read_table(out).num_rows == len(fused)
    assert run("events", "--format", "parquet").exit_code == 1
    assert run("events", "--type", "NOPE").exit_code == 2
    assert run("events", "--type", "agree,support", "--format", "jsonl").exit_code == 0


def test_show_prints_why_each_participant_is_there_and_every_source_sentence(run, corpus):
    run("ingest", corpus)
    [summit] = [json.loads(line) for line in run("events", "--actor", "EPC", "--format", "jsonl").stdout.splitlines()
                if json.loads(line)["mode"] == "multilateral"]
    shown = run("show", summit["event_id"][:8])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.count("European Political Community") >= 2 and "chars " in shown.stdout
    detail = json.loads(run("show", summit["event_id"], "--format", "json").stdout)
    assert len(detail["sources"]) == 2
    grounds = detail["event"]["participant_sources"]
    assert set(grounds) == set(summit["participants"]) and all(grounds.values())
    lines = shown.stdout.splitlines()
    why = lines.index("why each participant is in the event:")        # then one line per participant
    assert lines[why + 1:why + 1 + len(grounds)] == [f"  {code}  {grounds[code]}" for code in summit["participants"]]
    for source in detail["sources"]:                                   # and each source's own reasons
        code, reason = next(iter(source["report"]["participant_sources"].items()))
        assert f"participants: {code} ({reason})" in shown.stdout
    missing = run("show", "0000000000")
    assert missing.exit_code == 1 and "no event" in missing.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "plover"])
def test_export_writes_every_format(run, corpus, tmp_path, fmt):
    run("ingest", corpus)
    out = tmp_path / f"events.{fmt}"
    result = run("export", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0 and f"written to {out}" in result.stderr


def test_read_commands_need_an_existing_store(run):
    result = run("events")
    assert result.exit_code == 1 and "no such store" in result.stderr


def test_watch_runs_rounds_and_stores_new_items_once(run, tmp_path):
    rss = tmp_path / "wire.rss"
    rss.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Call</title>'
                   "<link>http://example.org/call</link><description>Vladimir Putin held a telephone conversation "
                   "with Ilham Aliyev on 20 October 2025.</description></item></channel></rss>", encoding="utf-8")
    result = run("watch", rss, "--every", "0s", "--times", "2")
    assert result.exit_code == 0, result.output
    rounds = [line for line in result.stderr.splitlines() if " round " in line]
    assert "round 1: 1 new documents" in rounds[0] and "round 2: 0 new documents" in rounds[1]
    assert run("watch", rss, "--every", "often").exit_code == 2
