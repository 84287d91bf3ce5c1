"""The web app in process: the JSON API, its OpenAPI document, the pages, the static folders."""

from __future__ import annotations

from html import escape

import pytest
from views_articles import FOCAL, HOSTILE

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

from fastapi.testclient import TestClient  # noqa: E402

from diplomap.analytics import Window, dyad  # noqa: E402
from diplomap.analytics.base import query_rows  # noqa: E402
from diplomap.extract.calibration import shipped  # noqa: E402
from diplomap.commands.views import serve  # noqa: E402
from diplomap.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(views_store):
    with TestClient(create_app(views_store)) as test_client:
        yield test_client


def get(client, path, expect=200, **params):
    response = client.get(path, params=params)
    assert response.status_code == expect, response.text
    return response.json() if "json" in response.headers["content-type"] else response


def test_events_are_paged_with_a_total(client):
    every = get(client, "/api/events", limit=1000)
    assert every["total"] == len(every["events"]) > 3
    first = get(client, "/api/events", limit=2)
    second = get(client, "/api/events", limit=2, offset=2)
    assert first["total"] == every["total"] and [e["event_id"] for e in first["events"] + second["events"]] == \
        [e["event_id"] for e in every["events"][:4]]
    record = every["events"][0]
    assert {"event_id", "event_type", "participants", "evidence", "sources", "date_precision"} <= set(record)


@pytest.mark.parametrize(("params", "check"), [
    ({"actor": "KAZ"}, lambda e: "KAZ" in e["participants"]),
    ({"actor": "AZE", "with": "CHN"}, lambda e: {"AZE", "CHN"} <= set(e["participants"])),
    ({"type": "SUPPORT"}, lambda e: e["event_type"] == "SUPPORT"),
    ({"type": "support,consult"}, lambda e: e["event_type"] in ("SUPPORT", "CONSULT")),
    ({"context": "diplomatic"}, lambda e: "diplomatic" in e["contexts"]),
    ({"from": "2025-10-01", "to": "2025-10-31"}, lambda e: e["date_start"] and e["date_start"][:7] == "2025-10"),
    ({"status": "occurred"}, lambda e: e["status"] == "occurred"),
])
def test_event_filters(client, params, check):
    body = client.get("/api/events", params=params).json()
    assert body["events"] and body["total"] == len(body["events"])
    assert all(check(event) for event in body["events"])


def test_undated_events_join_a_window_on_request(client):
    dated = get(client, "/api/events", actor=FOCAL, **{"from": "2025-01-01"})["total"]
    everything = get(client, "/api/events", actor=FOCAL, undated="true", **{"from": "2024-01-01"})["total"]
    assert everything >= dated


def test_events_by_ids(client):
    some = [e["event_id"] for e in get(client, "/api/events", limit=3)["events"]]
    body = get(client, "/api/events", ids=",".join(some))
    assert sorted(e["event_id"] for e in body["events"]) == sorted(some)


@pytest.mark.parametrize(("params", "expect"), [
    ({"type": "HUG"}, 400), ({"status": "rumoured"}, 400), ({"limit": 0}, 422), ({"limit": 5000}, 422),
    ({"offset": -1}, 422), ({"from": "2025-13-01"}, 422),
    ({"offset": 2**63}, 422),                                   # found by schemathesis: a database overflow (500)
    ({"from": "0"}, 422), ({"to": "1700000000"}, 422), ({"from": "2025-1-1"}, 422),   # not read as timestamps
])
def test_bad_event_queries(client, params, expect):
    assert "detail" in get(client, "/api/events", expect, **params)


