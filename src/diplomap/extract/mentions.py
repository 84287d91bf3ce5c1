"""Resolve the names in a document to actors, persons, places and projects.

Input: a spaCy Doc whose ``dm_actors`` spans came from the knowledge-base rulers.
Output: ``DocMentions``, per-token lookups of resolved mentions. Resolution covers:
- states, organisations, capitals used as metonyms, and demonyms that head a
  title or a group noun ("Iranian President", "Turkish officials");
- persons in the knowledge base, persons named with a title and a demonym
  ("Kazakh Foreign Minister Murat Nurtleu"), and later bare surnames that reuse
  the earlier full mention ("Aliyev");
- places: capitals and gazetteer cities after a locative preposition or before a
  forum noun ("summit in Gabala", "the Washington Summit").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from diplomap.kb import KnowledgeBase
from diplomap.kb.records import family_name
from diplomap.models import Person, Place
from diplomap.extract.status import token_texts
from diplomap.extract.timerules import MONTHS as TIME_MONTHS, WEEKDAYS as TIME_WEEKDAYS
from diplomap.nlp.lexicon import function_words, shipped_lexicon
from diplomap.nlp.pipeline import ACTOR_SPANS

LOCATIVE = function_words("locative_prepositions")
NAME_STOP = function_words("name_stops")
# Month and weekday names as written in a sentence ('May', 'Sept', 'Monday'): no personal names.
MONTHS = frozenset(name[0].upper() + name[1:] for name in (*TIME_MONTHS, *TIME_WEEKDAYS))


@dataclass(frozen=True)
class MentionWords:
    """The lexicon's word lists that mention finding and word-order roles read (kb/data/lang/en/words.tsv)."""

    group_nouns: frozenset[str]          # 'Iranian officials', 'Canadian goods': the demonym names a state
    located_groups: frozenset[str]       # 'police in Baku', 'opposition groups in Zimbabwe'
    sectors: frozenset[str]              # 'two Iranian oil companies'
    event_nouns: frozenset[str]          # 'Turkish-Russian talks'
    organisation_nouns: frozenset[str]   # 'the alliance's summit'
    examples: frozenset[str] = frozenset()   # 'on 60 partners, including Canada': members of a group named
    heads_of: frozenset[str] = frozenset()   # 'the foreign ministers of A and B': A and B can be subjects

    @classmethod
    def from_lists(cls, words: Mapping[str, frozenset[str]] | None = None) -> "MentionWords":
        words = words if words is not None else shipped_lexicon().words
        groups = words["group_nouns"]
        return cls(groups, groups | words["located_groups"], words["sectors"], words["event_nouns"],
                   words["organisation_nouns"], words["example_markers"], words["heads_of"])


@dataclass(frozen=True)
class ActorMention:
    start: int            # token index in the doc
    end: int
    code: str
    kind: str             # state | capital | demonym | org | person
    person: Person | None = None
    place: Place | None = None      # the city, for a capital named as an actor ("visited Tbilisi")


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    place: Place


@dataclass
class DocMentions:
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    projects: list[tuple[int, int, str]] = field(default_factory=list)
    words: MentionWords = field(default_factory=lambda: MentionWords.from_lists())

    def actors_in(self, start: int, end: int) -> list[ActorMention]:
        return [m for m in self.actors if start <= m.start and m.end <= end]

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        return [m for m in self.places if start <= m.start and m.end <= end]

    def projects_in(self, start: int, end: int) -> list[str]:
        return sorted({name for s, e, name in self.projects if start <= s and e <= end})


