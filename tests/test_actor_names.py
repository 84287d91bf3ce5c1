"""Actor arguments take a code, a name or a demonym in any case; an unknown one is one line with the closest."""

from __future__ import annotations

import json

import pytest

from diplomap.kb import KnowledgeBase, Organization, State

ARTICLE = ("Aliyev and Tokayev talk trade\n"
           "date: 2025-10-21\n\n"
           "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 20 October 2025.\n")


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase([State("AZE", "Azerbaijan", ("Republic of Azerbaijan",), ("Azerbaijani", "Azeri")),
                          State("KAZ", "Kazakhstan", (), ("Kazakh",)),
                          State("USA", "United States", ("US", "America"), ("American",))],
                         [Organization("EU", "European Union", ("the EU",))])


@pytest.mark.parametrize("text, code", [
    ("AZE", "AZE"), ("aze", "AZE"), ("Azerbaijan", "AZE"), ("AZERBAIJAN", "AZE"), ("azeri", "AZE"),
    ("republic of  azerbaijan", "AZE"), ("kazakh", "KAZ"), ("us", "USA"), ("american", "USA"),
    ("eu", "EU"), ("European union", "EU"), ("the EU", "EU"), ("Azerbaijans", None), ("XYZ", None),
])
def test_the_knowledge_base_resolves_codes_names_and_demonyms(kb, text, code):
    assert kb.actor_code(text) == code


def test_the_closest_actors_are_named_with_their_code(kb):
    assert kb.closest_actors("Azerbajan") == ["Azerbaijan (AZE)"]
    assert kb.closest_actors("Kazakstan")[0] == "Kazakhstan (KAZ)"
    assert kb.closest_actors("Qqqqqqq") == []


@pytest.fixture(scope="module")
def run(extractor, tmp_path_factory, ingested_cli):
    folder = tmp_path_factory.mktemp("names")
    (folder / "astana.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        yield ingested_cli(folder, extractor, patch)


@pytest.mark.parametrize("actor", ["AZE", "aze", "Azerbaijan", "azerbaijani"])
def test_events_actor_and_with_take_any_spelling(run, actor):
    result = run("events", "--actor", actor, "--with", "kazakhstan", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"AZE", "KAZ"} <= set(record["participants"])


@pytest.mark.parametrize("args, option", [
    (("events", "--actor", "Azerbajan"), "--actor Azerbajan"),
    (("events", "--actor", "AZE", "--with", "Kazakhztan"), "--with Kazakhztan"),
    (("profile", "Azerbajan"), "Azerbajan"),
    (("dyad", "AZE", "Kazakhztan"), "Kazakhztan"),
    (("compare", "AZE", "Azerbajan"), "Azerbajan"),
    (("report", "Azerbajan", "-o", "unused.html"), "Azerbajan"),
])
def test_an_unknown_actor_is_one_line_with_the_closest_matches(run, args, option):
    result = run(*args)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {option}: not an actor code, name or demonym") and "closest: " in line
    assert "(AZE)" in line or "(KAZ)" in line


def test_measures_and_report_take_names(run, tmp_path):
    by_name = json.loads(run("profile", "azerbaijani", "--format", "json", "--min-confidence", "0").stdout)
    by_code = json.loads(run("profile", "AZE", "--format", "json", "--min-confidence", "0").stdout)
    assert by_name["focal"] == "AZE" and by_name["measures"] == by_code["measures"]
    dyad = json.loads(run("dyad", "Azerbaijan", "kazakh", "--format", "json", "--min-confidence", "0").stdout)
    assert (dyad["a"], dyad["b"], dyad["events"]) == ("AZE", "KAZ", 1)
    compared = json.loads(run("compare", "azerbaijan", "KAZ", "--format", "json", "--min-confidence", "0").stdout)
    assert compared["actors"] == ["AZE", "KAZ"]
    assert run("compare", "azerbaijan", "AZE").exit_code == 1          # the same actor twice
    out = tmp_path / "report.html"
    report = run("report", "Azerbaijan", "-o", out, "--min-confidence", "0")
    assert report.exit_code == 0, report.output
    assert out.exists() and report.stdout.strip() == str(out)


def test_the_api_resolves_names_and_names_the_closest(small_kb, tmp_path, extractor):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from diplomap.load import fusion_rules, load
    from diplomap.store import open_store
    from diplomap.web.app import create_app

    (tmp_path / "astana.txt").write_text(ARTICLE, encoding="utf-8")
    with open_store(tmp_path / "store.duckdb", rules=fusion_rules(small_kb)) as store:
        load([str(tmp_path / "astana.txt")], store, extractor_factory=lambda: extractor)
    with open_store(tmp_path / "store.duckdb", create=False, read_only=True) as store:
        client = TestClient(create_app(store, kb=small_kb))
        events = client.get("/api/events", params={"actor": "azerbaijan", "with": "Kazakh"}).json()
        assert events["total"] == 1
        bad = client.get("/api/events", params={"actor": "Azerbajan"})
        assert bad.status_code == 400 and "closest: Azerbaijan (AZE)" in bad.json()["detail"]
        assert client.get("/api/profile/azerbaijani").json()["focal"] == "AZE"
