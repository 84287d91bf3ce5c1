"""Clues a sentence gives about how its triggers relate to each other.

Which verb governs a noun trigger ("attended the summit", "declined to attend the
summit"), which noun carries a verb's event ("hosted talks between ..."), which
forum a summit belongs to, who hosted, and whether a sentence points back to the
previous event ("on the sidelines", "the two leaders").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span

from diplomap.extract.mentions import DocMentions
from diplomap.extract.roles import SUBJECT_BLOCKING, prepositional
from diplomap.extract.status import CLAUSE_BREAKS, clause_start, lower_words, span_text
from diplomap.extract.timerules import MONTHS, REL_DAYS, WEEKDAYS
from diplomap.extract.triggers import BE_FORMS, TriggerMatch
from diplomap.models import Place
from diplomap.nlp.lemmas import lemma, past_form
from diplomap.nlp.lexicon import function_words, shipped_lexicon, word_list

# Phrases that refer back to the event just reported (lang/en/words.tsv, cue.*).
FORUM_CUES = word_list("cue.forum")
VENUE_CUES = FORUM_CUES | word_list("cue.venue")
MEETING_CUES = word_list("cue.meeting")
ANAPHORIC_CUES = FORUM_CUES | word_list("cue.anaphoric")
FORUM_FRAMES = ("forum", "talks", "visit")


PHRASE_BREAKS = function_words("phrase_breaks")


def governor_of(sent: Span, match: TriggerMatch, matches: list[TriggerMatch],
                collective: TriggerMatch | None) -> TriggerMatch | None:
    """The verb trigger whose object this noun trigger is, if any ('attended the summit',
    'declined to attend the summit', 'cancelled his participation in the meeting')."""
    if match.is_verb:
        return None
    begin = clause_start(sent, match.start)
    for other in reversed(matches):
        if other.end > match.start or other.end < begin:
            continue
        if not other.is_verb:
            if other.trigger.frame == "forum":
                return collective
            # "opposed to French mediation in peace negotiations": the verb governs the whole phrase
            between = lower_words(sent.doc)[other.end:match.start]
            if match.start - other.end <= 3 and set(between) <= {"in", "of", "on", "for", "the", "a", "peace"}:
                outer = governor_of(sent, other, matches, collective)
                return outer if absorbs(outer) else None
            return None
        between = {t.lower_ for t in sent.doc[other.end:match.start]}
        rejects = any(t.event_type == "REJECT" for t in (other.trigger, *other.alternatives))
        governs = other.trigger.frame in ("attend", "host") or other.trigger.has("complement") or rejects
        if match.start - other.end <= 8 and governs and (not between & PHRASE_BREAKS or rejects):
            return other
        return None
    return collective


def absorbs(governor: TriggerMatch | None) -> bool:
    """Whether a governing verb swallows the noun's event ('agreed to hold a summit', 'cancelled the visit')."""
    if governor is None:
        return False
    return any(t.has("complement") or t.event_type == "REJECT" for t in (governor.trigger, *governor.alternatives))


def carried_by_noun(sent: Span, verb: TriggerMatch, following: list[TriggerMatch]) -> bool:
    """'attended the summit', 'hosted talks', 'signed a gas deal': the noun carries the event."""
    frame = verb.trigger.frame
    if verb.trigger.has("complement") and verb.form != "base":
        return _announces_noun(sent, verb, following)
    if frame not in ("attend", "host", "joint") or verb.trigger.event_type == "REJECT":   # "failed to reach a deal"
        return False
    begin = clause_start(sent, verb.start)
    for other in following:
        if other.is_verb or clause_start(sent, other.start) != begin or other.start - verb.end > 8:
            return False
        if frame == "joint" and other.trigger.has("needs_verb"):
            return True
        if frame != "joint" and other.trigger.frame in FORUM_FRAMES:
            return True
    return False


def is_collective(sent: Span, match: TriggerMatch) -> bool:
    """'attended three summits: the EPC summit in ..., the CIS summit in ...': a plural forum noun that
    a list goes on to name, or that sums several up; 'held two summits with Xi' (a counterpart right
    after it) is an event of its own."""
    if match.is_verb or match.trigger.frame != "forum":
        return False
    text = sent.doc[match.start:match.end].text.lower()
    if not text.endswith("s") or text.endswith("ss"):
        return False
    after = sent.doc[match.end:sent.end]
    return not (len(after) and after[0].lower_ in ("with", "between"))


