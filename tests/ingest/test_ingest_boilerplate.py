"""Repeated boilerplate adds no text: trailers, related-news blocks, duplicate paragraphs."""

import pytest
from ingest_samples import BODY, LEDE, TITLE

from diplomap.ingest import document_from_text, strip_boilerplate

SECOND = "The talks lasted three hours and ended with a joint statement on border crossings and customs."
THIRD = "Both sides said they would meet again in Yerevan in the autumn to review the first results."


def test_related_news_block_repeating_title_and_lede_is_removed():
    text = "\n\n".join([TITLE, LEDE, SECOND, THIRD, "Related news", TITLE, LEDE])
    stripped = strip_boilerplate(text)
    assert stripped.count(LEDE) == 1
    assert stripped.count(TITLE) == 1
    assert stripped == "\n\n".join([TITLE, LEDE, SECOND, THIRD])


def test_duplicate_paragraphs_are_removed_even_without_a_heading():
    text = "\n".join([TITLE, LEDE, SECOND, THIRD, LEDE, SECOND])
    assert strip_boilerplate(text) == "\n".join([TITLE, LEDE, SECOND, THIRD])


def test_near_duplicate_paragraph_is_removed():
    teaser = LEDE.replace("on Thursday ", "").replace(".", "...")    # a truncated teaser
    text = "\n\n".join([LEDE, SECOND, THIRD, teaser])
    assert strip_boilerplate(text) == "\n\n".join([LEDE, SECOND, THIRD])


def test_a_different_paragraph_on_the_same_topic_is_kept():
    other = "The foreign ministers of Georgia and Armenia also discussed electricity exports and a new bridge."
    text = "\n\n".join([LEDE, other])
    assert strip_boilerplate(text) == text


@pytest.mark.parametrize(
    "trailer",
    [
        "Leave a Comment",
        "Subscribe to our newsletter for daily updates",
        "Find the original article here",
        "Photo credit: Wire Agency",
        "Read more: Azerbaijan and Kazakhstan sign a transit accord",
        "Share this article",
        "© 2025 Caucasus Wire. All rights reserved.",
    ],
)
def test_trailer_lines_are_removed(trailer):
    text = f"{LEDE}\n{trailer}\n{SECOND}\n{trailer}"
    assert strip_boilerplate(text) == f"{LEDE}\n{SECOND}"


def test_related_heading_in_the_second_half_cuts_other_articles():
    other = "Azerbaijan and Kazakhstan signed a transit accord in Astana, officials announced on Monday."
    text = "\n\n".join([LEDE, SECOND, THIRD, "Read more", other])
    assert strip_boilerplate(text) == "\n\n".join([LEDE, SECOND, THIRD])


def test_related_heading_early_drops_only_the_heading():
    text = "\n\n".join(["Related news", LEDE, SECOND, THIRD])
    assert strip_boilerplate(text) == "\n\n".join([LEDE, SECOND, THIRD])


def test_title_repeated_as_a_paragraph_is_removed():
    text = "\n\n".join([LEDE, TITLE, SECOND])
    assert strip_boilerplate(text, title=TITLE) == "\n\n".join([LEDE, SECOND])
    assert strip_boilerplate("\n\n".join([TITLE, LEDE]), title=TITLE) == "\n\n".join([TITLE, LEDE])


def test_hard_wrapped_paragraph_is_one_unit():
    wrapped = "The foreign ministers of Georgia and Armenia met\nin Tbilisi on Thursday and agreed to fund\na joint study."
    text = f"{wrapped}\n\n{SECOND}\n\n{wrapped}"
    assert strip_boilerplate(text) == f"{wrapped}\n\n{SECOND}"


def test_clean_text_is_unchanged():
    text = f"{TITLE}\n\n{LEDE}\n\n\n{BODY}"
    assert strip_boilerplate(text) is text


def test_document_text_is_stripped_but_id_is_stable():
    text = "\n\n".join([TITLE, LEDE, SECOND, "Related news", TITLE, LEDE])
    doc = document_from_text(text)
    assert doc.text.count(LEDE) == 1
    assert doc.doc_id == document_from_text(text.replace("\n", "\r\n")).doc_id


def test_nothing_left_is_an_error():
    from diplomap.errors import InputError

    with pytest.raises(InputError, match="no text left"):
        document_from_text("Leave a Comment\nShare this article", origin="m")
