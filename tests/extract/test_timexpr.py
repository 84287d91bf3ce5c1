"""Time expressions: finding them in text and normalising them to intervals."""

from datetime import date, datetime

import pytest

from diplomap.extract.timexpr import find_time_expressions, normalise_time

JUNE = date(2025, 6, 15)       # a Sunday
OCTOBER = date(2025, 10, 12)   # a Sunday
JANUARY = date(2026, 1, 10)    # a Saturday


def d(text: str) -> date:
    return date.fromisoformat(text)


CASES = [
    # day intervals
    ("October 20-21, 2025", JUNE, "2025-10-20", "2025-10-21", "day"),
    ("20-21 October 2025", JUNE, "2025-10-20", "2025-10-21", "day"),
    ("1–2 October", OCTOBER, "2025-10-01", "2025-10-02", "day"),
    ("6–7 October", OCTOBER, "2025-10-06", "2025-10-07", "day"),
    ("9-10 October", OCTOBER, "2025-10-09", "2025-10-10", "day"),
    ("October 30 - November 2, 2025", JUNE, "2025-10-30", "2025-11-02", "day"),
    ("30 October - 2 November 2025", JUNE, "2025-10-30", "2025-11-02", "day"),
    ("December 30, 2025 - January 2, 2026", JUNE, "2025-12-30", "2026-01-02", "day"),
    ("between 20 and 22 May 2025", JUNE, "2025-05-20", "2025-05-22", "day"),
    ("from 3 to 5 March", JUNE, "2025-03-03", "2025-03-05", "day"),
    ("October 20-21", OCTOBER, "2025-10-20", "2025-10-21", "day"),
    # single days
    ("October 20, 2025", JUNE, "2025-10-20", "2025-10-20", "day"),
    ("20 October 2025", JUNE, "2025-10-20", "2025-10-20", "day"),
    ("Oct. 20", OCTOBER, "2025-10-20", "2025-10-20", "day"),
    ("on 20 October", OCTOBER, "2025-10-20", "2025-10-20", "day"),
    ("on October 20th", OCTOBER, "2025-10-20", "2025-10-20", "day"),
    ("the 21st of October 2025", JUNE, "2025-10-21", "2025-10-21", "day"),
    ("Tuesday, October 21, 2025", JUNE, "2025-10-21", "2025-10-21", "day"),
    ("2025-10-21", JUNE, "2025-10-21", "2025-10-21", "day"),
    ("21.10.2025", JUNE, "2025-10-21", "2025-10-21", "day"),
    ("21/10/2025", JUNE, "2025-10-21", "2025-10-21", "day"),
    ("10/21/2025", JUNE, "2025-10-21", "2025-10-21", "day"),
    ("Sept. 3", OCTOBER, "2025-09-03", "2025-09-03", "day"),
    ("21.10.25", JUNE, "2025-10-21", "2025-10-21", "day"),          # dateparser fallback
    ("Oct 21, '25", JUNE, "2025-10-21", "2025-10-21", "day"),       # dateparser fallback
    # months
    ("in April", JUNE, "2025-04-01", "2025-04-30", "month"),
    ("in April 2025", JUNE, "2025-04-01", "2025-04-30", "month"),
    ("April 2025", JUNE, "2025-04-01", "2025-04-30", "month"),
    ("April of 2024", JUNE, "2024-04-01", "2024-04-30", "month"),
    ("in August", JUNE, "2025-08-01", "2025-08-31", "month"),        # soon after publication
    ("in October", JUNE, "2024-10-01", "2024-10-31", "month"),       # long after: last year
    ("in December", JANUARY, "2025-12-01", "2025-12-31", "month"),
    ("in February", JANUARY, "2026-02-01", "2026-02-28", "month"),
    ("in May and June", JUNE, "2025-05-01", "2025-06-30", "month"),
    ("May–June 2025", JUNE, "2025-05-01", "2025-06-30", "month"),
    ("last April", JUNE, "2025-04-01", "2025-04-30", "month"),
    ("last June", JUNE, "2024-06-01", "2024-06-30", "month"),
    ("next March", JUNE, "2026-03-01", "2026-03-31", "month"),
    # parts of a month
    ("late May", JUNE, "2025-05-21", "2025-05-31", "month"),
    ("early September", OCTOBER, "2025-09-01", "2025-09-10", "month"),
    ("mid-June", JUNE, "2025-06-11", "2025-06-20", "month"),
    ("mid June", JUNE, "2025-06-11", "2025-06-20", "month"),
    ("the end of March", JUNE, "2025-03-21", "2025-03-31", "month"),
    ("end of March 2024", JUNE, "2024-03-21", "2024-03-31", "month"),
    ("the beginning of March", JUNE, "2025-03-01", "2025-03-10", "month"),
    ("the first ten days of October 2025", JUNE, "2025-10-01", "2025-10-10", "month"),
    ("the last ten days of June 2025", JUNE, "2025-06-21", "2025-06-30", "month"),
    ("the first week of May 2025", JUNE, "2025-05-01", "2025-05-07", "month"),
    ("the second half of February 2024", JUNE, "2024-02-16", "2024-02-29", "month"),
    # years and parts of a year
    ("in 2023", JUNE, "2023-01-01", "2023-12-31", "year"),
    ("in 2023 and 2024", JUNE, "2023-01-01", "2024-12-31", "year"),
    ("during 2019–2020", JUNE, "2019-01-01", "2020-12-31", "year"),
    ("the 1990s", JUNE, "1990-01-01", "1999-12-31", "year"),
    ("the first half of 2025", JUNE, "2025-01-01", "2025-06-30", "year"),
    ("the second half of 2024", JUNE, "2024-07-01", "2024-12-31", "year"),
    ("H2 2025", JUNE, "2025-07-01", "2025-12-31", "year"),
    ("Q1 2025", JUNE, "2025-01-01", "2025-03-31", "month"),
    ("the first quarter of 2025", JUNE, "2025-01-01", "2025-03-31", "month"),
    ("the fourth quarter of 2024", JUNE, "2024-10-01", "2024-12-31", "month"),
    ("early 2025", JUNE, "2025-01-01", "2025-04-30", "year"),
    ("mid-2025", JUNE, "2025-05-01", "2025-08-31", "year"),
    ("late 2024", JUNE, "2024-09-01", "2024-12-31", "year"),
    ("the end of 2025", JUNE, "2025-10-01", "2025-12-31", "year"),
    # seasons
    ("the summer of 2025", JUNE, "2025-06-01", "2025-08-31", "month"),
    ("spring 2024", JUNE, "2024-03-01", "2024-05-31", "month"),
    ("winter 2025", JUNE, "2024-12-01", "2025-02-28", "month"),
    ("last summer", JUNE, "2024-06-01", "2024-08-31", "month"),
    ("last summer", OCTOBER, "2025-06-01", "2025-08-31", "month"),
    ("next winter", OCTOBER, "2025-12-01", "2026-02-28", "month"),
    # relative to the publication date
    ("yesterday", JUNE, "2025-06-14", "2025-06-14", "day"),
    ("today", JUNE, "2025-06-15", "2025-06-15", "day"),
    ("tomorrow", JUNE, "2025-06-16", "2025-06-16", "day"),
    ("the day before yesterday", JUNE, "2025-06-13", "2025-06-13", "day"),
    ("on Tuesday", JUNE, "2025-06-10", "2025-06-10", "day"),
    ("on Sunday", JUNE, "2025-06-15", "2025-06-15", "day"),
    ("on Friday", JANUARY, "2026-01-09", "2026-01-09", "day"),
    ("last Sunday", JUNE, "2025-06-08", "2025-06-08", "day"),
    ("next Tuesday", JUNE, "2025-06-17", "2025-06-17", "day"),
    ("on Monday and Tuesday", JUNE, "2025-06-09", "2025-06-10", "day"),
    ("Monday and Tuesday of last week", JUNE, "2025-06-02", "2025-06-03", "day"),
    ("last week", JUNE, "2025-06-02", "2025-06-08", "day"),
    ("this week", JUNE, "2025-06-09", "2025-06-15", "day"),
    ("next week", JUNE, "2025-06-16", "2025-06-22", "day"),
    ("earlier this week", OCTOBER, "2025-10-06", "2025-10-12", "day"),
    ("over the weekend", JUNE, "2025-06-14", "2025-06-15", "day"),
    ("last weekend", JUNE, "2025-06-07", "2025-06-08", "day"),
    ("last month", JUNE, "2025-05-01", "2025-05-31", "month"),
    ("last month", JANUARY, "2025-12-01", "2025-12-31", "month"),
    ("this month", JUNE, "2025-06-01", "2025-06-30", "month"),
    ("next month", JUNE, "2025-07-01", "2025-07-31", "month"),
    ("earlier this month", JUNE, "2025-06-01", "2025-06-15", "month"),
    ("later this month", JUNE, "2025-06-15", "2025-06-30", "month"),
    ("last year", JUNE, "2024-01-01", "2024-12-31", "year"),
    ("this year", JUNE, "2025-01-01", "2025-12-31", "year"),
    ("next year", JUNE, "2026-01-01", "2026-12-31", "year"),
    ("earlier this year", JUNE, "2025-01-01", "2025-06-15", "year"),
    ("two days ago", JUNE, "2025-06-13", "2025-06-13", "day"),
    ("a week ago", JUNE, "2025-06-02", "2025-06-08", "day"),
    ("three weeks ago", JUNE, "2025-05-19", "2025-05-25", "day"),
    ("two months ago", JUNE, "2025-04-01", "2025-04-30", "month"),
    ("a year ago", JUNE, "2024-01-01", "2024-12-31", "year"),
]


