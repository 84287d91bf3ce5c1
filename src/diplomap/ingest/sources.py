"""Files and directories to Documents: pick a reader per file, never stop a batch."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from diplomap.errors import InputError
from diplomap.ingest.feeds import iter_feed, looks_like_feed
from diplomap.ingest.html import read_html
from diplomap.ingest.jsonl import iter_jsonl
from diplomap.ingest.pdf import PDF_MAGIC, read_pdf
from diplomap.ingest.text import read_text
from diplomap.models import Document

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
JSONL_SUFFIXES = frozenset({".jsonl"})
PDF_SUFFIXES = frozenset({".pdf"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES | PDF_SUFFIXES
SNIFF_BYTES = 1024
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)

Item = Document | InputError


def read_sources(paths: Iterable[str | Path], pub_date: date | None = None) -> Iterator[Item]:
    """Documents from files and directories, with an InputError for each unreadable input.

    Directories are read recursively, in sorted path order, keeping files with a known
    extension (.txt .md .html .htm .jsonl .xml .rss .atom .pdf) and skipping hidden ones. A
    file named explicitly is read whatever its extension. Errors are yielded, not
    raised, so one bad file, line or feed entry never stops the batch; a file reached
    twice is read once.
    """
    seen: set[Path] = set()
    counts = {"documents": 0, "errors": 0}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = _directory_files(path, counts)
        elif path.exists():
            files = iter([path])
        else:
            yield _skipped(InputError(str(path), "no such file or directory"), counts)
            continue
        for item in files:
            if isinstance(item, InputError):
                yield item
                continue
            key = Path(os.path.realpath(item))
            if key in seen:
                continue
            seen.add(key)
            for result in iter_file(item, pub_date):
                if isinstance(result, InputError):
                    yield _skipped(result, counts)
                else:
                    counts["documents"] += 1
                    yield result
    logger.info("read %(documents)d document(s), skipped %(errors)d input(s)", counts)


def _skipped(error: InputError, counts: dict[str, int]) -> InputError:
    counts["errors"] += 1
    logger.info("skipped %s", error)
    return error


def _directory_files(root: Path, counts: dict[str, int]) -> Iterator[Path | InputError]:
    """Files under ``root`` with a known extension, sorted; hidden entries skipped."""
    problems: list[OSError] = []
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=problems.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(folder, name) for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in KNOWN_SUFFIXES
        )
    for problem in problems:
        where = str(problem.filename or root)
        yield _skipped(InputError(where, problem.strerror or str(problem)), counts)
    yield from sorted(found)


def read_document(path: Path, pub_date: date | None = None) -> list[Document]:
    """The Documents in one file (several for JSONL and feeds).

    Strict: raises InputError for the first problem, including one bad line or entry
    of a JSONL file or feed (read_sources skips those and goes on).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    if path.is_dir():
        raise InputError(str(path), "is a directory; use read_sources")
    documents = []
    for result in iter_file(path, pub_date):
        if isinstance(result, InputError):
            raise result
        documents.append(result)
    return documents


def iter_file(path: Path, pub_date: date | None = None) -> Iterator[Item]:
    """Documents and errors from one file, by extension, else by its first bytes."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(path, pub_date)
        return
    try:
        head = _head(path)
    except InputError as exc:
        yield exc
        return
    if suffix in FEED_SUFFIXES or looks_like_feed(head):
        yield from iter_feed(path, pub_date)
        return
    reader = _single_reader(path, suffix, head)
    try:
        yield from reader(path, pub_date)
    except InputError as exc:
        yield exc


def _single_reader(path: Path, suffix: str, head: bytes) -> Callable:
    if suffix in PDF_SUFFIXES or head.startswith(PDF_MAGIC):
        return read_pdf
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _HTML_START.match(head)):
        return read_html
    if suffix == ".json":
        return _reject_json
    if suffix not in TEXT_SUFFIXES:
        logger.debug("%s: unknown extension %r, reading as text", path, suffix)
    return read_text


def _reject_json(path: Path, pub_date: date | None = None) -> list[Document]:
    raise InputError(str(path), "JSON files are not read; write one article per line as JSONL")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
