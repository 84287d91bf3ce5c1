"""Parsed-tier roles, on hand-built parses (no statistical model needed)."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from diplomap.extract import coding
from diplomap.extract.dependency import refine_roles
from diplomap.extract.mentions import MentionResolver
from diplomap.extract.roles import Roles
from diplomap.extract.triggers import find_triggers
from diplomap.nlp.pipeline import build_pipeline


def parsed(small_kb, words, heads, deps, pos):
    nlp = build_pipeline(small_kb)
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, sent_starts=[True] + [False] * (len(words) - 1))
    for name in ("diplomap_actors", "diplomap_triggers"):
        doc = nlp.get_pipe(name)(doc)
    mentions = MentionResolver(small_kb, coding.titles()).resolve(doc, date(2025, 10, 1))
    return doc, mentions


def test_passive_agent_is_the_source(small_kb):
    #            0          1      2         3     4        5       6       7
    words = ["Azerbaijan", "was", "visited", "by", "Xi", "Jinping", "in", "April"]
    heads = [2, 2, 2, 2, 5, 3, 2, 6]
    deps = ["nsubjpass", "auxpass", "ROOT", "agent", "compound", "pobj", "prep", "pobj"]
    pos = ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PROPN", "ADP", "PROPN"]
    doc, mentions = parsed(small_kb, words, heads, deps, pos)
    sent = doc[:]
    (match,) = [m for m in find_triggers(sent) if m.trigger.phrase == "visit"]
    roles = refine_roles(sent, match, mentions, Roles())
    assert [m.code for m in roles.source] == ["CHN"]
    assert [m.code for m in roles.target] == ["AZE"]


def test_relative_clause_actors_are_not_subjects(small_kb):
    #          0         1     2      3      4        5       6        7
    words = ["Aliyev", ",", "who", "met", "Putin", ",", "visited", "Astana"]
    heads = [6, 0, 3, 0, 3, 0, 6, 6]
    deps = ["nsubj", "punct", "nsubj", "relcl", "dobj", "punct", "ROOT", "dobj"]
    pos = ["PROPN", "PUNCT", "PRON", "VERB", "PROPN", "PUNCT", "VERB", "PROPN"]
    doc, mentions = parsed(small_kb, words, heads, deps, pos)
    sent = doc[:]
    (match,) = [m for m in find_triggers(sent) if m.start == 6]
    roles = refine_roles(sent, match, mentions, Roles())
    assert [m.code for m in roles.source] == ["AZE"]
    assert [m.code for m in roles.target] == ["KAZ"]


def test_word_order_roles_stand_where_the_parse_finds_none(small_kb):
    words = ["Talks", "ended", "."]
    doc, mentions = parsed(small_kb, words, [1, 1, 1], ["nsubj", "ROOT", "punct"], ["NOUN", "VERB", "PUNCT"])
    sent = doc[:]
    match = find_triggers(sent)[0]
    kept = Roles()
    assert refine_roles(sent, match, mentions, kept) is kept and kept.source == []


def test_the_parsed_tier_parses_only_sentences_whose_word_order_leaves_a_role_open(small_kb):
    from diplomap.extract import Extractor
    from diplomap.ingest import document_from_text

    nlp = build_pipeline(small_kb)
    extractor = Extractor(kb=small_kb, nlp=nlp)
    parsed_texts = []

    def parser(text):
        parsed_texts.append(text)
        return nlp.make_doc(text)            # tokens only: no parse, so word order stands

    extractor.parser = parser
    text = "Aliyev met Putin in Dushanbe on 9 October. The talks ended."
    events = extractor.extract(document_from_text(text, published=date(2025, 10, 22)))
    assert parsed_texts == ["The talks ended."]
    assert [set(e.participants) for e in events] == [{"AZE", "RUS"}]