@pytest.mark.parametrize("params", [{"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "1950-01-01"},
                                    {"from": "1990-01-01", "to": "2035-01-01"}])
def test_measures_refuse_windows_no_one_means(client, params):
    """Found by schemathesis: from=0001-01-01 held the dashboard for minutes (change points over 24,000 months)."""
    assert "detail" in get(client, f"/api/profile/{FOCAL}", 400, **params)
    assert "detail" in get(client, f"/api/dyad/{FOCAL}/CHN", 400, **params)


def test_one_event_has_its_sources_and_sentences(client):
    event = get(client, "/api/events", actor=FOCAL, type="SUPPORT")["events"][0]
    detail = get(client, f"/api/events/{event['event_id']}")
    assert detail["event"]["event_id"] == event["event_id"]
    assert detail["sources"] and detail["sources"][0]["report"]["evidence"]["text"] == event["evidence"]["text"]
    assert detail["sources"][0]["title"] and detail["sources"][0]["rule"]
    grounds = detail["event"]["participant_sources"]           # why each participant is in the event
    assert grounds == event["participant_sources"] and set(grounds) == set(event["participants"])
    assert all(why for why in grounds.values())
    assert all(set(source["report"]["participant_sources"]) <= set(grounds) for source in detail["sources"])
    page = get(client, f"/events/{event['event_id']}").text     # the event page shows them
    assert all(f'({code}, <span class="dm-why">{escape(why)}</span>)' in page for code, why in grounds.items())
    assert get(client, f"/api/events/{event['event_id'][:8]}")["event"]["event_id"] == event["event_id"]
    assert "no event" in get(client, "/api/events/ffffffffffff", 404)["detail"]


def test_profile_matches_the_measures(client, focal_profile):
    body = get(client, f"/api/profile/{FOCAL.lower()}", min_confidence=0)
    assert body["focal"] == FOCAL and body["name"] == "Azerbaijan"
    assert body["measures"]["scale"]["events"] == focal_profile["scale"].events
    assert body["measures"]["tempo"]["months"] == focal_profile["tempo"].to_dict()["months"]
    assert body["capital"]["name"] == "Baku"
    assert {row["partner"] for row in body["partners"]} == {c.key for c in focal_profile["scale"].partners}
    assert set(focal_profile["scale"].event_ids) <= set(body["event_ids"])
    narrow = get(client, f"/api/profile/{FOCAL}", min_confidence=0, **{"from": "2025-10-01", "to": "2025-10-31"})
    assert narrow["measures"]["scale"]["events"] < body["measures"]["scale"]["events"]
    assert "not an actor" in get(client, "/api/profile/QQQ", 404)["detail"]
    backwards = {"from": "2025-02-01", "to": "2025-01-01"}
    assert "after it ends" in get(client, f"/api/profile/{FOCAL}", 400, **backwards)["detail"]


def test_measures_count_from_the_shipped_threshold_and_event_lists_keep_every_event(client, views_store):
    threshold = shipped().threshold
    rows = query_rows(views_store, "SELECT canonical_id, confidence FROM events WHERE status = 'occurred' "
                                   "AND list_contains(actors, ?)", [FOCAL])
    strict = max(row["confidence"] for row in rows)          # leaves out all but the surest events
    below = sorted(row["canonical_id"] for row in rows if row["confidence"] < strict)
    assert below, "the test needs events of at least two confidences"

    default = get(client, f"/api/profile/{FOCAL}")
    assert default["window"]["min_confidence"] == threshold
    body = get(client, f"/api/profile/{FOCAL}", min_confidence=strict)
    assert body["window"]["min_confidence"] == strict and body["window"]["left_out"] == len(below)
    assert body["measures"]["scale"]["left_out_ids"] == below
    assert body["measures"]["scale"]["events"] == len(rows) - len(below)
    assert body["measures"]["scale"]["notes"][-1] == \
        f"{len(below)} event(s) below confidence {strict:g} left out (--min-confidence 0 counts them)"
    assert get(client, f"/api/dyad/{FOCAL}/CHN", min_confidence=strict)["window"]["min_confidence"] == strict
    assert get(client, "/api/compare", codes=f"{FOCAL},KAZ", min_confidence=strict)["window"]["min_confidence"] == strict
    for path, params in ((f"/api/profile/{FOCAL}", {}), (f"/api/dyad/{FOCAL}/CHN", {}),
                         ("/api/compare", {"codes": f"{FOCAL},KAZ"})):
        assert "detail" in get(client, path, 422, min_confidence=1.5, **params)
        assert "detail" in get(client, path, 422, min_confidence=-0.1, **params)
    listed = get(client, "/api/events", actor=FOCAL, status="occurred", limit=1000)
    assert sorted(e["event_id"] for e in listed["events"]) == sorted(row["canonical_id"] for row in rows)


def test_dyad_and_compare(client, views_store):
    body = get(client, f"/api/dyad/{FOCAL}/CHN")
    expected = dyad(views_store, FOCAL, "CHN", Window(min_confidence=shipped().threshold))
    assert body["events"] == expected.events > 0 and body["names"]["CHN"] == "China"
    assert body["tiers"] and body["evidence"][0]["sentence"]
    get(client, f"/api/dyad/{FOCAL}/{FOCAL}", 400)
    comparison = get(client, "/api/compare", codes=f"{FOCAL},KAZ")
    assert comparison["actors"] == [FOCAL, "KAZ"] and comparison["rows"][0]["figures"][0]["event_ids"]
    assert get(client, "/api/compare", codes=[FOCAL, "KAZ"])["actors"] == [FOCAL, "KAZ"]
    get(client, "/api/compare", 400, codes=FOCAL)


def test_documents_and_actors(client):
    body = get(client, "/api/documents", limit=2)
    assert body["total"] == 7 and len(body["documents"]) == 2 and "text" not in body["documents"][0]
    actors = get(client, "/api/actors")
    assert actors[0]["actor"] == FOCAL and actors[0]["name"] == "Azerbaijan"


def test_openapi_documents_every_endpoint(client):
    spec = get(client, "/openapi.json")
    for path in ("/api/events", "/api/events/{event_id}", "/api/profile/{code}", "/api/dyad/{a}/{b}",
                 "/api/compare", "/api/documents"):
        assert spec["paths"][path]["get"]["summary"], path
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "with", "type", "context", "from", "to", "status", "limit", "offset"} <= names
    assert not any(path.startswith("/profile") for path in spec["paths"])       # pages stay out of the API
    assert "/api/events/{event_id}" in get(client, "/api").text
    for record in ("EventRecord", "ReportRecord"):
        field = spec["components"]["schemas"][record]["properties"]["participant_sources"]
        assert field["type"] == "object" and "Why each participant" in field["description"]