def refer_back_to_organisations(doc: Doc, mentions: DocMentions, last_org: str | None) -> str | None:
    """'the alliance's summit', 'the bloc's leaders': a definite description of an organisation names
    the organisation the text named last. Adds those mentions; returns the last organisation named."""
    orgs = [m for m in mentions.actors if m.kind == "org"]
    taken = {i for m in mentions.actors for i in range(m.start, m.end)}
    words = token_texts(doc)
    added = []
    for i in range(len(words) - 1):
        if words[i].lower() != "the" or words[i + 1].lower() not in mentions.words.organisation_nouns or i + 1 in taken:
            continue
        following = words[i + 2] if i + 2 < len(words) else ""
        if following[:1].isupper() and following not in ("'s", "’s"):
            continue                       # "the Alliance for ..." is a name of its own
        before = [m.code for m in orgs if m.end <= i]
        code = before[-1] if before else last_org
        if code is not None:
            added.append(ActorMention(i, i + 2, code, "org"))
    if added:
        mentions.actors = sorted([*mentions.actors, *added], key=lambda m: m.start)
    named = [m.code for m in mentions.actors if m.kind == "org"]
    return named[-1] if named else last_org


def _inside_longer_name(doc: Doc, span: Span, title_words: set[str]) -> bool:
    """An organisation's name continuing a capitalised name before it ('National Security Council'),
    unless that word is an actor, a title or opens the sentence ('Turkish NATO troops', 'The EU')."""
    if span.start == 0 or not doc[span.start].text[:1].isupper():
        return False
    before = doc[span.start - 1]
    if not before.text[:1].isupper() or not before.is_alpha or before.is_sent_start or before.text in title_words \
            or before.lower_ in ("the", "a", "an", "this", "its", "their"):
        return False
    return not any(s.start <= before.i < s.end for s in doc.spans.get(ACTOR_SPANS, []))


