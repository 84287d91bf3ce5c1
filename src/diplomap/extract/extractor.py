"""The extraction facade: Document in, contract Events out.

``Extractor(kb=..., nlp=...)`` takes its heavy dependencies by injection: tests pass
a small knowledge base and a blank pipeline, production the shipped ones.
An article is processed paragraph by paragraph (one spaCy Doc each, so memory
stays bounded and offsets stay simple), sentence by sentence within a paragraph,
carrying what a reader carries: who was named in full, the year in force, and
the last event (for "the two leaders" and "on the sidelines").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Span

from diplomap.extract import anchoring, clues, coding, dependency
from diplomap.extract.calibration import Calibration, shipped as shipped_calibration
from diplomap.extract.discourse import (Delegation, is_statement_title, leaders_of_delegations,
                                        refer_back_to_delegations, refer_to_authors, statement_authors)
from diplomap.extract.frames import Draft, FrameContext, as_intent, as_rejection, codes, draft_events
from diplomap.extract.grounding import ground
from diplomap.extract.mentions import DocMentions, MentionResolver, refer_back_to_organisations
from diplomap.extract.merge import merge_within_document
from diplomap.extract.publisher import PublisherTables, date_from_release, read_publisher, shipped_tables
from diplomap.extract.roles import STOPPABLE, Roles, assign_roles, governing_verb
from diplomap.extract.status import (StatusWords, clause_start, doc_text, lower_words, span_text, status_of,
                                     token_texts, tokens_text)
from diplomap.extract.timexpr import find_time_expressions
from diplomap.extract.triggers import TriggerMatch, find_triggers
from diplomap.kb import KnowledgeBase, default_kb
from diplomap.errors import InputError
from diplomap.models import Document, Event, Evidence, Person
from diplomap.nlp.lemmas import lemma
from diplomap.nlp.lexicon import Lexicon, guess_form, shipped_lexicon
from diplomap.nlp.pipeline import ACTOR_SPANS, PARSED_TIER, TRIGGER_SPANS, build_pipeline, load_parser, tier_of

log = logging.getLogger(__name__)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
NEGATED_TRAVEL = {"visit", "attend"}


@dataclass
class ArticleState:
    """What a reader remembers while reading one article."""

    known_persons: list[Person] = field(default_factory=list)
    last: Draft | None = None
    last_sentence: int = -1
    last_person: Person | None = None
    sentences: int = 0
    previous_time: object = None
    last_forum: Draft | None = None
    last_meeting: Draft | None = None
    dateline: object = None
    in_lede: bool = False
    paragraph: int = 0
    last_paragraph: int = -1
    last_subject: Person | None = None
    last_sentence_participants: tuple[str, ...] = ()

    mentioned: dict = field(default_factory=dict)
    last_org: str | None = None          # the organisation named last ("the bloc", "the alliance")
    delegation: Delegation | None = None  # the delegation introduced last ("the delegation met ...")
    filed_from: object = None            # the paragraph's own dateline ("Riyadh – ..."), a Place
    authors: tuple[str, ...] = ()        # a statement's authors, whom its "we" names
    last_dated: Draft | None = None      # the latest event with a date, and its sentence
    last_dated_sentence: int = -10
    lede_time: object = None             # the day the lede reports ("SOCHI, Sept 4 — Putin told ... on Monday")
    subject_sentence: int = -10
    topic: Person | None = None          # the person the latest sentence naming one was about
    trip_city: object = None             # a release's lede city ("... to a conference in Tashkent"), a Place
    release: bool = False                # an official release: its present-tense stances are its acts
    forum_time: object = None            # the day of the summit the text named ("at a summit Friday")
    lede_read: bool = False
    topic_sentence: int = -10

    def salient_person(self) -> Person | None:
        """Who 'he' or 'she' most likely is: the person the previous sentences were about (their
        grammatical subject, as centering has it); else the subject of the latest events, if they
        came just before; else the person the article has named most (ties to the latest)."""
        if self.topic is not None and self.sentences - self.topic_sentence <= 3:
            return self.topic
        if self.last_subject is not None and self.sentences - self.subject_sentence <= 2:
            return self.last_subject
        return self.protagonist()

    def read_topic(self, sent: Span, mentions: DocMentions) -> None:
        """Remember whom this sentence is about, for the next 'he' or 'she'."""
        subject = clues.sentence_topic(sent, mentions, self.salient_person())
        if subject is not None:
            self.topic, self.topic_sentence = subject, self.sentences

    def protagonist(self) -> Person | None:
        """The person the article has named most (ties to the latest)."""
        if not self.mentioned:
            return self.last_subject or self.last_person
        return max(reversed(self.mentioned.items()), key=lambda item: item[1])[0]

    def recent(self) -> tuple[str, ...]:
        """Participants of the events of the sentence just before the current one."""
        return self.last_sentence_participants if self.sentences - self.last_sentence <= 1 else ()
    drafts: list[tuple[Draft, Span, int]] = field(default_factory=list)

    def counterparts(self, org_codes: frozenset[str], current: list[Draft]) -> tuple[str, ...]:
        """Who 'the two leaders' or 'they' most likely are: the latest event between two or more states."""
        recent = [*(d for d, _, _ in self.drafts[-6:]), *current]
        for draft in reversed(recent):
            states = [c for c in draft.participants if c not in org_codes]
            if len(states) >= 2:
                return tuple(states)
        if recent:
            return tuple(recent[-1].participants)
        # no event yet ("Putin told Erdogan ... The two leaders talked"): the two persons named last
        named = list(dict.fromkeys(p.actor for p in reversed(self.mentioned) if p.actor and p.actor not in org_codes))
        return tuple(named[:2]) if len(named) >= 2 else ()


@dataclass
class SentenceWork:
    """What reading one sentence's triggers accumulates: the events so far, the subject each trigger
    took (for the triggers after it), the stop verbs that turned an event into a sanction, the plural
    forum noun a list goes on to name, and the sentence's parse (made on first need)."""

    sent: Span
    matches: list[TriggerMatch]
    mentions: DocMentions
    headline: bool
    drafts: list[Draft] = field(default_factory=list)
    subjects: dict[int, list] = field(default_factory=dict)
    stopping: set[int] = field(default_factory=set)
    collective: TriggerMatch | None = None
    verbs: list[TriggerMatch] = field(init=False)
    nouns: list[TriggerMatch] = field(init=False)
    unread: frozenset[int] = field(init=False)       # starts of words no reading of which holds here
    _parse: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.verbs = [m for m in self.matches if m.is_verb]
        self.nouns = [m for m in self.matches if not m.is_verb]
        self.unread = frozenset(m.start for m in self.matches if not clues.readable(self.sent, m))

    def last_with_subject(self, index: int) -> TriggerMatch | None:
        return next((m for m in reversed(self.matches[:index]) if self.subjects.get(m.start)), None)

    def parsed(self, parse) -> Span | None:
        """The sentence's parse, made once: most triggers' roles come from word order."""
        if not self._parse:
            self._parse.append(parse(self.sent))
        return self._parse[0]