HOSTING_FRAMES = ("host", "broker")      # "talks hosted by", "talks mediated by": a third party


def host_hint(sent: Span, match: TriggerMatch, matches: list[TriggerMatch], mentions: DocMentions,
              governor: TriggerMatch | None) -> str | None:
    doc = sent.doc
    if governor is None and not match.is_verb:      # "Qatar mediated talks between A and B"
        governor = next((m for m in matches if m.is_verb and m.trigger.frame in HOSTING_FRAMES
                         and 0 <= match.start - m.end <= 3), None)
    if governor is not None and governor.trigger.frame in HOSTING_FRAMES:
        begin = clause_start(sent, governor.start)
        hosts = [m for m in mentions.actors_in(begin, governor.start)]
        if hosts:
            return hosts[-1].code
    for other in matches:
        if other.trigger.frame in HOSTING_FRAMES and 0 <= other.start - match.end <= 4 and other.end < sent.end \
                and doc[other.end].lower_ == "by":
            agents = mentions.actors_in(other.end, min(other.end + 6, sent.end))
            if agents:
                return agents[0].code
    return None


def forum_org(sent: Span, match: TriggerMatch, mentions: DocMentions, org_codes: frozenset[str]) -> str | None:
    """The organisation a forum noun belongs to: 'the OTS summit', 'summit of the CIS'."""
    if match.is_verb or match.trigger.frame not in ("forum", "talks"):
        return None
    doc = sent.doc
    before = [m for m in mentions.actors_in(max(sent.start, match.start - 6), match.start) if m.code in org_codes]
    if before and all(t.text[:1].isupper() or t.is_punct or t.lower_ in ("the", "'s", "’s", "-")
                      for t in doc[before[-1].end:match.start]):
        return before[-1].code
    if match.end + 1 < sent.end and doc[match.end].lower_ == "of":
        after = [m for m in mentions.actors_in(match.end, min(match.end + 6, sent.end)) if m.code in org_codes]
        if after:
            return after[0].code
    return None


def place_after(sent: Span, match: TriggerMatch, mentions: DocMentions) -> Place | None:
    """A place right after the trigger ('visit to Baku', 'summit in Gabala') or before a forum noun."""
    begin = clause_start(sent, match.start)
    for mention in mentions.places:
        if match.end <= mention.start <= match.end + 8 and mention.start >= begin:
            return mention.place
        if not match.is_verb and mention.end == match.start:
            return mention.place
    return None


def passive_light(sent: Span, match: TriggerMatch) -> int | None:
    """The participle in 'the agreement was signed', 'the summit, held in Gabala', 'took place'."""
    words = lower_words(sent.doc)
    participles = shipped_lexicon().words["passive_light"]
    for i in range(match.end, min(match.end + 5, sent.end)):
        if words[i] in participles:
            return i
        if words[i] in ("took", "take", "takes") and i + 1 < sent.end and words[i + 1] == "place":
            return i
    return None


def has_anaphoric_cue(sent: Span, cues: frozenset[str] = ANAPHORIC_CUES) -> bool:
    cache = sent.doc.user_data.setdefault("diplomap_sent_text", {})
    text = cache.get(sent.start)
    if text is None:
        text = cache[sent.start] = f" {span_text(sent).lower()} "
    return _cue_pattern(cues).search(text) is not None


@lru_cache(maxsize=4)
def _cue_pattern(cues: frozenset[str]) -> re.Pattern:
    return re.compile(r" (?:%s)[ ,]" % "|".join(re.escape(cue) for cue in sorted(cues, key=len, reverse=True)))


def dateline_place(text: str, kb) -> Place | None:
    """'GABALA, Azerbaijan (Staff) -', 'BEIJING, April 23 -': the city an article was filed from."""
    head = text.lstrip()[:60]
    comma = head.find(",")
    if comma <= 1:
        return None
    name = head[:comma].strip()
    if not name.replace(" ", "").replace("-", "").isalpha() or not name.isupper():
        return None
    entry = kb.place(name.title()) or kb.place(name.capitalize())
    return Place(entry.name, entry.country, entry.lat, entry.lon) if entry else None


