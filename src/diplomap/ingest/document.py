"""Build a Document from text: normalise, strip boilerplate, hash, date."""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date

from diplomap.errors import InputError
from diplomap.ingest.boilerplate import strip_boilerplate
from diplomap.ingest.pubdate import resolve_published
from diplomap.models import Document, content_hash

logger = logging.getLogger(__name__)

MAX_TITLE_CHARS = 200
MAX_ITEM_BYTES = 2 * 1024 * 1024     # text of one article in a stream (JSONL line, feed entry)
# Zero-width characters, BOM and soft hyphen vanish; control characters (NUL, ESC ...;
# not tab, line ends or form feed) separate words, like a space.
_CHARACTER_MAP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_CHARACTER_MAP.update(dict.fromkeys([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f], " "))
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")     # from JSON escapes; not encodable as UTF-8
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
# front matter and labelled metadata lines ("Date: ...", "By: ...")
_NOT_A_TITLE = re.compile(
    r"^(?:---|(?:date|published|posted|updated|by|author|source|tags|url)\s*:)", re.IGNORECASE
)


def check_item_size(text: str, origin: str) -> None:
    """Raise InputError when one streamed article's text exceeds MAX_ITEM_BYTES."""
    if len(text) > MAX_ITEM_BYTES // 4 and len(text.encode("utf-8")) > MAX_ITEM_BYTES:
        raise InputError(origin, f"item too large (over {MAX_ITEM_BYTES / 2**20:g} MB of text)")


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no zero-width characters or BOM, no trailing spaces.

    Control characters become spaces, a lone surrogate U+FFFD; leading and trailing
    blank lines are dropped. Offsets of later stages refer to this text.
    """
    text = unicodedata.normalize("NFC", scrub_surrogates(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHARACTER_MAP)
    return _TRAILING_SPACE.sub("", text).strip("\n")


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (a JSON ``"\\ud800"``) replaced by U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def guess_headline(text: str) -> str | None:
    """The first line of ``text`` when it reads as a headline, else None.

    A headline is short (at most 200 characters), does not end with a period or comma
    and is followed by more text; a markdown ``#`` prefix is dropped.
    """
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    first = _MARKDOWN_HEADING.sub("", first.strip()).strip()
    if not first or not rest.strip() or _NOT_A_TITLE.match(first):
        return None
    if len(first) > MAX_TITLE_CHARS or first[-1] in ".,;" or not any(c.isalpha() for c in first):
        return None
    return first


def document_from_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: date | None = None,
    origin: str | None = None,
    pub_date: date | None = None,
    doc_id: str | None = None,
) -> Document:
    """A Document for ``text``.

    The text is normalised (:func:`normalize_text`) and stripped of repeated
    boilerplate. ``doc_id`` defaults to a hash of the normalised text before stripping,
    so the same article read twice, with CRLF or LF line ends, gets the same id. The
    title defaults to a headline-like first line. The date is ``published`` (metadata),
    else ``pub_date`` (option), else a date stated near the top of the text.

    Raises InputError (naming ``origin``) when no text is left.
    """
    normalised = normalize_text(text)
    if not normalised.strip():
        raise InputError(origin or "<text>", "empty document")
    title = _clean_title(title) or guess_headline(normalised)
    body = strip_boilerplate(normalised, title=title)
    if not body.strip():
        raise InputError(origin or "<text>", "no text left after removing boilerplate")
    when, date_source = resolve_published(normalised, metadata=published, option=pub_date)
    return Document(
        doc_id=doc_id or content_hash(normalised, length=16),
        text=body,
        title=title,
        url=url or None,
        source=source or None,
        published=when,
        origin=origin,
        date_source=date_source,
    )


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    cleaned = " ".join(normalize_text(title).split())
    return _MARKDOWN_HEADING.sub("", cleaned) or None
