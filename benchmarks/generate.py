"""Synthetic data for the benchmarks: news articles, extracted events, and fused-event tables.

Everything is built from the shipped knowledge base (states, their capitals, persons in
office, organisations, places) and is deterministic for a seed.

    from generate import articles, extracted_documents, fused_chunks
    docs = list(articles(1000, seed=1))             # Documents: templated diplomatic news
    items = extracted_documents(200_000, seed=7)    # ExtractedDocuments: ~7 events an article
    for events, roles in fused_chunks(10_000_000):  # pyarrow Tables for `events`, `event_participants`
        ...

Articles read like wire copy: a headline, a dateline, several paragraphs each reporting
a visit, talks, a phone call, a summit, an agreement or a refusal between states drawn
with Zipf-like weights (a few states appear often, most rarely), and some paragraphs
with no diplomatic event at all (markets, weather, background). As a script it writes
articles as .txt files: ``python benchmarks/generate.py OUT_DIR --count 1000``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from diplomap.kb import KnowledgeBase
from diplomap.models import Document, Event, Evidence, Person, Place, TimeSpan, content_hash
from diplomap.store import ExtractedDocument

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TITLES = {"head of state": "President", "head of government": "Prime Minister",
          "foreign minister": "Foreign Minister", "defence minister": "Defence Minister"}
SUMMIT_ORGS = ("OTS", "SCO", "CIS", "EU", "NATO", "OSCE", "CICA", "EPC", "BRICS", "OIC", "G20", "UN")
# PLOVER type mix of the synthetic events (CONSULT dominates, as in news)
TYPES = ["CONSULT"] * 10 + ["AGREE"] * 3 + ["SUPPORT"] * 2 + ["COOPERATE"] * 2 + ["AID", "REJECT", "ACCUSE",
                                                                                   "REQUEST", "PROTEST"]
CONTEXTS = ("diplomatic", "economic", "natural_resource", "infrastructure", "security", "military", "culture")


@dataclass(frozen=True)
class Actor:
    code: str
    name: str
    demonym: str
    capital: str
    lat: float
    lon: float
    leaders: tuple[tuple[str, str], ...]      # (title, name) of persons in office


@cache
def world() -> tuple[tuple[Actor, ...], tuple[float, ...], KnowledgeBase]:
    """The states with a capital, Zipf-like weights, the knowledge base."""
    kb = KnowledgeBase.load(cities=False)
    actors = []
    for state in sorted(kb.states.values(), key=lambda s: s.code):
        if not state.capital or state.lat is None or not state.demonyms:
            continue
        leaders = tuple((TITLES[p.role], p.name) for p in kb.persons
                        if p.actor == state.code and p.role in TITLES and p.end is None)
        actors.append(Actor(state.code, state.name, state.demonyms[0], state.capital, state.lat, state.lon, leaders))
    # the states the knowledge base knows most people of come first, the rest in a fixed shuffle
    shuffle = random.Random(2024).sample(range(len(actors)), len(actors))
    order = sorted(range(len(actors)), key=lambda i: (-len(actors[i].leaders), shuffle[i]))
    weights = [0.0] * len(actors)
    for rank, position in enumerate(order):
        weights[position] = 1.0 / (rank + 1) ** 0.9
    return tuple(actors), tuple(weights), kb


def _pick(rng: random.Random, count: int) -> list[Actor]:
    actors, weights, _ = world()
    chosen: dict[str, Actor] = {}
    while len(chosen) < count:
        actor = rng.choices(actors, weights)[0]
        chosen.setdefault(actor.code, actor)
    return list(chosen.values())


def _who(rng: random.Random, actor: Actor) -> str:
    if actor.leaders and rng.random() < 0.7:
        title, name = rng.choice(actor.leaders)
        return f"{actor.demonym} {title} {name}"
    return rng.choice((f"the foreign minister of {actor.name}", f"a delegation from {actor.name}",
                       f"{actor.name}'s deputy foreign minister"))


def _day(when: date) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}"


# Each template is one event paragraph; {a}, {b} are states, {pa}, {pb} their people.
_EVENTS = (
    "{pa} arrived in {cap_b} on {weekday} for a {n}-day official visit, the first by a leader of {a} "
    "in {years} years. {pa_short} and {pb} held talks on trade, energy and transport.",
    "{pa} met {pb} in {cap_b} on {date}. The two sides discussed regional security and agreed to "
    "expand cooperation in {sector}.",
    "{pa} held a telephone conversation with {pb} on {weekday}, according to a statement from the "
    "presidential office. They discussed preparations for a visit later this year.",
    "{a} and {b} signed an agreement on {sector} cooperation in {cap_a} on {date}, after talks "
    "between {pa} and {pb}.",
    "Leaders of the {org} gathered in {cap_a} on {date} for the organisation's annual summit, "
    "attended by {pa}, {pb} and {pc}.",
    "{a} pledged to invest ${amount} million in {b}'s {sector} sector over five years, {pa} said "
    "after meeting {pb} in {cap_a} on {weekday}.",
    "{a} hosted talks between {b} and {c} in {cap_a} on {date}, with the foreign ministers of the "
    "two countries meeting for the first time since the spring.",
    "{pa} declined an invitation to attend the forum in {cap_b} this month, citing scheduling "
    "conflicts, his office said on {weekday}.",
    "{a} and {b} agreed on {date} to hold a joint military exercise next year and to open a direct "
    "flight between {cap_a} and {cap_b}.",
    "{pb} paid a working visit to {cap_a} on {date} and held talks with {pa} on the {sector} "
    "projects the two governments launched last year.",
)
_NOISE = (
    "The {cur} weakened slightly against the dollar on {weekday}, and traders said oil prices would "
    "set the tone for the rest of the week.",
    "Temperatures in {cap_a} are expected to stay above seasonal norms through the end of the month, "
    "the national weather service said.",
    "Analysts note that bilateral trade has grown steadily over the past decade, though it remains "
    "small compared with the country's larger partners.",
    "The capital's new metro line, under construction since 2019, is due to open next spring, city "
    "officials told reporters.",
    "Subscribe to our morning newsletter for the day's top stories from the region.",
    "Local football club officials confirmed the stadium renovation will be finished before the "
    "autumn season opens.",
)
_SECTORS = ("energy", "transport", "logistics", "agriculture", "digital", "green energy", "defence", "education")


def _paragraph(rng: random.Random, template: str, published: date) -> str:
    a, b, c = _pick(rng, 3)
    when = published - timedelta(days=rng.randrange(0, 6))
    values = {
        "a": a.name, "b": b.name, "c": c.name, "cap_a": a.capital, "cap_b": b.capital,
        "pa": _who(rng, a), "pb": _who(rng, b), "pc": _who(rng, c), "date": _day(when),
        "weekday": WEEKDAYS[when.weekday()], "n": rng.choice((2, 3)), "years": rng.choice((5, 7, 10, 12)),
        "sector": rng.choice(_SECTORS), "org": rng.choice(SUMMIT_ORGS), "amount": rng.choice((150, 300, 500, 2000)),
        "cur": f"{a.demonym} currency",
    }
    values["pa_short"] = values["pa"].split()[-1] if a.leaders else f"The {a.demonym} side"
    text = template.format(**values)
    return text[0].upper() + text[1:]


def article(rng: random.Random, number: int, start: date = date(2024, 1, 1), days: int = 730) -> Document:
    """One synthetic article: headline, dateline, 3-7 event paragraphs and 1-3 noise paragraphs."""
    published = start + timedelta(days=rng.randrange(days))
    paragraphs = [_paragraph(rng, rng.choice(_EVENTS), published) for _ in range(rng.randint(3, 7))]
    for _ in range(rng.randint(1, 3)):
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), _paragraph(rng, rng.choice(_NOISE), published))
    city = _pick(rng, 1)[0].capital
    paragraphs[0] = f"{city.upper()}, {_day(published)} (Wire) — {paragraphs[0]}"
    headline = paragraphs[0].split(" — ", 1)[1].split(". ")[0]
    if len(headline) > 90:
        headline = headline[:90].rsplit(" ", 1)[0].rstrip(",. ")
    text = headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return Document(doc_id=content_hash(text), text=text, title=headline, published=published,
                    origin=f"synthetic/{number:07d}.txt", date_source="metadata")


def articles(count: int, seed: int = 1) -> Iterator[Document]:
    """``count`` synthetic articles, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        yield article(rng, number)


