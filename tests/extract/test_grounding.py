"""The grounding pass: why each participant is in an event, and no participant without a reason."""

from __future__ import annotations

from datetime import date

from diplomap.extract.frames import Draft, FrameContext
from diplomap.extract.grounding import ground
from diplomap.extract.mentions import ActorMention
from diplomap.extract.roles import Roles
from diplomap.extract.triggers import TriggerMatch
from diplomap.ingest import document_from_text
from diplomap.models import Person, Place
from diplomap.nlp.lexicon import Trigger

TRIGGER = Trigger(key="verb:meet:CONSULT:", phrase="meet", pos="verb", event_type="CONSULT", mode=None,
                  frame="meet", contexts=(), flags=frozenset())


def test_each_participant_has_its_reason_and_one_without_is_dropped(extractor):
    sent = next(extractor.nlp("Aliyev met him in Baku.").sents)
    match = TriggerMatch(1, 2, TRIGGER, "past")
    roles = Roles(source=[ActorMention(0, 1, "AZE", "person")], anaphor=None)
    ctx = FrameContext(match=match, status="occurred", roles=roles, org_codes=frozenset(),
                       place=Place("Baku", "AZE", 40.4, 49.9), previous_participants=("RUS",),
                       last_person=Person("Vladimir Putin", "RUS", "head of state"))
    drafts = [Draft(match, "CONSULT", None, "occurred", ["AZE"], ["RUS", "CHN"], host="TUR")]
    [draft] = ground(drafts, ctx, sent)
    assert (draft.source, draft.target, draft.host) == (["AZE"], ["RUS"], None)
    assert draft.grounds == {"AZE": "named: Aliyev", "RUS": "earlier sentence"}


def test_a_draft_with_no_grounded_participant_is_dropped(extractor):
    sent = next(extractor.nlp("They met.").sents)
    match = TriggerMatch(1, 2, TRIGGER, "past")
    ctx = FrameContext(match=match, status="occurred", roles=Roles(), org_codes=frozenset())
    assert ground([Draft(match, "CONSULT", None, "occurred", ["AZE"], ["RUS"])], ctx, sent) == []


def test_events_say_why_each_participant_is_in_them(extractor):
    text = ("A Turkish delegation arrived in Baku on Monday. The delegation met Ilham Aliyev on Tuesday. "
            "He also received Vladimir Putin.")
    events = extractor.extract(document_from_text(text, published=date(2025, 10, 22)))
    assert [dict(e.participant_sources) for e in events if e.status == "occurred"] == [
        {"TUR": "named: Turkish", "AZE": "place: Baku"},
        {"TUR": "named: The delegation", "AZE": "named: Ilham Aliyev"},
        {"AZE": "pronoun: Ilham Aliyev", "RUS": "named: Vladimir Putin"},
    ]