@pytest.mark.parametrize("path", ["/", f"/profile/{FOCAL}", f"/dyad/{FOCAL}/CHN", f"/compare?codes={FOCAL},KAZ",
                                  "/documents", "/api"])
def test_pages(client, path):
    response = get(client, path)
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "<script>window" not in response.text


def test_unknown_actor_page_is_404(client):
    assert "QQQ" in get(client, "/profile/QQQ", 404).text


def test_event_page_escapes_article_text(client):
    event = get(client, "/api/events", actor="RUS", **{"from": "2025-10-09", "to": "2025-10-09"})["events"][0]
    page = get(client, f"/events/{event['event_id']}").text
    assert "&lt;/script&gt;&lt;img src=x" in page and "<img src=x" not in page
    assert HOSTILE["title"] not in page and "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    documents = get(client, "/documents").text
    assert "&lt;b&gt;Wire&lt;/b&gt;" in documents and 'href="javascript:' not in documents


@pytest.mark.parametrize("path", [
    "/assets/..%2f..%2fcli.py", "/assets/%2e%2e/%2e%2e/cli.py", "/static/..%2f..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2fapp.py", "/assets/vendor/../../__init__.py", "/assets//etc/passwd",
])
def test_static_files_stay_in_their_folder(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_static_files_are_served(client):
    assert "Leaflet" in client.get("/assets/vendor/leaflet/leaflet.js").text[:400]
    assert client.get("/static/dashboard.js").status_code == 200
    assert client.get("/assets/data/countries-110m.json").json()["type"] == "Topology"


def test_serve_binds_to_loopback_by_default():
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_profile_figures_carry_their_plain_words_explanation(client):
    from diplomap.report.model import glossary

    headline = get(client, f"/api/profile/{FOCAL}")["headline"]
    assert headline and all(figure["explanation"] == glossary()[figure["label"]] for figure in headline)
