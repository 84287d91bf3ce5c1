"""The lexicon as data: flags, frames, types and modes checked when it loads, and a new event pattern
added without touching Python."""

from __future__ import annotations

from datetime import date

import pytest

from diplomap.errors import KnowledgeBaseError
from diplomap.ingest import document_from_text
from diplomap.nlp.lexicon import CODE_FLAGS, FRAMES, Lexicon, shipped_lexicon

HEADER = "phrase\tpos\tevent_type\tmode\tframe\tcontexts\tforms\tflags\n"
WORDS = "list\tentry\nentities\tbanks\nentities\tfirms\nentities\tcompanies\n"
CONSTRAINTS = "flag\ttest\twindow\tlist\nneeds_entity\tafter_has\t6\tentities\n"


@pytest.mark.parametrize("row, message", [
    ("meet\tverb\tCONSULT\t\tgather\tdiplomatic\t\t", "triggers.tsv:2: unknown frame 'gather'"),
    ("meet\tverb\tCONSORT\t\tmeet\tdiplomatic\t\t", "triggers.tsv:2: unknown PLOVER type 'CONSORT'"),
    ("meet\tverb\tCONSULT\tvideo\tmeet\tdiplomatic\t\t", "triggers.tsv:2: unknown mode 'video'"),
    ("meet\tadverb\tCONSULT\t\tmeet\tdiplomatic\t\t", "triggers.tsv:2: unknown part of speech 'adverb'"),
    ("meet\tverb\tCONSULT\t\tmeet\tdiplomatic\t\tneeds_moon", "triggers.tsv:2: unknown flag needs_moon"),
])
def test_a_trigger_row_naming_anything_unknown_is_an_error_naming_its_line(row, message):
    with pytest.raises(KnowledgeBaseError, match=message):
        Lexicon.from_tables(HEADER + row + "\n", WORDS, CONSTRAINTS)


@pytest.mark.parametrize("words, constraints, message", [
    (WORDS, "flag\ttest\twindow\tlist\nneeds_entity\tafter_has\t6\tbanks\n", "constraints.tsv:2: unknown word list 'banks'"),
    (WORDS, "flag\ttest\twindow\tlist\nneeds_entity\tbefore_has\t6\tentities\n", "unknown test 'before_has'"),
    (WORDS, "flag\ttest\twindow\tlist\nneeds_entity\tafter_has\tsix\tentities\n", "window 'six' is not a number"),
    (WORDS, "flag\ttest\twindow\tlist\nneeds_entity\tafter_has\t\tentities\n", "needs a window"),
    (WORDS, "flag\ttest\twindow\tlist\nneeds_verb\tafter_has\t3\tentities\n", "flag 'needs_verb' is declared twice"),
    (WORDS + "entities\tbanks\n", CONSTRAINTS, "words.tsv:5: 'banks' is listed twice in entities"),
])
def test_a_bad_word_list_or_constraint_is_an_error_naming_its_line(words, constraints, message):
    with pytest.raises(KnowledgeBaseError, match=message):
        Lexicon.from_tables(HEADER, words, constraints)


def test_the_shipped_lexicon_loads_and_every_flag_is_declared_once():
    lexicon = shipped_lexicon()
    flags = {flag for trigger, _ in lexicon.triggers for flag in trigger.flags}
    assert flags <= set(CODE_FLAGS) | set(lexicon.constraints)
    assert not set(CODE_FLAGS) & set(lexicon.constraints)
    assert {t.frame for t, _ in lexicon.triggers} <= set(FRAMES)


def test_every_frame_has_a_builder():
    from diplomap.extract import frames

    assert set(frames.BUILDERS) == set(FRAMES)


@pytest.fixture(scope="module")
def extended(small_kb):
    """The shipped lexicon with one more trigger row, using a constraint and a word list of its own."""
    from diplomap.extract import Extractor
    from diplomap.kb import loader

    folder = loader.data_dir()
    triggers = (folder / "triggers.tsv").read_text(encoding="utf-8")
    words = (folder / "lang" / "en" / "words.tsv").read_text(encoding="utf-8")
    constraints = (folder / "lang" / "en" / "constraints.tsv").read_text(encoding="utf-8")
    lexicon = Lexicon.from_tables(
        triggers + "blacklist\tverb\tSANCTION\t\tact\teconomic\t\tneeds_entity|needs_object\n",
        words + "entities\tbanks\t\nentities\tfirms\t\n",
        constraints + "needs_entity\tafter_has\t6\tentities\tblacklisting: firms or banks follow\n")
    return Extractor(kb=small_kb, lexicon=lexicon), Extractor(kb=small_kb)


def extracted(extractor, text):
    document = document_from_text(text, published=date(2025, 10, 22))
    return [(e.event_type, e.status, e.source_actors, e.target_actors) for e in extractor.extract(document)]


def test_a_new_event_pattern_is_added_as_data_alone(extended):
    with_row, shipped = extended
    text = "Russia blacklisted Georgia's state banks on Monday."
    assert extracted(with_row, text) == [("SANCTION", "occurred", ("RUS",), ("GEO",))]
    assert extracted(shipped, text) == []
    # the row's own constraint holds it back where no firm or bank follows
    assert extracted(with_row, "Russia blacklisted Georgia over the dispute on Monday.") == []


def test_function_words_load_once_and_name_a_missing_list():
    from diplomap.errors import KnowledgeBaseError
    from diplomap.nlp.lexicon import function_words, word_list

    assert {"the", "a", "an"} <= function_words("noun_determiners")
    assert "is" in function_words("be_forms") and "has" not in function_words("be_forms")
    assert "president" in word_list("visitor_heads")
    with pytest.raises(KnowledgeBaseError, match="no word list 'nonesuch'"):
        function_words("nonesuch")
    with pytest.raises(KnowledgeBaseError, match="no word list 'nonesuch'"):
        word_list("nonesuch")


def test_time_words_load_with_their_values_and_name_a_missing_kind():
    from diplomap.errors import KnowledgeBaseError
    from diplomap.extract.timerules import MONTH_PARTS, MONTHS, WEEKDAYS
    from diplomap.nlp.lexicon import time_words

    assert time_words("month")["sept"] == "9" and MONTHS["sept"] == 9
    assert WEEKDAYS["monday"] == 0 and WEEKDAYS["sunday"] == 6
    assert MONTH_PARTS["last ten days"] == (-9, 31)
    with pytest.raises(KnowledgeBaseError, match="no words of kind 'nonesuch'"):
        time_words("nonesuch")