class MentionResolver:
    """Turns ruler spans into resolved mentions; one per knowledge base and title table."""

    def __init__(self, kb: KnowledgeBase, titles: dict[str, str], title_actors: dict[str, str] | None = None,
                 words: Mapping[str, frozenset[str]] | None = None):
        self.kb = kb
        self.words = MentionWords.from_lists(words)
        self.titles = titles
        self.title_actors = title_actors or {}      # 'Secretary of the Treasury' -> USA
        self.title_words = {w for title in titles for w in title.split()}

    def resolve(self, doc: Doc, published: date | None, known: list[Person] | None = None,
                home: str | None = None) -> DocMentions:
        """Mentions of one doc; ``known`` carries full person names across the paragraphs of an article;
        ``home`` is the actor the document's publisher speaks for (its office-holders named without a
        country act for it), or None."""
        known = known if known is not None else []
        spans = filter_spans([s for s in doc.spans.get(ACTOR_SPANS, []) if s.label_ != "project"])
        regions = [s for s in spans if s.label_.startswith("region")]
        spans = [s for s in spans if not s.label_.startswith("region")]
        result = DocMentions(words=self.words, projects=[(s.start, s.end, s.id_) for s in doc.spans.get(ACTOR_SPANS, [])
                                       if s.label_ == "project"])
        taken: set[int] = set()
        for span in spans:
            mention = self._from_span(doc, span, published)
            if isinstance(mention, PlaceMention):
                result.places.append(mention)
            elif mention is not None:
                result.actors.append(mention)
            taken.update(range(span.start, span.end))
        result.actors += self._regions(doc, regions)
        result.actors += self._titled_persons(doc, taken)
        result.actors += self._titled_persons_of(doc, taken)
        result.actors += self._titles_of_a_state(doc, taken)
        result.actors += self._office_holders(doc, taken, home)
        result.actors += self._surnames(doc, result.actors, taken, published, known)
        result.actors = self._absorb_demonyms(doc, sorted(result.actors, key=lambda m: m.start))
        result.places += self._gazetteer_places(doc, taken)
        result.places.sort(key=lambda m: m.start)
        return result

    def _regions(self, doc: Doc, spans: list[Span]) -> list[ActorMention]:
        """A region stands for its states where it names actors: 'Central Asian presidents', 'the states of
        Central Asia', 'the EU-Central Asia summit' (not 'trade routes across Central Asia')."""
        found = []
        for span in spans:
            acting = (
                span.label_ == "region_demonym" and _heads_group(doc, span.end, self.title_words, self.words)
                or span.label_ == "region" and (_of_a_group(doc, span.start, self.words) or _before_forum_noun(doc, span.end)
                                                or _hyphenated_with_actor(doc, span))
            )
            if acting:
                found += [ActorMention(span.start, span.end, code, "region") for code in self.kb.regions[span.id_]]
        return found

    def remember_persons(self, doc: Doc, published: date | None, known: list[Person]) -> None:
        """Add the knowledge-base persons named in ``doc`` to ``known`` (a paragraph not otherwise read)."""
        for span in doc.spans.get(ACTOR_SPANS, []):
            if span.label_ == "person":
                mention = self._from_span(doc, span, published)
                if mention.person not in known:
                    known.append(mention.person)

    def _from_span(self, doc: Doc, span: Span, published: date | None) -> ActorMention | PlaceMention | None:
        kind, code = span.label_, span.id_
        if kind == "person":
            entry = self.kb.person(span.text, published)
            role = entry.role if entry else None
            actor = entry.actor if entry else code
            person = Person(entry.name if entry else span.text, actor, role)
            return ActorMention(span.start, span.end, actor, "person", person)
        possessive = span.end < len(doc) and doc[span.end].text in ("'s", "’s")
        if kind == "org" and _inside_longer_name(doc, span, self.title_words):
            return None                   # "Iran's Supreme National Security Council" is not the UN's
        if kind in ("state", "capital") and _birthplace(doc, span.end):
            return None                   # "Burma-born American scholar": where a person was born, no party
        if kind in ("state", "capital") and _group_located(doc, span.start, self.words):
            return ActorMention(span.start, span.end, code, kind)       # "police in Baku", "rebels in Angola"
        if kind == "state" and _after_preposition(doc, span.start, {"in", "at", "throughout", "across"}) and not possessive:
            state = self.kb.states.get(code)
            if state is not None:
                return PlaceMention(span.start, span.end, Place(state.name, code, state.lat, state.lon))
        if kind == "capital":
            if _after_preposition(doc, span.start, LOCATIVE) or _heads_dateline(doc, span.end) or _before_forum_noun(doc, span.end):
                place = self.kb.known_place(span.text) or self.kb.capital(code)   # "the White House" -> Washington
                if place is not None:
                    return PlaceMention(span.start, span.end, Place(place.name, place.country, place.lat, place.lon))
        if kind == "demonym" and span.end < len(doc) and doc[span.end].lower_ == "capital":
            capital = self.kb.capital(code)               # "in the Tajik capital"
            if capital is not None:
                place = Place(capital.name, code, capital.lat, capital.lon)
                return PlaceMention(span.start, span.end + 1, place)
        if kind == "demonym" and not _heads_group(doc, span.end, self.title_words, self.words) and not _people_noun(span):
            return None
        if kind == "capital":
            entry = self.kb.known_place(span.text)
            if entry is not None:
                return ActorMention(span.start, span.end, code, kind,
                                    place=Place(entry.name, entry.country, entry.lat, entry.lon))
        return ActorMention(span.start, span.end, code, kind)

    def _titled_persons(self, doc: Doc, taken: set[int]) -> list[ActorMention]:
        """'<Demonym|State's> <Title> <Name Name>' for persons the knowledge base lacks."""
        found = []
        for span in doc.spans.get(ACTOR_SPANS, []):
            if span.label_ not in ("demonym", "state", "org") or span.end >= len(doc):
                continue
            i = span.end + (1 if doc[span.end].text in ("'s", "’s") else 0)
            title_end, role = self._title_at(doc, i, any_case=True)
            if role is None:
                continue
            j = past_honorifics(doc, title_end + (1 if title_end < len(doc) and doc[title_end].text == "," else 0))
            name_end = j
            while name_end < len(doc) and name_end - j < 5 and _name_token(doc[name_end], taken):
                name_end += 1
            while name_end > j and doc[name_end - 1].text in NAME_PARTICLES:
                name_end -= 1
            if name_end - j >= 2:
                name = doc[j:name_end].text
                person = Person(name, span.id_, role)
                found.append(ActorMention(j, name_end, span.id_, "person", person))
                taken.update(range(j, name_end))
        return found

    def _titled_persons_of(self, doc: Doc, taken: set[int]) -> list[ActorMention]:
        """'<Title> <Name Name> of <State>' ('King Hassan of Morocco', 'President Aliyev of Azerbaijan')."""
        found = []
        for span in doc.spans.get(ACTOR_SPANS, []):
            if span.label_ != "state" or span.start < 3 or doc[span.start - 1].lower_ != "of":
                continue
            name_end = span.start - 1
            name_start = name_end
            while name_start > 0 and name_end - name_start < 3 and _name_token(doc[name_start - 1], taken):
                name_start -= 1
            if name_start == name_end or name_start == 0:
                continue
            title_end, role = self._title_ending_at(doc, name_start)
            if role is None:
                continue
            person = Person(doc[name_start:name_end].text, span.id_, role)
            found.append(ActorMention(name_start, name_end, span.id_, "person", person))
            taken.update(range(name_start, name_end))
        return found

    def _titles_of_a_state(self, doc: Doc, taken: set[int]) -> list[ActorMention]:
        """'<Title> of (the) <State> <Name Name>' ('Federal Chancellor of Germany Olaf Scholz', 'Foreign
        Minister of Japan Motegi Toshimitsu'): the person holds the office of that state."""
        found = []
        for span in doc.spans.get(ACTOR_SPANS, []):
            if span.label_ not in ("state", "org") or span.start < 2 or span.end >= len(doc):
                continue
            of = span.start - 1 - (doc[span.start - 1].lower_ == "the")
            if of < 1 or doc[of].lower_ != "of":
                continue
            _, role = self._title_ending_at(doc, of)
            name_end = _name_end(doc, span.end, taken)
            if role is None or name_end - span.end < 2:
                continue
            person = Person(doc[span.end:name_end].text, span.id_, role)
            found.append(ActorMention(span.end, name_end, span.id_, "person", person))
            taken.update(range(span.end, name_end))
        return found

    def _office_holders(self, doc: Doc, taken: set[int], home: str | None) -> list[ActorMention]:
        """'<Title> <Name Name>' with no country named for it: the person holds the office in the state
        the title belongs to ('Deputy Secretary of the Treasury Wally Adeyemo': USA), else in the
        publisher's ``home`` ('Foreign Minister Murray McCully' in a New Zealand release); with
        neither, nobody can say whose office it is. Runs after the titled persons with a country,
        whose words are taken."""
        found = []
        i = 0
        while i < len(doc):
            title_end, role = self._title_at(doc, i) if i not in taken else (i, None)
            # a title in lower case describes ('his counterpart Wang Yi'); an office is capitalised
            if role is None or not doc[i].text[:1].isupper() or any(t in taken for t in range(i, title_end)):
                i += 1
                continue
            named = past_honorifics(doc, title_end)
            name_start, name_end = portfolio_name(doc, title_end, taken) or (named, _name_end(doc, named, taken))
            of_a_state = name_end + 1 < len(doc) and doc[name_end].lower_ == "of"
            actor = self.title_actors.get(doc[i:title_end].text) or home
            if name_end - name_start >= 2 and not of_a_state and actor is not None:
                person = Person(doc[name_start:name_end].text, actor, role)
                found.append(ActorMention(name_start, name_end, actor, "person", person))
                taken.update(range(name_start, name_end))
            i = max(name_end, i + 1)
        return found

    def _title_ending_at(self, doc: Doc, end: int) -> tuple[int, str | None]:
        for length in TITLE_LENGTHS:
            if end - length >= 0 and doc[end - length:end].text in self.titles:
                return end - length, self.titles[doc[end - length:end].text]
        return end, None

    def _title_at(self, doc: Doc, i: int, any_case: bool = False) -> tuple[int, str | None]:
        """The title that starts at ``i``; with ``any_case``, one written in lower case too
        ('Ecuadorian president Rafael Correa', where a demonym before it says it is an office)."""
        words = token_texts(doc)
        for length in TITLE_LENGTHS:
            if i + length <= len(words):
                text = " ".join(words[i:i + length])
                if any_case and text[:1].islower():
                    text = text[:1].upper() + text[1:]
                if text in self.titles:
                    return i + length, self.titles[text]
        return i, None

    def _surnames(self, doc: Doc, actors: list[ActorMention], taken: set[int],
                  published: date | None, known: list[Person]) -> list[ActorMention]:
        """Bare surnames: the latest earlier full mention, else the one office-holder of that name."""
        here = sorted((m for m in actors if m.person), key=lambda m: m.start)
        found = []
        words = token_texts(doc)
        for i, word in enumerate(words):
            if i in taken or not word[:1].isupper() or len(word) < 2:
                continue
            end = i + 3 if words[i + 1:i + 2] == ["-"] and words[i + 2:i + 3] and words[i + 2][:1].isupper() else i + 1
            word = "".join(words[i:end])        # "Sherwood-Randall", in three tokens
            following = words[end] if end < len(words) else ""
            if following[:1].isupper() and following.isalpha() and following not in MONTHS \
                    or following in NAME_PARTICLES and following != "-":
                continue                    # "Ali Shamkhani": a first name, not Abiy Ahmed Ali's surname
            earlier = [m.person for m in here if m.end <= i and _surname(m.person) == word]
            earlier = earlier or [p for p in known if _surname(p) == word]
            if earlier:
                person = earlier[-1]
            elif _after_a_given_name(doc, i, taken, self.title_words):
                continue                    # "Ann Lee": somebody else than the Lee the knowledge base knows
            else:
                entry = self.kb.person_by_surname(word, published)
                if entry is None:
                    continue
                person = Person(entry.name, entry.actor, entry.role)
            found.append(ActorMention(i, end, person.actor, "person", person))
        known.extend(m.person for m in here if m.person not in known)
        return found

    def _absorb_demonyms(self, doc: Doc, actors: list[ActorMention]) -> list[ActorMention]:
        """Drop a demonym or state that only qualifies the next person ("Iranian President X")."""
        kept = []
        for index, mention in enumerate(actors):
            following = actors[index + 1] if index + 1 < len(actors) else None
            if (mention.kind in ("demonym", "state", "org") and following and following.kind == "person"
                    and following.code == mention.code
                    and all(t.text in self.title_words or t.text in ("'s", "’s", ",", "the")
                            for t in doc[mention.end:following.start])):
                continue
            kept.append(mention)
        return kept

    def _gazetteer_places(self, doc: Doc, taken: set[int]) -> list[PlaceMention]:
        """Place names in a place position: after 'in/at/to' (any gazetteer city), before 'summit'
        or heading a dateline (the knowledge base's own places). The name must be the whole run of
        capitalised words ('Central Asia' is not the town of Central)."""
        found = []
        words = token_texts(doc)
        i = 0
        while i < len(doc):
            if not words[i][:1].isupper():
                i += 1
                continue
            end = _capitalised_run(doc, i)
            if end == i or i in taken or any(t in taken for t in range(i, end)):
                i = max(end, i + 1)
                continue
            name = doc[i:end].text
            entry = None
            if name not in NOT_PLACES:
                if _after_preposition(doc, i, LOCATIVE):
                    entry = self.kb.place(name)
                elif _heads_dateline(doc, end) and i <= 1:
                    entry = self.kb.place(name)          # "- New York, September: ..." (a list item)
                elif _before_forum_noun(doc, end) or _heads_dateline(doc, end):
                    entry = self.kb.known_place(name)
            if entry is not None:
                found.append(PlaceMention(i, end, Place(entry.name, entry.country, entry.lat, entry.lon)))
                taken.update(range(i, end))
            i = end if end > i else i + 1
        return found


