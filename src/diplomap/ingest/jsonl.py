"""JSONL dumps: one article a line, read as a stream so a bad line stops nothing.

Each line is an object with ``text`` (required) and optional ``doc_id``, ``title``,
``url``, ``source`` and ``published`` (``YYYY-MM-DD`` or an ISO datetime).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from diplomap.errors import InputError
from diplomap.ingest import document
from diplomap.ingest.document import check_item_size, document_from_text, scrub_surrogates
from diplomap.ingest.pubdate import parse_date_value
from diplomap.models import Document

logger = logging.getLogger(__name__)

LINE_HEADROOM = 1024 * 1024      # room for the other fields and JSON escapes
_OPTIONAL_FIELDS = ("title", "url", "source")


def iter_jsonl(path: Path, pub_date: date | None = None) -> Iterator[Document | InputError]:
    """One Document per line, or an InputError naming ``path:lineno`` for a bad line."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), exc.strerror or str(exc))
        return
    with stream:
        for lineno, raw in _lines(stream, document.MAX_ITEM_BYTES + LINE_HEADROOM):
            origin = f"{path}:{lineno}"
            if raw is None:
                yield InputError(origin, "item too large (line over the size limit)")
                continue
            if not raw.strip():
                continue
            try:
                yield _document(raw, origin, lineno == 1, pub_date)
            except InputError as exc:
                yield exc


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; None for a line longer than ``limit``, skipped without loading it."""
    lineno = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        lineno += 1
        if len(chunk) <= limit or chunk.endswith(b"\n"):
            yield lineno, chunk
            continue
        while chunk and not chunk.endswith(b"\n"):
            chunk = stream.readline(limit)
        yield lineno, None


def _document(raw: bytes, origin: str, first: bool, pub_date: date | None) -> Document:
    try:
        record = json.loads(raw.decode("utf-8-sig" if first else "utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(origin, "not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise InputError(origin, "invalid JSON (nested too deeply)") from exc
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(origin, f"missing or empty 'text': expected a string, got {_json_type(text)}")
    if not text or not text.strip():
        raise InputError(origin, "missing or empty 'text'")
    check_item_size(text, origin)
    fields = {name: _string_field(record, name, origin) for name in _OPTIONAL_FIELDS}
    return document_from_text(
        text,
        **fields,
        doc_id=_string_field(record, "doc_id", origin),
        published=_published(record.get("published"), origin),
        origin=origin,
        pub_date=pub_date,
    )


def _string_field(record: dict, name: str, origin: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return scrub_surrogates(value).strip() if value else None
    if name == "doc_id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(origin, f"field {name!r} must be a string, got {_json_type(value)}")


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type: object, array, string, number, boolean, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    names = {dict: "object", list: "array", str: "string", int: "number", float: "number"}
    return names.get(type(value), type(value).__name__)


def _published(value: object, origin: str) -> date | None:
    if value is None or value == "":
        return None
    found = parse_date_value(value)
    if found is None:
        logger.warning("%s: ignoring unreadable or implausible 'published' value %r", origin, value)
    return found
