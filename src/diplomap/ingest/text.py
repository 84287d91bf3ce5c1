"""Plain-text and markdown articles: bytes to text, whatever the encoding."""

from __future__ import annotations

import codecs
import logging
import re
from datetime import date
from pathlib import Path

import charset_normalizer

from diplomap.errors import InputError
from diplomap.ingest.document import document_from_text, guess_headline, normalize_text
from diplomap.models import Document

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CONTROL_SHARE = 0.01      # more control characters than this: not text
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")   # Cc except tab, newlines, form feed


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes; raises InputError when over ``limit`` (MAX_FILE_BYTES) or unreadable."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"file too large ({_mb(size)} MB > {_mb(limit)} MB)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}" if size >= 1024 * 1024 else f"{size / (1024 * 1024):.2f}"


def decode_bytes(data: bytes, origin: str) -> str:
    """Text from bytes: a BOM's encoding, else UTF-8, else a detected legacy encoding.

    UTF-8 with a few invalid bytes (a damaged or truncated file: fewer invalid bytes
    than valid multi-byte characters) is read as UTF-8, each bad byte replaced by
    U+FFFD, rather than guessed as a legacy encoding that would garble every
    accented name. Raises InputError for binary data (NUL bytes, undecodable or
    control characters).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), origin)
            except UnicodeDecodeError as exc:
                raise InputError(origin, f"not valid {encoding} despite its byte-order mark") from exc
    if b"\x00" in data:
        raise InputError(origin, "binary file, not text")
    try:
        return _checked(data.decode("utf-8"), origin)
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        logger.warning("%s: invalid UTF-8 bytes replaced", origin)
        return _checked(damaged, origin)
    best = _legacy_encoding(data)
    if best is None:
        raise InputError(origin, "binary file, not text")
    logger.debug("%s: decoded as %s", origin, best.encoding)
    return _checked(str(best), origin)


def _legacy_encoding(data: bytes) -> charset_normalizer.CharsetMatch | None:
    """charset_normalizer's best match; Windows-1252 where it fits as well as the best.

    A few accented letters in English text fit Windows-1250 and -1252 equally; the
    detector's tie-break picks 1250 and turns "très" into "trčs".
    """
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    for match in results:
        if best is not None and match.encoding == "cp1252" and match.chaos <= best.chaos \
                and match.coherence >= best.coherence:
            return match
    return best


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with its few invalid bytes replaced, or None when it does not read as UTF-8."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for char in text if char > "\x7f") - invalid
    return text if 0 < invalid <= multibyte else None


def _checked(text: str, origin: str) -> str:
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise InputError(origin, "binary file, not text")
    return text


def read_text(path: Path, pub_date: date | None = None) -> list[Document]:
    """One Document from a .txt/.md file; raises InputError.

    The title is a headline-like first line, else one made from the file name.
    """
    origin = str(path)
    text = decode_bytes(read_bytes(path), origin)
    title = guess_headline(normalize_text(text)) or title_from_filename(path)
    return [document_from_text(text, title=title, origin=origin, pub_date=pub_date)]


def title_from_filename(path: Path) -> str | None:
    """"strategic-autonomy-summits.txt" -> "Strategic autonomy summits"."""
    words = path.stem.replace("_", " ").replace("-", " ").split()
    if not words or not any(c.isalpha() for c in path.stem):
        return None
    phrase = " ".join(words)
    return phrase[0].upper() + phrase[1:]