NOT_PLACES = MONTHS | {
    "Asia", "Europe", "Africa", "America", "Americas", "Oceania", "Eurasia", "Caucasus", "South Caucasus",
    "Middle East", "Balkans", "Caspian", "Gulf", "Central Asia", "Latin America", "North Africa", "Black Sea",
    "Mediterranean", "Arctic", "Pacific", "Atlantic", "West", "East", "North", "South", "Western", "Eastern",
}


def _capitalised_run(doc: Doc, start: int, limit: int = 4) -> int:
    """End of the run of capitalised words starting at ``start`` (hyphens kept inside)."""
    words = token_texts(doc)
    end = start
    while end < len(words) and end - start < limit:
        text = words[end]
        if text[:1].isupper() and (text.isalpha() or "-" in text or "'" in text):
            end += 1
        elif text in ("-", "–") and end > start and end + 1 < len(words) and words[end + 1][:1].isupper():
            end += 1
        else:
            break
    return end


def _of_a_group(doc: Doc, start: int, words: MentionWords) -> bool:
    """'the states of Central Asia', 'leaders of the Gulf states', 'heads of state of Central Asia',
    'the leaders of the European Union and Central Asia'."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ == "and":          # coordinated with a name after 'of' or 'between'
        j = i - 1
        while j > 0 and i - j < 6 and (doc[j].text[:1].isupper() or doc[j].lower_ == "the"):
            j -= 1
        if j >= 0 and doc[j].lower_ in ("of", "between"):
            return True
    return i >= 1 and doc[i].lower_ == "of" and (doc[i - 1].lower_ in words.group_nouns
                                                  or doc[i - 1].lower_ == "state")


def _hyphenated_with_actor(doc: Doc, span: Span) -> bool:
    """'EU–Central Asia', 'China-Central Asia': a region paired with another party."""
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    return before in ("-", "–", "—", "+") or after in ("-", "–", "—", "+")


def _group_located(doc: Doc, start: int, words: MentionWords) -> bool:
    """'police in Baku', 'opposition groups in Zimbabwe': a group named by where it is acts for that state."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "in":
        return False
    return doc[i - 1].lower_ in words.located_groups