# Extracted events (for store loads)

def extracted_documents(count: int, seed: int = 7, start: date = date(2021, 1, 1), days: int = 5 * 365,
                        per_document: int = 7, repeat: float = 0.3) -> list[ExtractedDocument]:
    """Documents with ``count`` plausible events in all, about ``per_document`` each.

    A share ``repeat`` of the events retell a real event an earlier document reported
    (same type, participants and place, a date as precise or vaguer), as news does, so
    fusion has real work to do.
    """
    rng = random.Random(seed)
    items, made, told = [], 0, []
    while made < count:
        number = len(items)
        published = start + timedelta(days=rng.randrange(days))
        doc = Document(doc_id=f"doc{number:08d}", text=f"synthetic article {number} " + "word " * 400,
                       title=f"Article {number}", published=published, origin=f"synthetic/{number}.txt")
        events = []
        for n in range(min(per_document, count - made)):
            if told and rng.random() < repeat:
                events.append(_retell(rng, rng.choice(told[-5000:]), doc, n))
            else:
                events.append(_event(rng, doc, n))
                told.append(events[-1])
        items.append(ExtractedDocument(doc, tuple(events), "rules", "bench"))
        made += len(events)
    return items


def _event(rng: random.Random, doc: Document, n: int) -> Event:
    actors = [a.code for a in _pick(rng, rng.choice((2, 2, 2, 2, 3, 4)))]
    precision = rng.choices(["day", "month", "year", "unknown"], [75, 14, 4, 7])[0]
    day = doc.published - timedelta(days=rng.randrange(10))
    span = {"day": TimeSpan(day, day + timedelta(days=rng.choice((0, 0, 0, 1, 2))), "day"),
            "month": TimeSpan(day.replace(day=1), (day.replace(day=28) + timedelta(days=4)).replace(day=1)
                              - timedelta(days=1), "month"),
            "year": TimeSpan(date(day.year, 1, 1), date(day.year, 12, 31), "year"),
            "unknown": TimeSpan(None, None, "unknown")}[precision]
    host = _pick_actor(actors[1])
    place = Place(host.capital, host.code, host.lat, host.lon) if rng.random() < 0.6 else None
    return _made(doc, n, rng.choice(TYPES), tuple(actors), span, place, rng)


