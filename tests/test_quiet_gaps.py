"""What used to be quiet: a short id prefix, an ambiguous one, empty results, and URLs given to `extract`."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


ARTICLES = {
    "astana.txt": ("Aliyev and Tokayev talk trade\ndate: 2025-10-21\n\n"
                   "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 20 October 2025.\n"),
    "call.txt": ("Putin calls Aliyev\ndate: 2024-12-29\n\n"
                 "Vladimir Putin held a telephone conversation with Ilham Aliyev on 28 December 2024.\n"),
}


@pytest.fixture(scope="module")
def run(extractor, tmp_path_factory, ingested_cli):
    folder = tmp_path_factory.mktemp("gaps")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        yield ingested_cli(folder, extractor, patch)


def test_show_takes_any_unique_prefix_and_names_an_ambiguous_one(run):
    ids = [json.loads(line)["event_id"] for line in run("events", "--format", "jsonl").stdout.splitlines()]
    reports = [json.loads(line)["event_id"] for line in run("events", "--reports", "--format", "jsonl").stdout.splitlines()]
    assert len(ids) >= 2
    for event_id in ids:       # a prefix names a fused event or a report: unique among both
        shortest = next(n for n in range(1, len(event_id) + 1)
                        if sum(other.startswith(event_id[:n]) for other in {*ids, *reports}) == 1)
        shown = run("show", event_id[:shortest])
        assert shown.exit_code == 0, shown.output
        assert event_id in shown.stdout
    ambiguous = run("show", "")
    assert ambiguous.exit_code == 1 and "no event or report" in ambiguous.stderr
    common = [c for c in "0123456789abcdef" if len({i for i in ids if i.startswith(c)}) > 1]
    if common:
        result = run("show", common[0])
        [line] = result.stderr.strip().splitlines()
        assert result.exit_code == 1 and "give more of the id" in line
    unknown = run("show", "zz%_")
    assert unknown.exit_code == 1 and "zz%_: no event or report with this id or beginning" in unknown.stderr


def test_ambiguous_prefix_names_the_events(small_kb):
    from diplomap.errors import StoreError
    from diplomap.store.queries import _resolve

    class Engine:
        def rows(self, sql, params):
            return [] if "= ?" in sql else [{"canonical_id": f"ab{n}"} for n in range(7)]

    with pytest.raises(StoreError, match=r"a: the beginning of 7 events \(ab0, ab1, ab2, ab3, ab4, \.\.\.\); give more"):
        _resolve(Engine(), "a")


def test_empty_results_say_what_was_empty(run, tmp_path):
    assert run("docs", "--failed").stdout.strip() == "no failed documents"
    none = run("events", "--actor", "AZE", "--type", "ACCUSE", "--from", "2025-01-01")
    assert none.exit_code == 0
    assert none.stdout.strip() == "no fused events of AZE, type ACCUSE, from 2025-01-01 to the last"
    empty = tmp_path / "empty.duckdb"
    assert run("ingest", tmp_path / "nothing-here", "--db", empty).exit_code == 1
    assert "the store is empty" in run("events", "--db", empty).stdout
    assert "the store is empty" in run("docs", "--db", empty).stdout


@pytest.fixture
def site():
    """A local web server with one article at /article.txt; its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/article.txt":
                self.send_error(404)
                return
            body = ARTICLES["astana.txt"].encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_extract_reads_http_urls_as_ingest_does(run, site, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    result = run("extract", f"{site}/article.txt")
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"AZE", "KAZ"} <= set(record["participants"]) and record["date_start"] == "2025-10-20"
    missing = run("extract", f"{site}/gone.txt")
    assert missing.exit_code == 1
    assert f"{site}/gone.txt" in missing.stderr and "HTTP 404" in missing.stderr
