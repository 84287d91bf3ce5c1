"""Patterns and calendar arithmetic behind :mod:`diplomap.extract.timexpr`.

Each rule is a compiled pattern and a handler that turns its match into an
interval ``(start, end, precision)``, or ``None`` when the match names no real
date (31 February, a year outside 1900-2100) or nothing anchors it (a month
with no year and no publication date). Where a pattern has a group ``x``, that
group is the expression proper; what it matched around it (a preposition) is
context only.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from diplomap.nlp.lexicon import time_words

MIN_YEAR, MAX_YEAR = 1900, 2100
# A year-less month up to this many months after the publication month is the
# coming one; a later month is the previous year's (news mostly reports the past).
FUTURE_MONTHS = 2

Interval = tuple[date, date, str]


def _numbers(kind: str) -> dict[str, int]:
    return {word: int(value) for word, value in time_words(kind).items()}


def _bounds(value: str) -> tuple[int, int]:
    """'1..10' -> (1, 10)."""
    first, _, last = value.partition("..")
    return int(first), int(last)


# The time grammar's words (lang/en/time_words.tsv): names with their numbers, parts of periods.
MONTHS = _numbers("month")
WEEKDAYS = _numbers("weekday")
NUMBERS = _numbers("number")
REL_DAYS = _numbers("relative_day")
SEASONS = _numbers("season")
# Part of a month -> (first day, last day); a first day <= 0 counts back from the month's end.
MONTH_PARTS = {word: _bounds(value) for word, value in time_words("month_part").items()}
_Q = {word: _bounds(value) for word, value in time_words("quarter").items()}
# Part of a year -> (first month, last month, precision): halves and thirds are year
# precision, quarters month precision.
YEAR_PARTS = {
    **{word: (*_bounds(value.split()[0]), value.split()[1]) for word, value in time_words("year_part").items()},
    **{f"{word} quarter": (*months, "month") for word, months in _Q.items()},
    **{f"q{i}": (3 * i - 2, 3 * i, "month") for i in range(1, 5)},
    **{f"{n} quarter": (3 * i - 2, 3 * i, "month")
       for i, n in enumerate(("1st", "2nd", "3rd", "4th"), 1)},
}
_PART_FILLER = frozenset(time_words("part_filler"))
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Anchor:
    """What year-less and relative expressions are resolved against."""

    published: date | None = None
    default_year: int | None = None

    def year_for(self, month: int) -> int | None:
        """The year of ``month`` named without one, or None when nothing anchors it."""
        if self.default_year is not None:
            return self.default_year
        pub = self.published
        if pub is None:
            return None
        ahead = (month - pub.month) % 12
        if 0 < ahead <= FUTURE_MONTHS:
            return pub.year + (month < pub.month)
        return pub.year - (month > pub.month)


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist or the year is out of range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def interval(start: date | None, end: date | None, precision: str) -> Interval | None:
    if start is None or end is None or start > end:
        return None
    return start, end, precision


def span_months(y1: int, m1: int, y2: int, m2: int, precision: str) -> Interval | None:
    """From the first day of month m1/y1 to the last day of month m2/y2."""
    return interval(make_date(y1, m1, 1), month_end(y2, m2), precision)


def _shift_month(day: date, shift: int) -> tuple[int, int]:
    year, month0 = divmod(day.year * 12 + day.month - 1 + shift, 12)
    return year, month0 + 1


def _clip(span: Interval | None, day: date, rel: str) -> Interval | None:
    """"earlier this month" ends on ``day``, "later this month" starts on it."""
    if span and rel == "earlier this":
        return interval(span[0], day, span[2])
    if span and rel == "later this":
        return interval(day, span[1], span[2])
    return span


_STEP = {"last": -1, "next": 1}


def _week(day: date, rel: str = "this") -> Interval | None:
    """Monday to Sunday of the week of ``day`` (``rel`` last/next: the week before/after)."""
    monday = day - timedelta(day.weekday() - 7 * _STEP.get(rel, 0))
    return _clip(interval(monday, monday + timedelta(6), "day"), day, rel)


def _month(day: date, rel: str = "this", shift: int = 0) -> Interval | None:
    year, month = _shift_month(day, shift + _STEP.get(rel, 0))
    return _clip(span_months(year, month, year, month, "month"), day, rel)


def _year(day: date, rel: str = "this", shift: int = 0) -> Interval | None:
    year = day.year + shift + _STEP.get(rel, 0)
    return _clip(span_months(year, 1, year, 12, "year"), day, rel)


def _weekend(day: date, rel: str) -> Interval | None:
    monday = day - timedelta(day.weekday())
    if rel in ("this", "next"):
        saturday = monday + timedelta(5 if rel == "this" else 12)
    elif rel == "last":
        saturday = monday - timedelta(2)
    else:  # "over the weekend": the latest Saturday on or before ``day``
        saturday = day - timedelta((day.weekday() - 5) % 7)
    return interval(saturday, saturday + timedelta(1), "day")


def _ordinal(text: str) -> int:
    return int(text.rstrip("stndrh"))


def _month_no(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _part_key(text: str) -> str:
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in _PART_FILLER)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _end_year(g: dict, month: int, anchor: Anchor) -> int | None:
    text = g.get("y2") or g.get("y1")
    return int(text) if text else anchor.year_for(month)


def days(match: re.Match, anchor: Anchor) -> Interval | None:
    """Single days and day ranges written with month names."""
    g = match.groupdict()
    m1, m2 = _month_no(g.get("m1") or g["m2"]), _month_no(g.get("m2") or g["m1"])
    d1, d2 = _ordinal(g["d1"]), _ordinal(g.get("d2") or g["d1"])
    y2 = _end_year(g, m2, anchor)
    if y2 is None:
        return None
    y1 = int(g["y1"]) if g.get("y1") and g.get("y2") else y2 - (m1 > m2)
    return interval(make_date(y1, m1, d1), make_date(y2, m2, d2), "day")


def iso_date(match: re.Match, anchor: Anchor) -> Interval | None:
    day = make_date(int(match["y"]), int(match["mo"]), int(match["d"]))
    return interval(day, day, "day")


def numeric_date(match: re.Match, anchor: Anchor) -> Interval | None:
    """Day-first numeric dates; month-first only where day-first is impossible."""
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    day = make_date(year, b, a) or make_date(year, a, b)
    return interval(day, day, "day")


def months(match: re.Match, anchor: Anchor) -> Interval | None:
    """Months, month ranges and parts of a month (late May, the end of March 2025)."""
    g = match.groupdict()
    m1, m2 = _month_no(g["m1"]), _month_no(g.get("m2") or g["m1"])
    if g.get("yrel"):              # "May last year", "in March this year"
        if anchor.published is None:
            return None
        year = anchor.published.year + {"last": -1, "this": 0, "next": 1}[g["yrel"].lower()]
    elif g.get("rel"):
        year = _relative_month_year(g["rel"].lower(), m1, anchor.published)
    else:
        year = _end_year(g, m2, anchor)
    if year is None:
        return None
    if g.get("part"):
        bounds = MONTH_PARTS.get(_part_key(g["part"]))
        end = month_end(year, m1)
        if bounds is None or end is None:
            return None
        first = bounds[0] if bounds[0] > 0 else end.day + bounds[0]
        last = min(bounds[1], end.day)
        return interval(make_date(year, m1, first), make_date(year, m1, last), "month")
    return span_months(year - (m1 > m2), m1, year, m2, "month")


def _relative_month_year(rel: str, month: int, pub: date | None) -> int | None:
    if pub is None:
        return None
    if rel == "this":
        return pub.year
    if rel == "next":
        return pub.year + (month <= pub.month)
    return pub.year - (month >= pub.month)


def years(match: re.Match, anchor: Anchor) -> Interval | None:
    """Years, year ranges and parts of a year (the first half of 2025, Q1 2025)."""
    g = match.groupdict()
    y1 = int(g["y1"])
    y2 = int(g.get("y2") or y1)
    if not g.get("part"):
        return span_months(y1, 1, y2, 12, "year")
    bounds = YEAR_PARTS.get(_part_key(g["part"]))
    return span_months(y1, bounds[0], y1, bounds[1], bounds[2]) if bounds else None


def decades(match: re.Match, anchor: Anchor) -> Interval | None:
    first = int(match["dec"])
    return span_months(first, 1, first + 9, 12, "year")


def _season(year: int, first: int) -> Interval | None:
    """The meteorological season starting in month ``first``; winter Y is Dec Y-1 to Feb Y."""
    start_year = year - (first == 12)
    last = (first + 1) % 12 + 1
    return span_months(start_year, first, start_year + (last < first), last, "month")


def seasons(match: re.Match, anchor: Anchor) -> Interval | None:
    g = match.groupdict()
    first = SEASONS[g["season"].lower()]
    if g.get("y1"):
        return _season(int(g["y1"]), first)
    pub = anchor.published
    if pub is None or (anchor.default_year is not None and not g.get("rel")):
        year = anchor.default_year
        return _season(year, first) if year is not None else None
    year = pub.year + (first == 12 and pub.month > 2)
    this = _season(year, first)
    rel = (g.get("rel") or "this").lower()
    if this and rel == "last" and this[1] >= pub:
        year -= 1
    elif this and rel == "next" and this[0] <= pub:
        year += 1
    return _season(year, first)


def relative_days(match: re.Match, anchor: Anchor) -> Interval | None:
    if anchor.published is None:
        return None
    day = anchor.published + timedelta(REL_DAYS[_key(match["x"])])
    return interval(day, day, "day")


def relative_units(match: re.Match, anchor: Anchor) -> Interval | None:
    """last/this/next/earlier this/later this week, month, year, weekend."""
    pub = anchor.published
    if pub is None:
        return None
    rel, unit = _key(match["rel"]), match["unit"].lower()
    return {"week": _week, "month": _month, "year": _year, "weekend": _weekend}[unit](pub, rel)


def recent_weekend(match: re.Match, anchor: Anchor) -> Interval | None:
    return _weekend(anchor.published, "") if anchor.published else None


def ago(match: re.Match, anchor: Anchor) -> Interval | None:
    """N days/weeks/months/years ago: that day, or the week, month or year it falls in."""
    pub = anchor.published
    if pub is None:
        return None
    text = match["n"].lower()
    n = NUMBERS[text] if text in NUMBERS else int(text)
    unit = match["unit"].lower()
    if unit == "day":
        return interval(pub - timedelta(n), pub - timedelta(n), "day")
    if unit == "week":
        return _week(pub - timedelta(7 * n))
    return _month(pub, shift=-n) if unit == "month" else _year(pub, shift=-n)


def _weekday_date(pub: date, weekday: int, rel: str) -> date:
    if rel == "next":
        return pub + timedelta((weekday - pub.weekday()) % 7 or 7)
    if rel == "this":
        return pub + timedelta(weekday - pub.weekday())
    back = (pub.weekday() - weekday) % 7
    if rel in ("last", "past"):
        back = back or 7
    return pub - timedelta(back)


def weekdays(match: re.Match, anchor: Anchor) -> Interval | None:
    """A weekday (or two): the latest such day on or before publication, unless last/next/this."""
    pub = anchor.published
    if pub is None:
        return None
    w1 = WEEKDAYS[match["w1"].lower()]
    w2 = WEEKDAYS[(match["w2"] or match["w1"]).lower()]
    if match["week"]:  # Tuesday of last week
        end = _week(pub, match["week"].lower())[0] + timedelta(w2)
    else:
        end = _weekday_date(pub, w2, (match["rel"] or "").lower())
    return interval(end - timedelta((end.weekday() - w1) % 7), end, "day")


Handler = Callable[[re.Match, Anchor], "Interval | None"]


@dataclass(frozen=True)
class Rule:
    """A pattern, its handler, and the text features without which it cannot match.

    Patterns start with a plain alternation of literals where they can, which lets
    the regex engine skip ahead; the word boundary before a match is checked by
    the caller (``bad_before`` adds characters that may not precede it either).
    """

    pattern: re.Pattern
    handler: Handler
    needs: frozenset[str]
    bad_before: str = ""


def _cap(words: str) -> str:
    """Each alternative as written and with a capital first letter."""
    return "|".join(f"{w}|{w[0].upper()}{w[1:]}" for w in words.split("|"))


def _names(kind: str) -> list[str]:
    """A kind's words with a capital, longest first (so 'Sept' is tried before 'Sep')."""
    return sorted((w[0].upper() + w[1:] for w in time_words(kind)), key=len, reverse=True)


