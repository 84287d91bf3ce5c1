"""The trigger lexicon and the pipeline tiers."""

from __future__ import annotations

import io

import pytest

from diplomap.errors import PipelineError
from diplomap.models import EVENT_TYPES
from diplomap.nlp.lexicon import inflect, read_triggers
from diplomap.nlp.pipeline import ACTOR_SPANS, RULES_TIER, TRIGGER_SPANS, build_pipeline, tier_of, trigger_lexicon


@pytest.mark.parametrize("verb, forms", [
    ("visit", ["visits", "visited", "visited", "visiting"]),
    ("agree", ["agrees", "agreed", "agreed", "agreeing"]),
    ("ban", ["bans", "banned", "banned", "banning"]),
    ("rally", ["rallies", "rallied", "rallied", "rallying"]),
    ("pledge", ["pledges", "pledged", "pledged", "pledging"]),
    ("travel to", ["travels to", "traveled to", "traveled to", "traveling to"]),
])
def test_regular_inflection(verb, forms):
    assert inflect(verb) == forms


def test_listed_forms_override_inflection_and_extras_are_tagged():
    table = "phrase\tpos\tevent_type\tmode\tframe\tcontexts\tforms\tflags\n" \
            "meet\tverb\tCONSULT\t\tmeet\tdiplomatic\tmeets,met,met,meeting|meeted\t\n"
    ((trigger, forms),) = read_triggers(io.StringIO(table))
    assert [(f.text, f.form) for f in forms] == [
        ("meet", "base"), ("meets", "3sg"), ("met", "past"), ("met", "pastpart"), ("meeting", "gerund"),
        ("meeted", "past")]
    assert trigger.frame == "meet" and trigger.event_type == "CONSULT"


def test_shipped_lexicon_covers_all_sixteen_plover_types():
    types = {trigger.event_type for trigger, _ in trigger_lexicon()}
    assert types == set(EVENT_TYPES)


def test_rules_tier_marks_actors_and_triggers(small_kb):
    nlp = build_pipeline(small_kb)
    doc = nlp("The U.S.-brokered talks: Aliyev met Vladimir Putin in Moscow.")
    assert tier_of(nlp) == RULES_TIER
    assert {(s.text, s.id_) for s in doc.spans[ACTOR_SPANS]} >= {("U.S.", "USA"), ("Vladimir Putin", "RUS"), ("Moscow", "RUS")}
    assert {s.text for s in doc.spans[TRIGGER_SPANS]} >= {"talks", "met"}


def test_missing_model_is_a_clear_pipeline_error(small_kb):
    with pytest.raises(PipelineError, match="not installed"):
        build_pipeline(small_kb, model="no_such_spacy_pipeline_xyz")
