"""The profile, dyad and compare commands, run in-process on a small store file."""

from __future__ import annotations

import json
import re
from datetime import date

import click
import pytest
from click.testing import CliRunner
from synthetic import ASTANA, BAKU, Events, canonical

from diplomap.cli import app as diplomap_app
from diplomap.commands.measures import COMMANDS
from diplomap.extract.calibration import shipped
from diplomap.store import open_store

D = date


@pytest.fixture(scope="module")
def app():
    @click.group()
    def group():
        """Test group holding the measure commands."""

    for command in COMMANDS:
        group.add_command(command)
    return group


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("measures") / "store.duckdb"
    events = Events()
    events.document("doc-1", D(2025, 4, 24))
    events.add("CONSULT", ["AZE", "KAZ"], D(2025, 1, 10), place=ASTANA)
    events.add("AGREE", ["AZE", "CHN"], D(2025, 4, 23),
               text="They raised ties to a comprehensive strategic partnership.")
    events.add("CONSULT", ["AZE", "RUS"], D(2025, 2, 3), place=BAKU)
    events.add("CONSULT", ["KAZ", "CHN"], D(2025, 3, 3), place=ASTANA)
    events.add("CONSULT", ["AZE", "TUR"], D(2025, 3, 5), confidence=0.3,        # below the shipped threshold
               text="Officials may have met in Ankara.")
    with open_store(path) as store:
        events.write(store)
    return str(path)


