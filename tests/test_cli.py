"""The command line: output contract, bad input, exit codes, help."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplomap.cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_extract_prints_contract_records(runner, tmp_path):
    article = tmp_path / "visit.txt"
    article.write_text("Aliyev visits Astana\n\nPresident Ilham Aliyev met Kazakh President "
                       "Kassym-Jomart Tokayev in Astana on 20 October 2025.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--pub-date", "2025-10-22"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(r["event_type"] == "CONSULT" and set(r["participants"]) == {"AZE", "KAZ"}
               and r["date_start"] == "2025-10-20" and r["location"]["name"] == "Astana" for r in records)
    assert "tier: rules" in result.stderr


def test_bad_inputs_are_reported_and_the_batch_goes_on(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Aliyev met Vladimir Putin in Dushanbe on 9 October 2025.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    result = runner.invoke(app, ["extract", str(empty), str(binary), str(good), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 3
    assert any("empty.txt" in line and "empty" in line for line in errors)
    assert any("blob.txt" in line and "binary" in line for line in errors)
    assert len(result.stdout.splitlines()) >= 1


def test_usage_errors_exit_2(runner):
    assert runner.invoke(app, ["extract"]).exit_code == 2
    assert runner.invoke(app, ["extract", "x.txt", "--pub-date", "yesterday"]).exit_code == 2


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in app.commands.items():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and command.help
        assert re.search(rf"diplomap {name}\b", readme), f"README does not document `diplomap {name}`"
