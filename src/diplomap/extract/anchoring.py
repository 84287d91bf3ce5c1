"""Anchor event drafts in time and space, and score how sure we are of them.

A sentence's time expressions go to the nearest trigger (the summit list
"Copenhagen (1-2 October), Gabala (6-7 October)" gives each summit its own
dates); a draft left without one takes the date of another draft of the same
sentence. Places come from the trigger's own phrase, else a sentence-initial
"In Dushanbe, ...", else the host country (country-level, at its capital's
coordinates).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Span

from diplomap.extract.frames import Draft
from diplomap.extract.mentions import DocMentions
from diplomap.extract.status import clause_start, lower_words, token_offsets
from diplomap.extract.timerules import MAX_YEAR, MIN_YEAR, NUMBERS
from diplomap.kb import KnowledgeBase
from diplomap.models import Place, TimeSpan
from diplomap.nlp.lemmas import past_form
from diplomap.nlp.lexicon import function_words

YEAR_IN_TEXT = re.compile(r"\b(19|20)\d\d\b")


def assign_times(sent: Span, drafts: list[Draft], times: list[TimeSpan]) -> None:
    if not drafts or not times:
        return
    doc = sent.doc
    for span in times:
        first = _token_at(doc, span.char_start)
        reachable = [d for d in drafts if not _relative_clause_between(doc, d, first)]
        if not reachable:
            continue
        nearest = min(reachable, key=lambda d: _distance(d, first))
        if nearest.time is None or _distance(nearest, first) < _distance_of(nearest, nearest.time, doc):
            nearest.time = span
    dated = [d for d in drafts if d.time is not None]
    for draft in drafts:
        if draft.time is None and dated:
            draft.time = min(dated, key=lambda d: abs(d.match.start - draft.match.start)).time


def year_of_the_noun(sent: Span, drafts: list[Draft]) -> None:
    """'Kim's 2023 meeting with Putin', 'the 2025 G-20 summit', 'a 2006 joint statement': a year inside
    an event noun's own phrase dates that event (year precision), whatever else the sentence dates."""
    doc = sent.doc
    for draft in drafts:
        match = draft.match
        if match.is_verb:
            continue
        for token in reversed(list(doc[max(sent.start, match.start - 4):match.start])):
            if token.text in (",", ";", "(", ")") or token.lower_ in CLAUSE_OPENERS:
                break
            if len(token.text) == 4 and token.text.isdigit() and MIN_YEAR <= int(token.text) <= MAX_YEAR:
                year = int(token.text)
                draft.time = TimeSpan(date(year, 1, 1), date(year, 12, 31), "year", token.idx, token.idx + 4, token.text)
                break


COUNTS = {**NUMBERS, "the": 1}          # "two days after", "the day after": the time grammar's numbers
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
BEFORE_A_NOUN = function_words("before_a_noun")
PERFECT_PRESENT, ADVERBS_IN_PERFECT = function_words("perfect_present"), function_words("adverbs_in_perfect")
SPAN_OPENERS = function_words("span_openers")
CUMULATIVE = {"AID", "COOPERATE"}        # "has provided aid", "has cooperated": a sum over time, not one act


def shift_relative(sent: Span, drafts: list[Draft]) -> None:
    """'took part in the summit on Friday, a day after talks with Putin': the talks are dated one day
    before the event the sentence dates, not on its day ('two days before talks': two days after it)."""
    words = lower_words(sent.doc)
    for draft in drafts:
        start = draft.match.start
        word = next((k for k in range(start - 1, max(sent.start + 1, start - 4) - 1, -1)
                     if words[k] in ("after", "before")), None)
        if word is None or word < sent.start + 2 or not set(words[word + 1:start]) <= BEFORE_A_NOUN:
            continue
        unit, count = UNITS.get(words[word - 1]), COUNTS.get(words[word - 2])
        reference = next((d for d in reversed(drafts) if d.match.end <= word - 2 and d.time is not None
                          and d.time.precision == "day"), None)
        if unit is None or count is None or reference is None:
            continue
        span, days = reference.time, timedelta(days=count * unit)
        day = span.start - days if words[word] == "after" else span.end + days
        draft.time = replace(span, start=day, end=day)