def run(app, *args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_profile_prints_every_section(app, db):
    result = run(app, "profile", "AZE", "--from", "2025-01-01", "--db", db)
    assert result.exit_code == 0, result.output
    for title in ("Scale", "Tempo", "Reach", "Vectors and balance", "Cooperation and conflict", "Priorities",
                  "Partnership ladder", "Broker role"):
        assert title in result.output
    assert "comprehensive" in result.output and "Astana" in result.output


def test_profile_json_has_every_figure_with_its_event_ids(app, db):
    result = run(app, "profile", "aze", "--format", "json", "--db", db)
    data = json.loads(result.output)
    assert data["focal"] == "AZE" and data["window"] == {"from": "2025-01-10", "to": "2025-04-23", "include_undated": False,
                                                         "min_confidence": shipped().threshold}
    measures = data["measures"]
    assert list(measures) == ["scale", "tempo", "reach", "vectors", "cooperation", "priorities", "ladder", "broker"]
    assert measures["scale"]["events"] == 3 and len(measures["scale"]["event_ids"]) == 3
    with open_store(db, create=False) as store:
        [agree] = canonical(store, "They raised ties to a comprehensive strategic partnership.")
    [china] = measures["ladder"]["partners"]
    assert china["steps"][0]["event_id"] == agree and china["steps"][0]["date"] == "2025-04-23"
    assert all(band["event_ids"] is not None for band in measures["reach"]["bands"])


def test_profile_with_a_users_bloc_table(app, db, tmp_path):
    blocs = tmp_path / "blocs.tsv"
    blocs.write_text("actor\tvector\nKAZ\tNeighbours\nRUS\tNeighbours\nCHN\tFar\n", encoding="utf-8")
    data = json.loads(run(app, "profile", "AZE", "--format", "json", "--blocs", str(blocs), "--db", db).output)
    assert {v["vector"] for v in data["measures"]["vectors"]["vectors"]} == {"Neighbours", "Far", "other"}


def test_dyad_and_compare(app, db):
    result = run(app, "dyad", "AZE", "CHN", "--db", db)
    assert result.exit_code == 0 and "Tier history" in result.output and "2025-04-23" in result.output
    data = json.loads(run(app, "dyad", "AZE", "CHN", "--format", "json", "--db", db).output)
    assert data["events"] == 1 and data["tiers"][0]["tier"] == "comprehensive strategic partnership"
    result = run(app, "compare", "AZE", "KAZ", "--db", db)
    assert result.exit_code == 0 and "AZE" in result.output and "KAZ" in result.output
    data = json.loads(run(app, "compare", "AZE", "KAZ", "--format", "json", "--db", db).output)
    assert data["actors"] == ["AZE", "KAZ"] and data["rows"][0]["figures"][0]["value"] == 3


def test_measures_count_from_the_shipped_threshold_unless_told_otherwise(app, db):
    threshold = shipped().threshold
    assert 0.3 < threshold <= 0.9, "the store's events have confidence 0.3 and 0.9"
    t = f"{threshold:g}"
    data = json.loads(run(app, "profile", "AZE", "--format", "json", "--db", db).output)
    scale = data["measures"]["scale"]
    assert (scale["events"], scale["min_confidence"], scale["left_out"]) == (3, threshold, 1)
    assert scale["notes"] == [f"1 event(s) below confidence {t} left out (--min-confidence 0 counts them)"]
    every = json.loads(run(app, "profile", "AZE", "--format", "json", "--min-confidence", "0", "--db", db).output)
    assert (every["measures"]["scale"]["events"], every["measures"]["scale"]["left_out"]) == (4, 0)
    assert every["window"]["min_confidence"] == 0 and every["measures"]["scale"]["notes"] == []
    strict = json.loads(run(app, "profile", "AZE", "--format", "json", "--min-confidence", "0.95", "--db", db).output)
    assert (strict["measures"]["scale"]["events"], strict["measures"]["scale"]["left_out"]) == (0, 4)

    table = run(app, "profile", "AZE", "--db", db).output
    assert f"2025-01-10 to 2025-04-23, confidence at least {t}" in table.splitlines()[0]
    assert f"note: 1 event(s) below confidence {t} left out (--min-confidence 0 counts them)" in table.splitlines()
    assert re.search(rf"^below confidence {t}, left out +1$", table, re.MULTILINE)
    assert "confidence at least" not in run(app, "profile", "AZE", "--min-confidence", "0", "--db", db).output

    shared = json.loads(run(app, "dyad", "AZE", "TUR", "--format", "json", "--db", db).output)
    assert (shared["events"], len(shared["left_out_ids"])) == (0, 1)
    assert json.loads(run(app, "dyad", "AZE", "TUR", "--format", "json", "--min-confidence", "0",
                          "--db", db).output)["events"] == 1
    side_by_side = " ".join(run(app, "compare", "AZE", "KAZ", "--db", db).output.split())
    assert f"note: AZE: 1 event(s) below confidence {t} left out (--min-confidence 0 counts them)" in side_by_side


@pytest.mark.parametrize("command", ["profile", "dyad", "compare"])
def test_the_threshold_option_names_its_default(app, command):
    help_text = " ".join(run(app, command, "--help").output.split())
    assert ("--min-confidence FLOAT Count only events whose confidence (the calibrated probability that the event "
            f"is right) is at least this; default: the shipped calibration's threshold, {shipped().threshold:g}. "
            "0 counts every event. [0.0<=x<=1.0]") in help_text


def test_the_event_list_shows_every_event_and_marks_those_below_the_threshold(db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    listed = CliRunner().invoke(diplomap_app, ["events", "--actor", "AZE", "--wide", "--db", db]).output.splitlines()
    rows = [line for line in listed if line.startswith("│")]
    assert len(rows) == 4
    assert [line.split("│")[8].strip() for line in rows] == ["0.90", "0.90", "0.30*", "0.90"]
    assert "Officials may have met in Ankara." in rows[2]
    assert listed[-1] == f"1 of 4 events below confidence {shipped().threshold:g}, marked *: the measures leave " \
                         "them out (--min-confidence 0 counts them)"
    every = CliRunner().invoke(diplomap_app, ["events", "--actor", "AZE", "--min-confidence", "0", "--db", db])
    assert "*" not in every.output and "below confidence" not in every.output
    records = CliRunner().invoke(diplomap_app, ["events", "--actor", "AZE", "--format", "jsonl", "--db", db])
    assert sorted(json.loads(line)["confidence"] for line in records.output.splitlines()) == [0.3, 0.9, 0.9, 0.9]


@pytest.mark.parametrize("args, message", [
    (("profile", "AZE", "--db", "missing.duckdb"), "no such store"),
    (("profile", "XYZ"), "XYZ: not an actor code"),
    (("profile", "AZE", "--from", "2025-05-01", "--to", "2025-01-01"), "after it ends"),
    (("profile", "AZE", "--blocs", "no-such-file.tsv"), "cannot read the bloc table"),
    (("dyad", "AZE", "AZE"), "two different actors"),
    (("compare", "AZE"), "at least two different actors"),
    (("profile", "AZE", "--min-confidence", "1.5"), "1.5 is not in the range 0.0<=x<=1.0"),
])
def test_errors_are_one_clear_line(app, db, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = list(args) if "--db" in args else [*args, "--db", db]
    result = CliRunner().invoke(app, full)
    assert result.exit_code in (1, 2) and message in result.output
    assert "Traceback" not in result.output
