"""Roles from word order (the rules tier): who acted, on whom, hosted by whom, in which forum.

The subject of a trigger is the nearest group of actor mentions to its left in the
same clause ("Aliyev and Tokayev met"); objects are the actors to its right up to the
clause's end ("met with Putin and Lukashenko", "talks between A and B"). A noun
trigger also takes the actors that modify it ("the Azerbaijan-Serbia talks", "the
OTS summit") and the subject of the verb that governs it ("Aliyev attended the
summit", "Aliyev paid a visit to Beijing").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span

from diplomap.extract.mentions import ActorMention, DocMentions
from diplomap.extract.status import CLAUSE_BREAKS, clause_start
from diplomap.extract.triggers import BE_FORMS, DETERMINERS, TriggerMatch
from diplomap.nlp.lemmas import lemma
from diplomap.nlp.lexicon import function_words, shipped_lexicon

GROUP_GLUE = function_words("group_glue")
RIGHT_STOPS = CLAUSE_BREAKS | function_words("right_stops")
OBJECT_PREPOSITIONS = function_words("object_prepositions")
PLURAL_ANAPHORS = function_words("plural_anaphors")
SINGULAR_ANAPHORS = function_words("singular_anaphors")
SUBJECT_PRONOUNS = function_words("personal_subjects")


@dataclass
class Roles:
    source: list[ActorMention] = field(default_factory=list)
    target: list[ActorMention] = field(default_factory=list)
    modifiers: list[ActorMention] = field(default_factory=list)
    host: list[ActorMention] = field(default_factory=list)
    anaphor: str | None = None        # "plural" | "singular" | "protagonist" when the subject is a pronoun-like phrase
    between: bool = False             # objects given as "between A and B" (one event, not several)


def assign_roles(sent: Span, match: TriggerMatch, mentions: DocMentions,
                 previous_verb: TriggerMatch | None, anchor: int | None,
                 other_triggers: frozenset[int] = frozenset(), phrase_end: int | None = None) -> Roles:
    """Word-order roles of one trigger in its sentence.

    ``anchor`` is the first token of the verb that governs a noun trigger ("attended",
    "held", "paid"); a noun with no such verb takes no subject from its left.
    """
    doc = sent.doc
    begin = clause_start(sent, match.start)
    if previous_verb is not None and previous_verb.end <= match.start:
        adverbial = _adverbial_end(doc, previous_verb, match.start)     # "Before meeting Putin, Aliyev met X"
        begin = max(begin, previous_verb.end if adverbial >= match.start else adverbial + 1)
    roles = Roles()
    passive = match.is_verb and match.end < sent.end and doc[match.end].lower_ == "by"
    left_limit = match.start
    if not match.is_verb:
        roles.modifiers = _modifiers(doc, mentions, begin, match.start)
        if anchor is None:
            left_limit = begin
        elif anchor > match.start:             # "At the NATO summit in Vilnius, Erdogan agreed ..."
            begin, left_limit = match.end, anchor
        else:
            begin = clause_start(sent, anchor)
            left_limit = min(anchor, roles.modifiers[0].start if roles.modifiers else match.start)
    roles.source = _left_group(doc, mentions, begin, left_limit) or _antecedent(doc, mentions, sent, begin, left_limit)
    if not roles.source:
        roles.anaphor = _anaphor(doc, begin, max(left_limit, begin))
    if not roles.source and not match.is_verb and not roles.modifiers and _possessive_pronoun(doc, begin, match.start):
        roles.anaphor = "singular"             # "after his visit to Istanbul"
    if phrase_end is None:
        phrase_end = anchor if (not match.is_verb and anchor is not None and anchor > match.start) else sent.end
    phrase_end = min(phrase_end, _adverbial_end(doc, match, sent.end))
    objects = _right_actors(doc, mentions, match.end, phrase_end, match.trigger.has("complement"),
                            other_triggers, noun=not match.is_verb,
                            recipient=match.trigger.event_type in ("AID", "SANCTION"))
    if passive:
        roles.source, objects = objects, roles.source
    elif not match.is_verb and not roles.source:
        roles.source, objects = _by_agent(doc, match, objects)
        roles.anaphor = None if roles.source else roles.anaphor
    roles.target = objects
    if objects:
        roles.between = any(t.lower_ in ("between", "among") for t in doc[match.end:objects[0].start])
    if not roles.source and phrase_end < sent.end and doc[phrase_end].text == ",":
        roles.source = _subject_after_adverbial(mentions, phrase_end, sent.end)
        roles.anaphor = None if roles.source else roles.anaphor
    return roles


def _subject_after_adverbial(mentions: DocMentions, comma: int, end: int) -> list[ActorMention]:
    """'After meeting Putin in Moscow, Aliyev flew to Astana': the subject of an adverbial gerund is
    the clause's, the actor right after its comma."""
    first = next(iter(mentions.actors_in(comma + 1, min(comma + 4, end))), None)
    return [first] if first is not None else []


