"""Publication dates: parse metadata values and find a date stated near the top of a text.

Precedence (DESIGN.md, ingest): metadata, else the ``--pub-date`` option, else a date
stated in the text, else unknown. :func:`resolve_published` applies it and says which
source won (``"metadata"``, ``"option"``, ``"text"`` or ``None``).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

logger = logging.getLogger(__name__)

HEAD_CHARS = 600  # a stated date counts only near the top of the text
# Publication years outside these are bogus metadata (0001-01-01 placeholders, 9999-12-31
# "never"); the same bounds as time normalisation, which anchors nothing on such a date.
MIN_YEAR, MAX_YEAR = 1900, 2100

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Month-name dates, the year optional: "October 7, 2025", "Oct. 7", "7 October 2025".
_NAMED_DATES = (
    re.compile(rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", re.IGNORECASE),
    re.compile(rf"{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?", re.IGNORECASE),
)
_ISO_DATE = re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)")
_NUMERIC_DATE = re.compile(r"(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)")

# "Date: 21 October 2025", "published: 2025-10-21", "Posted on Oct 7, 2025"
_DATE_LINE = re.compile(
    r"^\s*(?:date|published|posted|updated|last updated)(?:\s+on)?\s*[:\-–—]?\s*(?P<value>.+)$",
    re.IGNORECASE,
)
# "BAKU, Oct 7 (Reuters) —", "BAKU, October 7, 2025 —", "Baku, Azerbaijan, 7 October 2025:"
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z](?:[^\W\d_]|[.'’\- ]){1,40}(?:,\s*[A-Z](?:[^\W\d_]|[.'’\- ]){1,30})?),\s+"
    r"(?P<when>[\w.,\s]{3,30}?)\s*(?:\((?P<agency>[^()]{2,40})\))?\s*[—–:\-]"
)


def parse_date_value(value: object) -> date | None:
    """A metadata date (``date``, ``datetime``, ``YYYY-MM-DD`` or ISO datetime) or None.

    None too for a date outside MIN_YEAR..MAX_YEAR (see :func:`plausible`).
    """
    if isinstance(value, datetime):
        return plausible(value.date())
    if isinstance(value, date):
        return plausible(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        found = date.fromisoformat(text[:10]) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        found = parse_date_phrase(text)
    return plausible(found)


def plausible(day: date | None) -> date | None:
    """``day`` when its year is within MIN_YEAR..MAX_YEAR, else None."""
    return day if day is not None and MIN_YEAR <= day.year <= MAX_YEAR else None


def parse_date_phrase(text: str, year: int | None = None, whole: bool = False) -> date | None:
    """A calendar date at the start of ``text`` (all of it when ``whole``).

    Accepts ISO dates, ``DD.MM.YYYY`` and month-name dates in either order; a missing
    year is taken from ``year``. Returns None when no complete, valid date can be formed.
    """
    text = text.strip().rstrip(".")
    for pattern in (_ISO_DATE, _NUMERIC_DATE, *_NAMED_DATES):
        match = pattern.fullmatch(text) if whole else pattern.match(text)
        if match:
            return _build_date(match, year)
    return None


def _build_date(match: re.Match, year: int | None) -> date | None:
    raw_month = match.group("month")
    month = int(raw_month) if raw_month.isdigit() else _MONTHS[raw_month.lower()[:3]]
    stated_year = match.group("year")
    chosen_year = int(stated_year) if stated_year else year
    if chosen_year is None:
        return None
    try:
        return date(chosen_year, month, int(match.group("day")))
    except ValueError:
        return None


def date_from_text(text: str, year: int | None = None) -> date | None:
    """A publication date stated in the first ``HEAD_CHARS`` characters of ``text``.

    Looks, line by line, for a date line ("Date: 21 October 2025", "Published: ...")
    a news dateline ("BAKU, October 7, 2025 —", "BAKU, Oct 7 (Reuters) —") or a line
    that is only a full date. A dateline without a year uses ``year``; without one it
    is not used.
    """
    for line in text[:HEAD_CHARS].splitlines():
        alone = parse_date_phrase(line, whole=True)
        if alone:
            return alone
        labelled = _DATE_LINE.match(line)
        if labelled:
            found = parse_date_phrase(labelled.group("value"), year)
            if found:
                return found
        dateline = _DATELINE.match(line)
        if dateline:
            found = parse_date_phrase(dateline.group("when"), year)
            if found:
                return found
    return None


def resolve_published(
    text: str, metadata: date | None = None, option: date | None = None
) -> tuple[date | None, str | None]:
    """The publication date and where it came from: metadata, option, text or None."""
    if metadata is not None:
        return metadata, "metadata"
    if option is not None:
        return option, "option"
    stated = date_from_text(text)
    if stated is not None:
        return stated, "text"
    return None, None
