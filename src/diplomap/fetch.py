"""http(s) sources: web pages and RSS/Atom feeds fetched with httpx, read into Documents.

    for item in fetch_sources(["https://example.org/feed.xml"]):
        ...                                   # Document, or InputError naming the URL

Every request has a timeout and a size limit; a URL that fails (refused, timed out,
an HTTP error status, a body that is neither a page nor a feed) becomes one
InputError that names it and says why, and the other URLs are still read. Pages go
through the same HTML reader as files; feeds through the same feed reader, so each
entry is a Document whose ``origin`` is ``URL#n`` and whose ``url`` is the entry's link.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import httpx

from diplomap import __version__
from diplomap.errors import InputError
from diplomap.ingest.document import document_from_text
from diplomap.ingest.feeds import iter_feed, looks_like_feed
from diplomap.ingest.html import html_document
from diplomap.ingest.text import decode_bytes
from diplomap.models import Document

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 10 * 2**20
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


def is_url(source: str | Path) -> bool:
    """Whether a command-line source names an http(s) URL rather than a path."""
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def make_client(timeout: httpx.Timeout | float | None = None) -> httpx.Client:
    """An httpx client with diplomap's timeouts (``TIMEOUT`` unless given), following redirects."""
    return httpx.Client(timeout=timeout or TIMEOUT, follow_redirects=True,
                        headers={"User-Agent": f"diplomap/{__version__}"})


def fetch_sources(urls: Iterable[str], pub_date: date | None = None,
                  client: httpx.Client | None = None) -> Iterator[Document | InputError]:
    """Documents from each URL (a page, or every entry of a feed); an InputError per failure."""
    own = client is None
    client = client or make_client()
    try:
        for url in urls:
            try:
                body, content_type = fetch(client, url)
                yield from _documents(url, body, content_type, pub_date)
            except InputError as error:
                logger.info("skipped %s", error)
                yield error
    finally:
        if own:
            client.close()


def fetch(client: httpx.Client, url: str) -> tuple[bytes, str]:
    """The body and content type of ``url``; raises InputError naming the URL."""
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise InputError(url, f"response over {MAX_BYTES // 2**20} MB")
            return bytes(body), response.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.TimeoutException as exc:
        raise InputError(url, f"timed out ({type(exc).__name__})") from exc
    except httpx.InvalidURL as exc:
        raise InputError(url, f"not a valid URL ({exc})") from exc
    except httpx.HTTPError as exc:
        raise InputError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from exc


def _documents(url: str, body: bytes, content_type: str, pub_date: date | None) -> list[Document | InputError]:
    if not body.strip():
        raise InputError(url, "empty response")
    if content_type in _FEED_TYPES or looks_like_feed(body[:1024]):
        return list(_feed_documents(url, body, pub_date))
    if content_type in ("text/html", "application/xhtml+xml") or body.lstrip()[:1] == b"<":
        return [html_document(body, url, url=url, pub_date=pub_date)]
    if content_type.startswith("text/"):
        return [document_from_text(decode_bytes(body, url), url=url, origin=url, pub_date=pub_date)]
    raise InputError(url, f"not a page or a feed (content type {content_type or 'unknown'})")


def _feed_documents(url: str, body: bytes, pub_date: date | None) -> Iterator[Document | InputError]:
    """The feed reader's Documents, with the URL in place of the temporary file's name."""
    with tempfile.TemporaryDirectory(prefix="diplomap-feed-") as folder:
        path = Path(folder) / "feed.xml"
        path.write_bytes(body)
        for item in iter_feed(path, pub_date):
            if isinstance(item, InputError):
                yield InputError(item.source.replace(str(path), url), item.problem)
            else:
                yield dataclasses.replace(item, origin=(item.origin or "").replace(str(path), url))


__all__ = ["fetch", "fetch_sources", "is_url", "make_client"]