PARAGRAPH_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z .'-]{1,40}?)(?:,[^–—\n]{1,40}?)?\s+[–—]\s")


def paragraph_dateline(text: str, kb) -> Place | None:
    """'Riyadh – U.S. Treasury Secretary ... met ...', 'WASHINGTON — ...': a paragraph that opens with a
    place the knowledge base knows and a dash was filed from there."""
    found = PARAGRAPH_DATELINE.match(text)
    if found is None:
        return None
    name = found.group(1).strip()
    entry = kb.place(name) or kb.place(name.title())
    return Place(entry.name, entry.country, entry.lat, entry.lon) if entry else None


def attendance_anchor(sent: Span, match: TriggerMatch, previous_verb: TriggerMatch | None) -> int | None:
    """'X met Y on the sidelines of the CIS summit', 'X offered ... in phone calls with Y':
    a forum or talks noun in a prepositional phrase shares the subject of the clause's verb."""
    if match.is_verb or match.trigger.frame not in FORUM_FRAMES:
        return None
    if previous_verb is None:
        return _opening_phrase_subject(sent, match) if match.trigger.frame == "forum" else None
    if clause_start(sent, match.start) > previous_verb.start:
        return None
    before = {t.lower_ for t in sent.doc[max(sent.start, match.start - 6):match.start]}
    if before & {"sidelines", "margins", "during", "at", "in", "for", "after", "following"}:
        return previous_verb.start
    return None


def setting_only(sent: Span, match: TriggerMatch, previous_verb: TriggerMatch | None) -> bool:
    """'met ... on the sidelines of a diplomatic forum': an unnamed forum is where the reported
    event took place, not an event reported of its own."""
    if match.is_verb or previous_verb is None or match.trigger.frame != "forum":
        return False
    words = lower_words(sent.doc)[max(sent.start, match.start - 6):match.start]
    if not {"sidelines", "margins"} & set(words) or "of" not in words:
        return False
    after_of = words[len(words) - 1 - words[::-1].index("of") + 1:]
    return bool(after_of) and after_of[0] in ("a", "an") and all(w.isalpha() and w.islower() for w in after_of)


STANCE_TYPES = {"SUPPORT", "ACCUSE", "REJECT", "REQUEST", "PROTEST"}
OBJECT_DETERMINERS = function_words("object_determiners")


def address_events(sent: Span, drafts: list) -> None:
    """'welcomed the declaration signed by A and B', 'condemned the deal between A and B': a stance
    on an event is a stance towards its parties; the event itself is only mentioned (its date is not
    the sentence's)."""
    words = lower_words(sent.doc)
    for draft in drafts:
        if draft.target or draft.event_type not in STANCE_TYPES or not draft.match.is_verb:
            continue
        end = draft.match.end
        following = next((d for d in drafts if d.match.start >= end and not d.match.is_verb), None)
        if following is None or following.match.start - end > 3 \
                or not set(words[end:following.match.start]) <= OBJECT_DETERMINERS:
            continue
        draft.target = [c for c in following.participants if c not in draft.source]
        following.mentioned = True


def treaty_parties(sent: Span, match: TriggerMatch, mentions: DocMentions, kb) -> tuple[str, ...]:
    """'suspended its participation in the Indus Waters Treaty': the parties of a treaty the act is about."""
    words = lower_words(sent.doc)
    for start, _, name in mentions.projects:
        project = kb.projects.get(name)
        if project is None or project.kind != "treaty" or not match.end <= start <= match.end + 8 \
                or start >= sent.end or CLAUSE_BREAKS.intersection(words[match.end:start]):
            continue
        return project.states
    return ()


def _speech(word: str) -> bool:
    """A verb of saying, any form ('said', 'insists'): the lexicon's speech_verbs, by lemma."""
    return lemma(word) in shipped_lexicon().words["speech_verbs"]


