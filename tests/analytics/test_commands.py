"""The profile, dyad and compare commands, run in-process on a small store file."""

from __future__ import annotations

import json
from datetime import date

import click
import pytest
from click.testing import CliRunner
from synthetic import ASTANA, BAKU, Events, canonical

from diplomap.commands.measures import COMMANDS
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
    assert data["focal"] == "AZE" and data["window"] == {"from": None, "to": None, "include_undated": True}
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


@pytest.mark.parametrize("args, message", [
    (("profile", "AZE", "--db", "missing.duckdb"), "no such store"),
    (("profile", "XYZ"), "XYZ: not an actor code"),
    (("profile", "AZE", "--from", "2025-05-01", "--to", "2025-01-01"), "after it ends"),
    (("profile", "AZE", "--blocs", "no-such-file.tsv"), "cannot read the bloc table"),
    (("dyad", "AZE", "AZE"), "two different actors"),
    (("compare", "AZE"), "at least two different actor codes"),
])
def test_errors_are_one_clear_line(app, db, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = list(args) if "--db" in args else [*args, "--db", db]
    result = CliRunner().invoke(app, full)
    assert result.exit_code in (1, 2) and message in result.output
    assert "Traceback" not in result.output
