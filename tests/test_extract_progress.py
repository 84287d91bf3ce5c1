"""`extract` over several documents: a progress bar with the count and the time left on a terminal's stderr,
nothing on a pipe; the events on stdout either way."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from rich.console import Console

from diplomap import cli
from diplomap.cli import app

ARTICLES = {f"talks-{n}.txt": f"Round {n} of talks\n\nAzerbaijan and Kazakhstan held talks in Baku on {n} March 2025.\n"
            for n in range(1, 4)}


@pytest.fixture
def folder(tmp_path, extractor, monkeypatch):
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(cli, "_extractor", lambda model=None: extractor)
    return tmp_path


def test_a_terminal_gets_a_progress_bar_with_count_and_time_left(folder, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(cli, "_progress_console",
                        lambda: Console(file=screen, force_terminal=True, width=100, color_system=None))
    result = CliRunner().invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    drawn = screen.getvalue()
    assert "extracting" in drawn and "3/3" in drawn and "left" in drawn
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(events) == 3 and all(set(e["participants"]) == {"AZE", "KAZ"} for e in events)


def test_a_pipe_gets_no_bar(folder, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(cli, "_progress_console", lambda: Console(file=screen, force_terminal=False, width=100))
    result = CliRunner().invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
    assert screen.getvalue() == "" and "extracting" not in result.stderr
