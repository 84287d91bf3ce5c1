"""Definite descriptions that refer back to an actor the document introduced: a discourse pass.

"A US delegation ... The delegation met with Afghan President Ashraf Ghani": the delegation is
the one the text introduced, so it acts for the state named with it. Where the document has
introduced none, a delegation in a government's release is the publisher's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from diplomap.extract.mentions import NAME_STOP, ActorMention, DocMentions
from diplomap.extract.status import lower_words
from diplomap.models import Person

# The word lists this pass reads (kb/data/lang/en/words.tsv): the nouns that stand for one side ("the
# delegation", "the Administration"), the verbs that put a person at the head of one ("X led a
# delegation") and the words that may stand between a side and its noun ("a senior US delegation").
SIDE_NOUNS, LEADING_VERBS, SIDE_ARTICLES = "side_nouns", "leading_verbs", "side_articles"


@dataclass(frozen=True)
class Delegation:
    """The delegation a document last introduced: whom it acts for."""

    code: str
    kind: str


def refer_back_to_delegations(doc: Doc, mentions: DocMentions, last: Delegation | None,
                              home: str | None, words: Mapping[str, frozenset[str]]) -> Delegation | None:
    """Add an actor mention for each 'the delegation' that names no side of its own, resolved to the
    delegation the text introduced last ('a US delegation', 'Rubio led a delegation'), else to the
    publisher's ``home``; returns the delegation introduced last, for the next paragraphs."""
    lower = lower_words(doc)
    added = []
    for i, word in enumerate(lower):
        if word not in words.get(SIDE_NOUNS, ()):
            continue
        introduced = _introducer(doc, mentions, i, words)
        if introduced is not None:
            last = introduced
        elif i > 0 and lower[i - 1] == "the" and not _named_after(lower, i):
            code, kind = (last.code, last.kind) if last is not None else (home, "state")
            if code is not None:
                added.append(ActorMention(i - 1, i + 1, code, kind))
    _add_mentions(mentions, added)
    return last


def leaders_of_delegations(doc: Doc, mentions: DocMentions, known: list[Person],
                           words: Mapping[str, frozenset[str]]) -> None:
    """'..., Dr. Elizabeth Smith, led a US delegation': a person the text names with no side of their
    own, who leads a side's delegation, acts for that side. Adds the mention and remembers the person
    in ``known``, so that later mentions of the family name ('Dr. Smith') act for it too."""
    lower = lower_words(doc)
    taken = {i for m in mentions.actors for i in range(m.start, m.end)}
    articles, leading = words.get(SIDE_ARTICLES, frozenset()), words.get(LEADING_VERBS, frozenset())
    added = []
    for i, word in enumerate(lower):
        if word not in words.get(SIDE_NOUNS, ()):
            continue
        side = next((m for m in reversed(mentions.actors) if m.end <= i and m.kind in ("state", "demonym")), None)
        if side is None or i - side.end > 3 or not all(w in articles for w in lower[side.end:i]):
            continue
        verb = side.start - 1
        while verb > 0 and lower[verb] in articles:
            verb -= 1
        name = _name_before(doc, verb, taken) if verb > 0 and lower[verb] in leading else None
        if name is not None:
            person = Person(doc[name[0]:name[1]].text, side.code)
            known.append(person)
            added.append(ActorMention(name[0], name[1], side.code, "person", person))
    _add_mentions(mentions, added)


def _name_before(doc: Doc, end: int, taken: set[int]) -> tuple[int, int] | None:
    """The personal name (two to four capitalised words, hyphens inside) that ends just before ``end``,
    a comma between allowed ('Dr. Elizabeth Smith, led'); None where there is none."""
    stop = end - 1 if end > 0 and doc[end - 1].text == "," else end
    start = stop
    while start > 0 and stop - start < 6 and start - 1 not in taken and (
            doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper() or doc[start - 1].text == "-"):
        start -= 1
    names = [t for t in doc[start:stop] if t.is_alpha]
    if not 2 <= len(names) <= 4 or doc[start].text == "-" or doc[start].text in NAME_STOP:
        return None
    return start, stop


def _add_mentions(mentions: DocMentions, added: list[ActorMention]) -> None:
    if added:
        mentions.actors = sorted([*mentions.actors, *added], key=lambda m: m.start)


def _introducer(doc: Doc, mentions: DocMentions, index: int, words: Mapping[str, frozenset[str]]) -> Delegation | None:
    """The side a delegation at ``index`` is named with: an actor just before it ('a US delegation',
    'the Azerbaijani delegation'), or the person who led it ('Rubio led a delegation')."""
    before = [m for m in mentions.actors if m.end <= index and index - m.end <= 4]
    if not before:
        return None
    nearest = before[-1]
    between = lower_words(doc)[nearest.end:index]
    articles, leading = words.get(SIDE_ARTICLES, frozenset()), words.get(LEADING_VERBS, frozenset())
    if all(w in articles for w in between) or (between and between[0] in leading
                                                 and all(w in articles for w in between[1:])):
        return Delegation(nearest.code, "state" if nearest.kind in ("person", "demonym") else nearest.kind)
    return None


def _named_after(words: list[str], index: int) -> bool:
    """'the delegation of Kazakhstan' names its side after the noun."""
    return index + 1 < len(words) and words[index + 1] in ("of", "from")


def statement_authors(title: Doc, mentions: DocMentions, words: Mapping[str, frozenset[str]]) -> tuple[str, ...]:
    """The authors a statement's title names ('Joint Statement by President X of A and President Y of B
    on ...': A and B): the actors after its first author opener ('by', 'of', 'from') up to the topic
    ('on', 'in', ':'), where the title is a statement's; else none."""
    lower = lower_words(title)
    if not is_statement_title(lower, words):
        return ()
    start = next((i for i, w in enumerate(lower) if w in words.get("author_openers", ())), None)
    if start is None:
        return ()
    closers = words.get("author_closers", frozenset())
    end = next((i for i in range(start + 1, len(lower)) if lower[i] in closers), len(lower))
    return tuple(dict.fromkeys(m.code for m in mentions.actors_in(start + 1, end)))


def is_statement_title(words_of_title: list[str], words: Mapping[str, frozenset[str]]) -> bool:
    return bool(words.get("statement_titles", frozenset()).intersection(words_of_title))


def refer_to_authors(doc: Doc, mentions: DocMentions, authors: tuple[str, ...],
                     words: Mapping[str, frozenset[str]]) -> None:
    """'We met today ...' in a statement: add a mention of each of its authors for the pronoun."""
    if not authors:
        return
    taken = {i for m in mentions.actors for i in range(m.start, m.end)}
    added = [ActorMention(i, i + 1, code, "state") for i, word in enumerate(lower_words(doc))
             if word in words.get("authors_pronouns", ()) and i not in taken for code in authors]
    _add_mentions(mentions, added)


__all__ = ["Delegation", "is_statement_title", "leaders_of_delegations", "refer_back_to_delegations",
           "refer_to_authors", "statement_authors"]
