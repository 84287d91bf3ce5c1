"""The dashboard answers while `diplomap ingest` writes the same DuckDB file.

`diplomap serve` and `diplomap ingest` run as the user runs them, in two processes, on one
store; three clients ask the JSON API and three HTML pages in a loop for as long as the
ingest of generated articles runs. Every answer must be a 200, the ingest must succeed,
and the dashboard must show every document once it is done (diplomap.store.sharing).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install -e '.[web]'")

DIPLOMAP = Path(sys.executable).with_name("diplomap")
ARTICLES = 80
# each client asks its paths in turn; the first watches the document count grow batch by batch
CLIENTS = [["/api/documents?limit=1"],
           ["/api/events?limit=5", "/api/profile/AZE", "/documents", "/api/events?actor=AZE&type=SUPPORT"],
           ["/api/actors", "/profile/AZE", "/api/documents?limit=3&offset=2", "/"]]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PARTNERS = [("Kazakh President Kassym-Jomart Tokayev", "Astana"), ("Chinese President Xi Jinping", "Beijing"),
            ("Russian President Vladimir Putin", "Moscow"), ("Turkish President Recep Tayyip Erdogan", "Ankara"),
            ("Georgian Prime Minister Irakli Kobakhidze", "Tbilisi")]


def article(number: int) -> str:
    """A short invented report, different for every number: a meeting and a signing."""
    who, where = PARTNERS[number % len(PARTNERS)]
    month = number // 28 % 12
    day = 1 + number % 28
    when = f"{day} {MONTHS[month]} 2025"
    return (f"Talks in {where}, round {number}\ndate: 2025-{month + 1:02d}-{day:02d}\n\n"
            f"President Ilham Aliyev met {who} in {where} on {when}. The two sides signed {number + 2} "
            f"documents on trade, transport and energy in {where} on {when}.\n")


def write_articles(folder: Path, numbers: range) -> Path:
    folder.mkdir()
    for number in numbers:
        (folder / f"talks-{number:03d}.txt").write_text(article(number), encoding="utf-8")
    return folder


def run(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([str(DIPLOMAP), *args], capture_output=True, text=True, timeout=120, **options)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dashboard(tmp_path):
    """`diplomap serve` on a store that holds a few articles already; its base URL and store path."""
    db = tmp_path / "shared.duckdb"
    seeded = run("ingest", str(write_articles(tmp_path / "seed", range(5))), "--db", str(db))
    assert seeded.returncode == 0, seeded.stderr
    port = free_port()
    server = subprocess.Popen([str(DIPLOMAP), "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base, db
    finally:
        server.terminate()
        server.communicate(timeout=10)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[0]
        try:
            if httpx.get(base + "/api/actors", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("the dashboard did not start in 30 s")


class Hammer:
    """A thread per client asking its paths in turn until stopped; every status and the slowest answer."""

    def __init__(self, base: str):
        self.base = base
        self.statuses: Counter = Counter()
        self.totals: set[int] = set()           # the document counts /api/documents gave
        self.failures: list[str] = []
        self.slowest = 0.0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.ask, args=(paths,), daemon=True) for paths in CLIENTS]

    def ask(self, paths: list[str]) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            for n in range(10**6):
                if self.stop.is_set():
                    return
                path = paths[n % len(paths)]
                began = time.monotonic()
                response = client.get(path)
                self.slowest = max(self.slowest, time.monotonic() - began)
                self.statuses[response.status_code] += 1
                if response.status_code != 200:
                    self.failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                elif path.startswith("/api/documents"):
                    self.totals.add(response.json()["total"])

    def __enter__(self) -> Hammer:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


def test_the_dashboard_answers_while_an_ingest_writes(dashboard, tmp_path):
    base, db = dashboard
    articles = write_articles(tmp_path / "new", range(5, 5 + ARTICLES))
    began = time.monotonic()
    with Hammer(base) as hammer:
        ingest = run("ingest", str(articles), "--db", str(db), "--batch-size", "4")
        during = sum(hammer.statuses.values())
    took = time.monotonic() - began

    assert ingest.returncode == 0, ingest.stderr
    assert f"{ARTICLES} documents stored" in ingest.stderr
    summary = (f"ingest of {ARTICLES} articles: {took:.1f} s; {during} requests while it ran, "
               f"{sum(hammer.statuses.values())} in all, statuses {dict(hammer.statuses)}, "
               f"slowest {hammer.slowest:.2f} s, document counts seen {sorted(hammer.totals)}\n")
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "concurrency-summary.txt").write_text(summary, encoding="utf-8")
    assert not hammer.failures, hammer.failures[:5]
    assert during >= 20, summary
    assert any(5 < total < 5 + ARTICLES for total in hammer.totals), hammer.totals    # read between batches
    documents = httpx.get(base + "/api/documents?limit=1").json()
    assert documents["total"] == 5 + ARTICLES


def test_a_store_kept_too_long_is_a_503_that_says_when_to_ask_again(tmp_path, monkeypatch):
    """Another process holds the file past a reader's patience: 503 with Retry-After; the page reloads itself."""
    from fastapi.testclient import TestClient

    from diplomap.store import open_store, sharing
    from diplomap.web import create_app

    db = tmp_path / "held.duckdb"
    open_store(db).close()
    app = create_app(open_store(db, read_only=True), owns_store=True)      # the file let go of until a request
    monkeypatch.setattr(sharing, "READ_PATIENCE", 0.3)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with TestClient(app) as client:
            api = client.get("/api/actors")
            assert api.status_code == 503 and api.headers["retry-after"] == "2" and "try again" in api.json()["detail"]
            page = client.get("/documents")
            assert page.status_code == 503 and page.headers["retry-after"] == "2"
            assert '<meta http-equiv="refresh" content="2">' in page.text
    finally:
        holder.kill()
        holder.communicate()
