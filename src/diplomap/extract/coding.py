"""PLOVER contexts and named projects of a draft, and the person-title table."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span

from diplomap.extract.frames import Draft
from diplomap.extract.mentions import DocMentions
from diplomap.kb import KnowledgeBase, loader


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Person titles ('Foreign Minister') and the role each implies."""
    with loader.open_data(loader.data_dir(), "titles.tsv") as stream:
        return loader.read_table(stream, "titles.tsv", "title", "role")


@lru_cache(maxsize=1)
def context_keywords() -> dict[str, str]:
    with loader.open_data(loader.data_dir(), "contexts.tsv") as stream:
        return loader.read_table(stream, "contexts.tsv", "keyword", "context")


def add_context(draft: Draft, sent: Span, mentions: DocMentions, kb: KnowledgeBase) -> None:
    """Contexts from the trigger, the sentence's keywords and its named projects."""
    contexts = list(draft.match.trigger.contexts)
    keywords = context_keywords()
    words = {t.text for t in sent} | {t.lower_ for t in sent}
    text = sent.text.lower()
    for keyword, context in keywords.items():
        hit = keyword in words if " " not in keyword else keyword in text
        if hit and context not in contexts:
            contexts.append(context)
    projects = mentions.projects_in(sent.start, sent.end)
    for name in projects:
        for context in kb.projects[name].contexts if name in kb.projects else ():
            if context not in contexts:
                contexts.append(context)
    draft.contexts = contexts
    draft.projects = projects