def speakers_they(sent: Span, match: TriggerMatch, mentions: DocMentions) -> bool:
    """'Opposition leaders say they will keep demonstrating': 'they' is the speaker, who is no actor."""
    words = lower_words(sent.doc)
    they = next((i for i in range(sent.start, match.start) if words[i] == "they"), None)
    if they is None:
        return False
    speech = next((i for i in range(they - 1, sent.start - 1, -1)
                   if _speech(words[i]) or lemma(words[i]) in shipped_lexicon().words["opinion_verbs"]), None)
    return speech is not None and not mentions.actors_in(sent.start, speech)


def reported_now(sent: Span, match: TriggerMatch, mentions: DocMentions) -> bool:
    """A present-tense stance right after its subject and attributed by a past reporting verb after
    it ('The Palestinians reject the changes, Erakat said'); not a habit or a noun ('a U.S. request')."""
    words = lower_words(sent.doc)
    if habitual(sent, match) or "," in words[sent.start:match.start]:
        return False                    # only the main clause's verb, before any comma
    if not any(m.end == match.start and m.kind != "demonym" for m in mentions.actors_in(sent.start, match.start)):
        return False                    # "Turkish demands": a noun phrase
    return any(w in ("said", "told", "announced", "reported", "stated") for w in words[match.end:sent.end])


def performed_now(sent: Span, match: TriggerMatch, mentions: DocMentions) -> bool:
    """'The United States urges Ethiopia's leaders to ...', 'commends X for ...': in an official
    release, a stance in the present right after an actor that is its subject is an act performed by
    the release itself, on its day; not a habit, and not a verb after a comma."""
    words = lower_words(sent.doc)
    if not match.is_verb or match.form != "3sg" or match.trigger.event_type not in STANCE_TYPES:
        return False
    if habitual(sent, match) or "," in words[clause_start(sent, match.start):match.start]:
        return False
    return any(m.end in (match.start, match.start - 1) and m.kind != "demonym"
               for m in mentions.actors_in(sent.start, match.start))


def third_party_prediction(sent: Span, match: TriggerMatch, roles, mentions: DocMentions) -> bool:
    """'The UN warned that Ethiopia could experience famine', 'Zelensky warned that North Korea would
    be deploying troops': a warning about what a third party will do or suffer is a prediction, not a
    threat. A threat names the warner's own act ('warned that it would respond') or what the other
    side will face ('warned that Russia would face consequences')."""
    if match.trigger.event_type != "THREATEN" or not match.is_verb or word_after(sent, match) not in COMPLEMENTISERS:
        return False
    doc = sent.doc
    end = next((t.i for t in doc[match.end + 1:sent.end] if t.lower_ in CLAUSE_BREAKS), sent.end)
    subject = next(iter(mentions.actors_in(match.end + 1, min(match.end + 5, end))), None)
    if subject is None or subject.code in {m.code for m in roles.source}:
        return False
    return not any(lemma(t.lower_) in THREAT_OUTCOMES for t in doc[subject.end:end])


THREAT_OUTCOMES, COMPLEMENTISERS = word_list("threat_outcomes"), function_words("complementisers")


def reporter_subject(sent: Span, match: TriggerMatch, mentions: DocMentions) -> list:
    """'Palestinian leaders said they would boycott ...': a pronoun opening what a speaker said
    stands for the speaker."""
    words = lower_words(sent.doc)
    begin = clause_start(sent, match.start)
    pronoun = next((i for i in range(match.start - 1, max(sent.start, match.start - 5) - 1, -1)
                    if words[i] in ("they", "it", "he", "she")), None)
    if pronoun is None:
        return []
    speech = pronoun - 1 if words[pronoun - 1] != "that" else pronoun - 2
    if speech < sent.start or not _speech(words[speech]):
        return []
    speakers = [m for m in mentions.actors_in(sent.start, speech) if not prepositional(sent.doc, m, sent.start, mentions)]
    return speakers[-1:] if speakers and speech - speakers[-1].end <= 3 and begin <= pronoun else []