_FULL_MONTHS = {max((w for w, n in MONTHS.items() if n == number), key=len) for number in set(MONTHS.values())}
_MONTH = "|".join(
    [rf"{m}\b" for m in _names("month") if m.lower() in _FULL_MONTHS]
    + [rf"{m}\b\.?" for m in _names("month") if m.lower() not in _FULL_MONTHS])
_WEEKDAY = "|".join(_names("weekday"))
_SEASON = "(?P<season>" + "|".join(w for name in _names("season") for w in (name, name.lower())) + ")"
_RANGE = r"(?:\s*[-–—]\s*|\s+(?:to|until|till|through)\s+)"
_RANGE_AND = r"(?:\s*[-–—]\s*|\s+(?:to|until|till|through|and)\s+)"
_REL = _cap("last|this|next")
_PART_PHRASES = (r"beginning|start|end|middle|first\s+half|second\s+half|first\s+ten\s+days"
                 r"|last\s+ten\s+days|first\s+week|second\s+week|third\s+week|fourth\s+week"
                 r"|last\s+week|first\s+quarter|second\s+quarter|third\s+quarter"
                 r"|fourth\s+quarter|last\s+quarter|1st\s+quarter|2nd\s+quarter|3rd\s+quarter"
                 r"|4th\s+quarter")