def _people_noun(span: Span) -> bool:
    """'Palestinians', 'Azerbaijanis', 'Kurds': a plural demonym names people of that state."""
    text = span.text
    return text.endswith("s") and not text.endswith(("ss", "ese")) and len(text) > 4


def _heads_group(doc: Doc, end: int, title_words: set[str], words: MentionWords) -> bool:
    following = doc[end] if end < len(doc) else None
    if following is not None and following.text[:1].isupper() and following.text.endswith("s") \
            and following.is_alpha and following.text not in MONTHS:
        return True                       # "Iraqi Kurds", "Bosnian Serbs"
    for token in doc[end:end + 4]:
        if token.lower_ in words.group_nouns or token.text in title_words or token.lower_ in words.event_nouns:
            return True
        if not (token.is_alpha and token.text[:1].isupper()) and token.lower_ not in ("and", ",") \
                and token.lower_ not in words.sectors:
            return False
    return False


def _before_forum_noun(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].lower_ in {"summit", "conference", "forum", "talks", "format", "process",
                                                   "dialogue", "ministerial"}


TITLE_LENGTHS = (6, 5, 4, 3, 2, 1)      # words of the longest title first ('Deputy Secretary of the Treasury')
NAME_PARTICLES = function_words("name_particles")


def _name_token(token, taken: set[int]) -> bool:
    """A word of a personal name: capitalised ('Masoud'), or a particle inside one ('al-Sharaa')."""
    text = token.text
    if token.i in taken:
        return False
    if text in NAME_PARTICLES:           # "al-Hajraf", "bin Salman", "van der Leyen"
        rest = token.doc[token.i + 1:token.i + 3]
        return text == "-" or len(rest) > 0 and (rest[0].text[:1].isupper() or len(rest) > 1
                                                   and rest[0].text == "-" and rest[1].text[:1].isupper())
    if text in HONORIFICS:               # "His Excellency Dr. Nayef al-Hajraf": a form of address
        return False
    if INITIAL.match(text):              # "Brian E. Nelson": an initial inside a name
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return following is not None and following.text[:1].isupper()
    return token.is_alpha and text[:1].isupper() and not text.isupper() and text not in NAME_STOP \
        and text not in MONTHS