SUBJECT_BLOCKING = function_words("subject_blocking")
ADVERBIAL_OPENERS = function_words("adverbial_openers")


def _left_group(doc, mentions: DocMentions, begin: int, end: int) -> list[ActorMention]:
    """The nearest group of actors before the trigger that can be its subject (not a prepositional object)."""
    candidates = [m for m in mentions.actors_in(begin, end)
                  if not _after_locative(doc, m) and not prepositional(doc, m, begin, mentions)]
    if not candidates:
        return []
    if any(t.lower_ in SUBJECT_PRONOUNS for t in doc[candidates[-1].end:end]):
        return []                          # "..., and he stayed away": the pronoun is the subject
    opening = _apposition_start(doc, candidates[-1].start, end)
    if opening is not None:
        before = [m for m in candidates if m.end <= opening]
        if before and opening - before[-1].end <= 1:
            candidates = before            # "Pakistan, a key U.S. ally ..., has refused": Pakistan
    group = [candidates[-1]]
    for mention in reversed(candidates[:-1]):
        gap = doc[mention.end:group[0].start]
        # ", and Foreign Minister of the Republic of Korea": a title and its state glue a list of persons
        if len(gap) <= 10 and all(_glue(t) for t in gap):
            group.insert(0, mention)
        else:
            break
    return group


def _apposition_start(doc, index: int, end: int) -> int | None:
    """The comma opening an apposition (', a key U.S. ally in the war on terror,') that holds ``index``
    and closes before ``end``."""
    i = index - 1
    while i > 0 and doc[i].text != "," and index - i <= 8:
        i -= 1
    if doc[i].text != "," or doc[i + 1].lower_ not in ("a", "an", "the") or i + 1 == index:
        return None
    closes = any(t.text == "," for t in doc[index:end])
    return i if closes else None


def _right_actors(doc, mentions: DocMentions, start: int, sent_end: int, complement: bool = False,
                  other_triggers: frozenset[int] = frozenset(), noun: bool = False,
                  recipient: bool = False) -> list[ActorMention]:
    """Actors after the trigger up to the clause's end or the next trigger; a complement
    ('agreed that X ...') and the recipient of aid or sanctions ('aid for Bosnia') are kept. A noun's phrase ends at a comma ('the summit, Aliyev ...')."""
    found: list[ActorMention] = []
    i = start
    passes = OBJECT_PREPOSITIONS | ({"that", "to"} if complement else set()) | ({"for"} if recipient else set())
    for mention in mentions.actors_in(start, sent_end):
        gap = doc[i:mention.start]
        cut = None if found else _examples_start(gap, mentions.words.examples)
        gap = gap if cut is None else gap[:cut]
        if any(t.lower_ in RIGHT_STOPS and t.lower_ not in passes for t in gap):
            break
        if any(t.i in other_triggers and not _reduced_passive(doc, t.i) for t in gap):
            break
        if noun and not found and _breaks_a_noun_phrase(gap):
            break
        if _new_clause(gap):
            break
        if _after_locative(doc, mention):
            break
        found.append(mention)
        i = mention.end
    return found


def _by_agent(doc, noun: TriggerMatch, objects: list[ActorMention]) -> tuple[list[ActorMention], list[ActorMention]]:
    """'a visit by Aliyev to Astana', 'a trip to A and B by the US envoy': the actors right after 'by'
    in a noun's phrase are its agent (a participle's 'by', 'talks hosted by X', is not); returns the
    agent and the other objects."""
    for index, mention in enumerate(objects):
        gap = doc[noun.end if index == 0 else objects[index - 1].end:mention.start]
        by = next((t for t in gap if t.lower_ == "by"), None)
        if by is None:
            continue
        if _reduced_passive(doc, by.i - 1) or mention.start - by.i > 3:
            return [], objects
        agent = [mention]
        for other in objects[index + 1:]:
            if all(_glue(t) for t in doc[agent[-1].end:other.start]) and other.start - agent[-1].end <= 1:
                agent.append(other)
            else:
                break
        return agent, [m for m in objects if m not in agent]
    return [], objects


