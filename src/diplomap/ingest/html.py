"""HTML pages (main text and metadata via trafilatura) and HTML fragments to text."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from diplomap.errors import InputError
from diplomap.ingest.document import document_from_text
from diplomap.ingest.pubdate import parse_date_value
from diplomap.ingest.text import read_bytes
from diplomap.models import Document

logger = logging.getLogger(__name__)

# Dates from markup only: htmldate's extensive search would take a "Copyright 2025"
# footer for the publication date and we would call it metadata.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCK_TAGS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "table", "tr", "section", "article", "header", "footer", "figure", "figcaption",
)
_SPACES = re.compile(r"[ \t\u00a0]+")
# Characters lxml refuses in the text it builds (NUL, other C0 controls, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def read_html(path: Path, pub_date: date | None = None) -> list[Document]:
    """One Document from an HTML page's main text; raises InputError."""
    origin = str(path)
    return [html_document(read_bytes(path), origin, pub_date=pub_date)]


def html_document(
    page: bytes | str, origin: str, url: str | None = None, pub_date: date | None = None
) -> Document:
    """A Document from an HTML page: main text, title, date, URL and site name."""
    extracted = _extract(page, origin, url)
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(origin, "no main text found in HTML")
    return document_from_text(
        extracted.text,
        title=extracted.title,
        url=extracted.url or url,
        source=extracted.sitename or extracted.hostname,
        published=parse_date_value(extracted.date),
        origin=origin,
        pub_date=pub_date,
    )


def _extract(page: bytes | str, origin: str, url: str | None):
    """trafilatura's result, precision first (drops navigation and related links)."""
    for precise in (True, False):
        try:
            result = trafilatura.bare_extraction(
                page, url=url, favor_precision=precise, with_metadata=True,
                include_comments=False, date_extraction_params=_DATE_PARAMS,
            )
        except Exception as exc:  # a third-party parser: any failure means this page is unreadable
            raise InputError(origin, f"HTML could not be parsed ({exc})") from exc
        if result is not None and (result.text or "").strip():
            return result
        logger.debug("%s: no main text with favor_precision=%s", origin, precise)
    return None


def html_to_text(fragment: str) -> str:
    """Plain text from an HTML fragment (a feed entry's content), one block a paragraph."""
    fragment = _NOT_XML.sub("", fragment)
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
