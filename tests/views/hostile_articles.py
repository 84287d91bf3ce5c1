"""Invented news items whose text, titles, sources and links carry what a hostile page would.

Each payload that could run sets ``window.__pwned`` to its own number, so a browser test
can say which one ran. They sit in the sentences that report events (so they reach every
evidence view), and in the title, source and URL fields where the readers keep them.
Written for these tests; no real article.
"""

from __future__ import annotations

import json

RLO, PDF = "\u202e", "\u202c"                          # right-to-left override, pop directional formatting
ZERO_WIDTH = ("\u200b", "\u200d", "\ufeff")            # the readers drop these from text and titles

# A plain-text article: markup, entities, javascript: links and bidi controls in event sentences.
FERRY = (
    "Baku and Astana agree on a rail and ferry route\n"
    "date: 2025-06-05\n\n"
    "\ufeffPresident Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana on 14 May 2025, "
    "and the readout <script>window.__pwned = 1</script> listed rail, grain and ferry links.\n\n"
    "The two presidents sig\u200bned a declaration on strategic partnership in Astana on 14 May 2025 "
    "<img src=x onerror=\"window.__pwned = 2\"> after talks that ran past midnight.\n\n"
    "Ilham Aliyev held talks with Chinese President Xi Jinping in Beijing on 20 May 2025 about "
    "&lt;script&gt;window.__pwned = 3&lt;/script&gt; tariffs &amp; transit fees.\n\n"
    "Vladimir Putin held a telephone conversation with Ilham Aliyev on 28 May 2025, and the Kremlin "
    "posted the readout at javascript:window.__pwned=4 and <a href=\"javascript:window.__pwned=5\">here</a>.\n\n"
    f"Recep Tayyip Erdogan met Ilham Aliyev in Gabala on 2 June 2025, the Turkish side said\u200d "
    f"{RLO}gnp.exe.\n"
)

# A JSONL item: the reader keeps title, source and URL as given (but for zero-width characters in the title).
WIRE = {
    "doc_id": "hostile-wire",
    "title": f"Dushanbe readout <script>window.__pwned = 8</script> &amp; {RLO}gnp.exe",
    "url": f"javascript:window.__pwned = 9//{RLO}https://example.org",
    "source": "<img src=x onerror=\"window.__pwned = 10\">Wire\u200b",
    "published": "2025-10-10",
    "text": ("Ilham Aliyev met Vladimir Putin in Dushanbe on 9 October 2025, and the readout said "
             "</script><svg onload=\"window.__pwned = 11\"> nothing more."),
}

# An HTML page: entities in its title and text become literal markup in the document; its own
# script, event handler and javascript: canonical link must not survive as such.
ABU_DHABI = """<!doctype html><html><head>
<title>Aliyev in Abu Dhabi &lt;img src=x onerror=window.__pwned=12&gt;</title>
<link rel="canonical" href="javascript:window.__pwned=14">
<script>window.__pwned = 15</script></head>
<body><article><h1>Aliyev in Abu Dhabi &lt;img src=x onerror=window.__pwned=12&gt;</h1>
<p>Published 12 March 2025.</p>
<p>President Ilham Aliyev met the president of the United Arab Emirates in Abu Dhabi on 11 March 2025,
and the two sides signed an energy agreement &lt;script&gt;window.__pwned = 13&lt;/script&gt; worth billions.</p>
<p>The UAE and Azerbaijan agreed to cooperate on solar power in Abu Dhabi on 11 March 2025
<b onmouseover="window.__pwned = 16">quickly</b>.</p>
</article></body></html>
"""

FILES = {"ferry.txt": FERRY, "wire.jsonl": json.dumps(WIRE) + "\n", "abu-dhabi.html": ABU_DHABI}

# Every payload, by the number it would set; what the test counts as tried.
PAYLOADS = {
    1: "<script> in a sentence", 2: "<img onerror> in a sentence", 3: "&lt;script&gt; entities in a sentence",
    4: "a bare javascript: URL in a sentence", 5: "<a href=javascript:> in a sentence",
    6: "an unclosed right-to-left override in a sentence", 7: "zero-width characters in a sentence",
    8: "<script> and an override in a title", 9: "a javascript: URL with an override as the document's URL",
    10: "<img onerror> and a zero-width space as the source", 11: "</script><svg onload> in a sentence",
    12: "entity-escaped <img onerror> in an HTML title", 13: "entity-escaped <script> in an HTML paragraph",
    14: "a javascript: canonical link", 15: "a <script> element in the page", 16: "an onmouseover attribute in the page",
}
# Markup that must reach the views as text, from the sentences and titles the store keeps.
LITERALS = [
    "<script>window.__pwned = 1</script>", '<img src=x onerror="window.__pwned = 2">',
    "&lt;script&gt;window.__pwned = 3&lt;/script&gt; tariffs &amp; transit fees",
    "javascript:window.__pwned=4", '<a href="javascript:window.__pwned=5">here</a>',
    f"{RLO}gnp.exe", '</script><svg onload="window.__pwned = 11">',
    "<script>window.__pwned = 13</script>", "Dushanbe readout <script>window.__pwned = 8</script> &amp; ",
    "Aliyev in Abu Dhabi <img src=x onerror=window.__pwned=12>",
]
