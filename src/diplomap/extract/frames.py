"""Turn one trigger and its roles into event drafts, frame by frame.

A frame is the shape of an interaction: symmetric talks (meet, talks), a visit,
hosting, attending a forum, a forum noun (summit), a joint act (sign, agree), a
directed act (accuse, sanction, aid) and brokering. Each frame decides sources,
targets, host, forum and mode, and how a multilateral mention splits into events.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from diplomap.extract.mentions import ActorMention
from diplomap.extract.roles import Roles
from diplomap.extract.triggers import TriggerMatch
from diplomap.models import Person, Place


@dataclass
class Draft:
    """An event before time, place and ids are settled."""

    match: TriggerMatch
    event_type: str
    mode: str | None
    status: str
    source: list[str]
    target: list[str]
    host: str | None = None
    organization: str | None = None
    people: list[Person] = field(default_factory=list)
    place: Place | None = None
    time: object = None
    contexts: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    mentioned: bool = False         # an earlier event named as the object of a stance ("welcomed the deal")
    grounds: dict[str, str] = field(default_factory=dict)   # why each participant is in it (extract.grounding)

    @property
    def participants(self) -> list[str]:
        seen: list[str] = []
        for code in [*self.source, *self.target, self.host, self.organization]:
            if code and code not in seen:
                seen.append(code)
        return seen


@dataclass(frozen=True)
class FrameContext:
    """What a frame needs besides its roles."""

    match: TriggerMatch
    status: str
    roles: Roles
    org_codes: frozenset[str]
    previous_participants: tuple[str, ...] = ()
    recent_participants: tuple[str, ...] = ()     # of the events of the sentence just before
    sentence_actors: tuple[str, ...] = ()
    opens_sentence: bool = False        # "At Thursday's meeting, ...": the trigger opens the sentence
    last_person: Person | None = None
    protagonist: Person | None = None   # the person the article names most
    host_hint: str | None = None        # from a governing 'host' verb or 'hosted by'
    forum_org: str | None = None        # organisation of an absorbed forum noun
    place: Place | None = None
    places: tuple[Place, ...] = ()
    treaty_parties: tuple[str, ...] = ()     # of a treaty named after the trigger ("withdrew from New START")
    setting: Place | None = None             # the first place the sentence names


def codes(mentions: list[ActorMention]) -> list[str]:
    seen: list[str] = []
    for mention in mentions:
        if mention.code not in seen:
            seen.append(mention.code)
    return seen


def people_of(*groups: list[ActorMention]) -> list[Person]:
    found: list[Person] = []
    for group in groups:
        for mention in group:
            if mention.person and mention.person not in found:
                found.append(mention.person)
    return found


def subject_codes(ctx: FrameContext) -> list[str]:
    subject = codes(ctx.roles.source)
    if subject:
        return subject
    if ctx.roles.anaphor == "singular" and ctx.last_person and ctx.last_person.actor:
        return [ctx.last_person.actor]
    if ctx.roles.anaphor == "protagonist" and ctx.protagonist and ctx.protagonist.actor:
        return [ctx.protagonist.actor]
    if ctx.roles.anaphor == "plural":
        return list(ctx.previous_participants)
    return []


def draft_events(ctx: FrameContext) -> list[Draft]:
    frame = ctx.match.trigger.frame
    builder = BUILDERS[frame]           # the lexicon checks every row's frame when it loads
    drafts = builder(ctx)
    people = people_of(ctx.roles.source, ctx.roles.target, ctx.roles.modifiers)
    for draft in drafts:
        draft.people = [p for p in people if p.actor in draft.participants]
    return [d for d in drafts if d.participants]


def _base(ctx: FrameContext, source: list[str], target: list[str], **extra) -> Draft:
    trigger = ctx.match.trigger
    return Draft(ctx.match, extra.pop("event_type", trigger.event_type), extra.pop("mode", trigger.mode),
                 ctx.status, source, [c for c in target if c not in source], **extra)


def _split_org(parties: list[str], org_codes: frozenset[str]) -> tuple[list[str], str | None]:
    orgs = [c for c in parties if c in org_codes]
    return [c for c in parties if c not in org_codes or c != (orgs[0] if orgs else None)], (orgs[0] if orgs else None)


def _talks(ctx: FrameContext) -> list[Draft]:
    subject = subject_codes(ctx)
    modifiers = codes(ctx.roles.modifiers)
    objects = codes(ctx.roles.target)
    host = ctx.host_hint
    parties = [c for c in dict.fromkeys(subject + modifiers + objects) if c != host]
    parties, org = _split_org(parties, ctx.org_codes)
    org = org or ctx.forum_org
    if host and host not in parties and len(parties) >= 2:
        return [_base(ctx, parties, [host], host=host, mode="third-party", organization=org)]
    mode = "multilateral" if org and ctx.match.trigger.mode is None else ctx.match.trigger.mode
    if not parties and not ctx.match.is_verb and ctx.match.trigger.frame == "talks" and ctx.opens_sentence:
        # "At Thursday's meeting, Putin told Aliyev ...": the meeting is between the sentence's actors
        parties = [c for c in ctx.sentence_actors if c not in ctx.org_codes][:2]
        if len(parties) < 2:
            return []
    if len(subject) == 1 and len(objects) >= 2 and not org and not ctx.roles.between and not _one_call(ctx):
        return [_base(ctx, subject, [code], mode=mode, host=host) for code in objects if code != subject[0]]
    if ctx.match.is_verb and not subject and len(objects) >= 2 and not ctx.roles.between:
        return []       # "(someone) met with officials of A, B and C": no meeting between A, B and C
    if not parties:
        return []
    if len(parties) == 1 and not org and not subject and objects == parties and ctx.roles.anaphor is None:
        return _hosted_by_the_place(ctx, parties[0], mode)
    if len(parties) == 1 and not org:
        return []
    return [_base(ctx, parties[:1], parties[1:], mode=mode, organization=org, host=host)]


def _hosted_by_the_place(ctx: FrameContext, guest: str, mode: str | None) -> list[Draft]:
    """'Foreign Minister X met Iran's Foreign Minister in Wellington': the guest named as the object,
    the subject named by office alone, the meeting held in another state's place: the unnamed side is
    the host's. Nothing otherwise."""
    place = ctx.place or ctx.setting
    if place is None or not place.country or place.country == guest or mode == "phone" or not ctx.match.is_verb:
        return []
    return [_base(ctx, [place.country], [guest], mode=mode, host=place.country)]