CLAUSE_OPENERS = function_words("clause_openers")


def _relative_clause_between(doc, draft: Draft, token_index: int) -> bool:
    """'talks with Sharif, who thanked ... earlier this month', 'his first trip since ... a year ago':
    a date after the trigger, in a clause of its own, is that clause's."""
    if token_index < draft.match.end:
        return False
    between = lower_words(doc)[draft.match.end:token_index]
    if between and between[-1] == "since":
        between = between[:-1]          # "have met twice since September": the date's own preposition
    return bool(CLAUSE_OPENERS.intersection(between))


def date_the_recent_perfect(sent: Span, drafts: list[Draft], published) -> None:
    """'Trump has called for South Korea to ...', 'USTR has pressed the PRC': an act in the present
    perfect with no date of its own is recent: within the year of publication, up to its day
    (year precision). Not a habit ('has long opposed', which status leaves undated anyway), nor a
    span that runs to now ('since the war'), nor aid or cooperation, which the perfect sums over time."""
    if published is None or SPAN_OPENERS.intersection(lower_words(sent.doc)[sent.start:sent.end]):
        return                            # "Since the war, X has held talks": a span to now, not an act
    for draft in drafts:
        if draft.time is not None or draft.status != "occurred" or draft.event_type in CUMULATIVE:
            continue
        verb = draft.match.start if draft.match.is_verb and draft.match.form in ("past", "pastpart") \
            else None if draft.match.is_verb else _participle_before(sent, draft.match.start)
        if verb is not None and _after_perfect_have(sent, verb):
            draft.time = TimeSpan(date(published.year, 1, 1), published, "year")


def _participle_before(sent: Span, noun: int) -> int | None:
    """The participle that carries a noun ('has imposed new tariffs'), within four words before it."""
    doc = sent.doc
    return next((i for i in range(noun - 1, max(sent.start, noun - 4) - 1, -1)
                 if past_form(doc[i].lower_)), None)


def _after_perfect_have(sent: Span, verb: int) -> bool:
    doc = sent.doc
    before = verb - 1
    if before > sent.start and doc[before].lower_ in ADVERBS_IN_PERFECT:
        before -= 1
    return before >= sent.start and doc[before].lower_ in PERFECT_PRESENT


def extend_until(sent: Span, drafts: list[Draft], published) -> None:
    """'a state visit that runs until Thursday': stretch the event's interval to that end."""
    from diplomap.extract.timexpr import normalise_time

    doc = sent.doc
    words = lower_words(doc)
    for index in range(sent.start, sent.end - 1):
        if words[index] not in ("until", "till", "through"):
            continue
        token = doc[index]
        tail = doc[token.i + 1:min(token.i + 5, sent.end)].text
        end = normalise_time(tail, published)
        if end is None or end.start is None:
            continue
        for draft in drafts:
            if draft.time is not None and draft.time.start and end.end < draft.time.start:
                end = replace(end, start=end.start + timedelta(days=7), end=end.end + timedelta(days=7))
                break
        for draft in drafts:
            span = draft.time
            if span is not None and span.start and draft.match.start < token.i and span.end < end.end \
                    and (end.end - span.start).days <= 14:
                draft.time = replace(span, end=end.end)


def _token_at(doc, char: int) -> int:
    """Index of the token that holds (or first follows) character ``char``."""
    ends = token_offsets(doc)[1]
    return min(bisect.bisect_right(ends, char), len(doc) - 1)


def _distance(draft: Draft, token_index: int) -> float:
    match = draft.match
    if token_index >= match.end:
        return token_index - match.end + 0.5     # a date after the trigger is its own, slightly preferred
    return match.start - token_index + 1.0


def _distance_of(draft: Draft, span: TimeSpan, doc) -> float:
    return _distance(draft, _token_at(doc, span.char_start))


