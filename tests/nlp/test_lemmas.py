"""English lemmas from spaCy's lookup tables, and the word lists that name verbs by lemma."""

from diplomap.extract.roles import governing_verb
from diplomap.extract.triggers import find_triggers
from diplomap.nlp.lemmas import irregular_past, lemma
from diplomap.nlp.lexicon import guess_form, shipped_lexicon


def test_lemma_of_irregular_and_regular_forms():
    assert lemma("held") == "hold"
    assert lemma("sought") == "seek"
    assert lemma("imposed") == "impose"
    assert lemma("tariffs") == "tariff"


def test_lemma_of_an_unknown_word_is_the_word():
    assert lemma("xqzzy") == "xqzzy"


def test_a_clitic_is_its_own_lemma():
    assert lemma("'s") == "'s"           # the table reads it as 'have': "Baku's talks" has no light verb
    assert lemma("’s") == "’s"


def test_irregular_past_holds_past_forms_only():
    past = irregular_past()
    assert {"met", "held", "began", "begun", "took", "sent"} <= past
    assert not {"was", "were", "been", "meeting", "has", "goes"} & past      # copula, gerunds, third persons
    assert not any("_" in form for form in past)


def test_guess_form_reads_irregular_pasts_from_the_tables():
    assert guess_form("withdrew") == "past"
    assert guess_form("forbade") == "past"
    assert guess_form("meets") == "3sg"


def test_light_and_stop_verbs_are_listed_as_lemmas():
    words = shipped_lexicon().words
    for name in ("light_verbs", "stop_verbs"):
        assert words[name], name
        assert all(lemma(entry) == entry for entry in words[name]), name


def _noun(extractor, text, word):
    doc = extractor.nlp(text)
    sent = next(iter(doc.sents))
    return sent, next(m for m in find_triggers(sent) if doc[m.start:m.end].text == word)


def test_any_form_of_a_light_verb_carries_the_noun(extractor):
    sent, talks = _noun(extractor, "Canada was launching talks with Mexico.", "talks")
    assert governing_verb(sent, talks, [], []) == (2, 3)


def test_a_verb_not_listed_does_not_carry_the_noun(extractor):
    sent, talks = _noun(extractor, "Canada admired the talks with Mexico.", "talks")
    assert governing_verb(sent, talks, [], []) is None
