"""Hostile inputs, generated at test time, and what diplomap must make of each.

Every case is one file: its bytes, the errors it must produce (each names the file,
or one line or entry of it, and the problem) and how many documents must still be
read from it. Nothing here is committed as data; only these generators are.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HUGE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str                                   # file name, its suffix picks the reader
    data: bytes | Callable[[], bytes]           # a callable for big ones, made only when written
    errors: tuple[tuple[str, str], ...] = ()    # (suffix after the path: "", ":3", "#2"; problem)
    documents: int = 0                          # documents that must still be read

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.write_bytes(self.data() if callable(self.data) else self.data)
        return path


# Good articles: each reports events the shipped knowledge base resolves.
GOOD = {
    "good-astana.txt": (
        "Aliyev visits Astana\ndate: 2025-10-21\n\n"
        "President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 20 October 2025. "
        "The two leaders signed an agreement on transit along the Middle Corridor.\n"
    ),
    "good-dushanbe.md": (
        "# Leaders meet in Dushanbe\n\ndate: 2025-10-10\n\n"
        "Ilham Aliyev met Vladimir Putin in Dushanbe on 9 October 2025 on the sidelines of the CIS summit.\n"
    ),
    "good-ankara.html": (
        "<html><head><title>Erdogan hosts Aliyev</title>"
        '<meta property="article:published_time" content="2025-05-05"></head><body><article>'
        "<h1>Erdogan hosts Aliyev</h1><p>Turkish President Recep Tayyip Erdogan hosted Ilham Aliyev in "
        "Ankara on 4 May 2025. The two presidents discussed energy and transport projects and signed "
        "a declaration on strategic partnership.</p><p>Aliyev also met Turkish business leaders "
        "during the visit to Ankara.</p></article></body></html>"
    ),
}


def _article(lede: str) -> str:
    return f"Talks report\n\n{lede}\n"


def _rss(items: list[str], truncate: int | None = None) -> bytes:
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
            + "".join(items) + "</channel></rss>").encode()
    return feed[:truncate] if truncate else feed


def _item(*, title=None, link=None, date=None, text=None) -> str:
    parts = [f"<title>{title}</title>" if title else "", f"<link>{link}</link>" if link else "",
             f"<pubDate>{date}</pubDate>" if date else "", f"<description>{text}</description>" if text else ""]
    return "<item>" + "".join(parts) + "</item>"


def _atom(published: str, text: str) -> bytes:
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>'
            f"<entry><title>Entry</title><published>{published}</published>"
            f'<content type="html">{text}</content></entry></feed>').encode()


def _jsonl(*lines: object) -> bytes:
    return b"".join((line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n" for line in lines)


def cases() -> list[Case]:
    """Every hostile case; the same bytes on every call (seeded randomness)."""
    rnd = random.Random(20251021)
    noise = bytes(rnd.randrange(256) for _ in range(8192))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rnd.randrange(256) for _ in range(2048))
    utf8 = ("Erdoğan and Aliyev in Türkiye\n\nPresident Recep Tayyip Erdoğan met Ilham Aliyev in Ankara on "
            "12 March 2025 — “a new chapter”, he said.\n").encode()
    nested = ("<html><body>" + "<div>" * 10_000 + "<p>Ilham Aliyev met Vladimir Putin in Moscow on 2 May 2025.</p>"
              + "</div>" * 10_000 + "</body></html>")
    lol = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]><rss version="2.0"><channel>'
            "<title>&l9;</title><item><title>Bomb</title><description>Ilham Aliyev met Nikol Pashinyan in "
            "Abu Dhabi on 10 July 2025. &l9;</description></item></channel></rss>").encode()
    return [
        # empty and blank
        Case("empty.txt", b"", (("", "empty document"),)),
        Case("blank.md", " \n\t\r\n\u00a0\u200b\ufeff\n  ".encode(), (("", "empty document"),)),
        Case("empty.html", b"", (("", "no main text"),)),
        Case("empty.jsonl", b"\n\n   \n"),                     # no line to read: nothing, and no error
        # binary
        Case("noise.txt", noise, (("", "binary file"),)),
        Case("png-header.txt", png, (("", "binary file"),)),
        Case("png-header.html", png, (("", "no main text"),)),
        Case("nul-bytes.txt", b"\x00" * 4096, (("", "binary file"),)),
        Case("nul-inside.txt", b"Aliyev met Putin\x00 in Baku on 3 May 2025.\n", (("", "binary file"),)),
        # encodings: all of these are text and must be read
        Case("invalid-utf8.txt", utf8[:60] + b"\xff\xfe" + utf8[60:] + b"\xc3", documents=1),
        Case("cp1251.txt", ("Алиев в Москве\n\nПрезидент Ильхам Алиев встретился с Владимиром Путиным "
                            "в Москве 7 мая 2025 года.\n").encode("cp1251"), documents=1),
        Case("utf16-bom.txt", _article("Ilham Aliyev met Xi Jinping in Beijing on 23 April 2025.").encode("utf-16"),
             documents=1),
        Case("latin1.txt", _article("Ilham Aliyev met Emmanuel Macron in Paris on 14 June 2025 at the Élysée "
                                    "palace; the café talks were très cordiales.").encode("latin-1"), documents=1),
        # size
        Case("huge-line.txt", lambda: b"x" * HUGE_BYTES, (("", "file too large"),)),
        # HTML
        Case("nested-divs.html", nested.encode(), (("", "no main text"),)),
        Case("unclosed.html", b"<html><body><p>Ilham Aliyev met Nikol Pashinyan in Tbilisi on 18 August 2025."
                              b"<div><span><p>The talks went on for hours<table><tr><td>", documents=1),
        Case("script-style-only.html", b"<html><head><script>var a = '<p>Aliyev met Putin</p>';</script>"
                                       b"<style>p { color: red }</style></head></html>", (("", "no main text"),)),
        Case("no-body.html", b"<html><head><title>Aliyev met Putin</title></head></html>",
             (("", "no main text"),)),
        # JSONL: one file, one problem a line
        Case("broken.jsonl", _jsonl(
            {"text": "Ilham Aliyev met Recep Tayyip Erdogan in Ankara on 6 June 2025."},
            b'{"text": "unterminated',
            [1, 2, 3],
            {"title": "no text here"},
            {"text": 42},
            {"text": ["a", "list"]},
            {"text": "A line with a bad title field.", "title": 7},
            b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}',                    # a 3 MB line
            "just a string",
            None,
            {"text": "   "},
            b'{"text": "caf\xe9 au lait"}',
            b"[" * 100_000 + b"]" * 100_000,
            {"text": "Subscribe to our newsletter"},
            {"text": "Ilham Aliyev met Shehbaz Sharif in Islamabad on 12 July 2025.", "doc_id": True},
            {"text": "Ilham Aliyev met Mohamed bin Zayed in Gabala on 3 July 2025.", "published": 20250703},
        ), (
            (":2", "invalid JSON"), (":3", "expected a JSON object, got array"), (":4", "missing or empty 'text'"),
            (":5", "expected a string, got number"), (":6", "expected a string, got array"),
            (":7", "field 'title' must be a string"), (":8", "item too large"),
            (":9", "expected a JSON object, got string"), (":10", "expected a JSON object, got null"),
            (":11", "missing or empty 'text'"), (":12", "not valid UTF-8"), (":13", "nested too deeply"),
            (":14", "no text left after removing boilerplate"), (":15", "field 'doc_id' must be a string"),
        ), documents=2),
        # feeds
        Case("missing-fields.xml", _rss([
            _item(text="Ilham Aliyev met Nikol Pashinyan in Washington on 8 August 2025."),            # no title
            _item(title="No date", link="https://example.org/a",
                  text="Ilham Aliyev met Kaja Kallas in Brussels on 16 July 2025."),
            _item(title="Only a title", link="https://example.org/b", date="Tue, 21 Oct 2025 09:00:00 GMT"),
            _item(title="No link", date="Wed, 22 Oct 2025 09:00:00 GMT",
                  text="Ilham Aliyev met Shavkat Mirziyoyev in Tashkent on 21 October 2025."),
            _item(),                                                                                    # nothing
        ]), (("#3", "feed entry without text"), ("#5", "feed entry without text")), documents=3),
        Case("truncated.xml", _rss([
            _item(title="Complete", text="Ilham Aliyev met Sadyr Japarov in Bishkek on 4 September 2025."),
            _item(title="Cut", text="Ilham Aliyev met Serdar Berdimuhamedov in Ashgabat on 5 September 2025."),
        ], truncate=-60), (("#2", "feed entry without text"),), documents=1),
        Case("no-entries.rss", _rss([]), (("", "feed without entries"),)),
        Case("not-a-feed.xml", b"this is not XML at all, just a sentence.", (("", "not a readable feed"),)),
        Case("entity-bomb.xml", bomb, documents=1),
        Case("control-chars.rss", _rss([_item(title="Controls", text=(
            "&lt;p&gt;Ilham Aliyev met Abdel Fattah el-Sisi in Cairo on 2 June 2025.&lt;/p&gt;\x04\x00\x00"
            "&lt;p&gt;More\x1b text&lt;br&gt;here\x07.&lt;/p&gt;"))]), documents=1),      # found by fuzzing
        Case("feedparser-keyerror.rss", b"<channel<item<link</item</link>",                 # found by fuzzing
             (("", "not a readable feed (KeyError"),)),
        Case("surrogates.jsonl", _jsonl(
            b'{"text": "Ilham Aliyev met\\u0000 Vladimir Putin in Sochi on 9 May 2025.\\u001b End."}',
            b'{"text": "Ilham Aliyev met Xi Jinping in Tianjin on 1 September 2025 \\ud800."}',
            b'{"text": "Ilham Aliyev met Shehbaz Sharif in Lahore on 3 March 2025.", '
            b'"title": "Lone \\udc00 surrogate", "doc_id": "id-\\ud83d", "source": "S\\udfff"}',
        ), documents=3),
        # impossible dates and absurd years, in metadata and in the text
        Case("feed-dates.atom", _atom("0000-01-01T00:00:00Z",
                                      "Ilham Aliyev met Vladimir Putin in Moscow yesterday."), documents=1),
        Case("feed-dates.rss", _rss([
            _item(title="Feb 30", date="2025-02-30T10:00:00Z", text="Ilham Aliyev met Xi Jinping yesterday."),
            _item(title="Year 9999", date="Fri, 31 Dec 9999 10:00:00 GMT",
                  text="Ilham Aliyev met Kassym-Jomart Tokayev last week."),
            _item(title="Year 1066", date="1066-10-14T09:00:00Z", text="Ilham Aliyev met Donald Trump on Monday."),
        ]), documents=3),
        Case("metadata-dates.jsonl", _jsonl(
            {"text": "Ilham Aliyev met Vladimir Putin in Baku yesterday.", "published": "0001-01-01"},
            {"text": "Ilham Aliyev met Xi Jinping in Baku last week.", "published": "9999-12-31"},
            {"text": "Ilham Aliyev met Donald Trump in Baku on Tuesday.", "published": "1066-10-14"},
            {"text": "Ilham Aliyev met Recep Tayyip Erdogan in Baku yesterday.", "published": "2025-02-30"},
            {"text": "Ilham Aliyev met Nikol Pashinyan in Baku yesterday.", "published": "31 February 2025"},
        ), documents=5),
        Case("impossible-dates.txt", _article(
            "Ilham Aliyev met Vladimir Putin in Moscow on 31 February 2025. "
            "Ilham Aliyev signed an agreement with Xi Jinping on 2025-02-30. "
            "Ilham Aliyev met Donald Trump on 30/02/2025.").encode(), documents=1),
        Case("absurd-years.txt", (
            "date: 0001-01-01\n\nIlham Aliyev met Vladimir Putin in Moscow in 1066. "
            "Ilham Aliyev met Xi Jinping in Beijing on 1 January 0001. "
            "Ilham Aliyev met Donald Trump in Washington in 9999. "
            "Ilham Aliyev met Kassym-Jomart Tokayev in Astana on 12 May 9999.\n").encode(), documents=1),
    ]


def impossible_day_markers() -> tuple[str, ...]:
    """Phrases in the texts above that name no real day: no event may be dated by them."""
    return ("31 February 2025", "2025-02-30", "30/02/2025", "1066", "0001", "9999")