@pytest.mark.parametrize(("expression", "published", "start", "end", "precision"), CASES)
def test_normalise_time(expression, published, start, end, precision):
    span = normalise_time(expression, published)
    assert span is not None, expression
    assert (span.start, span.end, span.precision) == (d(start), d(end), precision)


NOT_DATES = [
    "2,000 peacekeepers", "$4 billion", "by 2027", "since 2030", "Article 5", "COP29",
    "until March 2024", "after 5 May", "before the end of March", "by late 2025",
    "31 February 2025", "2025-13-45", "32 October 2025", "in 1850", "in 2150",
    "the Good Friday Agreement", "over the last year", "in recent weeks", "recently",
    "it may be", "they march on", "the 2020 war", "Resolution 2758", "Vision 2030",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_non_dates_give_nothing(text):
    assert find_time_expressions(text, JUNE) == []


@pytest.mark.parametrize("text", ["in April", "yesterday", "on Tuesday", "October 20-21",
                                  "last week", "three weeks ago", "late May"])
def test_unanchored_expressions_are_omitted(text):
    assert find_time_expressions(text) == []
    assert normalise_time(text) is None


def test_explicit_years_need_no_publication_date():
    (span,) = find_time_expressions("Talks were held on October 20-21, 2025 in Astana.")
    assert (span.start, span.end, span.precision) == (d("2025-10-20"), d("2025-10-21"), "day")


def test_default_year_overrides_the_publication_year():
    assert normalise_time("in February", JANUARY).start == d("2026-02-01")
    span = normalise_time("in February", JANUARY, default_year=2025)
    assert (span.start, span.end) == (d("2025-02-01"), d("2025-02-28"))
    (span,) = find_time_expressions("It met on 20-21 October.", default_year=2024)
    assert (span.start, span.end) == (d("2024-10-20"), d("2024-10-21"))


def test_three_ranges_in_one_sentence():
    text = ("The president flew to Copenhagen (1–2 October), then went on to Gabala "
            "(6–7 October), and ended the tour in Dushanbe (9–10 October).")
    spans = find_time_expressions(text, OCTOBER)
    assert [(s.start, s.end, s.precision, s.text) for s in spans] == [
        (d("2025-10-01"), d("2025-10-02"), "day", "1–2 October"),
        (d("2025-10-06"), d("2025-10-07"), "day", "6–7 October"),
        (d("2025-10-09"), d("2025-10-10"), "day", "9–10 October"),
    ]


OFFSET_TEXTS = [
    "Ministers met in Baku on 20 October and again in late May, after talks in 2023.",
    "On Tuesday, October 21, 2025, the two leaders signed a declaration; a visit follows next month.",
    "Trade rose by a third in the first half of 2025, officials said yesterday.",
    "The forum (30 October - 2 November 2025) drew 2,000 delegates from 40 countries.",
]


@pytest.mark.parametrize("text", OFFSET_TEXTS)
@pytest.mark.parametrize("base", [0, 1234])
def test_offsets_point_at_the_matched_text(text, base):
    spans = find_time_expressions(text, OCTOBER, base=base)
    assert spans
    for span in spans:
        assert text[span.char_start - base:span.char_end - base] == span.text
    starts = [span.char_start for span in spans]
    assert starts == sorted(starts)
    assert all(a.char_end <= b.char_start for a, b in zip(spans, spans[1:]))


def test_spans_leave_out_prepositions_and_keep_the_year():
    texts = [s.text for s in find_time_expressions(
        "He came on 20 October, left in April 2025 and returned in 2023.", OCTOBER)]
    assert texts == ["20 October", "April 2025", "2023"]


def test_longest_match_wins():
    (span,) = find_time_expressions("The summit ran from October 30 - November 2, 2025.")
    assert span.text == "October 30 - November 2, 2025"
    (span,) = find_time_expressions("It was held on Tuesday, October 21, 2025.", JUNE)
    assert span.text == "Tuesday, October 21, 2025"


def test_period_bounds_are_skipped_but_event_dates_kept():
    spans = find_time_expressions(
        "Relations have grown since 1991, and gas exports should double by 2027, "
        "the sides agreed in July 2022.", JUNE)
    # "since" opens a period that runs to the publication date; "by" closes one and dates nothing
    assert [(s.text, s.start, s.end) for s in spans] == [
        ("1991", date(1991, 1, 1), JUNE), ("July 2022", date(2022, 7, 1), date(2022, 7, 31))]


def test_datetime_publication_date_is_accepted():
    span = normalise_time("yesterday", datetime(2025, 6, 15, 18, 30))
    assert span.start == d("2025-06-14") and type(span.start) is date


@pytest.mark.parametrize("text", ["", "   ", "0000-00-00", "99/99/9999", "Q5 2025", "mid-",
                                  "the end of", "1–2–3 October", "00.00.00", "Monday-" * 50])
def test_odd_input_does_not_raise(text):
    find_time_expressions(text, JUNE)
    normalise_time(text, JUNE)


@pytest.mark.parametrize("expression, start, end", [
    ("in May last year", date(2024, 5, 1), date(2024, 5, 31)),
    ("February last year", date(2024, 2, 1), date(2024, 2, 29)),
    ("in March this year", date(2025, 3, 1), date(2025, 3, 31)),
    ("late June last year", date(2024, 6, 21), date(2024, 6, 30)),
])
def test_month_of_a_relative_year(expression, start, end):
    span = normalise_time(expression, date(2025, 6, 6))
    assert (span.start, span.end, span.precision) == (start, end, "month")


def test_month_heading_a_list_item():
    (span,) = find_time_expressions("- New York, September: he met the president.", date(2023, 11, 10))
    assert (span.start, span.end, span.text) == (date(2023, 9, 1), date(2023, 9, 30), "September")


@pytest.mark.parametrize("text", ["this morning", "this afternoon", "This evening", "earlier today"])
def test_parts_of_today_are_the_publication_day(text):
    [span] = find_time_expressions(f"The ministers met {text}.", JUNE)
    assert (span.start, span.end, span.precision) == (JUNE, JUNE, "day")
