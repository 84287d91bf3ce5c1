"""Plain-text and markdown reading: encodings, binary and empty files, titles, ids."""

import codecs
from datetime import date

import pytest
from ingest_samples import ARTICLE, LEDE, TITLE

from diplomap.errors import InputError
from diplomap.ingest import document_from_text, read_document
from diplomap.ingest import text as text_reader

CYRILLIC = (
    "Министры иностранных дел Грузии и Армении встретились в Тбилиси в четверг.\n\n"
    "Стороны договорились финансировать исследование новой железной дороги между столицами."
)


def test_txt_file_gives_one_document_with_headline_title(write):
    [doc] = read_document(write("rail.txt", ARTICLE))
    assert doc.title == TITLE
    assert doc.text.startswith(TITLE)          # the text is kept intact
    assert LEDE in doc.text
    assert doc.origin.endswith("rail.txt")
    assert len(doc.doc_id) == 16


def test_markdown_heading_prefix_is_dropped_from_title(write):
    [doc] = read_document(write("rail.md", f"# {TITLE}\n\n{LEDE}\n"))
    assert doc.title == TITLE


@pytest.mark.parametrize(
    "first_line",
    [
        "The ministers met in Tbilisi on Thursday.",      # ends with a period
        "x" * 201,                                         # too long
    ],
)
def test_non_headline_first_line_gives_file_name_title(write, first_line):
    [doc] = read_document(write("tbilisi-rail-talks.txt", f"{first_line}\n{LEDE}\n"))
    assert doc.title == "Tbilisi rail talks"


def test_single_line_is_not_a_title(write):
    [doc] = read_document(write("1234.txt", "Ministers meet in Tbilisi"))
    assert doc.title is None


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n", "\ufeff\u200b\n".encode("utf-8")])
def test_empty_file_is_an_input_error(write, content):
    path = write("empty.txt", content)
    with pytest.raises(InputError, match="empty document") as caught:
        read_document(path)
    assert caught.value.source == str(path)


def test_binary_file_is_an_input_error(write):
    path = write("photo.txt", bytes(range(256)) * 8)
    with pytest.raises(InputError, match="binary file, not text"):
        read_document(path)


def test_control_characters_without_nul_are_binary(write):
    path = write("noise.txt", b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 50)
    with pytest.raises(InputError, match="binary"):
        read_document(path)


def test_cp1251_text_is_decoded(write):
    [doc] = read_document(write("ru.txt", CYRILLIC.encode("cp1251")))
    assert "Тбилиси" in doc.text
    assert doc.text == document_from_text(CYRILLIC).text


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom_is_decoded(write, codec, bom):
    [doc] = read_document(write("u16.txt", bom + ARTICLE.encode(codec)))
    assert doc.title == TITLE
    assert doc.doc_id == document_from_text(ARTICLE).doc_id


def test_utf8_bom_is_removed(write):
    [doc] = read_document(write("bom.txt", codecs.BOM_UTF8 + ARTICLE.encode("utf-8")))
    assert not doc.text.startswith("\ufeff")
    assert doc.title == TITLE


def test_unknown_extension_named_explicitly_is_read_as_text(write):
    [doc] = read_document(write("rail.article", ARTICLE))
    assert doc.title == TITLE


def test_unknown_extension_binary_is_an_input_error(write):
    with pytest.raises(InputError, match="binary"):
        read_document(write("blob.bin", b"\x00\x01\x02" * 100))


def test_file_over_size_limit_is_an_input_error(write):
    path = write("huge.txt", b"")
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)       # sparse: no need to write 21 MB
    with pytest.raises(InputError, match=r"file too large \(21 MB > 20 MB\)"):
        read_document(path)


def test_same_text_gives_same_id_and_crlf_does_not_matter(write):
    lf = read_document(write("a.txt", ARTICLE))[0]
    again = read_document(write("b.txt", ARTICLE))[0]
    crlf = read_document(write("c.txt", ARTICLE.replace("\n", "\r\n").encode("utf-8")))[0]
    assert lf.doc_id == again.doc_id == crlf.doc_id
    assert crlf.text == lf.text
    assert document_from_text(ARTICLE + "\nOne more sentence.").doc_id != lf.doc_id


def test_normalisation():
    decomposed = "Cafe\u0301 talks\u200b in Baku   \r\nend\u00a0 \r\n"
    doc = document_from_text(decomposed)
    assert doc.text == "Caf\u00e9 talks in Baku\nend"
    assert doc.doc_id == document_from_text("Caf\u00e9 talks in Baku\nend").doc_id


def test_document_from_text_keeps_given_fields():
    doc = document_from_text(
        LEDE, title=" Rail study ", url="https://example.org/a", source="Wire",
        published=date(2025, 3, 14), origin="memory",
    )
    assert (doc.title, doc.url, doc.source, doc.origin) == ("Rail study", "https://example.org/a", "Wire", "memory")
    assert (doc.published, doc.date_source) == (date(2025, 3, 14), "metadata")


def test_document_from_text_rejects_blank_text():
    with pytest.raises(InputError, match="memory: empty document"):
        document_from_text(" \n\u200b ", origin="memory")


def test_title_from_filename():
    from pathlib import Path

    assert text_reader.title_from_filename(Path("strategic-autonomy_summits.txt")) == "Strategic autonomy summits"
    assert text_reader.title_from_filename(Path("0042.txt")) is None