def _one_call(ctx: FrameContext) -> bool:
    """'spoke by telephone with Macron and Scholz': one call with everyone on the line."""
    return ctx.match.trigger.mode == "phone"


def _visit(ctx: FrameContext) -> list[Draft]:
    visitor = subject_codes(ctx) or codes(ctx.roles.modifiers)
    named = codes(ctx.roles.target)
    org = next((c for c in named if c in ctx.org_codes), None)
    destination = [c for c in named if c not in visitor and c not in ctx.org_codes]
    if not destination:
        countries = [p.country for p in ctx.places or ((ctx.place,) if ctx.place else ()) if p.country]
        destination = [c for c in dict.fromkeys(countries) if c not in visitor]
    if not visitor or not destination:
        return []
    cities = {m.code: m.place for m in ctx.roles.target if m.place is not None}
    if len(destination) > 1:
        # "travelled to both Moscow and Kyiv": one visit per destination
        return [_base(ctx, visitor, [code], host=code, organization=org, place=cities.get(code))
                for code in destination]
    return [_base(ctx, visitor, destination[:1], host=destination[0], organization=org,
                  place=cities.get(destination[0]))]


def _host(ctx: FrameContext) -> list[Draft]:
    host = subject_codes(ctx)
    named = ctx.roles.target
    if named and named[0].start - ctx.match.end > 3 and ctx.match.trigger.has("object_person"):
        # "welcomed the declaration signed by A and B": a statement, not a visit
        return [_base(ctx, host, codes(named), event_type="SUPPORT", mode=None)] if host else []
    guests = [c for c in codes(named) if c not in host]
    if not host or not guests:
        return []
    org = next((c for c in guests if c in ctx.org_codes), None)
    if org:
        return [_base(ctx, host, [org], host=host[0], mode="multilateral", organization=org)]
    if len(guests) >= 2:
        return [_base(ctx, guests, host[:1], host=host[0], mode="third-party")]
    return [_base(ctx, guests, host[:1], host=host[0], mode="visit")]


def _attend(ctx: FrameContext) -> list[Draft]:
    attendee = subject_codes(ctx)
    objects = codes(ctx.roles.target)
    org = next((c for c in objects if c in ctx.org_codes), None) or ctx.forum_org
    if not attendee or not (org or objects):
        return []
    return [_base(ctx, attendee, [org] if org else objects, organization=org)]


