"""Roles from the dependency parse (the parsed tier).

Where a spaCy parser ran, the subject of a trigger is the actor inside its nominal
subject (or, in the passive, inside the ``by`` agent), and its targets are the actors
inside its direct object and its with/to/between/against/on/from phrases. A noun trigger
takes the roles of the verb that governs it ("Aliyev paid a visit to China"). The
phrases stop at relative and adverbial clauses, so "Aliyev, who met Putin, ..." does not
make Putin a subject. When the parse names no actor, the word-order roles stand.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from diplomap.extract.mentions import ActorMention, DocMentions
from diplomap.extract.roles import Roles
from diplomap.extract.triggers import TriggerMatch

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "obj", "iobj"}
OBJECT_PREPOSITIONS = {"with", "to", "between", "among", "against", "on", "from", "by"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis", "xcomp", "csubj"}


def is_parsed(sent: Span) -> bool:
    return sent.doc.has_annotation("DEP")


def refine_roles(sent: Span, match: TriggerMatch, mentions: DocMentions, roles: Roles,
                 parse: Span | None = None) -> Roles:
    """Fill in subject and objects from the parse where word order found none.

    ``parse`` is the sentence as the parser saw it (a doc of its own, token for token the same);
    without it the sentence's own doc carries the parse."""
    parse = parse if parse is not None else sent
    shift = sent.start - parse.start          # token index in the paragraph = index in the parse + shift
    verb = _governing_verb(parse.doc[(match.end - 1 if not match.is_verb else match.start) - shift])
    if verb is None:
        return roles
    subject, objects = _arguments(verb)
    source = _actors(mentions, subject, shift)
    target = _actors(mentions, objects, shift)
    if source and not roles.source:
        roles.source = source
        roles.anaphor = None
    if target and match.is_verb and not roles.target:
        roles.target = [m for m in target if m not in roles.source]
    return roles


def _governing_verb(token: Token) -> Token | None:
    """The verb whose arguments give the roles: the trigger itself, or the verb a noun depends on."""
    if token.pos_ in ("VERB", "AUX"):
        return token
    head = token.head
    if token.dep_ in OBJECT_DEPS | SUBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


def _arguments(verb: Token) -> tuple[list[Token], list[Token]]:
    subject: list[Token] = []
    objects: list[Token] = []
    passive = any(child.dep_ == "nsubjpass" for child in verb.children)
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            (objects if passive else subject).extend(_phrase(child))
        elif child.dep_ in OBJECT_DEPS:
            objects.extend(_phrase(child))
        elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in OBJECT_PREPOSITIONS):
            phrase = [t for grandchild in child.children if grandchild.dep_ == "pobj" for t in _phrase(grandchild)]
            (subject if child.dep_ == "agent" or passive and child.lower_ == "by" else objects).extend(phrase)
    if not subject and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        subject = _arguments(verb.head)[0]      # "met Putin and signed ...": shared subject
    return subject, objects


def _phrase(token: Token) -> list[Token]:
    """The token's subtree without relative, adverbial and complement clauses."""
    tokens = [token]
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            tokens.extend(_phrase(child))
    return tokens


def _actors(mentions: DocMentions, tokens: list[Token], shift: int = 0) -> list[ActorMention]:
    indices = {t.i + shift for t in tokens}
    return [m for m in mentions.actors if m.start in indices or (m.end - 1) in indices]
