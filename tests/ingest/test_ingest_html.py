"""HTML pages via trafilatura, and HTML fragments to text."""

from datetime import date

import pytest
from ingest_samples import BODY, LEDE, TITLE

from diplomap.errors import InputError
from diplomap.ingest import read_document
from diplomap.ingest.html import html_to_text

PARAGRAPHS = "".join(f"<p>{p}</p>\n" for p in [LEDE, *BODY.split("\n\n")])


def page(head: str = "", body_extra: str = "") -> str:
    return f"""<!DOCTYPE html><html><head><title>{TITLE} | Caucasus Wire</title>
<meta property="og:site_name" content="Caucasus Wire">
<link rel="canonical" href="https://example.org/news/rail-study">
{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{TITLE}</h1>
{PARAGRAPHS}</article>
<aside><h3>Related news</h3><ul><li><a href="/other">Azerbaijan and Kazakhstan sign a transit accord</a></li></ul></aside>
{body_extra}<footer>Copyright 2025 Caucasus Wire</footer></body></html>"""


PUBLISHED = '<meta property="article:published_time" content="2025-03-14T09:00:00Z">'


def test_html_main_text_and_metadata(write):
    [doc] = read_document(write("rail.html", page(PUBLISHED)))
    assert doc.title == TITLE
    assert LEDE in doc.text
    assert "Sport" not in doc.text and "transit accord" not in doc.text and "Copyright" not in doc.text
    assert doc.url == "https://example.org/news/rail-study"
    assert doc.source == "Caucasus Wire"
    assert (doc.published, doc.date_source) == (date(2025, 3, 14), "metadata")


def test_html_footer_year_is_not_taken_for_a_date(write):
    [doc] = read_document(write("rail.htm", page()))
    assert doc.published is None and doc.date_source is None


def test_html_without_metadata_date_uses_option(write):
    [doc] = read_document(write("rail.htm", page()), pub_date=date(2025, 3, 15))
    assert (doc.published, doc.date_source) == (date(2025, 3, 15), "option")


def test_html_date_stated_in_text(write):
    dated = page().replace("<article>", "<article><p>Published: 12 March 2025</p>")
    [doc] = read_document(write("rail.html", dated))
    assert (doc.published, doc.date_source) == (date(2025, 3, 12), "text")


@pytest.mark.parametrize(
    "broken",
    [
        f"<html><body><div><p>{LEDE}<p>{BODY}<div><span></b></i></table>",   # unclosed, stray tags
        f"<p>{LEDE}</p><p>{BODY}",                                             # a bare fragment
    ],
)
def test_malformed_html_is_still_read(write, broken):
    [doc] = read_document(write("broken.html", broken))
    assert LEDE in doc.text


def test_hopeless_html_is_an_input_error_not_a_crash(write):
    # an unclosed <title> swallows the rest of the page
    broken = f"<html><head><title>x</head><body><<p>>{LEDE} {BODY}</body"
    with pytest.raises(InputError, match="no main text found in HTML"):
        read_document(write("broken.html", broken))


@pytest.mark.parametrize(
    "content", ["<html><head><title>Nothing</title></head><body></body></html>", b"\x00\x01\x02", ""]
)
def test_html_without_main_text_is_an_input_error(write, content):
    with pytest.raises(InputError, match="no main text found in HTML|HTML could not be parsed"):
        read_document(write("empty.html", content))


def test_html_to_text_keeps_paragraphs():
    fragment = "<p>First <b>bold</b> point.</p><p>Second&nbsp;point.<br>New line</p><script>x()</script>"
    assert html_to_text(fragment) == "First bold point.\n\nSecond point.\nNew line"


@pytest.mark.parametrize("fragment, expected", [("plain words", "plain words"), ("", ""), ("<p></p>", "")])
def test_html_to_text_edge_cases(fragment, expected):
    assert html_to_text(fragment) == expected
