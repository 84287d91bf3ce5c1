"""Whether a reported event occurred, is planned, was denied or is hypothetical.

Read from the words before the trigger within its clause (auxiliaries, modals,
negation, intention verbs), the verb form, and sentence-level frames such as
"denied that ..." and "if ...". Present-tense verbs describe habits, not events,
unless the sentence pins them to a date ("is hosting the summit on Tuesday").
"""

from __future__ import annotations

from spacy.tokens import Span

from diplomap.extract.triggers import TriggerMatch

PLANNED_CUES = (
    ("will",), ("'ll",), ("shall",), ("is", "to"), ("are", "to"), ("set", "to"), ("expected", "to"),
    ("scheduled", "to"), ("due", "to"), ("plans", "to"), ("plan", "to"), ("planning", "to"),
    ("intends", "to"), ("intend", "to"), ("going", "to"), ("preparing", "to"), ("to", "be"),
    ("slated", "to"), ("poised", "to"), ("ready", "to"), ("agreed", "to"), ("invited",),
)
HYPOTHETICAL_WORDS = {"would", "could", "might", "may", "can", "should", "must", "if", "unless",
                      "whether", "possible", "potential", "possibly", "perhaps", "hopes", "hope",
                      "seeks", "seek", "aims", "aim", "wants", "want", "cannot"}
NEGATION_WORDS = {"not", "n't", "n’t", "never", "no", "neither", "nor", "without"}
ONGOING_TYPES = {"AID", "COOPERATE", "ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "RETREAT", "PROTEST", "REJECT",
                 "REQUEST", "ACCUSE"}
PRESENT_COPULAS = {"is", "are", "am", "remains", "remain", "stays", "stay", "seems", "appears"}
ASPECTUAL_PAST = {"continued", "began", "started", "resumed", "kept"}
FAILURE_CUES = (("failed", "to"), ("fail", "to"), ("fails", "to"), ("unable", "to"))
DENIAL_VERBS = {"denied", "denies", "deny", "dismissed", "dismisses", "refuted", "refutes", "rejected", "rejects"}
DENIAL_OBJECTS = {"that", "reports", "claims", "allegations", "rumours", "rumors", "speculation", "suggestions"}
HABITUAL_WORDS = {"long", "always", "often", "regularly", "routinely", "traditionally", "repeatedly", "usually",
                  "frequently", "generally", "typically", "consistently"}
REPORTING_VERBS = {"said", "says", "announced", "announces", "stated", "told", "added", "declared", "confirmed"}
NOUN_PLANNED = {"upcoming", "next", "planned", "proposed", "future", "forthcoming", "expected", "scheduled",
                "prospective", "anticipated", "coming"}
NOUN_HYPOTHETICAL = {"possible", "potential", "hypothetical", "eventual"}
CLAUSE_BREAKS = {";", ":", "—", "but", "while", "whereas", "although", "though", "because", "since", "where", "when",
                 "which", "who"}


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


def status_of(sent: Span, match: TriggerMatch, governor: TriggerMatch | None = None) -> str | None:
    """occurred | planned | denied | hypothetical, or None for a habitual/generic mention."""
    doc = sent.doc
    begin = clause_start(sent, match.start)
    left = [w if w != "may" or t != "May" else "<month>"          # "In May 2026, Chile signed": the month
            for w, t in zip(lower_words(doc)[begin:match.start], token_texts(doc)[begin:match.start])]
    near = left[-5:]
    if _denied_frame(doc, sent, match.start):
        return "denied"
    if HABITUAL_WORDS.intersection(near[-3:]):
        return None                       # "has long opposed", "regularly meets": a habit, not an event
    if any(word in NEGATION_WORDS for word in near[-4:]) or _has_cue(near, FAILURE_CUES):
        return "denied"                   # "did not meet", "failed to reach agreement"
    if "would" in near and REPORTING_VERBS.intersection(left):
        return "planned"              # "said it would send troops": a stated intention
    if any(word in HYPOTHETICAL_WORDS for word in near) or _conditional(left):
        return "hypothetical"
    if _has_cue(near, PLANNED_CUES):
        return "planned"
    if match.form == "noun":
        return _noun_status(left[-3:], governor)
    if match.form in ("past", "pastpart") and near and near[-1] in PRESENT_COPULAS \
            and not REPORTING_VERBS.intersection(lower_words(doc)[sent.start:sent.end]):
        return None                       # "remains committed to": a state, not an act (unless someone said so)
    if match.form in ("past", "pastpart"):
        return "occurred"
    if match.form == "gerund":
        if near and near[-1] in ("is", "are", "been") and match.trigger.event_type in ONGOING_TYPES:
            return "occurred"             # "the United States is providing intelligence to Macedonia"
        return "occurred" if near and near[-1] in ("after", "by", "upon") else None
    if match.form == "base" and len(near) >= 2 and near[-1] == "to" and near[-2] in ASPECTUAL_PAST:
        return "occurred"                 # "continued to send arms", "began to withdraw"
    return None


def _noun_status(left: list[str], governor: TriggerMatch | None) -> str:
    if any(word in NOUN_PLANNED for word in left):
        return "planned"
    if any(word in NOUN_HYPOTHETICAL for word in left):
        return "hypothetical"
    if any(word in ("no",) for word in left):
        return "denied"
    return "occurred"


def _has_cue(words: list[str], cues) -> bool:
    """Whether any multi-word cue occurs in ``words`` (cues indexed by their first word)."""
    index = _cue_index(cues)
    for i, word in enumerate(words):
        for cue in index.get(word, ()):
            if tuple(words[i:i + len(cue)]) == cue:
                return True
    return False


_CUE_INDEXES: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _cue_index(cues) -> dict[str, list[tuple[str, ...]]]:
    index = _CUE_INDEXES.get(id(cues))
    if index is None:
        index = {}
        for cue in cues:
            index.setdefault(cue[0], []).append(cue)
        _CUE_INDEXES[id(cues)] = index
    return index


def _conditional(left: list[str]) -> bool:
    return bool(left) and left[0] in ("if", "unless", "should")


def _denied_frame(doc, sent: Span, index: int) -> bool:
    """'X denied that / dismissed reports that ...' before the trigger in the same sentence."""
    words = lower_words(doc)
    for i in range(sent.start, index):
        if words[i] in DENIAL_VERBS and DENIAL_OBJECTS.intersection(words[i + 1:min(i + 4, index)]):
            return True
    return False
