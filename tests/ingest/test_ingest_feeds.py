"""RSS and Atom feeds: one Document per entry."""

from datetime import date

import pytest
from ingest_samples import BODY, LEDE, TITLE

from diplomap.errors import InputError
from diplomap.ingest import read_document, read_sources

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Caucasus Wire</title><link>https://example.org</link>
<item><title>{TITLE}</title><link>https://example.org/1</link>
<pubDate>Fri, 14 Mar 2025 09:00:00 GMT</pubDate>
<description><![CDATA[<p>{LEDE}</p><p>{BODY}</p>]]></description></item>
<item><title>An entry with no text</title><link>https://example.org/2</link></item>
<item><title>Undated entry</title><description>{LEDE}</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>{TITLE}</title><link href="https://example.org/a"/>
<updated>2025-03-15T10:00:00Z</updated><summary>short teaser</summary>
<content type="html">&lt;p&gt;{LEDE}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_and_missing_text(write):
    path = write("wire.rss", RSS)
    results = list(read_sources([path]))
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    first, missing, undated = results
    assert (first.title, first.url, first.source) == (TITLE, "https://example.org/1", "Caucasus Wire")
    assert LEDE in first.text and "<p>" not in first.text
    assert (first.published, first.date_source) == (date(2025, 3, 14), "metadata")
    assert first.origin == f"{path}#1"
    assert missing.source == f"{path}#2" and missing.problem == "feed entry without text"
    assert undated.url is None and undated.published is None


def test_feed_entry_without_date_uses_option(write):
    results = list(read_sources([write("wire.xml", RSS)], pub_date=date(2025, 4, 1)))
    assert results[2].published == date(2025, 4, 1) and results[2].date_source == "option"


def test_atom_prefers_full_content_over_summary(write):
    [doc] = read_document(write("wire.atom", ATOM))
    assert doc.text == LEDE
    assert (doc.source, doc.url, doc.published) == ("Atom Wire", "https://example.org/a", date(2025, 3, 15))


def test_feed_is_recognised_by_its_start_whatever_the_extension(write):
    [doc] = read_document(write("saved-feed.txt", ATOM))
    assert doc.source == "Atom Wire"


@pytest.mark.parametrize(
    "content, problem",
    [("<<< and not xml >>>", "not a readable feed"), ("<?xml version='1.0'?><urlset></urlset>", "feed")],
)
def test_unreadable_feed_is_an_input_error(write, content, problem):
    path = write("broken.xml", content)
    [error] = list(read_sources([path]))
    assert isinstance(error, InputError) and problem in error.problem


def test_empty_feed_is_reported(write):
    [error] = list(read_sources([write("empty.rss", "<rss version='2.0'><channel><title>T</title></channel></rss>")]))
    assert error.problem == "feed without entries"
