"""RSS and Atom feeds: one Document per entry, via feedparser."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import feedparser

from diplomap.errors import InputError
from diplomap.ingest.document import check_item_size, document_from_text
from diplomap.ingest.html import html_to_text
from diplomap.models import Document

logger = logging.getLogger(__name__)

_FEED_START = re.compile(
    r"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL
)


def looks_like_feed(head: bytes) -> bool:
    """Whether a file's first bytes open an RSS, Atom or RDF feed."""
    text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    return bool(_FEED_START.match(text))


def iter_feed(path: Path, pub_date: date | None = None) -> Iterator[Document | InputError]:
    """One Document per entry; an InputError naming ``path#n`` (from 1) for a bad entry."""
    origin = str(path)
    try:
        with path.open("rb") as stream:
            parsed = feedparser.parse(stream)
    except OSError as exc:
        yield InputError(origin, exc.strerror or str(exc))
        return
    if not parsed.entries:
        reason = parsed.get("bozo_exception") if parsed.bozo else None
        yield InputError(origin, f"not a readable feed ({reason})" if reason else "feed without entries")
        return
    if parsed.bozo:
        logger.info("%s: feed is not well-formed (%s); read anyway", origin, parsed.bozo_exception)
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield _entry_document(entry, source, f"{path}#{number}", pub_date)
        except InputError as exc:
            yield exc


def _entry_document(entry, source: str | None, origin: str, pub_date: date | None) -> Document:
    text = _entry_text(entry)
    if not text:
        raise InputError(origin, "feed entry without text")
    check_item_size(text, origin)
    return document_from_text(
        text,
        title=entry.get("title") or None,
        url=entry.get("link") or None,
        source=source,
        published=_entry_date(entry),
        origin=origin,
        pub_date=pub_date,
    )


def _entry_text(entry) -> str:
    """The longest full content, else the summary, as plain text."""
    candidates = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if candidates:
        best = max(candidates, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type", "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary") or "", detail.get("type", "text/html")
    if kind == "text/plain":
        return value.strip()
    return html_to_text(value)


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None