def _retell(rng: random.Random, told: Event, doc: Document, n: int) -> Event:
    span = told.time
    if span.start and rng.random() < 0.3:
        span = TimeSpan(span.start.replace(day=1), span.end, "month")
    return _made(doc, n, told.event_type, told.participants, span, told.location, rng)


def _made(doc: Document, n: int, kind: str, actors: tuple[str, ...], span: TimeSpan, place: Place | None,
          rng: random.Random) -> Event:
    start = 180 * n + 40
    leader = _pick_actor(actors[0]).leaders
    people = (Person(leader[0][1], actors[0], "head of state"),) if leader else ()
    mode = "multilateral" if len(actors) > 3 else None
    return Event(doc_id=doc.doc_id, event_type=kind, mode=mode, status="occurred" if rng.random() < 0.9 else "planned",
                 source_actors=actors[:1], target_actors=actors[1:2], participants=actors,
                 evidence=Evidence(f"Reported event {n} of {doc.doc_id} between {' and '.join(actors)}.", start,
                                   start + 120),
                 contexts=tuple(rng.sample(CONTEXTS, rng.choice((1, 1, 2)))), people=people, time=span,
                 location=place, confidence=round(rng.uniform(0.5, 0.9), 2), trigger="met")


@cache
def _actor_index() -> dict[str, Actor]:
    return {actor.code: actor for actor in world()[0]}


def _pick_actor(code: str) -> Actor:
    return _actor_index()[code]


# Fused events as Arrow tables (for query benchmarks on large stores)