_PART = "(?P<part>" + "|".join(
    [rf"{w}(?:\s+|-)" for w in _cap("early|late|mid").split("|")]
    + [rf"{w}\s+(?:very\s+)?(?:{_PART_PHRASES})\s+of\s+" for w in ("the", "The")]
    + [rf"{w}\s+of\s+" for w in _cap(_PART_PHRASES).split("|")]) + ")"
_PREP_MONTH = rf"(?:{_cap('in|during|throughout|that')}|of)\s+(?:the\s+month\s+of\s+)?"
_PREP_YEAR = "(?:" + _cap(r"in|during|throughout|since|the\s+year") + r"|year)\s+"
_PREP_SEASON = _cap("in|during|throughout|over")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_NOT_A_DATE_BEFORE = re.compile(r"\b(?:Good|Black|Super|Cyber)\s+$")


def _m(name: str) -> str:
    return rf"(?P<{name}>{_MONTH})"


def _d(name: str) -> str:
    # Any one or two digits: "32 October" must claim its text and then be rejected.
    return rf"(?P<{name}>\d\d?(?:st|nd|rd|th)?)\b"


def _y(name: str) -> str:
    return rf"(?P<{name}>\d\d\d\d)\b(?![.,]\d)"


def _yopt(name: str) -> str:
    return rf"(?:,?\s+{_y(name)})?"


