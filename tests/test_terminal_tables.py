"""Every table command at 60, 80 and 120 columns: no line wider than the terminal, key values whole."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from diplomap import cli
from diplomap import load as load_module
from diplomap.cli import app
from diplomap.commands.tables import plan, render, wrap

WIDTHS = (60, 80, 120)
# A summit with many participants and a long sentence, a two-day event, a call, a meeting.
ARTICLES = {
    "summit.txt": (
        "Leaders of the Turkic world meet in Astana\n"
        "date: 2025-10-07\n\n"
        "President Ilham Aliyev attended the summit of the Organization of Turkic States in Astana on "
        "6 October 2025 with Kassym-Jomart Tokayev and Recep Tayyip Erdogan, where the leaders discussed the "
        "Middle Corridor, energy links, customs procedures, digital connectivity and cultural exchanges at a "
        "session that ran well into the evening.\n"
    ),
    "copenhagen.txt": (
        "Aliyev in Denmark for European summit\n"
        "date: 2025-10-04\n\n"
        "Azerbaijan's leader Ilham Aliyev took part in the European Political Community summit held in "
        "Copenhagen on October 1-2, 2025.\n"
    ),
    "call.txt": (
        "Putin calls Aliyev\n"
        "date: 2024-12-29\n\n"
        "Vladimir Putin held a telephone conversation with Ilham Aliyev on 28 December 2024.\n"
    ),
    "astana.txt": (
        "Aliyev and Tokayev talk trade\n"
        "date: 2025-10-21\n\n"
        "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 20 October 2025.\n"
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables") / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run(extractor, small_kb, corpus):
    """run(width, *args) -> Result at COLUMNS=width, against a store of ARTICLES (ingested once)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load_module, "default_extractor", lambda model=None: extractor)
        patch.setattr(cli, "_extractor", lambda model=None: extractor)
        patch.setenv("DIPLOMAP_DB", str(corpus.parent / "store.duckdb"))
        runner = CliRunner()

        def invoke(width, *args):
            return runner.invoke(app, [str(arg) for arg in args], env={"COLUMNS": str(width)})

        assert invoke(80, "ingest", corpus).exit_code == 0
        yield invoke


def fits(result, width: int) -> str:
    assert result.exit_code == 0, result.output
    too_wide = [line for line in result.stdout.splitlines() if cell_len(line) > width]
    assert not too_wide, f"lines wider than {width}: {too_wide}"
    return result.stdout


def stored(run, *args) -> list[dict]:
    return [json.loads(line) for line in run(80, "events", *args, "--format", "jsonl").stdout.splitlines()]


def assert_key_values(records: list[dict], text: str) -> None:
    """Each record's date, type, status and participants appear whole in the text."""
    assert records
    for record in records:
        for value in (record["date_start"] or "?", record["event_type"], record["status"], *record["participants"]):
            assert value in text, f"{value} missing"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("reports", [False, True])
def test_events_table_fits_and_keeps_its_key_columns_whole(run, width, reports):
    flags = ("--reports",) if reports else ()
    records = stored(run, *flags)
    text = fits(run(width, "events", *flags), width)
    assert_key_values(records, text)
    longest = max(records, key=lambda r: len(r["evidence"]["text"]))
    assert " ".join(longest["evidence"]["text"].split()) in " ".join(text.split())     # under its row, whole
    assert any(len(r["participants"]) >= 3 for r in records)


@pytest.mark.parametrize("width", WIDTHS)
def test_extract_table_fits(run, corpus, width):
    result = run(width, "extract", corpus, "--format", "table")
    text = fits(result, width)
    records = [json.loads(line) for line in run(width, "extract", corpus).stdout.splitlines()]
    assert_key_values(records, text)


@pytest.mark.parametrize("width", WIDTHS)
def test_show_and_docs_fit(run, width):
    [summit] = [r for r in stored(run) if "OTS" in r["participants"]]
    text = fits(run(width, "show", summit["event_id"][:6]), width)
    assert_key_values([summit], text)
    documents = [json.loads(line) for line in run(width, "docs", "--format", "jsonl").stdout.splitlines()]
    text = fits(run(width, "docs"), width)
    for document in documents:
        assert document["doc_id"] in text and str(document["published"]) in text
        assert " ".join(document["title"].split()) in " ".join(text.split())
    assert fits(run(width, "docs", "--failed"), width).strip() == "no failed documents"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("profile", "AZE"), ("profile", "AZE", "--section", "ladder"),
                                  ("dyad", "AZE", "KAZ"), ("compare", "AZE", "KAZ", "RUS")])
def test_measure_tables_fit(run, width, args):
    text = fits(run(width, *args, "--min-confidence", "0"), width)
    data = json.loads(run(width, *args, "--min-confidence", "0", "--format", "json").stdout)
    if args[0] == "profile":
        partners = [row["key"] for row in data["measures"]["scale"]["partners"]] if "--section" not in args else []
        assert all(code in text for code in partners) and "Azerbaijan (AZE)" in text
    elif args[0] == "dyad":
        assert data["evidence"] and all(event["date_start"] in text and event["event_type"] in text
                                        for event in data["evidence"])
    else:
        assert all(code in text for code in ("AZE", "KAZ", "RUS"))


def test_profile_section_prints_that_measure_only(run):
    text = fits(run(80, "profile", "AZE", "--section", "scale", "--min-confidence", "0"), 80)
    assert "Scale" in text and "Tempo" not in text and "Broker role" not in text
    result = run(80, "profile", "AZE", "--section", "nope")
    assert result.exit_code == 2 and "scale" in result.output


def test_wide_puts_every_column_in_the_row(run):
    [call] = [r for r in stored(run) if r["event_type"] == "CONSULT" and "RUS" in r["participants"]]
    lines = fits(run(200, "events", "--actor", "RUS", "--wide"), 200).splitlines()
    [row] = [line for line in lines if call["event_id"][:12] in line]
    assert call["evidence"]["text"][:40] in row and call["date_start"] in row


def test_narrow_plan_moves_extras_under_the_row_and_never_makes_a_column_empty():
    columns = ("id", "date", "type", "status", "participants", "evidence")
    rows = [("0123456789ab", "2025-10-01..2025-10-02", "CONSULT/multilateral", "hypothetical",
             "AZE KAZ TUR OTS UZB KGZ HUN", "A sentence " * 30)]
    for width in range(60, 130, 7):
        layout = plan(columns, rows, width, key=("date", "type", "status", "participants"), extra=("id",),
                      long=("evidence",))
        assert all(w > 0 for w in layout.widths)
        lines = [line for line, _ in render(columns, rows, width, key=("date", "type", "status", "participants"),
                                             extra=("id",), long=("evidence",))]
        assert all(cell_len(line) <= width for line in lines)
        assert "hypothetical" in "\n".join(lines) and "0123456789ab" in "\n".join(lines)
    assert plan(columns, rows, 60, extra=("id",), long=("evidence",),
                key=("date", "type", "status", "participants")).under == (0, 5)


def test_wrap_breaks_at_spaces_slashes_and_ranges_and_folds_what_is_longer():
    assert wrap("2025-10-01..2025-10-02", 12) == ["2025-10-01..", "2025-10-02"]
    assert wrap("CONSULT/multilateral", 15) == ["CONSULT/", "multilateral"]
    assert wrap("AZE KAZ TUR", 7) == ["AZE KAZ", "TUR"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("", 5) == [""]


def test_section_names_are_the_profiles_measures():
    from diplomap.analytics import default_measures
    from diplomap.commands.measures import SECTIONS

    assert SECTIONS == tuple(measure.name for measure in default_measures())
