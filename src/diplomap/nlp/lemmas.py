"""English lemmas from spaCy's lookup tables (the ``spacy-lookups-data`` package).

Word lists in kb/data/lang/en/words.tsv name verbs by their lemma ('hold', not 'holds', 'held',
'holding'); a word of a sentence is compared by ``lemma(word)``. The tables are read once, on
first use, from the installed package; nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from diplomap.errors import KnowledgeBaseError

if TYPE_CHECKING:
    from spacy.lookups import Table

# The verb whose forms are not tenses of a content verb ('was', 'were', 'been'): grammar.
_COPULA = "be"


@lru_cache(maxsize=1)
def _tables() -> tuple["Table", dict[str, list[str]]]:
    from spacy.lookups import load_lookups

    try:
        lookups = load_lookups("en", ["lemma_lookup", "lemma_exc"], strict=True)
    except ValueError as exc:           # spaCy's words when spacy-lookups-data is missing
        raise KnowledgeBaseError(f"English lemma tables not found ({exc}); "
                                 "install the spacy-lookups-data package") from None
    return lookups.get_table("lemma_lookup"), dict(lookups.get_table("lemma_exc")["verb"])


def lemma(word: str) -> str:
    """The lemma of a lowercase word ('held' -> 'hold', 'tariffs' -> 'tariff'); the word itself
    when the table does not know it, or when it is no word but a clitic or sign ("'s" is not 'have')."""
    return _tables()[0].get(word, word) if word.isalpha() else word


@lru_cache(maxsize=1)
def irregular_past() -> frozenset[str]:
    """Past tenses and participles that do not end in -ed ('met', 'held', 'begun'): the irregular
    verb forms of spaCy's exception table, less gerunds, third persons and the copula's forms."""
    return frozenset(form for form, lemmas in _tables()[1].items()
                     if "_" not in form and not form.endswith(("ing", "s", "ed")) and _COPULA not in lemmas)


def past_form(word: str) -> bool:
    """A past tense or participle: a regular '-ed' form or an irregular one ('met', 'held')."""
    return word.endswith("ed") or word in irregular_past()
