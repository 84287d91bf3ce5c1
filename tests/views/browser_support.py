"""What the browser tests share: Debian's chromium, a watched page, the dashboard on a free port."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = "body[data-ready=true]"


class Watched:
    """A page with what it requested, the script errors it raised and the dialogs it opened.

    Hostile test articles set ``window.__xss`` or ``window.__pwned`` when their markup runs.
    """

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1360, "height": 950})
        self.page = self.context.new_page()
        self.requests, self.errors, self.dialogs = [], [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def check_clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        assert self.page.evaluate("[typeof window.__xss, typeof window.__pwned]") == ["undefined", "undefined"]


@contextmanager
def serving(store):
    """The dashboard over ``store`` under uvicorn on 127.0.0.1, on a free port: its base URL."""
    uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install -e '.[web]'")
    from diplomap.web import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(10)
        sock.close()
