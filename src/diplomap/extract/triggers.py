"""Find the event triggers of a sentence and read their verb form in context.

The trigger ruler marks every lexicon phrase; here overlapping matches are
resolved (longest wins), noun/verb ambiguity is settled from the neighbouring
words (a determiner before "visit" makes it a noun, "to"/"will" a verb), and
triggers that only complete another trigger ("agreed to *expand*", "declined
to *attend*") are folded into it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span

from diplomap.extract.timerules import MONTHS, WEEKDAYS
from diplomap.nlp.lexicon import Trigger, function_words, shipped_lexicon, word_list
from diplomap.nlp.pipeline import ACTOR_SPANS, TRIGGER_SPANS

DETERMINERS = function_words("noun_determiners")
ADJECTIVE_SLOTS = function_words("adjective_slots")
INFINITIVE_CUES = function_words("infinitive_cues")
BE_FORMS = function_words("be_forms")
HAVE_FORMS = function_words("have_forms")
SUBJECT_PRONOUNS = function_words("pronoun_subjects")


@dataclass(frozen=True)
class TriggerMatch:
    start: int
    end: int
    trigger: Trigger
    form: str                  # base | 3sg | past | pastpart | gerund | noun
    absorbed: tuple[str, ...] = ()   # event types of triggers folded into this one
    alternatives: tuple[Trigger, ...] = ()   # other lexicon readings of the same words

    @property
    def is_verb(self) -> bool:
        return self.form != "noun"

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


def find_triggers(sent: Span, by_key: dict[str, Trigger] | None = None) -> list[TriggerMatch]:
    """Trigger matches of one sentence, left to right, one per token span; ``by_key``: the triggers of
    the lexicon the pipeline was built with (default: the shipped lexicon's)."""
    doc = sent.doc
    by_key = by_key if by_key is not None else shipped_lexicon().by_key
    named = _named_tokens(doc)
    candidates = [s for s in doc.spans.get(TRIGGER_SPANS, []) if sent.start <= s.start and s.end <= sent.end
                  and s.start not in named]     # "Security Treaty Organization" names, it does not report
    chosen: dict[tuple[int, int], list[TriggerMatch]] = {}
    for span in candidates:
        trigger = by_key[span.label_]
        match = TriggerMatch(span.start, span.end, trigger, span.id_)
        chosen.setdefault((span.start, span.end), []).append(match)
    matches = [_with_alternatives(_disambiguate(doc, options), options) for options in chosen.values()]
    matches = [_visitor_first(doc, m) for m in matches if m is not None]
    matches = _longest(matches)
    nouns = {m.start for m in matches if not m.is_verb}
    matches = [m for m in matches if not (m.form == "base" and m.end in nouns and m.start > sent.start
                                          and doc[m.start - 1].lower_ not in INFINITIVE_CUES)]
    return _fold_complements(doc, matches)      # ("staged mass demonstrations": an adjective, not 'to mass')


def _named_tokens(doc) -> set[int]:
    """Tokens inside multi-word names of organisations, firms, projects and states (cached per doc)."""
    named = doc.user_data.get("diplomap_named")
    if named is None:
        named = doc.user_data["diplomap_named"] = {
            i for s in doc.spans.get(ACTOR_SPANS, []) if s.label_ in ("org", "firm", "project", "state")
            for i in range(s.start, s.end)}
    return named


def _disambiguate(doc, options: list[TriggerMatch]) -> TriggerMatch | None:
    """Pick noun or verb reading (and which verb form) from the context."""
    start = options[0].start
    previous = doc[start - 1].lower_ if start > 0 else ""
    verbs = [o for o in options if o.is_verb]
    nouns = [o for o in options if not o.is_verb]
    if nouns and (previous in DETERMINERS or not verbs or doc[start].text[:1].isupper() and start > 0
                  and doc[start - 1].text[:1].isupper()):
        return nouns[0]
    if not verbs:
        return None
    if previous in ("-", "–") and start >= 2 and doc[start - 2].text.islower():
        return nouns[0] if nouns else None      # "its long-threatened invasion": an adjective
    forms = {o.form for o in verbs}
    if forms & {"past", "pastpart"} and previous in ADJECTIVE_SLOTS and options[0].end < len(doc) \
            and doc[options[0].end].text.isalpha() and doc[options[0].end].text.islower():
        return nouns[0] if nouns else None      # "an investigation into alleged crimes": an adjective
    if "base" in forms and previous in INFINITIVE_CUES:
        return next(o for o in verbs if o.form == "base")      # "agreed to cut", "will put"
    if "past" in forms and "pastpart" in forms:
        form = "pastpart" if previous in BE_FORMS | HAVE_FORMS else "past"
        return next(o for o in verbs if o.form == form)
    if "past" in forms and "base" in forms:
        return next(o for o in verbs if o.form == "past")      # "soldiers beat up detainees": news tells the past
    if "base" in forms and nouns and previous not in INFINITIVE_CUES:
        return nouns[0]
    if forms == {"3sg"} and nouns and not (previous[:1].isupper() or previous in SUBJECT_PRONOUNS
                                          or doc[start - 1].text[:1].isupper()):
        return nouns[0]              # "hosted talks", "two visits": a plural noun, not a verb
    return verbs[0]


def _with_alternatives(match: TriggerMatch | None, options: list[TriggerMatch]) -> TriggerMatch | None:
    """Keep the other readings of the same words with the same form; flagged (more specific) ones first."""
    if match is None:
        return None
    readings = [o.trigger for o in options if o.form == match.form]
    readings = sorted(dict.fromkeys(readings), key=_specificity)
    if not readings:
        return match
    return replace(match, trigger=readings[0], alternatives=tuple(readings[1:]))



VISITOR_HEADS = word_list("visitor_heads")


def _visitor_first(doc, match: TriggerMatch) -> TriggerMatch:
    """A reading that takes a visitor as its object ('welcomed Aliyev', 'welcomed the Georgian
    prime minister': received a visit) leads only when a person follows the verb; else it
    comes last ('welcomed the declaration', 'welcomed Pashinyan's remarks')."""
    readings = (match.trigger, *match.alternatives)
    visiting = [t for t in readings if t.has("object_person")]
    if not visiting:
        return match
    others = [t for t in readings if not t.has("object_person")]
    ordered = visiting + others if _visitor_after(doc, match) else others + visiting
    return replace(match, trigger=ordered[0], alternatives=tuple(ordered[1:]))


def _visitor_after(doc, match: TriggerMatch) -> bool:
    """A person's name (known, or a capitalised word the knowledge base does not name otherwise),
    or a demonym and a title, right after the verb, and no possessive after it."""
    start = match.end + (match.end < len(doc) and doc[match.end].lower_ == "the")
    if start >= len(doc):
        return False
    end = start
    while end < len(doc) and doc[end].text.istitle():
        end += 1                                     # the whole name: "President Reagan's statement"
    if end < len(doc) and doc[end].lower_ in ("'s", "’s", "'", "’"):
        return False
    span = next((s for s in doc.spans.get(ACTOR_SPANS, []) if start <= s.start < max(end, start + 1)), None)
    if span is not None:
        following = doc[span.end].lower_ if span.end < len(doc) else ""
        return span.label_ == "person" or span.label_ == "demonym" and following in VISITOR_HEADS
    word = doc[start].text
    return word.istitle() and word.isalpha() and word.lower() not in CALENDAR_WORDS


CALENDAR_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS)     # the time grammar's names, not a list of our own


def _specificity(trigger: Trigger) -> int:
    """Readings that require particular words come first ('granted ... candidate status' before 'granted aid')."""
    if trigger.constraints or trigger.has("needs_place"):
        return 0
    return 1 if trigger.flags else 2


def _longest(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    matches = sorted(matches, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[TriggerMatch] = []
    for match in matches:
        if kept and match.start < kept[-1].end:
            if match.end - match.start > kept[-1].end - kept[-1].start:
                kept[-1] = match
            continue
        kept.append(match)
    return kept


def _fold_complements(doc, matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """'X agreed to expand ...': the infinitive completes the earlier trigger, it is not an event."""
    result: list[TriggerMatch] = []
    for match in matches:
        head = result[-1] if result else None
        if (head is not None and head.trigger.has("complement") and match.is_verb
                and match.form == "base" and match.start - head.end <= 6
                and doc[match.start - 1].lower_ == "to"):
            result[-1] = replace(head, absorbed=head.absorbed + (match.trigger.event_type,))
            continue
        result.append(match)
    return result
