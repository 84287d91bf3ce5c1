"""PDF files: the text layer of each page, read with pypdf, pages separated by a form feed.

A Document's text keeps its pages apart with ``models.PAGE_BREAK`` (a form feed on a
line of its own), so ``Document.page_of(offset)`` gives the page of any evidence
offset. A PDF without a text layer (a scan) is one InputError naming the file; so is
an encrypted or damaged one.
"""

from __future__ import annotations

import io
import logging
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from diplomap.errors import InputError
from diplomap.ingest.document import MAX_TITLE_CHARS, document_from_text, guess_headline, normalize_text
from diplomap.ingest.text import read_bytes, title_from_filename
from diplomap.models import PAGE_BREAK, Document

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = 50 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
# What a damaged file makes pypdf raise besides its own errors.
_DAMAGED = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError,
            OverflowError, ZeroDivisionError, AssertionError, UnicodeError)


def read_pdf(path: Path, pub_date: date | None = None) -> list[Document]:
    """One Document from a text PDF; raises InputError for a scan, an encrypted or a damaged file."""
    origin = str(path)
    reader, pages = _pages(read_bytes(path, MAX_PDF_BYTES), origin)
    if not any(page.strip() for page in pages):
        raise InputError(origin, f"a PDF of {len(pages)} page(s) with no text layer (a scan?); "
                                 "run OCR on it first (e.g. ocrmypdf) and read its output")
    text = f"\n{PAGE_BREAK}\n".join(normalize_text(page) for page in pages)
    title = _metadata_title(reader) or guess_headline(normalize_text(text)) or title_from_filename(path)
    return [document_from_text(text, title=title, origin=origin, pub_date=pub_date)]


def _pages(data: bytes, origin: str) -> tuple[PdfReader, list[str]]:
    """The reader and each page's text (form feeds inside a page become line breaks)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(origin, "an encrypted PDF; save a copy without a password and read that")
        pages = [(page.extract_text() or "").replace(PAGE_BREAK, "\n") for page in reader.pages]
    except InputError:
        raise
    except _DAMAGED as exc:
        raise InputError(origin, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    return reader, pages


def _metadata_title(reader: PdfReader) -> str | None:
    """The document information's title, when it reads as one (not a file name or a tool's default)."""
    try:
        title = (reader.metadata.title if reader.metadata else None) or ""
    except _DAMAGED:
        return None
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE_CHARS or title.lower().endswith((".doc", ".docx", ".pdf", ".indd")) \
            or title.lower() in {"untitled", "microsoft word"}:
        return None
    return title
