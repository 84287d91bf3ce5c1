"""Remove repeated boilerplate from an article's text, so it adds no events.

Removed: trailer lines ("Leave a Comment", "Subscribe to our newsletter", "Find the
original article here", photo credits ...), a "Related news"/"Read more" section in the
second half of the text (with everything after it), and any paragraph that repeats an
earlier paragraph exactly or with at least 90% of its words. Paragraphs are lines,
except that a hard-wrapped block (lines that do not end sentences) counts as one.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass

logger = logging.getLogger(__name__)

NEAR_DUPLICATE = 0.9       # share of a paragraph's words found in one earlier paragraph
MIN_NEAR_TOKENS = 8        # shorter paragraphs must repeat exactly
MAX_TRAILER_CHARS = 150

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)»]\s*$")
# A heading that opens a list of other articles: everything after it goes.
_SECTION_HEADING = re.compile(
    r"^(?:related(?: news| articles| stories| posts| content)?|read (?:more|also)|also read|"
    r"more (?:news|stories|on this(?: topic)?)|see also|you (?:may|might) also like|"
    r"recommended(?: for you)?|latest news|most (?:read|popular)|popular (?:news|posts))\s*:?$",
    re.IGNORECASE,
)
# A single line of site furniture.
_TRAILER_LINE = re.compile(
    r"^(?:subscribe to|sign up (?:for|to)|find the original article|leave a (?:comment|reply)|"
    r"share (?:this|on)|follow us|click here|read (?:more|also)\s*[:|»>]|also read\s*:|"
    r"photo(?: credit)?s?\s*:|image(?: credit)?s?\s*:|source of (?:the )?photo|advertisement$|"
    r"all rights reserved|copyright\b|©)",
    re.IGNORECASE,
)


@dataclass
class _Unit:
    """A paragraph: the line range it covers and its words."""

    first: int
    last: int          # exclusive
    start: int         # character offset of the first line
    text: str
    tokens: list[str]


def strip_boilerplate(text: str, title: str | None = None) -> str:
    """``text`` without trailers, related-news sections and repeated paragraphs.

    A paragraph equal to ``title`` is dropped unless it is the first paragraph. Returns
    ``text`` unchanged when nothing is removed.
    """
    lines = text.split("\n")
    units = _paragraphs(lines)
    keep = _select(units, len(text), title)
    if len(keep) == len(units):
        return text
    kept_lines = [line for unit in keep for line in lines[unit.first:unit.last]]
    logger.debug("removed %d boilerplate paragraph(s)", len(units) - len(keep))
    # Removing a paragraph can leave its blank-line separators side by side.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept_lines)).strip("\n")


def _paragraphs(lines: list[str]) -> list[_Unit]:
    """Blank lines stay as their own (empty) units so the layout survives."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    units: list[_Unit] = []
    index = 0
    while index < len(lines):
        end = index + 1
        if lines[index].strip():
            while end < len(lines) and lines[end].strip():
                end += 1
        units.extend(_split_block(lines, starts, index, end))
        index = end
    return units


def _split_block(lines: list[str], starts: list[int], first: int, last: int) -> list[_Unit]:
    block = lines[first:last]
    inner = block[:-1]
    wrapped = len(block) > 1 and sum(bool(_SENTENCE_END.search(x)) for x in inner) * 2 < len(inner)
    if wrapped:
        text = " ".join(x.strip() for x in block)
        return [_Unit(first, last, starts[first], text, _tokens(text))]
    return [
        _Unit(i, i + 1, starts[i], lines[i].strip(), _tokens(lines[i])) for i in range(first, last)
    ]


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _select(units: list[_Unit], total_chars: int, title: str | None) -> list[_Unit]:
    """The units to keep, in order."""
    title_key = " ".join(_tokens(title)) if title else None
    keep: list[_Unit] = []
    seen = _SeenParagraphs()
    for unit in units:
        if not unit.tokens:
            keep.append(unit)
            continue
        if _SECTION_HEADING.match(unit.text) and unit.start * 2 >= total_chars:
            break
        if _is_trailer(unit.text):
            continue
        key = " ".join(unit.tokens)
        is_title = key == title_key and any(u.tokens for u in keep)
        if is_title or seen.repeats(unit.tokens, key):
            continue
        seen.add(unit.tokens, key)
        keep.append(unit)
    return keep


def _is_trailer(text: str) -> bool:
    if len(text) > MAX_TRAILER_CHARS:
        return False
    return bool(_TRAILER_LINE.match(text) or _SECTION_HEADING.match(text))


class _SeenParagraphs:
    """Earlier paragraphs, indexed by word, for exact and near-duplicate lookups."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.words: list[frozenset[str]] = []
        self.counts: list[Counter] = []
        self.postings: dict[str, list[int]] = {}

    def add(self, tokens: list[str], key: str) -> None:
        self.keys.add(key)
        index = len(self.counts)
        self.words.append(frozenset(tokens))
        self.counts.append(Counter(tokens))
        for token in self.words[index]:
            self.postings.setdefault(token, []).append(index)

    def repeats(self, tokens: list[str], key: str) -> bool:
        if key in self.keys:
            return True
        if len(tokens) < MIN_NEAR_TOKENS:
            return False
        missing = len(tokens) - math.ceil(NEAR_DUPLICATE * len(tokens))
        words = frozenset(tokens)
        # At most `missing` words may be absent from a near duplicate, so it holds at
        # least one of any missing + 1 distinct words: look only at the rarest ones.
        rarest = sorted(words, key=lambda t: len(self.postings.get(t, ())))[: missing + 1]
        candidates = {i for t in rarest for i in self.postings.get(t, ())}
        mine = Counter(tokens)
        return any(
            len(words & self.words[i]) >= len(words) - missing
            and sum((mine & self.counts[i]).values()) >= len(tokens) - missing
            for i in candidates
        )