def pronoun_of_reporter(sent: Span, reporter: TriggerMatch, match: TriggerMatch) -> bool:
    """'Nigeria announced that it will withdraw ...': the pronoun opening the reported clause stands
    for the reporter."""
    if not reporter.trigger.has("complement") or not match.is_verb:
        return False
    words = lower_words(sent.doc)[reporter.end:match.start]
    while words and (words[0] in WEEKDAYS or words[0] in REL_DAYS or words[0] in ("on", "that")):
        words = words[1:]
    return bool(words) and words[0] in ("it", "he", "she", "they") and len(words) <= 4


def recipients(sent: Span, anchor: int, match: TriggerMatch, mentions: DocMentions) -> list:
    """'gave the Ivory Coast 5.1 million dollars of aid': the actors between a giving verb and its
    noun receive it."""
    if lemma(lower_words(sent.doc)[anchor]) not in shipped_lexicon().words["giving_verbs"]:
        return []
    return [m for m in mentions.actors_in(anchor + 1, match.start) if m.kind != "demonym"][:3]


def obligation_speaker(sent: Span, match: TriggerMatch) -> int | None:
    """'Russia said on Tuesday that Sudan must return the helicopter': the speech verb (its token)
    that reports the obligation, in the same sentence and before the addressee."""
    words = lower_words(sent.doc)
    for index in range(match.start - 1, max(sent.start, match.start - 12) - 1, -1):
        if _speech(words[index]):
            return index
        if words[index] in (";", ":", "but", "because", "if", "unless"):
            return None
    return None


def attribution(sent: Span, match: TriggerMatch) -> bool:
    """'..., a military spokesman announced.': a reporting verb closing the sentence attributes it."""
    if not match.is_verb or not match.trigger.has("complement"):
        return False
    rest = lower_words(sent.doc)[match.end:sent.end]
    return all(w in WEEKDAYS or w in REL_DAYS or w in (".", ",", "on", "late", "earlier", '"', "'", "”") for w in rest)


def complement_targets(drafts: list) -> None:
    """'agreed to provide aid for Romania and Poland', 'threatened to impose sanctions on X': an
    agreement, demand or threat with no counterpart of its own is directed at the parties of the
    act it announces."""
    for index, draft in enumerate(drafts):
        if draft.target or not draft.match.is_verb or not draft.match.trigger.has("complement"):
            continue
        announced = next((d for d in drafts[index + 1:] if d.status == "planned" and d.target
                          and d.source and set(d.source) <= set(draft.participants)), None)
        if announced is not None:
            draft.target = [c for c in announced.target if c not in draft.participants]


def coordinated_verb(sent: Span, match: TriggerMatch, previous: TriggerMatch | None,
                     anchor: int | None = None) -> bool:
    """'Aliyev met Putin and signed ...', 'held talks ... and agreed', 'met X, and also held meetings
    with Y' (a noun's carrying verb at ``anchor``): the second verb shares the subject of the trigger
    before it."""
    start = match.start if match.is_verb else anchor
    if start is None or previous is None or start == 0 or start < previous.end:
        return False
    if clause_start(sent, start) > previous.start:
        return False
    words = [t.lower_ for t in sent.doc[max(sent.start, start - 3):start]]
    if words and words[-1] == "to" and match.is_verb and match.form == "base":
        return True              # "phoned Aliyev to apologise": the purpose shares the subject
    return bool(words) and words[-1] in ("and", "then", "also")


def object_of_an_earlier_verb(sent: Span, start: int, source: list, verbs: list[TriggerMatch]) -> bool:
    """'Smith met Uzbekistan's President, and also held meetings with B': the subject word order finds
    for the verb after 'and' (at ``start``) follows an earlier verb of the sentence, so it is that
    verb's object, not this one's subject."""
    joint = next((t.i for t in sent.doc[max(sent.start, start - 3):start] if t.lower_ == "and"), None)
    if not source or joint is None or source[-1].end > joint:
        return False                  # "..., and Washington lifted": a subject of its own after 'and'
    return any(v.end <= source[0].start for v in verbs)


def requirements_met(sent: Span, match: TriggerMatch, roles, matches: list[TriggerMatch]) -> bool:
    """Lexicon flags that a trigger must satisfy in its sentence (see kb/data/triggers.tsv)."""
    doc = sent.doc
    trigger = match.trigger
    if trigger.has("object_adjacent") and match.is_verb:
        if not roles.target or roles.target[0].start - match.end > 4:
            return False
    if trigger.has("needs_object") and match.is_verb and not roles.target:
        return False
    if trigger.has("needs_place") and not _place_follows(doc, match, sent):
        return False
    return _constraints_hold(sent, match, trigger)