INITIAL = re.compile(r"^[A-Z]\.$")
HONORIFICS = function_words("honorifics")
BIRTH = function_words("birth")
PORTFOLIO_OPENERS, PORTFOLIO_GLUE = function_words("portfolio_openers"), function_words("portfolio_glue")


def portfolio_name(doc: Doc, title_end: int, taken: set[int]) -> tuple[int, int] | None:
    """'Special Envoy for Yemen Tim Lenderking', 'Under Secretary ... for Terrorism and Financial
    Intelligence Brian E. Nelson': after a title's portfolio ('for' and capitalised words), the last
    two words of the run, three with an initial between, are the holder's name."""
    if title_end >= len(doc) or doc[title_end].lower_ not in PORTFOLIO_OPENERS:
        return None
    end = title_end + 1
    while end < len(doc) and end - title_end <= 10 and (
            _name_token(doc[end], taken) or doc[end].lower_ in PORTFOLIO_GLUE and end + 1 < len(doc)
            and doc[end + 1].text[:1].isupper()):
        end += 1
    length = 3 if end - title_end > 3 and INITIAL.match(doc[end - 2].text) else 2
    start = end - length
    if start <= title_end + 1 or not all(_name_token(t, taken) for t in doc[start:end]):
        return None
    return start, end


def past_honorifics(doc: Doc, start: int) -> int:
    """The first word after the forms of address at ``start`` ('His Excellency, Dr. ...')."""
    while start < len(doc) and (doc[start].text in HONORIFICS or doc[start].text == "," and start + 1 < len(doc)
                                and doc[start + 1].text in HONORIFICS):
        start += 1
    return start + (1 if start < len(doc) and doc[start].text == "," and start > 0
                    and doc[start - 1].text in HONORIFICS else 0)