def _after(pattern: re.Pattern, match: re.Match) -> bool:
    """Whether ``pattern`` (anchored with ``$``) matches the text just before ``match``."""
    return pattern.search(match.string, max(0, match.start() - 12), match.start()) is not None


def units_not_after_the(match: re.Match, anchor: Anchor) -> Interval | None:
    """"last year", but not "over the last year" (a duration, not a date)."""
    return None if _after(_THE_BEFORE, match) else relative_units(match, anchor)


def weekdays_not_named_days(match: re.Match, anchor: Anchor) -> Interval | None:
    """A weekday, but not "Good Friday" or "Super Tuesday"."""
    return None if _after(_NOT_A_DATE_BEFORE, match) else weekdays(match, anchor)


_WD = rf"(?:{_WEEKDAY}),?\s+"
_DATE_MD = rf"{_m('m1')}\s+(?:the\s+)?{_d('d1')}{_yopt('y1')}"           # October 21, 2025
_DATE_DM = rf"{_d('d1')}\s+(?:of\s+)?{_m('m1')}{_yopt('y1')}"             # 21(st) (of) October
_DIGIT_MONTH, _MONTH_ONLY = frozenset({"digit", "month"}), frozenset({"month"})

_RULE_SOURCES: tuple[tuple[str, Handler, frozenset[str] | set[str], str], ...] = (
    # October 30 - November 2, 2025
    (rf"{_m('m1')}\s+{_d('d1')}{_yopt('y1')}{_RANGE}{_m('m2')}\s+{_d('d2')}{_yopt('y2')}",
     days, _DIGIT_MONTH, ""),
    # 30 October - 2 November 2025
    (rf"{_d('d1')}\s+{_m('m1')}{_yopt('y1')}{_RANGE}{_d('d2')}\s+{_m('m2')}{_yopt('y2')}",
     days, _DIGIT_MONTH, ""),
    (rf"{_m('m1')}\s+{_d('d1')}{_RANGE_AND}{_d('d2')}{_yopt('y2')}", days, _DIGIT_MONTH, ""),
    (rf"{_d('d1')}{_RANGE_AND}{_d('d2')}\s+(?:of\s+)?{_m('m2')}{_yopt('y2')}", days, _DIGIT_MONTH, ""),
    (_DATE_MD, days, _DIGIT_MONTH, ""),
    (_DATE_DM, days, _DIGIT_MONTH, ""),
    (_WD + _DATE_MD, days, _DIGIT_MONTH | {"day"}, ""),  # Tuesday, October 21, 2025
    (_WD + _DATE_DM, days, _DIGIT_MONTH | {"day"}, ""),
    (r"(?P<y>\d\d\d\d)-(?P<mo>\d\d?)-(?P<d>\d\d?)(?![\d-])", iso_date, {"digit"}, "-"),
    (r"(?P<a>\d\d?)(?P<sep>[./-])(?P<b>\d\d?)(?P=sep)(?P<y>\d\d\d\d)\b(?![.,/-]?\d)",
     numeric_date, {"digit"}, "./-"),
    (rf"{_PART}{_m('m1')}(?:,?\s+(?:of\s+)?{_y('y1')})?", months, {"part", "month"}, ""),
    (rf"{_m('m1')}(?:\s+of)?,?\s+{_y('y1')}", months, _DIGIT_MONTH, ""),  # April 2025
    (rf"{_m('m1')}{_RANGE_AND}{_m('m2')},?\s+{_y('y2')}", months, _DIGIT_MONTH, ""),  # May-June 2025
    (rf"(?P<x>{_PART}?{_m('m1')}\s+(?:of\s+)?(?P<yrel>{_REL})\s+year)\b", months, _MONTH_ONLY, ""),  # May last year
    (rf"{_PREP_MONTH}(?P<x>{_m('m1')}{_RANGE_AND}{_m('m2')})", months, _MONTH_ONLY, ""),
    (rf"{_PREP_MONTH}(?P<x>{_m('m1')})", months, _MONTH_ONLY, ""),  # in April
    (rf"(?<=, )(?P<x>{_m('m1')})(?=:)", months, _MONTH_ONLY, ""),  # "- New York, September: ..." (a list item)
    (rf"(?P<x>(?P<rel>{_REL})\s+{_m('m1')})", months, _MONTH_ONLY, ""),  # last April
    (rf"{_PART}{_y('y1')}", years, {"part", "digit"}, ""),  # the first half of 2025
    (rf"(?P<part>Q[1-4]|H[12])\s+(?:of\s+)?{_y('y1')}", years, {"digit"}, ""),  # Q1 2025
    (rf"{_PREP_YEAR}(?P<x>{_y('y1')}(?:{_RANGE_AND}{_y('y2')})?)", years, {"digit"}, ""),
    (r"(?P<x>(?P<dec>19\d0|20\d0)s)\b", decades, {"digit"}, ""),  # (the) 1990s
    (rf"(?P<x>{_SEASON}(?:\s+of)?,?\s+{_y('y1')})", seasons, {"season", "digit"}, ""),
    (rf"(?P<x>(?P<rel>{_REL})\s+{_SEASON})\b", seasons, {"season"}, ""),
    (rf"(?:{_PREP_SEASON})\s+(?P<x>(?:the\s+)?(?P<season>spring|summer|autumn|winter))\b",
     seasons, {"season"}, ""),
    (r"(?P<x>" + _cap(r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday"
                      r"|earlier\s+today|today|tonight|tomorrow|this\s+morning|this\s+afternoon|this\s+evening")
     + r")\b", relative_days, {"day"}, ""),
    ("(?P<x>(?P<rel>" + _cap(r"earlier\s+this|later\s+this|last|this|next") + r")\s+"
     r"(?P<unit>week|month|year|weekend)\b)", units_not_after_the, {"unit"}, ""),
    (rf"(?:{_cap('over|at|during')})\s+(?P<x>the\s+weekend)\b", recent_weekend, {"unit"}, ""),
    (rf"(?P<x>(?P<n>\d\d?|{_cap('an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve')})"
     r"\s+(?P<unit>day|week|month|year)s?\s+ago)\b", ago, {"ago"}, ""),
    (rf"(?P<x>(?:(?P<rel>{_REL}|past)\s+)?(?P<w1>{_WEEKDAY})(?:{_RANGE_AND}(?P<w2>{_WEEKDAY}))?"
     rf"(?:\s+(?:of\s+)?(?P<week>{_REL})\s+week)?)\b", weekdays_not_named_days, {"day"}, ""),
)
RULES: tuple[Rule, ...] = tuple(
    Rule(re.compile(source), handler, frozenset(needs), bad_before)
    for source, handler, needs, bad_before in _RULE_SOURCES)

