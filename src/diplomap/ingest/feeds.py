"""RSS and Atom feeds: one Document per entry, via feedparser."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import feedparser

from diplomap.errors import InputError
from diplomap.ingest.document import check_item_size, document_from_text
from diplomap.ingest.html import html_to_text
from diplomap.ingest.pubdate import plausible
from diplomap.ingest.text import read_bytes
from diplomap.models import Document

logger = logging.getLogger(__name__)

# feedparser parses a whole feed in memory (about five times its size); a feed is a
# stream of articles, so its limit is larger than a single page's
MAX_FEED_BYTES = 32 * 1024 * 1024
# A W3C-DTF date as the feed wrote it: feedparser rolls "2025-02-30" over into March.
_W3C_DAY = re.compile(r"\s*(\d{4})-(\d\d)-(\d\d)")
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
        data = read_bytes(path, MAX_FEED_BYTES)
    except InputError as exc:
        yield exc
        return
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # a third-party parser: any failure means this feed is unreadable
        yield InputError(origin, f"not a readable feed ({type(exc).__name__}: {exc})")
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
        published=_entry_date(entry, origin),
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


def _entry_date(entry, origin: str) -> date | None:
    """The first of published/updated/created that names a real, plausible day."""
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get falls back from updated to published
        parsed, raw = dict.get(entry, f"{key}_parsed"), dict.get(entry, key)
        if not parsed or not _real_day(raw, origin):
            continue
        try:
            found = plausible(date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday))
        except ValueError:          # year 0 and the like
            found = None
        if found is not None:
            return found
        logger.warning("%s: ignoring implausible date %r", origin, raw)
    return None


def _real_day(raw: object, origin: str) -> bool:
    """False for a W3C-DTF date that does not exist (which feedparser would roll over)."""
    match = _W3C_DAY.match(raw) if isinstance(raw, str) else None
    if match is None:
        return True
    try:
        date(*map(int, match.groups()))
    except ValueError:
        logger.warning("%s: ignoring impossible date %r", origin, raw)
        return False
    return True