def _examples_start(gap, markers: frozenset[str]) -> int | None:
    """Where ', including' or 'such as' ends ``gap`` (a group's members named after it: 'tariffs on 60
    partners, including Canada'), comma included; None when the gap ends otherwise."""
    words = [t.lower_ for t in gap]
    for n in (2, 1):
        if len(words) > n and " ".join(words[-n:]) in markers:
            cut = len(words) - n
            return cut - 1 if words[cut - 1] == "," else cut
    return None


def _adverbial_end(doc, match: TriggerMatch, end: int) -> int:
    """'by receiving Russian technology, North Korea ...': a gerund after a preposition opens an
    adverbial phrase that ends at its comma; what follows is the clause, not the gerund's object."""
    if not match.is_verb or match.form != "gerund" or match.start == 0 \
            or doc[match.start - 1].lower_ not in ADVERBIAL_OPENERS:
        return end
    return next((t.i for t in doc[match.end:end] if t.text == ","), end)


def _breaks_a_noun_phrase(gap) -> bool:
    """A comma, or a parenthesis left open, ends a noun's phrase; a closed one ('on C$27 billion
    (US$20 billion) worth of U.S. goods') does not, unless a coordination follows it ('the summit in
    Gabala (6-7 October) and the CIS summit': another phrase)."""
    depth, closed = 0, False
    for token in gap:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth, closed = max(0, depth - 1), True
        elif depth == 0 and (token.text == "," or closed and token.lower_ in ("and", "or")):
            return True
    return depth > 0


def _reduced_passive(doc, index: int) -> bool:
    """'the declaration signed by A and B': a participle + 'by' inside the object phrase."""
    token = doc[index]
    return token.lower_.endswith("ed") and index + 1 < len(doc) and doc[index + 1].lower_ == "by"


def _possessive_pronoun(doc, begin: int, noun_start: int) -> bool:
    start = _np_start(doc, begin, noun_start)
    before = doc[start - 1].lower_ if start > 0 else ""
    return before in ("his", "her") or any(t.lower_ in ("his", "her") for t in doc[start:noun_start])


def _new_clause(gap) -> bool:
    """', and it is ...', ', but police ...': a comma followed by a conjunction starts a new clause."""
    words = [t.lower_ for t in gap]
    return any(w == "," and i + 1 < len(words) and words[i + 1] in ("and", "but", "while", "as")
               for i, w in enumerate(words)) and len(words) > 2


def _antecedent(doc, mentions: DocMentions, sent: Span, begin: int, end: int) -> list[ActorMention]:
    """'..., which has supplied ...': the subject of a relative clause is the actor before 'which'."""
    if begin <= sent.start or doc[begin - 1].lower_ not in ("which", "who") and not (
            begin < end and doc[begin].lower_ in ("which", "who")):
        return []
    pronoun = begin - 1 if doc[begin - 1].lower_ in ("which", "who") else begin
    before = [m for m in mentions.actors_in(sent.start, pronoun) if pronoun - m.end <= 2]
    return before[-1:]


def _modifiers(doc, mentions: DocMentions, begin: int, noun_start: int) -> list[ActorMention]:
    """Actors inside the noun phrase before a noun trigger ('the Azerbaijan-Serbia talks')."""
    start = _np_start(doc, begin, noun_start)
    return [m for m in mentions.actors_in(start, noun_start)]


def _np_start(doc, begin: int, noun_start: int) -> int:
    i = noun_start
    while i > begin:
        token = doc[i - 1]
        possessive = token.text in ("'s", "’s") and i - 2 >= begin and doc[i - 2].text[:1].isupper()
        if (token.lower_ in BE_FORMS and not possessive) or token.lower_ in RIGHT_STOPS or token.lower_ == "and":
            break
        if not (token.text[:1].isupper() or token.is_punct and token.text in "-–'’" or token.lower_ in
                ("the", "a", "an", "'s", "’s", "joint", "bilateral", "trilateral", "official", "state", "al", "bin",
                 "his", "her", "their", "its",
                 "working", "informal", "extraordinary", "annual", "high-level", "first", "historic", "recent")):
            break
        i -= 1
    return i


