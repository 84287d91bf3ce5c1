"""JSONL dumps: one article a line; a bad line is reported and the rest still read."""

import json
from datetime import date

import pytest
from ingest_samples import ARTICLE, LEDE, TITLE

from diplomap.errors import InputError
from diplomap.ingest import document, read_document, read_sources


def line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_jsonl_fields(write):
    path = write("dump.jsonl", line(
        doc_id="wire-001", text=LEDE, title=TITLE, url="https://example.org/1",
        source="Caucasus Wire", published="2025-03-14",
    ) + "\n")
    [doc] = read_document(path)
    assert (doc.doc_id, doc.title, doc.url, doc.source) == ("wire-001", TITLE, "https://example.org/1", "Caucasus Wire")
    assert (doc.published, doc.date_source) == (date(2025, 3, 14), "metadata")
    assert doc.origin == f"{path}:1"


def test_jsonl_without_doc_id_uses_content_hash(write):
    [doc] = read_document(write("dump.jsonl", line(text=ARTICLE)))
    assert doc.doc_id == document.document_from_text(ARTICLE).doc_id
    assert doc.title == TITLE                   # headline-like first line


@pytest.mark.parametrize(
    "published, expected",
    [("2025-03-14T23:30:00+04:00", date(2025, 3, 14)), ("2025-03-14T09:00:00Z", date(2025, 3, 14)), ("soon", None)],
)
def test_jsonl_published_formats(write, published, expected):
    [doc] = read_document(write("dump.jsonl", line(text=LEDE, published=published)))
    assert doc.published == expected


@pytest.mark.parametrize(
    "bad, problem",
    [
        ('{"text": "unterminated', "invalid JSON"),
        ('["a", "list"]', "expected a JSON object"),
        ('{"title": "no text"}', "missing or empty 'text'"),
        ('{"text": "   "}', "missing or empty 'text'"),
        ('{"text": 42}', "missing or empty 'text'"),
        ('{"text": "fine", "title": ["x"]}', "field 'title' must be a string"),
    ],
)
def test_bad_line_in_the_middle_does_not_stop_the_file(write, bad, problem):
    path = write("dump.jsonl", "\n".join([line(text=LEDE), bad, "", line(text=ARTICLE)]) + "\n")
    results = list(read_sources([path]))
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    error = results[1]
    assert error.source == f"{path}:2" and problem in error.problem
    assert results[2].origin == f"{path}:4"
    with pytest.raises(InputError, match=f"{path}:2"):
        read_document(path)                      # the strict reader raises


def test_invalid_utf8_line_is_reported(write):
    path = write("dump.jsonl", b'{"text": "caf\xe9"}\n' + line(text=LEDE).encode() + b"\n")
    results = list(read_sources([path]))
    assert isinstance(results[0], InputError) and "UTF-8" in results[0].problem
    assert results[1].text == LEDE


def test_item_over_size_limit_is_reported(write, monkeypatch):
    monkeypatch.setattr(document, "MAX_ITEM_BYTES", 1000)
    monkeypatch.setattr("diplomap.ingest.jsonl.LINE_HEADROOM", 1000)
    path = write("dump.jsonl", "\n".join([
        line(text="word " * 300),            # text over 1000 bytes, line within limit
        line(text="word " * 1000),           # line over 2000 bytes: skipped unread
        line(text=LEDE),
    ]))
    results = list(read_sources([path]))
    assert [type(r).__name__ for r in results] == ["InputError", "InputError", "Document"]
    assert all("too large" in r.problem for r in results[:2])