def fused_chunks(count: int, seed: int = 3, chunk: int = 1_000_000, first_year: int = 2000, last_year: int = 2025):
    """(events, event_participants) pyarrow Tables for ``count`` canonical events, ``chunk`` at a time.

    Columns and types are those of the store's fused tables; values are vectorised draws:
    2-4 participants with Zipf-like weights, dates over ``first_year``..``last_year``
    (mostly to the day), a place for most events (a participant's capital), PLOVER types
    with CONSULT most common, about 90% occurred.
    """
    import numpy as np
    import pyarrow as pa

    from diplomap.store.records import EVENT_PARTICIPANTS, EVENTS

    actors, weights, _ = world()
    codes = np.array([a.code for a in actors])
    probs = np.array(weights) / sum(weights)
    capitals = np.array([a.capital for a in actors])
    lats, lons = np.array([a.lat for a in actors]), np.array([a.lon for a in actors])
    types = np.array(TYPES)
    first_day = (date(first_year, 1, 1) - date(1970, 1, 1)).days
    last_day = (date(last_year, 12, 31) - date(1970, 1, 1)).days
    rng = np.random.default_rng(seed)
    done = 0
    while done < count:
        n = min(chunk, count - done)
        sizes = rng.choice([2, 2, 2, 2, 3, 4], size=n)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
        grid = rng.choice(len(codes), size=(n, 4), p=probs)
        for column in range(1, 4):        # distinct participants within an event
            for _ in range(20):
                repeated = (grid[:, [column]] == grid[:, :column]).any(axis=1)
                if not repeated.any():
                    break
                grid[repeated, column] = rng.choice(len(codes), size=int(repeated.sum()), p=probs)
        picks = grid[np.arange(4) < sizes[:, None]]
        first = offsets[:-1]
        participant_codes = pa.array(codes[picks])
        participants = pa.ListArray.from_arrays(pa.array(offsets), participant_codes)
        source = pa.ListArray.from_arrays(pa.array(np.arange(n + 1, dtype=np.int32)),
                                          pa.array(codes[picks[first]]))
        target = pa.ListArray.from_arrays(pa.array(np.arange(n + 1, dtype=np.int32)),
                                          pa.array(codes[picks[first + 1]]))
        start = rng.integers(first_day, last_day, size=n)
        precision = rng.choice(np.array(["day", "month", "year", "unknown"]), size=n, p=[0.78, 0.14, 0.04, 0.04])
        end = start + rng.choice([0, 0, 0, 1, 2], size=n)
        days = start.astype("datetime64[D]")
        month_start = days.astype("datetime64[M]").astype("datetime64[D]")
        month_end = (days.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
        year_start = days.astype("datetime64[Y]").astype("datetime64[D]")
        year_end = (days.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
        start = np.select([precision == "month", precision == "year"], [month_start, year_start], days)
        end = np.select([precision == "month", precision == "year"], [month_end, year_end],
                        end.astype("datetime64[D]"))
        undated = precision == "unknown"
        located = rng.random(n) < 0.75
        where = picks[first + 1]
        kinds = types[rng.integers(0, len(types), size=n)]
        ids = [f"{seed:02x}{done + i:022x}" for i in range(n)]
        people_type = EVENTS.field("people").type
        columns = {
            "canonical_id": pa.array(ids),
            "event_type": pa.array(kinds),
            "mode": pa.array(np.where(sizes > 3, "multilateral", None)),
            "status": pa.array(np.where(rng.random(n) < 0.9, "occurred", "planned")),
            "source_actors": source, "target_actors": target, "participants": participants,
            "host": pa.array(np.where(located, codes[where], None)),
            "organization": pa.nulls(n, pa.string()),
            "contexts": pa.ListArray.from_arrays(pa.array(np.arange(n + 1, dtype=np.int32)),
                                                 pa.array(rng.choice(np.array(CONTEXTS), size=n))),
            "projects": pa.array([[]] * n, type=pa.list_(pa.string())),
            "people": pa.array([[]] * n, type=people_type),
            "date_start": pa.array(start, type=pa.date32(), mask=undated),
            "date_end": pa.array(end, type=pa.date32(), mask=undated),
            "date_precision": pa.array(precision),
            "location_name": pa.array(np.where(located, capitals[where], None)),
            "location_country": pa.array(np.where(located, codes[where], None)),
            "location_lat": pa.array(lats[where], mask=~located),
            "location_lon": pa.array(lons[where], mask=~located),
            "evidence_text": pa.array(np.char.add("Synthetic report of a diplomatic event, number ",
                                                  np.arange(done, done + n).astype(str))),
            "evidence_start": pa.array(rng.integers(0, 4000, size=n).astype(np.int32)),
            "evidence_end": pa.array(rng.integers(4000, 4200, size=n).astype(np.int32)),
            "confidence": pa.array(rng.uniform(0.5, 0.95, size=n).round(2)),
            "trigger": pa.array(np.full(n, "met")),
            "source_count": pa.array(rng.choice([1, 1, 1, 2, 3], size=n).astype(np.int32)),
            "actors": pa.ListArray.from_arrays(pa.array(offsets), pa.array(_sorted_rows(codes[grid], sizes))),
            "participant_sources": pa.array([[]] * n, type=EVENTS.field("participant_sources").type),
        }
        events = pa.Table.from_arrays([columns[f.name].cast(f.type) for f in EVENTS], schema=EVENTS)
        owner = np.repeat(np.array(ids), sizes)
        position = np.arange(len(picks)) - offsets[np.repeat(np.arange(n), sizes)]
        role = np.where(position == 0, "source", np.where(position == 1, "target", "participant"))
        # the host (a located event's target) also has a row of its own, as the store writes it
        owner = np.concatenate([owner, np.array(ids)[located]])
        actor = np.concatenate([codes[picks], codes[where][located]])
        role = np.concatenate([role, np.full(int(located.sum()), "host")])
        roles = pa.Table.from_arrays([pa.array(owner), pa.array(actor), pa.array(role)], schema=EVENT_PARTICIPANTS)
        yield events, roles
        done += n


def _sorted_rows(names, sizes):
    """The first ``sizes[i]`` names of each row of ``names``, sorted within the row, flattened."""
    import numpy as np

    used = np.arange(names.shape[1]) < sizes[:, None]
    padded = np.where(used, names, "\uffff")      # sorts after every code
    return np.sort(padded, axis=1)[used]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write .txt articles to")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for number, document in enumerate(articles(args.count, args.seed)):
        (args.out / f"{number:07d}.txt").write_text(f"date: {document.published}\n{document.text}", encoding="utf-8")
    print(f"{args.count} articles written to {args.out}")


if __name__ == "__main__":
    main()