def _constraints_hold(sent: Span, match: TriggerMatch, trigger) -> bool:
    """The data-declared flags of one reading (lang/en/constraints.tsv) hold around the match."""
    if not trigger.constraints:
        return True
    words = lower_words(sent.doc)
    before, following, text = words[sent.start:match.start], words[match.end:sent.end], span_text(sent).lower()
    return all(c.holds(before, following, text) for c in trigger.constraints)


def readable(sent: Span, match: TriggerMatch) -> bool:
    """Whether some reading's word constraints hold in the sentence; where none does, the words are
    no trigger here ('despite a public challenge from X' names no forum) and do not cut another
    trigger's phrase."""
    return any(_constraints_hold(sent, match, t) for t in (match.trigger, *match.alternatives))


def _place_follows(doc, match: TriggerMatch, sent: Span) -> bool:
    """A capitalised name after 'in/to/at' within the next words ('spent November 1 in Astana')."""
    tokens = doc[match.end:min(match.end + 8, sent.end)]
    return any(t.lower_ in ("in", "at", "to") and t.i + 1 < sent.end and doc[t.i + 1].text[:1].isupper()
               for t in tokens)


def first_reading(sent: Span, match: TriggerMatch, roles, matches: list[TriggerMatch]) -> TriggerMatch | None:
    """The first lexicon reading of the trigger's words whose requirements the sentence meets."""
    for trigger in (match.trigger, *match.alternatives):
        candidate = replace(match, trigger=trigger)
        if requirements_met(sent, candidate, roles, matches):
            return candidate
    return None


def refusal(sent: Span, match: TriggerMatch) -> bool:
    """'did not attend', 'will not travel': a refusal; 'has not joined' is a standing state."""
    words = {t.lower_ for t in sent.doc[max(sent.start, match.start - 4):match.start]}
    return bool(words & {"did", "will", "would", "wo", "refused", "declined", "'ll"})


def intent(sent: Span, match: TriggerMatch) -> bool:
    """An agent states an intention: 'will', 'would' after a reporting verb, 'is ready to' ..."""
    tokens = sent.doc[max(sent.start, match.start - 3):match.start]
    words = [t.lower_ for t in tokens]
    if set(words) & {"be", "been", "being"}:
        return False                      # "it will be asked": the subject is not the one intending
    for token in tokens:
        if token.lower_ in ("plans", "intends") and token.i > 0 and sent.doc[token.i - 1].lower_ in (
                "the", "its", "their", "his", "her", "of", "including", "with", "and", "new"):
            return False                  # "including plans to join": a noun, not a stated intention
    return bool(set(words) & {"will", "'ll", "shall", "would", "ready", "willing", "prepared", "intends", "plans"})


def conditional(sent: Span) -> bool:
    """'... unless the president steps down', '... if attacks continue'."""
    return any(t.lower_ in ("unless", "if") for t in sent)


def _opening_phrase_subject(sent: Span, match: TriggerMatch) -> int | None:
    """'At the NATO summit in Vilnius, Erdogan agreed ...': the summit shares the main clause's subject;
    the anchor is the first verb after the opening phrase's comma."""
    doc = sent.doc
    if doc[sent.start].lower_ not in ("at", "during", "on", "in", "after", "before", "following", "days", "later"):
        return None
    named = any(span.label_ in ("org", "capital") and match.start - 5 <= span.start < match.start
                for span in doc.spans.get("dm_actors", []))
    # "the Busan summit", "the summit in Busan": a name before the noun, or after its preposition
    named = named or any(_a_name(t) and t.i > sent.start for t in doc[max(sent.start, match.start - 2):match.start]) \
        or match.end + 1 < sent.end and doc[match.end].is_lower and _a_name(doc[match.end + 1])
    if not named:
        return None                      # "On the margins of the summit, ...": no particular summit
    comma = next((t.i for t in doc[match.end:min(match.end + 8, sent.end)] if t.text == ","), None)
    if comma is None:
        return None
    for token in doc[comma + 1:min(comma + 12, sent.end)]:
        if past_form(token.lower_):
            return token.i
    return None