def _forum(ctx: FrameContext) -> list[Draft]:
    attendees = subject_codes(ctx)
    named = codes(ctx.roles.modifiers) + codes(ctx.roles.target)
    org = ctx.forum_org or next((c for c in named if c in ctx.org_codes), None)
    if ctx.match.trigger.has("needs_org") and not org:
        return []
    members = [c for c in named if c != org and c not in attendees]
    host = ctx.host_hint or (ctx.place.country if ctx.place else None)
    if not org and not attendees and not members and ctx.place is None:
        return []
    source = attendees or members[:1]
    target = ([org] if org else []) + [c for c in members if c not in source]
    draft = _base(ctx, source, target, organization=org, host=host)
    if not draft.participants:
        return []
    return [draft]


def _joint(ctx: FrameContext) -> list[Draft]:
    objects = codes(ctx.roles.target)
    # "the agreement between A and B": its parties are named; whoever the clause is about is not one
    subject = [] if ctx.roles.between and len(objects) >= 2 and not ctx.match.is_verb else subject_codes(ctx)
    parties = list(dict.fromkeys(subject + codes(ctx.roles.modifiers) + objects))
    if len(parties) == 1 and ctx.place and ctx.place.country and ctx.place.country not in parties:
        parties.append(ctx.place.country)        # "the documents Aliyev signed in Beijing"
    if not parties:
        return []
    parties, org = _split_org(parties, ctx.org_codes)
    return [_base(ctx, parties[:1] if len(parties) > 1 else parties, parties[1:], organization=org,
                  host=ctx.host_hint)]


NEEDS_RECIPIENT = {"AID", "COOPERATE", "SANCTION"}
COMMUNICATIVE = {"AGREE", "REQUEST", "SUPPORT", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"}


def _act(ctx: FrameContext) -> list[Draft]:
    kind = ctx.match.trigger.event_type
    source = subject_codes(ctx) or codes(ctx.roles.modifiers)
    where = ctx.place or ctx.setting
    if not source and kind == "PROTEST" and where is not None and where.country:
        source = [where.country]              # "students staged demonstrations in Jakarta": a protest there
    named = codes(ctx.roles.target)
    target = [c for c in named if c not in source]
    if not source:
        return []
    if named and not target and kind in ("SANCTION", "COERCE"):
        # "Museveni banned Ugandan opposition candidates": a state coercing its own people
        return [_base(ctx, source, [], event_type="COERCE")]
    if not target:
        target = [c for c in ctx.treaty_parties if c not in source]
    if not target and ctx.place and ctx.place.country and (kind in ("REJECT", "CONCEDE") or kind in NEEDS_RECIPIENT):
        target = [ctx.place.country]
    if not target and kind in NEEDS_RECIPIENT and ctx.status == "occurred":
        return []
    if not target and kind in COMMUNICATIVE | NEEDS_RECIPIENT and set(source) <= set(ctx.recent_participants):
        # "Putin apologised ..." right after the call: addressed to the other party of that event
        target = [c for c in ctx.recent_participants if c not in source]
    if not target and kind == "AGREE" and ctx.match.trigger.has("complement") and ctx.match.trigger.has("announces"):
        return []                     # "announced that it will ...": the announced act is the event
    org = next((c for c in source + target if c in ctx.org_codes), None)
    return [_base(ctx, source, target, organization=org if org in target else None)]


def _broker(ctx: FrameContext) -> list[Draft]:
    mediator = subject_codes(ctx)
    parties = [c for c in codes(ctx.roles.target) if c not in mediator]
    if not mediator or not parties:
        return []
    return [_base(ctx, parties, mediator, mode="third-party")]


# One builder per frame declared in diplomap.nlp.lexicon.FRAMES (a test keeps the two in step).
BUILDERS = {
    "meet": _talks, "talks": _talks, "visit": _visit, "host": _host, "attend": _attend,
    "forum": _forum, "joint": _joint, "act": _act, "broker": _broker,
}


def as_rejection(draft: Draft) -> Draft:
    """'X did not attend / travel to ...': a refusal that occurred, not a denied visit."""
    return replace(draft, event_type="REJECT", mode=None, status="occurred")


CONFLICTUAL = {"REJECT", "SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST", "THREATEN", "ACCUSE"}


def as_intent(draft: Draft, conditional: bool = False) -> Draft:
    """'X will visit Y', 'X is ready to send troops': the stated intention occurred. PLOVER codes an
    intention to cooperate as AGREE and one to act against someone (or a conditional one) as THREATEN;
    the planned event itself is kept beside it."""
    hostile = draft.event_type in CONFLICTUAL or conditional and draft.event_type == "RETREAT"
    return replace(draft, event_type="THREATEN" if hostile else "AGREE", mode=None, status="occurred",
                   organization=None, target=[c for c in draft.participants if c not in draft.source], host=None)