def assign_places(sent: Span, drafts: list[Draft], mentions: DocMentions, kb: KnowledgeBase) -> None:
    places = mentions.places_in(sent.start, sent.end)
    opening = next((p for p in places if p.start - sent.start <= 2), None)
    elsewhere: set[int] = set()        # 'Hawaii, where ...': a place of its own, unknown to us
    for index, draft in enumerate(drafts):
        if draft.place is not None:
            continue
        begin = clause_start(sent, draft.match.start)
        own = [p for p in places if p.start >= draft.match.end and p.start >= begin
               and p.start - draft.match.end <= 10]
        venue = next((p for p in places if p.start > draft.match.end and _venue(sent.doc, p.start)), None)
        if own:
            draft.place = own[0].place
        elif (where := _where_antecedent(sent, draft, mentions, kb)) is not None:
            draft.place = where if isinstance(where, Place) else None
            elsewhere |= set() if isinstance(where, Place) else {index}
        elif opening is not None:
            draft.place = opening.place
        elif venue is not None and not draft.match.is_verb:
            draft.place = venue.place          # "The second meeting of the leaders ... took place in X"
    for index, draft in enumerate(drafts):
        if draft.place is None and index not in elsewhere:
            # "came to Astana for the summit", "met in Dushanbe and signed ...", "raised relations
            # on Wednesday, when X held talks with Y in Moscow": same place
            earlier = [d for d in drafts[:index] if d.place is not None]
            later = [d for d in drafts[index + 1:] if d.place is not None]
            if earlier or later:
                draft.place = (earlier[-1] if earlier else later[0]).place
    for draft in drafts:
        if draft.place is not None and draft.host is None and draft.mode in ("visit", "multilateral"):
            draft.host = draft.place.country


def _where_antecedent(sent: Span, draft: Draft, mentions: DocMentions, kb: KnowledgeBase) -> Place | bool | None:
    """'stops in Hawaii, where the delegation met ...', 'Fiji, where they met ...': the place a relative
    'where' clause holding the trigger refers back to; True where the clause has one that the knowledge
    base does not know (no other place of the sentence is its place), None where it is no such clause."""
    words = lower_words(sent.doc)
    begin = clause_start(sent, draft.match.start)         # 'where' breaks clauses: the clause starts after it
    if begin - 3 < sent.start or words[begin - 1] != "where" or words[begin - 2] != ",":
        return None
    end = begin - 2
    place = next((p.place for p in mentions.places_in(sent.start, end) if p.end == end), None)
    if place is not None:
        return place
    actor = next((m for m in mentions.actors_in(sent.start, end) if m.end == end), None)
    if actor is None or actor.kind not in ("state", "capital"):
        return sent.doc[end - 1].text[:1].isupper() or None
    if actor.place is not None:
        return actor.place
    state = kb.states.get(actor.code)
    return Place(state.name, actor.code, state.lat, state.lon) if state is not None else None


def _venue(doc, start: int) -> bool:
    """'took place in X', 'was held in X': the place of the event the sentence is about."""
    return start >= 2 and doc[start - 1].lower_ in ("in", "at") and doc[start - 2].lower_ in (
        "place", "held", "convened")


def settle_future(drafts: list[Draft], published) -> None:
    """A dated event after publication is planned; but a past-tense report with a year-less
    date that falls after publication ("phoned on December 28", read in October) is last year's,
    and so is every event of the sentence dated by the same words ("... before flying on to
    Samarkand for talks")."""
    moved = set()
    for draft in drafts:
        span = draft.time
        if span is None or span.start is None or published is None or span.start <= published:
            continue
        if draft.status == "occurred" and draft.match.is_verb and draft.match.form in ("past", "pastpart", "gerund") \
                and not YEAR_IN_TEXT.search(span.text or ""):
            moved.add(span.char_start)
            draft.time = _year_earlier(span)
    for draft in drafts:
        span = draft.time
        if span is None or span.start is None or published is None or span.start <= published:
            continue
        if draft.status == "occurred" and span.char_start in moved and span.char_start >= 0:
            draft.time = _year_earlier(span)
        elif draft.status == "occurred":
            draft.status = "planned"


def _year_earlier(span: TimeSpan) -> TimeSpan:
    def back(day):
        try:
            return day.replace(year=day.year - 1)
        except ValueError:           # 29 February
            return day.replace(year=day.year - 1, day=28)

    return replace(span, start=back(span.start), end=back(span.end))


