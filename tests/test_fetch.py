"""http(s) sources and watch, against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from diplomap import fetch
from diplomap.errors import InputError
from diplomap.load import fusion_rules, load
from diplomap.models import Document
from diplomap.store import open_store
from diplomap.watch import parse_interval, watch

PAGE = """<!doctype html><html><head><title>Aliyev in Astana</title>
<meta property="article:published_time" content="2025-10-21"></head><body><article>
<h1>Aliyev in Astana</h1>
<p>President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 20 October 2025.
The two leaders discussed transit across the Caspian Sea and new freight routes.</p>
</article></body></html>"""


def feed(*items: tuple[str, str, str]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>http://example.org/{slug}</link>"
        f"<pubDate>Tue, 21 Oct 2025 10:00:00 GMT</pubDate><description>{text}</description></item>"
        for slug, title, text in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'


CALL = ("call", "Putin calls Aliyev", "Vladimir Putin held a telephone conversation with Ilham Aliyev on 20 October 2025.")
VISIT = ("visit", "Erdogan visits Baku",
         "Recep Tayyip Erdogan met Ilham Aliyev in Baku on 19 October 2025 to discuss energy transit.")


class Site:
    """Routes of a local server: path -> (status, content type, body, delay in seconds)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, str, float]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, kind, body, delay = site.routes.get(self.path, (404, "text/plain", "not found", 0))
                time.sleep(delay)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site():
    served = Site()
    thread = threading.Thread(target=served.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


def test_pages_and_feeds_become_documents(site):
    site.routes["/article"] = (200, "text/html; charset=utf-8", PAGE, 0)
    site.routes["/feed"] = (200, "application/rss+xml", feed(CALL, VISIT), 0)
    items = list(fetch.fetch_sources([site.url("/article"), site.url("/feed")]))
    assert all(isinstance(item, Document) for item in items) and len(items) == 3
    page, first, second = items
    assert page.url == site.url("/article") and page.origin == site.url("/article") and "Tokayev" in page.text
    assert first.origin == site.url("/feed") + "#1" and first.url == "http://example.org/call"
    assert second.title == "Erdogan visits Baku"


def test_each_failed_url_is_one_clear_error(site, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    site.routes["/slow"] = (200, "text/html", PAGE, 2.0)
    site.routes["/broken"] = (500, "text/plain", "oops", 0)
    site.routes["/pdf"] = (200, "application/pdf", "%PDF-1.4 binary", 0)
    site.routes["/ok"] = (200, "text/html", PAGE, 0)
    urls = [site.url(p) for p in ("/missing", "/broken", "/slow", "/pdf", "/ok")] + ["http://127.0.0.1:9/closed"]
    items = list(fetch.fetch_sources(urls))
    errors = {item.source: item.problem for item in items if isinstance(item, InputError)}
    assert errors[site.url("/missing")] == "HTTP 404 Not Found"
    assert errors[site.url("/broken")].startswith("HTTP 500")
    assert "timed out" in errors[site.url("/slow")]
    assert "not a page or a feed" in errors[site.url("/pdf")]
    assert "cannot fetch" in errors["http://127.0.0.1:9/closed"]
    assert [item.origin for item in items if isinstance(item, Document)] == [site.url("/ok")]


def test_ingest_takes_urls_and_files_together(site, extractor, small_kb, tmp_path):
    site.routes["/feed"] = (200, "application/rss+xml", feed(CALL), 0)
    local = tmp_path / "local.txt"
    local.write_text("Xi Jinping met Ilham Aliyev in Beijing on 23 April 2025.\n", encoding="utf-8")
    with open_store(rules=fusion_rules(small_kb)) as store:
        errors = []
        summary = load([str(local), site.url("/feed"), site.url("/gone")], store,
                       extractor_factory=lambda: extractor, on_error=errors.append)
        assert (summary.documents, summary.failed) == (2, 1)
        assert [e.source for e in errors] == [site.url("/gone")]
        assert {row["origin"] for row in store.failures()} == {site.url("/gone")}


def test_watch_stores_new_feed_items_only(site, extractor, small_kb):
    site.routes["/feed"] = (200, "application/rss+xml", feed(CALL), 0)
    rounds = []

    def between_rounds(seconds):
        assert seconds == 3600
        site.routes["/feed"] = (200, "application/rss+xml", feed(VISIT, CALL), 0)   # a new item on top

    with open_store(rules=fusion_rules(small_kb)) as store:
        done = watch([site.url("/feed")], store, parse_interval("1h"), rounds=2, sleep=between_rounds,
                     on_round=lambda n, s: rounds.append((s.documents, s.skipped)),
                     extractor_factory=lambda: extractor)
        assert done == 2 and rounds == [(1, 0), (1, 1)]
        assert store.counts()["documents"] == 2


@pytest.mark.parametrize("text, seconds", [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("1.5d", 129600)])
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds


def test_a_bad_interval_is_refused():
    with pytest.raises(ValueError):
        parse_interval("hourly")
