"""read_sources over files and directories: recursion, order, skipping, errors."""

import json
from pathlib import Path

import pytest
from ingest_samples import ARTICLE, LEDE

from diplomap.errors import InputError
from diplomap.ingest import read_document, read_sources


def article(n: int) -> str:
    return f"Talks in round {n}\n\nDelegations met for round {n} of the rail talks in Tbilisi.\n"


@pytest.fixture
def tree(write, tmp_path):
    write("b.txt", article(2))
    write("a.md", article(1))
    write("sub/deeper/c.txt", article(3))
    write("sub/d.jsonl", json.dumps({"text": article(4)}) + "\n" + json.dumps({"text": article(5)}))
    write("sub/e.html", f"<html><body><article><p>{LEDE}</p><p>{article(6)}</p></article></body></html>")
    write("skip.json", json.dumps({"text": article(9)}))
    write("skip.docx", b"PK\x03\x04 binary")
    write("notes.csv", "a,b\n1,2\n")
    write(".hidden.txt", article(9))
    write(".cache/x.txt", article(9))
    return tmp_path


def test_directory_is_read_recursively_in_sorted_order(tree):
    results = list(read_sources([tree]))
    assert all(not isinstance(r, InputError) for r in results)
    names = [Path(r.origin.split(":")[0]).relative_to(tree).as_posix() for r in results]
    assert names == ["a.md", "b.txt", "sub/d.jsonl", "sub/d.jsonl", "sub/deeper/c.txt", "sub/e.html"]
    assert "round 9" not in " ".join(r.text for r in results)


def test_missing_path_is_yielded_and_the_batch_goes_on(tree):
    results = list(read_sources([tree / "nope.txt", tree / "a.md"]))
    assert isinstance(results[0], InputError)
    assert results[0].problem == "no such file or directory" and results[0].source == str(tree / "nope.txt")
    assert results[1].title == "Talks in round 1"


def test_bad_files_are_yielded_among_good_ones(write):
    good = write("in/1-good.txt", ARTICLE)
    write("in/2-empty.txt", "")
    write("in/3-binary.txt", b"\x00\x01" * 64)
    write("in/4-good.md", article(4))
    results = list(read_sources([good.parent]))
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "InputError", "Document"]


def test_file_named_twice_is_read_once(tree):
    results = list(read_sources([tree / "a.md", tree, str(tree / "sub" / ".." / "a.md")]))
    assert all(not isinstance(r, InputError) for r in results)
    assert len(results) == 6


def test_explicit_json_file_is_refused_with_a_reason(tree):
    [error] = list(read_sources([tree / "skip.json"]))
    assert "JSONL" in error.problem


def test_explicit_unknown_extension_is_read_as_text(tree):
    [doc] = list(read_sources([tree / "notes.csv"]))
    assert doc.text == "a,b\n1,2"


def test_read_document_errors(tree):
    with pytest.raises(InputError, match="no such file or directory"):
        read_document(tree / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tree)
    assert len(read_document(tree / "sub" / "d.jsonl")) == 2


def test_paths_may_be_strings(tree):
    assert [d.title for d in read_sources([str(tree / "b.txt")])] == ["Talks in round 2"]


def test_size_limit_applies_to_single_articles_not_to_streams(write, monkeypatch):
    monkeypatch.setattr("diplomap.ingest.text.MAX_FILE_BYTES", 100)
    big_txt = write("big.txt", ARTICLE)
    big_html = write("big.html", f"<html><body><p>{LEDE}</p></body></html>")
    big_jsonl = write("big.jsonl", json.dumps({"text": ARTICLE}))
    big_feed = write("big.rss", f"<rss><channel><item><description>{LEDE}</description></item></channel></rss>")
    results = list(read_sources([big_txt, big_html, big_jsonl, big_feed]))
    assert [type(r).__name__ for r in results] == ["InputError", "InputError", "Document", "Document"]
    assert results[0].problem.startswith("file too large")
