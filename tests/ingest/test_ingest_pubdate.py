"""Publication dates: stated dates, datelines, and the precedence of sources."""

from datetime import date

import pytest
from ingest_samples import LEDE

from diplomap.ingest import document_from_text
from diplomap.ingest.pubdate import date_from_text, parse_date_phrase, parse_date_value, resolve_published


@pytest.mark.parametrize(
    "head, expected",
    [
        ("date: 2025-10-21\n\nBody.", date(2025, 10, 21)),
        ("Date: 21 October 2025\n\nBody.", date(2025, 10, 21)),
        ("Title\nPublished: October 21, 2025 10:45\n", date(2025, 10, 21)),
        ("Title\nPosted on Sept. 3, 2025\n", date(2025, 9, 3)),
        ("Updated: 03.09.2025\n", date(2025, 9, 3)),
        ("Title\n\n21 Oct 2025\n\nBody.", date(2025, 10, 21)),
        ("BAKU, October 7, 2025 — Ministers met.", date(2025, 10, 7)),
        ("BAKU, Oct. 7, 2025 (Reuters) - Ministers met.", date(2025, 10, 7)),
        ("Baku, 7 October 2025: Ministers met.", date(2025, 10, 7)),
        ("Baku, Azerbaijan, 7 October 2025 – Ministers met.", date(2025, 10, 7)),
        ("BAKU, Oct 7 (Reuters) — Ministers met.", None),          # no year, no hint
        ("TEHRAN - Ministers met on October 7, 2025.", None),      # a date in the sentence, not a dateline
        ("Date: 31 February 2025", None),                          # not a calendar date
        ("Ministers met in Baku in 2025.", None),
    ],
)
def test_date_from_text(head, expected):
    assert date_from_text(head) == expected


def test_dateline_without_year_takes_the_given_year():
    assert date_from_text("BAKU, Oct 7 (Reuters) — Ministers met.", year=2025) == date(2025, 10, 7)
    assert date_from_text("BAKU, 7 October: Ministers met.", year=2024) == date(2024, 10, 7)


def test_only_the_top_of_the_text_counts():
    far = "Body sentence.\n" * 60 + "Date: 21 October 2025\n"
    assert date_from_text(far) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-03-14", date(2025, 3, 14)),
        ("2025-03-14T09:00:00+00:00", date(2025, 3, 14)),
        ("14 March 2025", date(2025, 3, 14)),
        (date(2025, 3, 14), date(2025, 3, 14)),
        ("", None), ("next week", None), (None, None), (20250314, None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


def test_parse_date_phrase_whole():
    assert parse_date_phrase("7 October 2025 and more") == date(2025, 10, 7)
    assert parse_date_phrase("7 October 2025 and more", whole=True) is None


STATED = "BAKU, October 7, 2025 — " + LEDE
META, OPTION = date(2025, 10, 8), date(2025, 10, 9)


@pytest.mark.parametrize(
    "metadata, option, text, expected",
    [
        (META, OPTION, STATED, (META, "metadata")),
        (None, OPTION, STATED, (OPTION, "option")),
        (None, None, STATED, (date(2025, 10, 7), "text")),
        (None, None, LEDE, (None, None)),
    ],
)
def test_precedence_metadata_option_text(metadata, option, text, expected):
    assert resolve_published(text, metadata=metadata, option=option) == expected
    doc = document_from_text(text, published=metadata, pub_date=option)
    assert (doc.published, doc.date_source) == expected