def _name_end(doc: Doc, start: int, taken: set[int], longest: int = 4) -> int:
    """Where the run of at most ``longest`` name words from ``start`` ends."""
    end = start
    while end < len(doc) and end - start < longest and _name_token(doc[end], taken):
        end += 1
    return end


def _after_a_given_name(doc: Doc, index: int, taken: set[int], title_words: set[str]) -> bool:
    """A capitalised word right before ``index`` that is no title, no actor and does not open the
    sentence: a given name, so the surname at ``index`` is of a person of that full name."""
    if index == 0 or doc[index].is_sent_start:
        return False
    before = doc[index - 1]
    return before.i not in taken and _name_token(before, taken) and before.text not in title_words \
        and not before.is_sent_start


def _surname(person: Person) -> str:
    return family_name(person.name, person.actor)


def _after_preposition(doc: Doc, index: int, prepositions: set[str]) -> bool:
    """Whether the word before ``index``, skipping 'the', is one of ``prepositions``."""
    i = index - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in prepositions


def _birthplace(doc: Doc, end: int) -> bool:
    """'Burma-born', 'Iranian-born': a place or demonym joined to 'born'."""
    following = [t.lower_ for t in doc[end:end + 2]]
    return len(following) == 2 and following[0] in ("-", "–") and following[1] in BIRTH


def _heads_dateline(doc: Doc, end: int) -> bool:
    """'Copenhagen, 1-2 October:', 'BAKU, Oct 10 -', '- Berlin, late September:': a place followed by
    a comma and a date."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    following = doc[end + 1]
    return following.text[:1].isdigit() or following.text in MONTHS or (
        following.lower_ in ("early", "mid", "late", "mid-") and end + 2 < len(doc))