# Shapes the rules above leave to dateparser: two-digit years ("21.10.25", "Oct 21, '25").
FALLBACK_SOURCES: tuple[tuple[str, frozenset[str], str], ...] = (
    (r"(?P<x>\d\d?(?P<sep>[./])\d\d?(?P=sep)\d\d)\b(?![.,/-]?\d)", frozenset({"digit"}), "./-"),
    (rf"(?P<x>{_m('m')}\s+{_d('d')},?\s+'\d\d)\b", _DIGIT_MONTH, ""),
    (rf"(?P<x>{_d('d')}\s+{_m('m')},?\s+'\d\d)\b", _DIGIT_MONTH, ""),
)

_FEATURE_WORDS = tuple((name, tuple(time_words(f"feature.{name}")))
                       for name in ("part", "day", "unit", "ago", "season"))
_HAS_DIGIT = re.compile(r"\d")
_HAS_MONTH = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


def features(text: str) -> frozenset[str]:
    """Cheap facts about ``text`` that decide which rules can match at all."""
    lower = text.lower()
    found = {name for name, words in _FEATURE_WORDS if any(word in lower for word in words)}
    if _HAS_DIGIT.search(text):
        found.add("digit")
    if _HAS_MONTH.search(text):
        found.add("month")
    return frozenset(found)
