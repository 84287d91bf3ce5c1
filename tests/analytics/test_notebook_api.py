"""The notebook API (diplomap.api): the README's example runs against a store written here, and each call's result."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from synthetic import Events

import diplomap.api as dm
from diplomap.analytics import DyadResult, Profile
from diplomap.errors import DiplomapError, StoreError
from diplomap.store import open_store

README = Path(__file__).parents[2] / "README.md"
D = date


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """events.duckdb in the working folder: AZE with RUS (two dated, one undated), KAZ and CHN."""
    events = Events()
    events.document("doc-1", D(2025, 6, 1))
    events.add("AGREE", ["AZE", "RUS"], D(2025, 2, 3), text="Azerbaijan and Russia signed a deal.")
    events.add("CONSULT", ["AZE", "RUS"], D(2025, 4, 9), text="Azerbaijan and Russia held talks.")
    events.add("CONSULT", ["AZE", "RUS"], text="Azerbaijan and Russia talk often.")
    events.add("CONSULT", ["AZE", "KAZ"], D(2025, 3, 1), text="Azerbaijan and Kazakhstan met.")
    events.add("CONSULT", ["KAZ", "CHN"], D(2025, 3, 2), confidence=0.2, text="Kazakhstan may have met China.")
    with open_store(tmp_path / "events.duckdb") as store:
        events.write(store)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "events.duckdb"


def readme_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Python API for notebooks", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs(db_path, capsys):
    scope: dict = {}
    exec(compile(readme_example(), "README.md", "exec"), scope)
    assert isinstance(scope["table"], pa.Table) and scope["table"].num_rows == 3
    assert list(scope["frame"]["event_type"]) == ["AGREE", "CONSULT", "CONSULT"]
    assert scope["data"]["focal"] == "AZE" and scope["data"]["measures"]["scale"]["events"] == 3
    assert scope["side_by_side"].value("events", "KAZ") == 1      # the 0.2 event is below the threshold
    printed = capsys.readouterr().out
    assert "2025-02-03 to 2025-04-09" in printed and "1 undated event not counted" in printed
    assert "['2025-02', '2025-04']" in printed


def test_events_filter_and_name_actors(db_path):
    with dm.open(db_path) as db:
        assert db.events().num_rows == 5
        assert db.events(actor="kazakhstan", min_confidence=0.5).column("event_type").to_pylist() == ["CONSULT"]
        assert db.events(event_types=["AGREE"]).column("date_start").to_pylist() == ["2025-02-03"]
        assert db.events(date_from="2025-03-01", date_to="2025-03-31").num_rows == 2
        assert db.events(reports=True).column("doc_id").to_pylist() == ["doc-1"] * 5
        with pytest.raises(DiplomapError, match="'March' is not a date"):
            db.events(date_from="March")
        with pytest.raises(DiplomapError, match="Azerbajan: not an actor code"):
            db.events(actor="Azerbajan")


def test_measures_are_typed_and_count_as_the_commands_do(db_path):
    with dm.open(db_path) as db:
        aze = db.profile("Azerbaijan")
        assert isinstance(aze, Profile) and aze["scale"].events == 3 and aze["scale"].undated == 0
        assert db.profile("AZE", include_undated=True)["scale"].events == 4
        everything = db.profile("AZE", dense=False, min_confidence=0)
        assert everything.window.date_from is None and everything["scale"].events == 3
        pair = db.dyad("AZE", "RUS", include_undated=True)
        assert isinstance(pair, DyadResult) and pair.to_dict()["events"] == 3
        assert db.compare(["AZE", "KAZ"], min_confidence=0).value("events", "KAZ") == 2


def test_a_missing_store_is_one_clear_error(tmp_path):
    with pytest.raises(StoreError, match="absent.duckdb"):
        dm.open(tmp_path / "absent.duckdb")
