"""Find time expressions in English news text and normalise them to intervals.

"October 20-21, 2025" becomes 2025-10-20..2025-10-21 with precision ``day``;
"in April" in an article published in June 2025 becomes 2025-04-01..2025-04-30,
``month``; "in 2023" the whole year, ``year``. Relative expressions ("yesterday",
"last week", "on Tuesday") are resolved against the publication date and
omitted when it is unknown. Expressions that open or close a period rather
than date an event ("by 2027", "until March") are not returned, but for "since": "have met twice
since September 2025" happened between then and the publication date, which is the interval returned.

The rules are compiled regular expressions (:mod:`diplomap.extract.timerules`);
dateparser only reads the few shapes they find but leave to it (two-digit years).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time

from diplomap.extract.timerules import (
    FALLBACK_SOURCES, MAX_YEAR, MIN_YEAR, RULES, Anchor, Interval, Rule, features, interval,
)
from diplomap.models import TimeSpan

__all__ = ["find_time_expressions", "normalise_time"]

log = logging.getLogger(__name__)

# A span right after one of these words bounds a period; it does not date an event.
_BOUNDARY_BEFORE = re.compile(
    r"(?i)\b(?:since|until|till|by|before|after|ahead\s+of|prior\s+to|no\s+later\s+than)"
    r"\s+(?:(?:on|in|the)\s+)?$")
_SINCE_BEFORE = re.compile(r"(?i)\bsince\s+(?:(?:in|the)\s+)?$")
_LOOKBEHIND = 24


def _parse_fallback(match: re.Match, anchor: Anchor) -> Interval | None:
    """Read a span the rules found but cannot read (two-digit years) with dateparser."""
    import dateparser  # deferred: slow to import, and needed only for rare shapes

    # These spans always carry a year; "past" would read "21.10.25" as 1925.
    settings = {"PREFER_DATES_FROM": "current_period", "DATE_ORDER": "DMY",
                "STRICT_PARSING": True}
    if anchor.published is not None:
        settings["RELATIVE_BASE"] = datetime.combine(anchor.published, time())
    text = match["x"].replace("'", "")
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError) as exc:
        log.debug("dateparser could not read %r: %s", text, exc)
        return None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return interval(parsed.date(), parsed.date(), "day")


_ALL_RULES: tuple[Rule, ...] = RULES + tuple(
    Rule(re.compile(source), _parse_fallback, needs, bad_before)
    for source, needs, bad_before in FALLBACK_SOURCES)


def _candidates(text: str, anchor: Anchor) -> list[tuple[int, int, int, Interval | None]]:
    """Every match of every rule: (start, end, rule index, interval or None)."""
    found = []
    present = features(text)
    for index, rule in enumerate(_ALL_RULES):
        if not rule.needs <= present:
            continue
        has_core = "x" in rule.pattern.groupindex
        for match in rule.pattern.finditer(text):
            if _inside_word(text, match.start(), rule.bad_before):
                continue
            start, end = match.span("x") if has_core else match.span()
            found.append((start, end, index, rule.handler(match, anchor)))
    return found


def _inside_word(text: str, start: int, bad_before: str) -> bool:
    if start == 0:
        return False
    before = text[start - 1]
    return before.isalnum() or before == "_" or before in bad_before


def _leftmost_longest(found: list[tuple[int, int, int, Interval | None]]):
    """Non-overlapping matches, left to right; at one start the longest (then first rule).

    A match that names no real date still claims its text, so "31 February 2025"
    does not shrink to "February 2025"; it is dropped afterwards.
    """
    chosen, last_end = [], -1
    for start, end, _index, resolved in sorted(found, key=lambda c: (c[0], c[0] - c[1], c[2])):
        if start >= last_end:
            last_end = end
            if resolved is not None:
                chosen.append((start, end, resolved))
    return chosen


def _opens_a_period(text: str, start: int) -> bool:
    return _SINCE_BEFORE.search(text, max(0, start - _LOOKBEHIND), start) is not None


def _bounds_a_period(text: str, start: int) -> bool:
    return _BOUNDARY_BEFORE.search(text, max(0, start - _LOOKBEHIND), start) is not None


def find_time_expressions(
    text: str,
    published: date | None = None,
    *,
    base: int = 0,
    default_year: int | None = None,
) -> list[TimeSpan]:
    """Every time expression in ``text``, left to right, normalised to an interval.

    ``published`` anchors relative expressions ("yesterday", "last week") and
    year-less dates; ``default_year``, when given, is the year of year-less dates
    instead (a year stated earlier in the document). Matches never overlap: where
    two start together the longer wins. ``char_start``/``char_end`` are offsets
    into ``text`` plus ``base``. Expressions that cannot be anchored, impossible
    dates and years outside 1900-2100 are left out; nothing is raised.
    """
    if isinstance(published, datetime):
        published = published.date()
    if published is not None and not MIN_YEAR <= published.year <= MAX_YEAR:
        published = None  # a bogus publication date anchors nothing
    anchor = Anchor(published, default_year)
    spans = []
    for start, end, (first, last, precision) in _leftmost_longest(_candidates(text, anchor)):
        if _opens_a_period(text, start) and published is not None and first <= published:
            last = published                # "since September 2025": from then to the publication date
        elif _bounds_a_period(text, start) or not (MIN_YEAR <= first.year and last.year <= MAX_YEAR):
            continue
        spans.append(TimeSpan(first, last, precision, start + base, end + base, text[start:end]))
    return spans


def normalise_time(
    expression: str,
    published: date | None = None,
    *,
    default_year: int | None = None,
) -> TimeSpan | None:
    """The longest time expression in ``expression`` (a bare "April" or "2023" included).

    Offsets are into ``expression``. None when it holds no expression that can be
    resolved.
    """
    for prefix in ("", "in "):
        spans = find_time_expressions(
            prefix + expression, published, base=-len(prefix), default_year=default_year)
        if spans:
            return max(spans, key=lambda span: span.char_end - span.char_start)
    return None