def passive_summons(sent: Span, match: TriggerMatch, mentions: DocMentions, roles) -> None:
    """'The Russian ambassador to Azerbaijan was summoned', 'Israel's Ambassador to New Zealand was
    called in': a summons in the passive; its subject is the summoned side, the state the envoy is
    accredited to ('to Azerbaijan') the one that summons."""
    doc = sent.doc
    if not match.trigger.has("at_source") or not match.is_verb or match.start == sent.start \
            or doc[match.start - 1].lower_ not in BE_FORMS:
        return
    begin = clause_start(sent, match.start)
    accredited = [m for m in mentions.actors_in(begin, match.start) if m.start > 0 and doc[m.start - 1].lower_ == "to"]
    summoned = [m for m in mentions.actors_in(begin, match.start) if m not in accredited]
    if accredited and summoned:
        roles.source, roles.target = accredited[-1:], summoned[-1:]


def _a_name(token) -> bool:
    """A capitalised word that is no month or weekday."""
    return token.text[:1].isupper() and token.lower_ not in MONTHS and token.lower_ not in WEEKDAYS


def _announces_noun(sent: Span, verb: TriggerMatch, following: list[TriggerMatch]) -> bool:
    """'announced visa restrictions', 'announced an investment package': the noun is the event.
    A demand, refusal or threat is the event itself ('demanded the withdrawal of ...')."""
    if verb.trigger.event_type != "AGREE":
        return False
    doc = sent.doc
    for other in following[:1]:
        between = [t.lower_ for t in doc[verb.end:other.start]]
        if not other.is_verb and other.trigger.has("needs_verb") and len(between) <= 4 \
                and not {"to", "that"} & set(between):
            return True
    return False


def pronoun_partner(sent: Span, match: TriggerMatch, mentions, salient) -> list:
    """'he and Japarov signed ...': the pronoun stands for the salient person, beside the named partner."""
    doc = sent.doc
    words = [t.lower_ for t in doc[max(sent.start, match.start - 6):match.start]]
    if not ({"he", "she"} & set(words)) or salient is None or not salient.actor:
        return []
    from diplomap.extract.mentions import ActorMention

    start = next(t.i for t in doc[max(sent.start, match.start - 6):match.start] if t.lower_ in ("he", "she"))
    partners = [m for m in mentions.actors_in(start, match.start)]
    if not partners or doc[start + 1].lower_ != "and":
        return []
    return [ActorMention(start, start + 1, salient.actor, "person", salient), *partners]


def sentence_topic(sent: Span, mentions, current):
    """The person a sentence is about: whoever 'he' or 'she' stands for when the pronoun comes first
    (``current``), else the first person mention that is not a prepositional object ('After talks with
    Erdogan, Zelensky said ...' is about Zelensky); None when no person is its subject."""
    doc = sent.doc
    first = next((m for m in mentions.actors_in(sent.start, sent.end)
                  if m.person is not None and not prepositional(doc, m, sent.start, mentions)
                  and not _titled_object(doc, m.start, sent.start)), None)
    limit = first.start if first is not None else sent.end
    if {"he", "she"}.intersection(lower_words(doc)[sent.start:limit]):
        return current
    return first.person if first is not None else None


def _titled_object(doc, start: int, begin: int) -> bool:
    """'talks with Turkish President Recep Tayyip Erdogan': a preposition before the person's titles."""
    i = start - 1
    while i >= begin and (doc[i].text[:1].isupper() or doc[i].lower_ in ("the", "'s", "’s", "-")):
        i -= 1
    return i >= begin and doc[i].lower_ in SUBJECT_BLOCKING


def participle_of_past(sent: Span, anchor: TriggerMatch, previous_verb: TriggerMatch | None) -> bool:
    """A participle that reports a past act: 'was suspending', ', accusing X of', 'before flying on to'."""
    doc = sent.doc
    before = doc[anchor.start - 1].lower_ if anchor.start > sent.start else ""
    if before in ("was", "were"):
        return True
    past_main = previous_verb is not None and previous_verb.form in ("past", "pastpart") or any(
        past_form(t.lower_) for t in doc[sent.start:anchor.start])
    return past_main and (before in (",", "before", "after", "while", "when") or before in STATED_CONTENT)