DOMESTIC_TYPES = {"PROTEST", "COERCE", "ASSAULT", "MOBILIZE", "RETREAT"}


def locate_domestic(draft: Draft) -> None:
    """A protest, crackdown or attack in a country involves that country ('Albanians demonstrated in
    Serbia': SRB is a participant), as PLOVER codes such events."""
    if draft.event_type not in DOMESTIC_TYPES or draft.place is None or not draft.place.country:
        return
    if draft.place.country not in draft.participants:
        draft.target = draft.target + [draft.place.country]


def at_the_summit(draft: Draft, forum: Draft | None) -> bool:
    """A meeting between attendees of the latest summit, dated within it, took place there."""
    if forum is None or forum.place is None or draft.event_type not in ("CONSULT", "AGREE", "SUPPORT"):
        return False
    if draft.time is None or draft.time.start is None or forum.time is None or forum.time.start is None:
        return False
    within = forum.time.start <= draft.time.start and draft.time.end <= forum.time.end
    return within and set(draft.participants) <= set(forum.participants) and len(draft.participants) >= 2


def only_city(doc, mentions, kb: KnowledgeBase) -> Place | None:
    """The one city a paragraph puts something in, at or to ('led a delegation to a conference in
    Tashkent'; not 'representatives from the White House'); None where it names none, several, or
    only countries."""
    cities = {m.place for m in mentions.places
              if m.start > 0 and doc[m.start - 1].lower_ in ("in", "to", "at") and m.place.country
              and (kb.states.get(m.place.country) is None or kb.states[m.place.country].name != m.place.name)}
    return cities.pop() if len(cities) == 1 else None


def capital_place(kb: KnowledgeBase, code: str) -> Place | None:
    capital = kb.capital(code)
    return Place(capital.name, code, capital.lat, capital.lon) if capital is not None else None


def country_place(kb: KnowledgeBase, code: str) -> Place | None:
    """A country-level place: the country's name at its capital's coordinates."""
    state = kb.states.get(code)
    if state is None:
        return None
    return Place(state.name, code, state.lat, state.lon)


def shift_time(span: TimeSpan | None, offset: int) -> TimeSpan:
    if span is None:
        return TimeSpan(None, None, "unknown")
    if span.char_start < 0:
        return span
    return replace(span, char_start=span.char_start + offset, char_end=span.char_end + offset)


def confidence(draft: Draft) -> float:
    """A 0-1 score from the evidence: verb form, date, place and both sides named."""
    score = 0.45
    score += 0.15 if draft.match.is_verb else 0.05
    if draft.time is not None and getattr(draft.time, "start", None):
        score += 0.12 if draft.time.precision == "day" else 0.06
    if draft.place is not None:
        score += 0.08
    if draft.source and (draft.target or draft.organization):
        score += 0.12
    if draft.status != "occurred":
        score -= 0.1
    return max(0.05, min(0.99, score))


def drop_visits_into_forums(drafts: list[Draft]) -> list[Draft]:
    """'flew to Tianjin, where the SCO held its summit': the summit is the event, and the
    visitor attends it; no separate visit."""
    forums = [d for d in drafts if d.mode == "multilateral"]
    kept = []
    for draft in drafts:
        travel = draft.mode == "visit" and draft.match.is_verb      # "flew to", not "a state visit to"
        forum = next((f for f in forums if travel and _same_venue(draft, f)), None)
        if forum is None:
            kept.append(draft)
        elif not set(draft.source) & set(forum.participants):
            forum.source = [c for c in draft.source if c not in forum.source] + forum.source
    return kept


def _same_venue(visit: Draft, forum: Draft) -> bool:
    if set(visit.source) & set(forum.participants) and forum.host in visit.target:
        return True
    return bool(forum.place and visit.place and forum.place.country == visit.place.country)


def is_anchored(draft: Draft) -> bool:
    """A forum noun with no forum, place, members or date is a generic mention ('summits'), not an event."""
    if draft.match.trigger.frame != "forum" or draft.match.is_verb:
        return True
    return bool(draft.organization or draft.place or len(draft.participants) > 1
                or (draft.time is not None and draft.time.start))
