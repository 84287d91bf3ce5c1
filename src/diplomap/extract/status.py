"""Whether a reported event occurred, is planned, was denied or is hypothetical.

Read from the words before the trigger within its clause (auxiliaries, modals,
negation, intention verbs), the verb form, and sentence-level frames such as
"denied that ..." and "if ...". Present-tense verbs describe habits, not events,
unless the sentence pins them to a date ("is hosting the summit on Tuesday").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from diplomap.errors import KnowledgeBaseError
from diplomap.extract.triggers import TriggerMatch
from diplomap.nlp.lexicon import function_words, shipped_lexicon

ONGOING_TYPES = {"AID", "COOPERATE", "ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "RETREAT", "PROTEST", "REJECT",
                 "REQUEST", "ACCUSE"}
HABITUAL_WORDS = function_words("habitual_words")
CLAUSE_BREAKS = function_words("clause_breaks")


@dataclass(frozen=True)
class StatusWords:
    """The word lists status reads, from the lexicon's ``status.*`` lists (kb/data/lang/en/words.tsv);
    cues of several words are tuples."""

    planned: frozenset[tuple[str, ...]]
    hypothetical: frozenset[str]
    negation: frozenset[str]
    aspectual_past: frozenset[str]
    failure: frozenset[tuple[str, ...]]
    denial_verbs: frozenset[str]
    denial_objects: frozenset[str]
    reporting_verbs: frozenset[str]
    noun_planned: frozenset[str]
    noun_hypothetical: frozenset[str]
    present_copulas: frozenset[str]

    @classmethod
    def from_lists(cls, words: Mapping[str, frozenset[str]]) -> "StatusWords":
        """Raises KnowledgeBaseError naming a list the word lists lack."""
        missing = [f"status.{name}" for name in cls.__dataclass_fields__ if f"status.{name}" not in words]
        if missing:
            raise KnowledgeBaseError(f"lang/en/words.tsv: missing word lists {', '.join(missing)}")
        cues = ("planned", "failure")
        return cls(**{name: frozenset(tuple(e.split()) for e in words[f"status.{name}"]) if name in cues
                      else words[f"status.{name}"] for name in cls.__dataclass_fields__})


@lru_cache(maxsize=1)
def shipped_status_words() -> StatusWords:
    return StatusWords.from_lists(shipped_lexicon().words)


def span_text(span) -> str:
    """A span's text cut from the doc's text (Span.text builds a token object per word)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def doc_text(doc) -> str:
    """The doc's text, joined once per doc (Doc.text joins a token object per word on every call)."""
    text = doc.user_data.get("diplomap_text")
    if text is None:
        text = doc.user_data["diplomap_text"] = doc.text
    return text


def token_offsets(doc) -> tuple[list[int], list[int]]:
    """Start and end characters of every token, computed once per doc."""
    offsets = doc.user_data.get("diplomap_offsets")
    if offsets is None:
        starts = doc.to_array("IDX").tolist() if len(doc) else []
        offsets = doc.user_data["diplomap_offsets"] = (starts, [s + len(w) for s, w in zip(starts, token_texts(doc))])
    return offsets


def tokens_text(doc, start: int, end: int) -> str:
    """The text of tokens ``start`` to ``end`` (exclusive), without building token objects."""
    starts, ends = token_offsets(doc)
    return doc_text(doc)[starts[start]:ends[end - 1]] if end > start else ""


def token_texts(doc) -> list[str]:
    """The doc's token texts, computed once per doc from the attribute array (token objects are
    costly to make)."""
    return _attribute_strings(doc, "ORTH", "diplomap_words")


def lower_words(doc) -> list[str]:
    """The doc's lower-cased token texts, computed once per doc."""
    return _attribute_strings(doc, "LOWER", "diplomap_lower")


def _attribute_strings(doc, attribute: str, key: str) -> list[str]:
    words = doc.user_data.get(key)
    if words is None:
        strings = doc.vocab.strings
        words = doc.user_data[key] = [strings[h] for h in doc.to_array(attribute).tolist()] if len(doc) else []
    return words


def clause_start(sent: Span, index: int) -> int:
    """Index of the first token of the clause holding token ``index``."""
    words = lower_words(sent.doc)
    i = index - 1
    while i >= sent.start:
        if words[i] in CLAUSE_BREAKS:
            return i + 1
        i -= 1
    return sent.start


def status_of(sent: Span, match: TriggerMatch, governor: TriggerMatch | None = None,
              words: StatusWords | None = None) -> str | None:
    """occurred | planned | denied | hypothetical, or None for a habitual/generic mention; ``words``:
    the lexicon's status lists (default: the shipped lexicon's)."""
    words = words if words is not None else shipped_status_words()
    doc = sent.doc
    begin = clause_start(sent, match.start)
    left = [w if w != "may" or t != "May" else "<month>"          # "In May 2026, Chile signed": the month
            for w, t in zip(lower_words(doc)[begin:match.start], token_texts(doc)[begin:match.start])]
    near = left[-5:]
    if _denied_frame(doc, sent, match.start, words):
        return "denied"
    if HABITUAL_WORDS.intersection(near[-3:]):
        return None                       # "has long opposed", "regularly meets": a habit, not an event
    if any(word in words.negation for word in near[-4:]) or _has_cue(near, words.failure):
        return "denied"                   # "did not meet", "failed to reach agreement"
    if "would" in near and words.reporting_verbs.intersection(left):
        return "planned"              # "said it would send troops": a stated intention
    if any(word in words.hypothetical for word in near) or _conditional(left):
        return "hypothetical"
    if _has_cue(near, words.planned):
        return "planned"
    if match.form == "noun":
        return _noun_status(left[-3:], governor, words)
    if match.form in ("past", "pastpart") and near and near[-1] in words.present_copulas \
            and not words.reporting_verbs.intersection(lower_words(doc)[sent.start:sent.end]):
        return None                       # "remains committed to": a state, not an act (unless someone said so)
    if match.form in ("past", "pastpart"):
        return "occurred"
    if match.form == "gerund":
        if near and near[-1] in ("is", "are", "been") and match.trigger.event_type in ONGOING_TYPES:
            return "occurred"             # "the United States is providing intelligence to Macedonia"
        return "occurred" if near and near[-1] in ("after", "by", "upon") else None
    if match.form == "base" and len(near) >= 2 and near[-1] == "to" and near[-2] in words.aspectual_past:
        return "occurred"                 # "continued to send arms", "began to withdraw"
    return None


def _noun_status(left: list[str], governor: TriggerMatch | None, words: StatusWords) -> str:
    if any(word in words.noun_planned for word in left):
        return "planned"
    if any(word in words.noun_hypothetical for word in left):
        return "hypothetical"
    if any(word in ("no",) for word in left):
        return "denied"
    return "occurred"


def _has_cue(words: list[str], cues: frozenset[tuple[str, ...]]) -> bool:
    """Whether any cue of one to three words occurs in ``words``."""
    return any(tuple(words[i:i + n]) in cues for i in range(len(words)) for n in (1, 2, 3) if i + n <= len(words))


def _conditional(left: list[str]) -> bool:
    return bool(left) and left[0] in ("if", "unless", "should")


def _denied_frame(doc, sent: Span, index: int, status_words: StatusWords) -> bool:
    """'X denied that / dismissed reports that ...' before the trigger in the same sentence."""
    words = lower_words(doc)
    for i in range(sent.start, index):
        if words[i] in status_words.denial_verbs and status_words.denial_objects.intersection(words[i + 1:min(i + 4, index)]):
            return True
    return False
