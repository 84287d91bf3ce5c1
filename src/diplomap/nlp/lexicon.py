"""The trigger lexicon: phrases that announce an event, with their PLOVER coding.

Rows come from ``kb/data/triggers.tsv``. Each verb row expands to its inflected
surface forms, each tagged with a verb form (base, 3sg, past, pastpart, gerund),
because the rules tier reads tense and aspect from the form, not from a tagger.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from diplomap.kb import loader

VERB_FORMS = ("base", "3sg", "past", "pastpart", "gerund")


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

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class SurfaceForm:
    text: str
    trigger_key: str
    form: str              # one of VERB_FORMS, or "noun"


def read_triggers(stream: TextIO, name: str = "triggers.tsv") -> list[tuple[Trigger, list[SurfaceForm]]]:
    entries = []
    for _, row in loader.read_rows(stream, name, ("phrase", "pos", "event_type", "frame")):
        flags = set(loader.split(row.get("flags", "")))
        subject_kind = next((f.split("=", 1)[1] for f in flags if f.startswith("subject_kind=")), None)
        flags = {f for f in flags if not f.startswith("subject_kind=")}
        trigger = Trigger(
            key=f"{row['pos']}:{row['phrase']}:{row['event_type']}:{subject_kind or ''}", phrase=row["phrase"],
            pos=row["pos"],
            event_type=row["event_type"], mode=row.get("mode") or None, frame=row["frame"],
            contexts=loader.split(row.get("contexts", "")), flags=frozenset(flags), subject_kind=subject_kind,
        )
        entries.append((trigger, list(surface_forms(trigger, loader.split(row.get("forms", ""))))))
    return entries


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
    head = text.split()[0]
    if head.endswith("ing"):
        return "gerund"
    if head.endswith("ed") or head in IRREGULAR_PAST:
        return "past"
    if head.endswith("s") and not head.endswith("ss"):
        return "3sg"
    return "base"


IRREGULAR_PAST = {"sat", "stood", "met", "held", "spoke", "sent", "paid", "made", "took", "gave", "flew", "came", "went",
                  "sought", "struck", "fought", "withdrew", "broke", "froze", "freed", "led", "won", "told"}


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
