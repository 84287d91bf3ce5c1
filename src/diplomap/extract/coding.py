"""PLOVER contexts and named projects of a draft, and the person-title table."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span

from diplomap.extract.frames import Draft
from diplomap.extract.mentions import DocMentions
from diplomap.extract.status import lower_words, token_texts
from diplomap.kb import KnowledgeBase, loader


@lru_cache(maxsize=1)
def _title_rows() -> tuple[dict, ...]:
    with loader.open_data(loader.data_dir(), "titles.tsv") as stream:
        return tuple(row for _, row in loader.read_rows(stream, "titles.tsv", ("title", "role")))


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Person titles ('Foreign Minister') and the role each implies."""
    return {row["title"]: row["role"] for row in _title_rows()}


@lru_cache(maxsize=1)
def title_actors() -> dict[str, str]:
    """Titles of one state's offices ('Secretary of the Treasury': USA): its holder acts for it."""
    return {row["title"]: row["actor"] for row in _title_rows() if row.get("actor")}


@lru_cache(maxsize=1)
def context_keywords() -> dict[str, str]:
    with loader.open_data(loader.data_dir(), "contexts.tsv") as stream:
        return loader.read_table(stream, "contexts.tsv", "keyword", "context")


@lru_cache(maxsize=1)
def _keyword_sets() -> tuple[dict[str, str], dict[str, str]]:
    keywords = context_keywords()
    return ({k: v for k, v in keywords.items() if " " not in k},
            {k.lower(): v for k, v in keywords.items() if " " in k})


def add_context(draft: Draft, sent: Span, mentions: DocMentions, kb: KnowledgeBase) -> None:
    """Contexts from the trigger, the sentence's keywords and its named projects."""
    contexts = list(draft.match.trigger.contexts)
    single, multi = _keyword_sets()
    lower = lower_words(sent.doc)[sent.start:sent.end]
    words = set(lower) | {w for w in token_texts(sent.doc)[sent.start:sent.end] if w[:1].isupper()}
    hits = [single[w] for w in words if w in single]
    if multi:
        text = " ".join(lower)
        hits += [context for keyword, context in multi.items() if keyword in text]
    for context in hits:
        if context not in contexts:
            contexts.append(context)
    projects = mentions.projects_in(sent.start, sent.end)
    for name in projects:
        for context in kb.projects[name].contexts if name in kb.projects else ():
            if context not in contexts:
                contexts.append(context)
    draft.contexts = contexts
    draft.projects = projects
