"""Why each participant is in an event: a pass over a frame's drafts.

Every participant comes from somewhere the text says: a mention in the clause ("named"), a pronoun
or description resolved to a person named before ("pronoun"), the parties of the events just
before ("earlier sentence"), the forum, host or treaty the sentence names, or the place the event
is held in. The event record carries it as ``participant_sources`` (an extension of the contract),
which ``diplomap show`` and the dashboard's evidence view display; a participant none of these
explains is dropped from the draft, and a draft left with none is dropped.
"""

from __future__ import annotations

from spacy.tokens import Span

from diplomap.extract.frames import Draft, FrameContext
from diplomap.extract.status import tokens_text


def ground(drafts: list[Draft], ctx: FrameContext, sent: Span) -> list[Draft]:
    """The drafts with each participant's grounding; participants without one are left out."""
    named = _named(ctx, sent)
    kept = []
    for draft in drafts:
        grounds = {code: why for code in draft.participants if (why := _why(code, ctx, named))}
        draft.source = [c for c in draft.source if c in grounds]
        draft.target = [c for c in draft.target if c in grounds]
        draft.host = draft.host if draft.host in grounds else None
        draft.organization = draft.organization if draft.organization in grounds else None
        draft.grounds = {code: grounds[code] for code in draft.participants}
        if draft.participants:
            kept.append(draft)
    return kept


def _named(ctx: FrameContext, sent: Span) -> dict[str, str]:
    """Each code the clause's roles name, with the words that name it (the first mention)."""
    roles = ctx.roles
    named: dict[str, str] = {}
    for mention in [*roles.source, *roles.target, *roles.modifiers, *roles.host]:
        named.setdefault(mention.code, tokens_text(sent.doc, mention.start, mention.end))
    return named


def _why(code: str, ctx: FrameContext, named: dict[str, str]) -> str | None:
    if code in named:
        return f"named: {named[code]}"
    person = ctx.last_person if ctx.roles.anaphor == "singular" else (
        ctx.protagonist if ctx.roles.anaphor == "protagonist" else None)
    if person is not None and person.actor == code:
        return f"pronoun: {person.name}"
    if code == ctx.forum_org:
        return "forum of the sentence"
    if code == ctx.host_hint:
        return "host of the sentence"
    if code in ctx.treaty_parties:
        return "party to the treaty named"
    place = ctx.place or ctx.setting
    if place is not None and place.country == code:
        return f"place: {place.name}"
    if code in ctx.sentence_actors:
        return "named in the sentence"
    if code in ctx.previous_participants or code in ctx.recent_participants:
        return "earlier sentence"
    return None


__all__ = ["ground"]