# Documents whose words are an act of their authors: "adopted a resolution condemning X".
STATED_CONTENT = word_list("stated_content")


def describes_noun(sent: Span, verb: TriggerMatch, earlier: list[TriggerMatch]) -> bool:
    """'talks hosted by the UAE', 'the declaration signed by A and B': a participle after a noun trigger."""
    doc = sent.doc
    if verb.form not in ("past", "pastpart") or verb.end >= sent.end or doc[verb.end].lower_ != "by":
        return False
    return any(not other.is_verb and 0 <= verb.start - other.end <= 2 for other in earlier)


def names_an_actor_after(sent: Span, match: TriggerMatch) -> bool:
    """Whether a capitalised name follows the trigger closely (a participle with a real object)."""
    return any(t.text[:1].isupper() for t in sent.doc[match.end:min(match.end + 6, sent.end)])


def opening_meeting(sent: Span, match: TriggerMatch) -> bool:
    """'At Thursday's meeting, Putin told Aliyev ...': a meeting noun in the sentence's opening phrase."""
    doc = sent.doc
    return (not match.is_verb and match.start - sent.start <= 4 and doc[sent.start].lower_ in ("at", "during")
            and match.end < sent.end and doc[match.end].text == ",")


def participle_after_comma(sent: Span, match: TriggerMatch) -> bool:
    """', accusing Islamabad of ...', '... before flying on to Samarkand', 'adopted a resolution condemning
    X': a participle whose subject is the main clause's."""
    if match.form != "gerund" or match.start <= sent.start:
        return False
    before = lower_words(sent.doc)[match.start - 1]
    return before in (",", "before", "after", "while", "then") or before in STATED_CONTENT


def stated_refusal(sent: Span, match: TriggerMatch) -> bool:
    """'will not', 'would not', "won't": an announced refusal, whatever the refused act."""
    words = [t.lower_ for t in sent.doc[max(sent.start, match.start - 4):match.start]]
    return any(w in ("will", "would", "wo", "'ll") for w in words) and any(w in ("not", "n't", "n’t") for w in words)


def places_after(sent: Span, match: TriggerMatch, mentions: DocMentions) -> tuple[Place, ...]:
    """Every place in the trigger's clause right after it ('travelled to both Moscow and Kyiv')."""
    begin = clause_start(sent, match.start)
    return tuple(m.place for m in mentions.places
                 if match.end <= m.start <= match.end + 12 and m.start >= begin and m.end <= sent.end)


def drop_announcements(drafts: list) -> list:
    """'X announced that Y would not seek ...': the announced event is the event, not the announcing."""
    kept = []
    for index, draft in enumerate(drafts):
        trigger = draft.match.trigger
        announcing = trigger.event_type == "AGREE" and trigger.has("announces")
        if announcing and any(0 < other.match.start - draft.match.end <= 12 and other.match.trigger.has("complement")
                              for other in drafts[index + 1:]):
            continue
        kept.append(draft)
    return kept


def passive_phrase_end(sent: Span, match: TriggerMatch) -> int | None:
    """'Friday's meeting took place in the shadow of ...': the noun's phrase ends at 'took place' or
    'was held' (but not at 'was signed by', whose agents are the parties)."""
    if match.is_verb:
        return None
    index = passive_light(sent, match)
    if index is None:
        return None
    following = sent.doc[index + 1].lower_ if index + 1 < sent.end else ""
    return index if following != "by" else None


def habitual(sent: Span, match: TriggerMatch) -> bool:
    """'regularly agrees', 'always offers': a habit, not a statement made now."""
    from diplomap.extract.status import HABITUAL_WORDS

    return bool(HABITUAL_WORDS.intersection(lower_words(sent.doc)[max(sent.start, match.start - 3):match.start]))


def word_after(sent: Span, match: TriggerMatch) -> str:
    return sent.doc[match.end].lower_ if match.end < sent.end else ""
