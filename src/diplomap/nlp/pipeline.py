"""Build the spaCy pipeline in one of two tiers.

rules   spacy.blank("en") + sentencizer + phrase rulers fed by the knowledge base.
        Needs no statistical model; always available; the default.
parsed  the same, plus an installed English pipeline's tagger and parser run over the
        sentences that hold a trigger; the parse gives roles.

Nothing is downloaded: the parsed tier uses a pipeline already installed as a package
(named by the ``DIPLOMAP_SPACY_MODEL`` setting or the ``model`` argument).
"""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from diplomap.errors import PipelineError
from diplomap.kb import KnowledgeBase
from diplomap.nlp.lexicon import Lexicon, Trigger, shipped_lexicon

log = logging.getLogger(__name__)

ACTOR_SPANS = "dm_actors"
TRIGGER_SPANS = "dm_triggers"
RULES_TIER = "rules"
PARSED_TIER = "parsed"

# "U.S.-brokered" and "Baku–Tbilisi" split at the dash so names match on their own.
EXTRA_INFIXES = (r"(?<=\.)[-–—](?=[A-Za-z])", r"(?<=[A-Za-z])[–—](?=[A-Za-z])")


def build_pipeline(kb: KnowledgeBase, model: str | None = None, lexicon: Lexicon | None = None) -> Language:
    """A pipeline whose docs carry actor and trigger spans; ``nlp.meta['diplomap_tier']`` says which tier.
    ``lexicon`` gives the triggers (default: the shipped lexicon).

    Both tiers tokenize, split sentences and match with the same blank pipeline; the parsed tier
    names its model in ``nlp.meta['diplomap_model']`` and parses only the sentences that hold a
    trigger (``load_parser``), not every paragraph."""
    if model:
        load_parser(model)                   # fail now, with a clear message, if it is not installed
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    _extend_tokenizer(nlp)
    _add_actor_ruler(nlp, kb)
    _add_trigger_ruler(nlp, lexicon if lexicon is not None else shipped_lexicon())
    tier = PARSED_TIER if model else RULES_TIER
    nlp.meta["diplomap_tier"] = tier
    nlp.meta["diplomap_model"] = model
    nlp.meta["diplomap_kb_version"] = kb.version
    log.info("pipeline tier %s (model %s), kb %s", tier, model or "none", kb.version)
    return nlp


def load_parser(model: str) -> Language:
    """The installed model's tagger and parser (no NER), tokenizing exactly as the matching pipeline."""
    parser = _load_model(model)
    _extend_tokenizer(parser)
    return parser


def tier_of(nlp: Language) -> str:
    return nlp.meta.get("diplomap_tier", RULES_TIER)


@lru_cache(maxsize=2)
def _load_model(model: str) -> Language:
    try:
        nlp = spacy.load(model, exclude=["lemmatizer", "ner"])
    except OSError as error:
        raise PipelineError(
            f"spaCy pipeline {model!r} is not installed ({error}); install it as a package "
            "(see README, 'Parsed tier') or unset DIPLOMAP_SPACY_MODEL to use the rules tier"
        ) from None
    if "parser" not in nlp.pipe_names:
        raise PipelineError(f"spaCy pipeline {model!r} has no dependency parser")
    return nlp


def _extend_tokenizer(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes or ()) + list(EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _add_actor_ruler(nlp: Language, kb: KnowledgeBase) -> None:
    ruler = nlp.add_pipe(
        "span_ruler", name="diplomap_actors",
        config={"spans_key": ACTOR_SPANS, "phrase_matcher_attr": "ORTH", "validate": False},
    )
    patterns = [{"label": kind, "pattern": text, "id": code} for text, kind, code in kb.actor_phrases()]
    patterns += [{"label": "project", "pattern": text, "id": name} for text, name in kb.project_phrases()]
    ruler.add_patterns(patterns)


def _add_trigger_ruler(nlp: Language, lexicon: Lexicon) -> None:
    ruler = nlp.add_pipe(
        "span_ruler", name="diplomap_triggers",
        config={"spans_key": TRIGGER_SPANS, "phrase_matcher_attr": "LOWER", "validate": False},
    )
    patterns = []
    for trigger, forms in lexicon.triggers:
        patterns += [{"label": trigger.key, "pattern": form.text, "id": form.form} for form in forms]
    ruler.add_patterns(patterns)


def trigger_lexicon() -> tuple[tuple[Trigger, tuple], ...]:
    """The shipped lexicon's triggers with their surface forms."""
    return shipped_lexicon().triggers
