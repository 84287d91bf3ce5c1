"""ingest: read sources (text, markdown, HTML, JSONL, RSS/Atom) into Document records.

    read_sources(paths, pub_date)   files and directories -> Documents and InputErrors
    read_document(path, pub_date)   one file -> its Documents (raises InputError)
    document_from_text(text, ...)   text -> a normalised, de-boilerplated Document
    strip_boilerplate(text)         text without trailers and repeated paragraphs
"""

from diplomap.ingest.boilerplate import strip_boilerplate
from diplomap.ingest.document import document_from_text, normalize_text
from diplomap.ingest.pubdate import date_from_text
from diplomap.ingest.sources import read_document, read_sources

__all__ = [
    "date_from_text",
    "document_from_text",
    "normalize_text",
    "read_document",
    "read_sources",
    "strip_boilerplate",
]
