"""PDF input: text PDFs made here byte by byte, their pages kept apart; scans, damage and encryption in one line."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from diplomap.cli import app
from diplomap.errors import InputError
from diplomap.ingest import read_document, read_sources
from diplomap.models import PAGE_BREAK


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A PDF whose pages show these lines in Helvetica (a page with no lines has no text layer)."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {count} >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, lines in enumerate(pages):
        body = "".join(f"({_escape(line)}) Tj T* " for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 72 720 Td {body}ET" if lines else ""
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {5 + 2 * i} 0 R >>")
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
    if title:
        objects.append(f"<< /Title ({_escape(title)}) >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PAGE_ONE = ["Azerbaijan and Kazakhstan signed a transit agreement in Baku on 3 March 2025.",
            "The foreign ministers met for two hours."]
PAGE_TWO = ["Kazakhstan's president later visited Ankara."]


def test_a_text_pdf_is_one_document_with_its_pages_apart(write):
    path = write("analysis.pdf", make_pdf([PAGE_ONE, PAGE_TWO], title="Caspian Transit After 2025"))
    [document] = read_document(path)
    assert document.title == "Caspian Transit After 2025" and document.origin == str(path)
    assert document.text == "\n".join(PAGE_ONE) + f"\n{PAGE_BREAK}\n" + PAGE_TWO[0]
    assert document.page_of(document.text.index("foreign ministers")) == 1
    assert document.page_of(document.text.index("Ankara")) == 2
    assert document.published is None          # a sentence's date is not the publication date
    assert read_document(path, date(2025, 3, 4))[0].published == date(2025, 3, 4)


def test_a_pdf_is_found_by_its_first_bytes_and_in_folders(write):
    pdf = make_pdf([PAGE_TWO, PAGE_ONE])
    write("folder/report.pdf", pdf)
    write("folder/notes.txt", "Turkey and Azerbaijan held talks.\n")
    renamed = write("report.download", pdf)
    found = list(read_sources([renamed.parent / "folder"]))
    assert [d.origin.rsplit("/", 1)[1] for d in found] == ["notes.txt", "report.pdf"]
    [document] = read_document(renamed)
    assert document.text.startswith(PAGE_TWO[0]) and document.page_of(len(document.text)) == 2
    assert document.title == "Report"       # no metadata title, no headline-like first line


@pytest.mark.parametrize(("content", "reason"), [
    (make_pdf([[], []]), "a PDF of 2 page(s) with no text layer (a scan?); run OCR on it first"),
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "not a readable PDF"),
])
def test_a_scan_or_a_damaged_pdf_is_one_line_naming_the_file(write, content, reason):
    path = write("scan.pdf", content)
    [error] = list(read_sources([path]))
    assert isinstance(error, InputError) and str(path) in str(error) and reason in str(error)
    assert "\n" not in str(error)


def test_show_gives_the_page_of_each_sources_evidence(write, tmp_path):
    path = write("analysis.pdf", make_pdf([PAGE_ONE, PAGE_TWO], title="Caspian Transit After 2025"))
    db = str(tmp_path / "store.duckdb")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(path), "--pub-date", "2025-03-05", "--db", db]).exit_code == 0
    listed = [json.loads(line) for line in runner.invoke(app, ["events", "--format", "jsonl", "--db", db]).output
              .splitlines()]
    pages = {}
    for record in listed:
        detail = json.loads(runner.invoke(app, ["show", record["event_id"], "--format", "json", "--db", db]).output)
        [source] = detail["sources"]
        pages[source["report"]["evidence"]["text"]] = source["page"]
    assert pages == {PAGE_ONE[0]: 1, PAGE_TWO[0]: 2}