class Extractor:
    """Extract events from documents with one pipeline and knowledge base."""

    def __init__(self, kb: KnowledgeBase | None = None, nlp: Language | None = None, model: str | None = None,
                 publishers: PublisherTables | None = None, calibration: Calibration | None = None,
                 lexicon: Lexicon | None = None):
        self.kb = kb if kb is not None else default_kb()
        self.lexicon = lexicon if lexicon is not None else shipped_lexicon()
        self.status_words = StatusWords.from_lists(self.lexicon.words)
        self.publishers = publishers if publishers is not None else shipped_tables()
        self.calibration = calibration if calibration is not None else shipped_calibration()
        self.nlp = nlp if nlp is not None else build_pipeline(self.kb, model, self.lexicon)
        self.resolver = MentionResolver(self.kb, coding.titles(), coding.title_actors(), self.lexicon.words)
        self.org_codes = frozenset(self.kb.organizations)
        self.parser = load_parser(self.nlp.meta["diplomap_model"]) if self.tier == PARSED_TIER else None

    @property
    def tier(self) -> str:
        return tier_of(self.nlp)

    def extract(self, document: Document) -> list[Event]:
        """Every event reported in one document, merged within the document.

        Raises InputError for a paragraph longer than the pipeline's ``max_length``.
        """
        paragraphs = list(split_paragraphs(document.text))
        longest = max((len(text) for _, text in paragraphs), default=0)
        if longest > self.nlp.max_length:
            raise InputError(document.origin or document.doc_id,
                             f"a paragraph of {longest:,} characters is longer than {self.nlp.max_length:,}")
        docs = self.nlp.pipe(text for _, text in paragraphs)
        return self._events(document, zip((start for start, _ in paragraphs), docs))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Event]]]:
        for document in documents:
            yield document, self.extract(document)

    def _events(self, document: Document, paragraph_docs) -> list[Event]:
        state = ArticleState(dateline=clues.dateline_place(self._lede(document), self.kb),
                             authors=self._authors(document))
        publisher = read_publisher(document, self.publishers)
        state.release = publisher.release
        for number, (offset, doc) in enumerate(paragraph_docs):
            if not doc.spans.get(TRIGGER_SPANS):
                # nothing can happen here; only remember who was named, and who the text is about
                self._read_only(doc, document.published, state, publisher.home)
                continue
            mentions = self.resolver.resolve(doc, document.published, state.known_persons, publisher.home)
            state.last_org = refer_back_to_organisations(doc, mentions, state.last_org)
            leaders_of_delegations(doc, mentions, state.known_persons, self.lexicon.words)
            state.delegation = refer_back_to_delegations(doc, mentions, state.delegation, publisher.home,
                                                         self.lexicon.words)
            refer_to_authors(doc, mentions, state.authors, self.lexicon.words)
            text = doc_text(doc)
            headline = number == 0 and document.title is not None and text.strip() == document.title.strip()
            state.previous_time = None          # a date carries over within a paragraph only
            state.paragraph = number
            state.filed_from = clues.paragraph_dateline(text, self.kb)
            state.in_lede = state.dateline is not None and text.lstrip().startswith(state.dateline.name.upper())
            if not headline and not state.lede_read:
                state.lede_read = True
                state.trip_city = anchoring.only_city(doc, mentions, self.kb) if publisher.release else None
            for sent in doc.sents:
                self._sentence(document, sent, offset, mentions, state, headline)
        events = [self._event(document, draft, sent, offset) for draft, sent, offset in state.drafts]
        events = date_from_release(events, publisher, document.published, _headline_end(document))
        return self.calibration.apply(merge_within_document(events))

    def _read_only(self, doc, published, state: ArticleState, home: str | None) -> None:
        """A paragraph without triggers: remember full names for later surnames and, where it names a
        person, who it is about (the 'he' of the next paragraph)."""
        spans = doc.spans.get(ACTOR_SPANS, [])
        if not any(s.label_ in ("person", "org") for s in spans) and not self._names_surname(doc, published, state):
            return                       # no person or organisation named: nothing to remember
        mentions = self.resolver.resolve(doc, published, state.known_persons, home)
        state.last_org = refer_back_to_organisations(doc, mentions, state.last_org)
        leaders_of_delegations(doc, mentions, state.known_persons, self.lexicon.words)
        state.delegation = refer_back_to_delegations(doc, mentions, state.delegation, home, self.lexicon.words)
        for sent in doc.sents:
            state.read_topic(sent, mentions)

    def _names_surname(self, doc, published, state: ArticleState) -> bool:
        """Whether a capitalised word is the surname of a person named before or in the knowledge base."""
        words = {w for w in re.findall(r"\b[A-Z][\w-]+", doc_text(doc))}
        known = {p.name.rsplit(" ", 1)[-1] for p in state.known_persons}
        return bool(words & known) or any(self.kb.person_by_surname(w, published) for w in words)

    def _authors(self, document: Document) -> tuple[str, ...]:
        """The authors a statement's title names, for its 'we'."""
        if not document.title or not is_statement_title(document.title.lower().split(), self.lexicon.words):
            return ()
        title = self.nlp(document.title)
        return statement_authors(title, self.resolver.resolve(title, document.published), self.lexicon.words)

    @staticmethod
    def _lede(document: Document) -> str:
        """The first paragraph after the headline: where a dateline stands."""
        paragraphs = [text for _, text in split_paragraphs(document.text)]
        if document.title and paragraphs and paragraphs[0].strip() == document.title.strip():
            paragraphs = paragraphs[1:]
        return next((text for text in paragraphs if len(text.split()) > 8), "")

    def _sentence(self, document, sent: Span, offset: int, mentions: DocMentions, state: ArticleState,
                  headline: bool) -> None:
        state.sentences += 1
        matches = find_triggers(sent, self.lexicon.by_key)
        times = self._times(sent, document)
        if matches:
            drafts = self._drafts(sent, matches, mentions, state, headline)
            self._assign_times(sent, drafts, times, state)
            anchoring.date_the_recent_perfect(sent, drafts, document.published)
            anchoring.shift_relative(sent, drafts)
            anchoring.extend_until(sent, drafts, document.published)
            self._assign_places(sent, drafts, mentions, state)
            drafts = [d for d in anchoring.drop_visits_into_forums(drafts) if anchoring.is_anchored(d)]
            drafts = clues.drop_announcements(drafts)
            anchoring.settle_future(drafts, document.published)
            for draft in drafts:
                anchoring.locate_domestic(draft)
                coding.add_context(draft, sent, mentions, self.kb)
                state.drafts.append((draft, sent, offset))
            if drafts:
                state.last_forum = next((d for d in reversed(drafts) if d.mode == "multilateral"), state.last_forum)
                state.last_meeting = next((d for d in reversed(drafts) if d.event_type == "CONSULT"
                                           and d.status == "occurred" and d.time is not None), state.last_meeting)
                state.last, state.last_sentence = drafts[-1], state.sentences
                dated = [d for d in drafts if d.time is not None and d.time.start is not None]
                if dated:
                    state.last_dated, state.last_dated_sentence = dated[-1], state.sentences
                state.last_paragraph = state.paragraph
                subject = next((p for d in drafts for p in d.people if p.actor in d.source), None)
                if subject is not None:
                    state.last_subject, state.subject_sentence = subject, state.sentences
                state.last_sentence_participants = tuple(
                    dict.fromkeys(c for d in drafts for c in d.participants))
        state.previous_time = next((t for t in reversed(times) if t.precision in ("day", "month")), None)
        if any(m.trigger.frame == "forum" for m in matches):
            state.forum_time = next((t for t in times if t.precision == "day"), state.forum_time)
        if state.in_lede and state.lede_time is None:
            state.lede_time = next((t for t in times if t.precision == "day"), None)
        persons = [m.person for m in mentions.actors_in(sent.start, sent.end) if m.person]
        state.read_topic(sent, mentions)
        if persons:
            state.last_person = persons[-1]
            for person in persons:
                state.mentioned[person] = state.mentioned.pop(person, 0) + 1

    @staticmethod
    def _times(sent: Span, document: Document):
        """Time expressions; year-less ones take the year of a full date in the same sentence."""
        text = span_text(sent)
        times = find_time_expressions(text, document.published, base=sent.start_char)
        full = [t for t in times if YEAR.search(t.text) and t.precision in ("day", "month")]
        if full and any(not YEAR.search(t.text) for t in times):
            times = find_time_expressions(text, document.published, base=sent.start_char,
                                          default_year=full[0].start.year)
        return times

    def _parse(self, sent: Span) -> Span | None:
        """The parsed tier's parse of one sentence whose word order left a role open; None where the
        parser's tokens do not line up with the sentence's (the word-order roles then stand)."""
        parsed = self.parser(span_text(sent))
        if len(parsed) != len(sent) or token_texts(parsed) != token_texts(sent.doc)[sent.start:sent.end]:
            return None
        return parsed[:]

    def _drafts(self, sent: Span, matches: list[TriggerMatch], mentions: DocMentions,
                state: ArticleState, headline: bool) -> list[Draft]:
        """The events of one sentence's triggers, read left to right (each may lend its subject to the
        next: coordinated verbs, participles, the verb that carries a noun)."""
        work = SentenceWork(sent, matches, mentions, headline)
        for index, match in enumerate(matches):
            self._read_trigger(work, index, match, state)
        clues.address_events(sent, work.drafts)
        clues.complement_targets(work.drafts)
        # "suspended aid deliveries": one sanction, carried by the noun, not a second one by the verb
        # (nor, for "will suspend aid", a second threat)
        return [d for d in work.drafts if not (d.match.is_verb and d.match.start in work.stopping
                                               and d.event_type in ("SANCTION", "THREATEN"))]

    def _read_trigger(self, work: SentenceWork, index: int, match: TriggerMatch, state: ArticleState) -> None:
        sent, matches = work.sent, work.matches
        previous_verb = next((v for v in reversed(work.verbs) if v.end <= match.start), None)
        if match.trigger.has("obligation"):
            work.drafts.extend(self._obligation(sent, match, work.mentions))
            return
        governor = clues.governor_of(sent, match, matches, work.collective)
        if self._not_an_event_of_its_own(work, index, match, governor, previous_verb):
            return
        status, anchor = self._status(sent, match, governor, work.verbs, work.nouns, previous_verb, work.headline,
                                      work.mentions)
        if status is None and state.release and not work.headline and clues.performed_now(sent, match, work.mentions):
            status = "occurred"
        if status is None:
            return
        if clues.is_collective(sent, match):
            work.collective = governor or work.collective
            return
        if not match.is_verb and anchor is None:
            anchor = clues.attendance_anchor(sent, match, previous_verb)
        roles = self._roles(work, index, match, governor, anchor, previous_verb, state)
        match = clues.first_reading(sent, match, roles, matches)
        if match is not None and not clues.third_party_prediction(sent, match, roles, work.mentions):
            self._add_drafts(work, self._frame(work, match, status, roles, governor, state), governor, anchor)

    @staticmethod
    def _not_an_event_of_its_own(work: SentenceWork, index: int, match: TriggerMatch,
                                 governor: TriggerMatch | None, previous_verb: TriggerMatch | None) -> bool:
        """A trigger absorbed by another, a setting, an attribution, a detail of a noun, or a verb whose
        event a noun after it carries (whose subject it lends that noun)."""
        sent, matches = work.sent, work.matches
        if clues.absorbs(governor) and not clues.carried_by_noun(sent, governor, [match]) \
                or clues.setting_only(sent, match, previous_verb) or clues.attribution(sent, match):
            return True
        if match.is_verb and clues.describes_noun(sent, match, matches[:index]):
            return True                       # "talks hosted by the UAE": the host is a detail of the talks
        if match.is_verb and clues.carried_by_noun(sent, match, matches[index + 1:]):
            carried = assign_roles(sent, match, work.mentions, previous_verb, None)
            work.subjects[match.start] = carried.source
            previous = work.last_with_subject(index)
            if clues.coordinated_verb(sent, match, previous):
                work.subjects[match.start] = work.subjects[previous.start]
            return True
        return False

    def _roles(self, work: SentenceWork, index: int, match: TriggerMatch, governor: TriggerMatch | None,
               anchor: int | None, previous_verb: TriggerMatch | None, state: ArticleState) -> Roles:
        """Word-order roles (refined by the parse in the parsed tier), then the subject a coordinated verb,
        a participle, a carrying verb, a reporter or a pronoun lends."""
        sent, matches, mentions = work.sent, work.matches, work.mentions
        others = frozenset(m.start for m in matches if m is not match and m is not governor
                           and m.start not in work.unread          # 'a public challenge': no trigger here
                           and not (clues.absorbs(match) and not m.is_verb and 0 <= m.start - match.end <= 8)
                           and not (m.trigger.event_type == match.trigger.event_type == "AID" and not m.is_verb)
                           and not (match.trigger.has("needs_restriction") and not m.is_verb
                                    and 0 <= m.start - match.end <= 3))    # "lifted sanctions on Syria"
        roles = assign_roles(sent, match, mentions, previous_verb, None if match.is_verb else anchor, others,
                             clues.passive_phrase_end(sent, match))
        if self.parser is not None and (not roles.source or match.is_verb and not roles.target):
            parsed = work.parsed(self._parse)
            if parsed is not None:
                roles = dependency.refine_roles(sent, match, mentions, roles, parsed)
        if roles.anaphor == "plural" and clues.speakers_they(sent, match, mentions):
            roles.anaphor = None
        clues.passive_summons(sent, match, mentions, roles)
        self._lent_subject(work, index, match, anchor, previous_verb, roles)
        roles.source = roles.source or clues.pronoun_partner(sent, match, mentions, state.salient_person())
        work.subjects[match.start] = roles.source
        return roles

    @staticmethod
    def _lent_subject(work: SentenceWork, index: int, match: TriggerMatch, anchor: int | None,
                      previous_verb: TriggerMatch | None, roles: Roles) -> None:
        sent, subjects = work.sent, work.subjects
        previous = work.last_with_subject(index)
        if clues.coordinated_verb(sent, match, previous, anchor):
            roles.source = subjects[previous.start]
        elif clues.object_of_an_earlier_verb(sent, match.start if match.is_verb or anchor is None else anchor,
                                             roles.source, work.verbs):
            roles.source = []
        elif clues.participle_after_comma(sent, match):
            first = next((m for m in work.matches[:index] if subjects.get(m.start)), None)
            roles.source = subjects[first.start] if first is not None else roles.source
        if not match.is_verb and anchor is not None and subjects.get(anchor):
            roles.source = subjects[anchor]     # "before flying on to Samarkand for talks with X"
        if not match.is_verb and not roles.target and anchor is not None and anchor < match.start:
            roles.target = clues.recipients(sent, anchor, match, work.mentions)   # "gave Ukraine aid"
        if not roles.source and roles.anaphor in ("plural", "singular"):
            speaker = clues.reporter_subject(sent, match, work.mentions)
            if speaker:
                roles.source, roles.anaphor = speaker, None     # "X said they would ..."
        if previous_verb is not None and subjects.get(previous_verb.start) \
                and clues.pronoun_of_reporter(sent, previous_verb, match):
            roles.source, roles.anaphor = subjects[previous_verb.start], None   # "Nigeria said it will ..."

    def _frame(self, work: SentenceWork, match: TriggerMatch, status: str, roles: Roles,
               governor: TriggerMatch | None, state: ArticleState) -> FrameContext:
        sent, mentions, drafts = work.sent, work.mentions, work.drafts
        return FrameContext(
            match=match, status=status, roles=roles, org_codes=self.org_codes,
            previous_participants=state.counterparts(self.org_codes, drafts),
            recent_participants=tuple(dict.fromkeys(c for d in drafts for c in d.participants)) or state.recent(),
            last_person=next((m.person for m in mentions.actors_in(sent.start, match.start) if m.person),
                             state.salient_person()),
            protagonist=state.protagonist(),
            sentence_actors=tuple(dict.fromkeys(m.code for m in mentions.actors_in(sent.start, sent.end))),
            opens_sentence=clues.opening_meeting(sent, match),
            host_hint=clues.host_hint(sent, match, work.matches, mentions, governor),
            forum_org=clues.forum_org(sent, match, mentions, self.org_codes),
            place=clues.place_after(sent, match, mentions),
            places=clues.places_after(sent, match, mentions),
            treaty_parties=clues.treaty_parties(sent, match, mentions, self.kb),
            setting=next((p.place for p in mentions.places_in(sent.start, sent.end)), None),
        )

    def _add_drafts(self, work: SentenceWork, frame: FrameContext, governor: TriggerMatch | None,
                    anchor: int | None) -> None:
        """The frame's events, as sanctions where a stop verb carries them ('halted aid'), as refusals
        where the sentence refuses them, and with the intention a planned one states."""
        sent, match = work.sent, frame.match
        stopped = anchor is not None and lemma(sent.doc[anchor].lower_) in self.lexicon.words["stop_verbs"]
        for draft in ground(draft_events(frame), frame, sent):
            if stopped and draft.event_type in STOPPABLE and draft.status in ("occurred", "planned"):
                draft = replace(draft, event_type="SANCTION", mode=None, host=None, organization=None)
                work.stopping.add(anchor)
            if draft.status == "denied" and clues.refusal(sent, governor or match) and (
                    match.trigger.frame in NEGATED_TRAVEL | {"forum"} or clues.stated_refusal(sent, governor or match)):
                draft = as_rejection(draft)     # "did not attend", "would not return to the deal"
            work.drafts.append(draft)
            carrier = match if match.is_verb else (replace(match, start=anchor, end=anchor + 1) if anchor else None)
            if draft.status == "planned" and carrier is not None and draft.source \
                    and clues.intent(sent, carrier) and draft.event_type not in ("AGREE", "CONSULT"):
                work.drafts.append(as_intent(draft, clues.conditional(sent)))

    def _obligation(self, sent: Span, match: TriggerMatch, mentions: DocMentions) -> list[Draft]:
        """'X said (that) Y must ...': X asked Y to act, as PLOVER codes such statements (REQUEST)."""
        speech = clues.obligation_speaker(sent, match)
        if speech is None:
            return []
        addressees = mentions.actors_in(speech + 1, match.start)
        speakers = assign_roles(sent, replace(match, start=speech, end=speech + 1, form="past"),
                                mentions, None, None).source
        if not addressees or not speakers:
            return []
        roles = Roles(source=speakers, target=addressees[-1:])
        frame = FrameContext(match=match, status="occurred", roles=roles, org_codes=self.org_codes)
        return ground(draft_events(frame), frame, sent)

    def _status(self, sent, match, governor, verbs, nouns, previous_verb, headline, mentions) -> tuple[str | None, int | None]:
        """The draft's status, and the token of the verb that carries it (None: the trigger itself)."""
        anchor = governor or match
        if not match.is_verb and governor is None:
            light = governing_verb(sent, match, verbs, nouns, self.lexicon.words)
            passive = clues.passive_light(sent, match)
            if light is not None:
                carrier = next((v for v in verbs if v.start == light[0]), None)     # a trigger: its form is read already
                anchor = replace(match, start=light[0], end=light[1], form=carrier.form if carrier is not None
                                 else guess_form(sent.doc[light[0]].lower_))
            elif passive is not None:
                anchor = replace(match, start=passive, end=passive + 1, form="pastpart")
            elif match.trigger.has("needs_verb"):
                return None, None
        status = status_of(sent, anchor, governor, self.status_words)
        if status is None and headline and anchor.form in ("3sg", "base"):
            # a headline's present is its past; its "to" its future ("Minister to visit A and attend B")
            status = "planned" if anchor.form == "base" and "to" in lower_words(sent.doc)[sent.start:anchor.start] \
                else "occurred"
        if status is None and anchor.form == "base" and sent.doc[anchor.start - 1].lower_ == "to":
            if previous_verb is not None and previous_verb.form == "past" \
                    and clause_start(sent, anchor.start) <= previous_verb.start:
                # "travelled to Baku to attend ...": a purpose carried out; "agreed to provide aid": agreed only
                status = "planned" if previous_verb.trigger.has("complement") else "occurred"
        if status is None and anchor.form == "gerund" and clues.participle_of_past(sent, anchor, previous_verb) \
                and clues.names_an_actor_after(sent, anchor):
            status = "occurred"               # "..., accusing Islamabad of ...", "was suspending ... with Tbilisi"
        if status is None and match.is_verb and match.form in ("3sg", "base") and match.trigger.event_type == "AGREE" \
                and match.trigger.has("complement") and not clues.habitual(sent, match) \
                and (sent.doc[match.end - 1].lower_ == "to" or clues.word_after(sent, match) == "to"):
            status = "occurred"               # "Syria says it is willing to withdraw": an intention stated now
        if status is None and match.is_verb and match.form in ("3sg", "base") \
                and match.trigger.event_type in clues.STANCE_TYPES and clues.reported_now(sent, match, mentions):
            status = "occurred"               # "The Palestinians reject the changes, their negotiator said"
        if headline and not match.is_verb and anchor is match:
            status = None                     # a headline's bare noun ("EU talks") is a topic, not an event
        carrier = anchor.start if anchor is not match and anchor.start < match.start else None
        return status, carrier

    def _assign_times(self, sent, drafts: list[Draft], times, state: ArticleState) -> None:
        """Dates from the sentence; else, for reported events, the date the narrative is at."""
        anchoring.assign_times(sent, [d for d in drafts if not d.mentioned], times)
        anchoring.year_of_the_noun(sent, drafts)
        cue = clues.has_anaphoric_cue(sent)
        undated_year = bool(YEAR.search(span_text(sent))) and not times
        previous = state.last if state.last is not None and state.last.time is not None else None
        meeting = state.last_meeting if clues.has_anaphoric_cue(sent, clues.MEETING_CUES) else None
        forum = clues.has_anaphoric_cue(sent, clues.FORUM_CUES)
        for draft in drafts:
            if draft.time is not None or draft.status != "occurred" or undated_year or draft.mentioned:
                continue
            gap = state.sentences - state.last_sentence
            if meeting is not None and meeting.time is not None:
                draft.time = meeting.time               # "at the end of the talks", "during the visit"
            elif forum and state.forum_time is not None:
                draft.time = state.forum_time           # "At the summit, X charged ...": the summit's day
            elif previous is not None and (gap == 1 and state.paragraph == state.last_paragraph or cue and gap <= 2):
                draft.time = previous.time
            elif cue and state.last_dated is not None and state.sentences - state.last_dated_sentence <= 2:
                draft.time = state.last_dated.time      # "On the same day", past an undated sentence
            elif cue and state.last_dated is None and state.lede_time is not None:
                draft.time = state.lede_time            # "The two leaders talked ..." after a lede of no event
            elif state.previous_time is not None:
                draft.time = state.previous_time

    def _assign_places(self, sent, drafts: list[Draft], mentions, state: ArticleState) -> None:
        """The sentence's own place; else the forum's ('on the sidelines'), the previous event's in the
        same paragraph, the dateline's in the lede, and last the host country."""
        anchoring.assign_places(sent, drafts, mentions, self.kb)
        forum = state.last_forum if clues.has_anaphoric_cue(sent, clues.VENUE_CUES) else None
        meeting = state.last_meeting if clues.has_anaphoric_cue(sent, clues.MEETING_CUES) else None
        cue = clues.has_anaphoric_cue(sent)
        follows = state.sentences - state.last_sentence == 1 and state.paragraph == state.last_paragraph
        for draft in drafts:
            if draft.place is not None:
                continue
            if state.filed_from is not None and draft.mode != "phone":
                draft.place = state.filed_from             # "Riyadh – the Secretary met ..."
            elif forum is not None and forum.place is not None:
                draft.place = forum.place
            elif meeting is not None and meeting.place is not None:
                draft.place = meeting.place             # "Following the talks, the leaders adopted ..."
            elif state.last is not None and state.last.place is not None and (cue or follows):
                draft.place = state.last.place
            elif anchoring.at_the_summit(draft, state.last_forum):
                draft.place = state.last_forum.place     # talks between its members on the summit's days
            elif draft.match.trigger.has("at_source") and draft.source:
                draft.place = anchoring.capital_place(self.kb, draft.source[0])   # summoned to the ministry
            elif state.dateline is not None and (state.in_lede or draft.time is not None and draft.time is state.lede_time) \
                    and draft.event_type != "ACCUSE" and draft.mode != "phone":
                draft.place = state.dateline           # the lede's news, where the dateline says
            elif state.trip_city is not None and draft.event_type == "CONSULT" and draft.mode != "phone":
                draft.place = state.trip_city          # a release's meetings, in the city its lede names
            elif draft.host:
                draft.place = anchoring.country_place(self.kb, draft.host)

    def _event(self, document: Document, draft: Draft, sent: Span, offset: int) -> Event:
        start, end = offset + sent.start_char, offset + sent.end_char
        text = document.text[start:end]
        return Event(
            doc_id=document.doc_id, event_type=draft.event_type, mode=draft.mode, status=draft.status,
            source_actors=tuple(draft.source), target_actors=tuple(draft.target),
            participants=tuple(draft.participants), evidence=Evidence(text, start, end),
            host=draft.host, organization=draft.organization, contexts=tuple(draft.contexts),
            projects=tuple(draft.projects), people=tuple(draft.people),
            time=anchoring.shift_time(draft.time, offset), location=draft.place,
            confidence=anchoring.confidence(draft), trigger=tokens_text(sent.doc, draft.match.start, draft.match.end),
            participant_sources=tuple((code, draft.grounds[code]) for code in draft.participants if code in draft.grounds),
        )


def _headline_end(document: Document) -> int:
    """Where the headline ends, when the text opens with the title; else 0."""
    title = (document.title or "").strip()
    text = document.text.lstrip()
    return len(document.text) - len(text) + len(title) if title and text.startswith(title) else 0


def split_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(character offset, text) of each non-empty line-delimited paragraph."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


__all__ = ["Extractor", "split_paragraphs", "codes"]