def prepositional(doc, mention: ActorMention, begin: int, mentions: DocMentions) -> bool:
    """An actor after a preposition is not a subject ('invasion of Ukraine'), except in
    'the foreign ministers of A and B', 'the President of Azerbaijan'."""
    i = mention.start - 1
    while i >= begin and doc[i].lower_ in ("the", "a", "an", "'s", "’s"):
        i -= 1
    if i < begin or doc[i].lower_ not in SUBJECT_BLOCKING:
        return False
    if doc[i].lower_ == "in" and i > begin and doc[i - 1].lower_ in mentions.words.located_groups:
        return False                       # "security forces in Guinea tortured ...": Guinea's forces
    if doc[i].lower_ == "of":
        j = i - 1
        return not (j >= begin and (doc[j].lower_ in mentions.words.heads_of or doc[j].text[:1].isupper()))
    return True


def _glue(token) -> bool:
    return token.lower_ in GROUP_GLUE or (token.text[:1].isupper() and token.is_alpha)


def _after_locative(doc, mention: ActorMention) -> bool:
    return mention.kind == "capital" and mention.start > 0 and doc[mention.start - 1].lower_ in ("in", "at")


def _anaphor(doc, begin: int, end: int) -> str | None:
    """'he' / 'she' (singular); 'they', 'both', 'the two sides', 'the leaders' (plural)."""
    words = [t.lower_ for t in doc[begin:end]]
    if any(w in SINGULAR_ANAPHORS for w in words):
        return "singular"
    text = " ".join(words)
    if "the head of state" in text:
        return "protagonist"               # a readout's 'the Head of State': whom the article is about
    if any(f"{p} {n}" in text for p in ("his", "her")
                                          for n in ("government", "country", "administration", "office")):
        return "singular"
    for index, word in enumerate(words):
        if word in ("they", "both"):
            return "plural"
        if word in PLURAL_ANAPHORS and index > 0 and words[index - 1] in (
                "the", "two", "three", "four", "five", "their", "both", "all", "warring", "neighbouring",
                "neighboring"):
            return "plural"
    return None


MATERIAL_ACTS = {"AID", "SANCTION", "COERCE", "COOPERATE"}
STOPPABLE = {"AID", "COOPERATE", "CONSULT"}      # "halted economic aid", "ended mediation efforts": a sanction


def _carrying_lemma(word: str, words: Mapping[str, frozenset[str]]) -> bool:
    return word in words["light_verbs"] or word in words["stop_verbs"]


def governing_verb(sent: Span, noun: TriggerMatch, verbs: list[TriggerMatch],
                   nouns: list[TriggerMatch] = (), words: Mapping[str, frozenset[str]] | None = None
                   ) -> tuple[int, int] | None:
    """The verb that carries a noun trigger ('held talks', 'paid a visit', 'adopted the declaration'),
    as a token range; the light and stop verbs are the lexicon's lists (default: the shipped one's)."""
    doc = sent.doc
    words = words if words is not None else shipped_lexicon().words
    begin = clause_start(sent, noun.start)
    for i in range(noun.start - 1, max(begin, noun.start - 9) - 1, -1):
        verb = next((v for v in verbs if v.start <= i < v.end), None)
        if verb is not None:
            between = {t.lower_ for t in doc[verb.end:noun.start]}
            same_kind = noun.trigger.event_type in MATERIAL_ACTS and any(
                t.event_type == noun.trigger.event_type for t in (verb.trigger, *verb.alternatives))
            same_kind = same_kind or lemma(doc[verb.start].lower_) in words["stop_verbs"] \
                and noun.trigger.event_type in STOPPABLE
            brokered = verb.trigger.frame == "broker" and noun.start - verb.end <= 4 and "between" in {
                t.lower_ for t in doc[noun.end:min(noun.end + 3, sent.end)]}    # "brokered a swap between A and B"
            carries = verb.trigger.frame == "joint" or brokered or (
                (verb.trigger.has("complement") or same_kind) and not between & {"that", "to"}
                and noun.start - verb.end <= 4)     # "granted political asylum": one act
            return (verb.start, verb.end) if carries else None
        if any(n.start <= i < n.end for n in nouns if n is not noun):
            return None                    # "launched an investigation into alleged attacks": the nearer noun's
        if _carrying_lemma(lemma(doc[i].lower_), words) \
                and not (i > sent.start and doc[i - 1].lower_ in DETERMINERS):     # "at the end of a trip": a noun
            return i, i + 1
    return None
