"""The lexicon: phrases that announce an event with their PLOVER coding, and the word lists and
constraints they use, as data of one language.

Trigger rows come from ``kb/data/triggers.tsv``. Each verb row expands to its inflected
surface forms, each tagged with a verb form (base, 3sg, past, pastpart, gerund),
because the rules tier reads tense and aspect from the form, not from a tagger.

A row's flags are declared once: a flag is either a constraint declared as data in
``kb/data/lang/en/constraints.tsv`` (a test over the words after the trigger or the sentence,
with a word list of ``kb/data/lang/en/words.tsv``) or one of the flags whose test is code
(``CODE_FLAGS`` below). Frames, PLOVER types and modes are checked too: a row naming anything
unknown is an error naming the file and line, when the lexicon loads.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources.abc import Traversable
from typing import TextIO

from diplomap.errors import KnowledgeBaseError
from diplomap.kb import loader
from diplomap.models import EVENT_TYPES
from diplomap.nlp.lemmas import past_form

VERB_FORMS = ("base", "3sg", "past", "pastpart", "gerund")
POSES = ("verb", "noun")
MODES = ("visit", "multilateral", "phone", "third-party")

# The frames that build events (diplomap.extract.frames has one builder each).
FRAMES = {
    "meet": "a meeting or talks between the sides named",
    "talks": "a meeting named by a noun ('talks', 'meeting')",
    "visit": "a visit by the subject to the place or actor named",
    "host": "hosting: the subject receives the visitors or hosts talks between others",
    "attend": "attending a forum",
    "forum": "a forum named by a noun ('summit'), with its organisation and host",
    "joint": "an act the sides do together (signing, agreeing)",
    "act": "an act of the subject towards the object",
    "broker": "a third party brokering an act between two sides",
}
# The flags whose test is code, not a data constraint: what each one asks of a match.
CODE_FLAGS = {
    "needs_object": "a verb reading needs an actor as its object",
    "object_adjacent": "a verb reading needs its object within four words",
    "needs_verb": "a noun reading needs a verb that carries it (a light verb or a trigger)",
    "needs_org": "a forum noun needs an organisation",
    "needs_place": "a place name after 'in', 'to' or 'at' within the next words",
    "complement": "the verb takes a clause ('agreed to expand'), whose event it governs",
    "at_source": "the event happens at the subject's capital ('summoned the ambassador')",
    "object_person": "a reading that takes a visitor as its object ('welcomed Aliyev')",
    "obligation": "'X said Y must ...': a request of Y by X",
    "announces": "the verb announces the act it governs ('announced that it will ...'): that act is the event",
}
CONSTRAINT_TESTS = ("after_has", "after_lacks", "around_has", "around_lacks", "sentence_contains")


@dataclass(frozen=True)
class Constraint:
    """A data-declared flag: a word of ``words`` within ``window`` words after the trigger
    (after_has), none there (after_lacks), one within ``window`` words before or after it
    (around_has) or none there (around_lacks), or a word or phrase of them in the sentence
    (sentence_contains)."""

    flag: str
    test: str
    window: int
    words: frozenset[str]

    def holds(self, before: list[str], after: list[str], sentence: str) -> bool:
        """``before``, ``after``: the lower-cased words of the trigger's sentence before and after it;
        ``sentence``: its lower-cased text. An entry of several words matches them in a row."""
        if self.test == "sentence_contains":
            return any(word in sentence for word in self.words)
        found = self._within(after[:self.window])
        if self.test in ("around_has", "around_lacks"):
            found = found or self._within(before[-self.window:])
        return found if self.test in ("after_has", "around_has") else not found

    def _within(self, window: list[str]) -> bool:
        return bool(self.words.intersection(window)) or any(
            " " in entry and f" {entry} " in f" {' '.join(window)} " for entry in self.words)


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    key: str               # unique id: "<pos>:<phrase>"
    phrase: str
    pos: str               # verb | noun
    event_type: str
    mode: str | None
    frame: str             # meet | visit | host | attend | forum | talks | joint | act | broker
    contexts: tuple[str, ...]
    flags: frozenset[str]
    subject_kind: str | None = None
    constraints: tuple[Constraint, ...] = field(default=(), compare=False)

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class SurfaceForm:
    text: str
    trigger_key: str
    form: str              # one of VERB_FORMS, or "noun"


def read_triggers(stream: TextIO, name: str = "triggers.tsv",
                  constraints: Mapping[str, Constraint] | None = None) -> list[tuple[Trigger, list[SurfaceForm]]]:
    """Trigger rows and their surface forms; raises KnowledgeBaseError naming the file and line of a row
    whose part of speech, PLOVER type, mode, frame or flag is unknown. ``constraints``: the data-declared
    flags (default: the shipped ones)."""
    constraints = shipped_constraints() if constraints is None else constraints
    entries = []
    for number, row in loader.read_rows(stream, name, ("phrase", "pos", "event_type", "frame")):
        flags = set(loader.split(row.get("flags", "")))
        subject_kind = next((f.split("=", 1)[1] for f in flags if f.startswith("subject_kind=")), None)
        flags = {f for f in flags if not f.startswith("subject_kind=")}
        _check_row(row, flags, constraints, f"{name}:{number}")
        trigger = Trigger(
            key=f"{row['pos']}:{row['phrase']}:{row['event_type']}:{subject_kind or ''}", phrase=row["phrase"],
            pos=row["pos"],
            event_type=row["event_type"], mode=row.get("mode") or None, frame=row["frame"],
            contexts=loader.split(row.get("contexts", "")), flags=frozenset(flags), subject_kind=subject_kind,
            constraints=tuple(constraints[f] for f in sorted(flags) if f in constraints),
        )
        entries.append((trigger, list(surface_forms(trigger, loader.split(row.get("forms", ""))))))
    return entries


def _check_row(row: dict, flags: set[str], constraints: Mapping[str, Constraint], where: str) -> None:
    problems = []
    if row["pos"] not in POSES:
        problems.append(f"part of speech {row['pos']!r} (known: {', '.join(POSES)})")
    if row["event_type"] not in EVENT_TYPES:
        problems.append(f"PLOVER type {row['event_type']!r}")
    if row.get("mode") and row["mode"] not in MODES:
        problems.append(f"mode {row['mode']!r} (known: {', '.join(MODES)})")
    if row["frame"] not in FRAMES:
        problems.append(f"frame {row['frame']!r} (known: {', '.join(FRAMES)})")
    unknown = sorted(f for f in flags if f not in CODE_FLAGS and f not in constraints)
    if unknown:
        problems.append(f"flag {', '.join(unknown)} (declare it in lang/en/constraints.tsv, or it is one of "
                        f"{', '.join(sorted([*CODE_FLAGS, *constraints]))})")
    if problems:
        raise KnowledgeBaseError(f"{where}: unknown {'; unknown '.join(problems)}")


def read_word_lists(stream: TextIO, name: str = "lang/en/words.tsv") -> dict[str, frozenset[str]]:
    """Named word lists, one entry a row ('list<TAB>entry'); an entry listed twice is an error."""
    lists: dict[str, set[str]] = {}
    for number, row in loader.read_rows(stream, name, ("list", "entry")):
        entries = lists.setdefault(row["list"], set())
        if row["entry"] in entries:
            raise KnowledgeBaseError(f"{name}:{number}: {row['entry']!r} is listed twice in {row['list']}")
        entries.add(row["entry"])
    return {key: frozenset(value) for key, value in lists.items()}


def read_constraints(stream: TextIO, words: Mapping[str, frozenset[str]],
                     name: str = "lang/en/constraints.tsv") -> dict[str, Constraint]:
    """Data-declared flags; raises KnowledgeBaseError naming the line of an unknown test or word list,
    a window that is not a number, or a flag declared twice or also tested in code."""
    constraints = {}
    for number, row in loader.read_rows(stream, name, ("flag", "test", "list")):
        where, flag = f"{name}:{number}", row["flag"]
        if row["test"] not in CONSTRAINT_TESTS:
            raise KnowledgeBaseError(f"{where}: unknown test {row['test']!r} (known: {', '.join(CONSTRAINT_TESTS)})")
        if row["list"] not in words:
            raise KnowledgeBaseError(f"{where}: unknown word list {row['list']!r}")
        if flag in constraints or flag in CODE_FLAGS:
            raise KnowledgeBaseError(f"{where}: flag {flag!r} is declared twice")
        try:
            window = int(row.get("window") or 0)
        except ValueError:
            raise KnowledgeBaseError(f"{where}: window {row['window']!r} is not a number") from None
        if row["test"] != "sentence_contains" and window <= 0:
            raise KnowledgeBaseError(f"{where}: a test of the words after the trigger needs a window")
        constraints[flag] = Constraint(flag, row["test"], window, words[row["list"]])
    return constraints


@dataclass(frozen=True)
class Lexicon:
    """The language knowledge extraction reads: triggers with their forms, word lists and constraints.

    Loaded once (``Lexicon.load``, or ``shipped_lexicon()`` for the package's own data) and passed
    to the pipeline and the extractor; tests build their own from small tables."""

    triggers: tuple[tuple[Trigger, tuple[SurfaceForm, ...]], ...]
    words: Mapping[str, frozenset[str]]
    constraints: Mapping[str, Constraint]

    @cached_property
    def by_key(self) -> dict[str, Trigger]:
        return {trigger.key: trigger for trigger, _ in self.triggers}

    @classmethod
    def load(cls, folder: Traversable | None = None) -> "Lexicon":
        """The lexicon of a data folder laid out as ``kb/data`` (default: the package's)."""
        if folder is None:
            words, constraints, folder = shipped_word_lists(), shipped_constraints(), loader.data_dir()
        else:
            words, constraints = _language_tables(folder / "lang" / "en")
        with loader.open_data(folder, "triggers.tsv") as stream:
            triggers = tuple((t, tuple(forms)) for t, forms in read_triggers(stream, "triggers.tsv", constraints))
        return cls(triggers, words, constraints)

    @classmethod
    def from_tables(cls, triggers: str, words: str = "list\tentry\n",
                    constraints: str = "flag\ttest\twindow\tlist\n") -> "Lexicon":
        """A lexicon from the text of its three tables (TSV with their header lines)."""
        lists = read_word_lists(io.StringIO(words))
        declared = read_constraints(io.StringIO(constraints), lists)
        rows = read_triggers(io.StringIO(triggers), "triggers.tsv", declared)
        return cls(tuple((t, tuple(forms)) for t, forms in rows), lists, declared)


def _language_tables(language: Traversable) -> tuple[dict[str, frozenset[str]], dict[str, Constraint]]:
    """The word lists and the constraints over them of one language's folder."""
    with loader.open_data(language, "words.tsv") as stream:
        words = read_word_lists(stream)
    with loader.open_data(language, "constraints.tsv") as stream:
        return words, read_constraints(stream, words)


@lru_cache(maxsize=1)
def _shipped_language() -> tuple[dict[str, frozenset[str]], dict[str, Constraint]]:
    return _language_tables(loader.data_dir() / "lang" / "en")


def shipped_word_lists() -> dict[str, frozenset[str]]:
    """The package's word lists (lang/en/words.tsv), read and checked once."""
    return _shipped_language()[0]


@lru_cache(maxsize=1)
def _function_word_lists() -> dict[str, frozenset[str]]:
    with loader.open_data(loader.data_dir() / "lang" / "en", "function_words.tsv") as stream:
        return read_word_lists(stream, "lang/en/function_words.tsv")


def function_words(name: str) -> frozenset[str]:
    """A closed class of English words the extraction's grammar reads (determiners, prepositions,
    pronouns, clause openers: lang/en/function_words.tsv), read and checked once; a list the file
    lacks is a KnowledgeBaseError naming it."""
    return _named(_function_word_lists(), name, "lang/en/function_words.tsv")


@lru_cache(maxsize=1)
def _time_word_tables() -> dict[str, dict[str, str]]:
    name = "lang/en/time_words.tsv"
    tables: dict[str, dict[str, str]] = {}
    with loader.open_data(loader.data_dir() / "lang" / "en", "time_words.tsv") as stream:
        for number, row in loader.read_rows(stream, name, ("kind", "word")):
            table = tables.setdefault(row["kind"], {})
            if row["word"] in table:
                raise KnowledgeBaseError(f"{name}:{number}: {row['word']!r} is listed twice in {row['kind']}")
            table[row["word"]] = row.get("value") or ""
    return tables


def time_words(kind: str) -> dict[str, str]:
    """The words of one kind the time grammar reads (month and weekday names, numbers, parts of a
    month or year: lang/en/time_words.tsv), each with its value as written there; a kind the file
    lacks is a KnowledgeBaseError naming it."""
    tables = _time_word_tables()
    if kind not in tables:
        raise KnowledgeBaseError(f"lang/en/time_words.tsv: no words of kind {kind!r}")
    return dict(tables[kind])


def word_list(name: str) -> frozenset[str]:
    """One of the shipped vocabulary lists (lang/en/words.tsv), for code that reads a list of the
    language's own (not the injected lexicon's); a list the file lacks is a KnowledgeBaseError."""
    return _named(shipped_word_lists(), name, "lang/en/words.tsv")


def _named(lists: Mapping[str, frozenset[str]], name: str, where: str) -> frozenset[str]:
    if name not in lists:
        raise KnowledgeBaseError(f"{where}: no word list {name!r}")
    return lists[name]


def shipped_constraints() -> dict[str, Constraint]:
    """The package's data-declared flags (lang/en/constraints.tsv), read and checked once."""
    return _shipped_language()[1]


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The package's lexicon, read and checked once."""
    return Lexicon.load()


def surface_forms(trigger: Trigger, listed: tuple[str, ...]) -> Iterator[SurfaceForm]:
    if trigger.pos != "verb":
        for text in (trigger.phrase, *listed):
            yield SurfaceForm(text, trigger.key, "noun")
        return
    extras = list(listed)
    inflected = extras.pop(0).split(",") if extras and "," in extras[0] else inflect(trigger.phrase)
    seen = set()
    for form, text in zip(VERB_FORMS, [trigger.phrase, *inflected]):
        if (text, form) not in seen:
            seen.add((text, form))
            yield SurfaceForm(text.strip(), trigger.key, form)
    heads = {text.split()[0]: form for form, text in zip(VERB_FORMS[1:], inflected) if text.strip()}
    for text in extras:
        yield SurfaceForm(text, trigger.key, heads.get(text.split()[0]) or guess_form(text))


def guess_form(text: str) -> str:
    """The verb form of a phrase from its first word: -ing, -ed or an irregular past, -s, else base."""
    head = text.split()[0]
    if head.endswith("ing"):
        return "gerund"
    if past_form(head):
        return "past"
    if head.endswith("s") and not head.endswith("ss"):
        return "3sg"
    return "base"


def inflect(phrase: str) -> list[str]:
    """3sg, past, past participle and gerund of a regular verb phrase (head word first)."""
    head, _, rest = phrase.partition(" ")
    tail = f" {rest}" if rest else ""
    return [f"{form}{tail}" for form in _inflect_word(head)]


def _inflect_word(verb: str) -> tuple[str, str, str, str]:
    vowels = "aeiou"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2] not in vowels:
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("ee"):
        past, gerund = verb + "d", verb + "ing"
    elif verb.endswith("e"):
        past, gerund = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in vowels:
        past, gerund = verb[:-1] + "ied", verb + "ing"
    elif _doubles_final(verb):
        past, gerund = verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    else:
        past, gerund = verb + "ed", verb + "ing"
    return third, past, past, gerund


def _doubles_final(verb: str) -> bool:
    """Short consonant-vowel-consonant verbs double the final consonant (ban -> banned)."""
    vowels = "aeiou"
    return (
        len(verb) <= 4 and len(verb) >= 3 and verb[-1] not in vowels + "wxy"
        and verb[-2] in vowels and verb[-3] not in vowels
    )
