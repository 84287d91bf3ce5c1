"""Who a document speaks for, and whether it is an official release: a pass over the whole document.

A government's release (a readout, a statement, an account of a call) reports what its own
officials did, usually on the day it is published, and names them by office alone ("Foreign
Minister Murray McCully", "the Deputy Secretary of the Treasury"). Two facts follow, and this
module finds them once per document:

- ``home``: the state (or organisation) the publisher speaks for, from the address or source it
  came from (``kb/data/publishers.tsv``); an office-holder named without a country acts for it.
- ``release``: the document is an official release (its source is a publisher, or its title is
  one a release has, ``kb/data/lang/en/release_titles.tsv``); an act it reports without a date
  of its own took place on the release's date, as ../shared/realdev/ANNOTATION.md codes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from diplomap.extract.timerules import REL_DAYS
from diplomap.extract.timexpr import find_time_expressions
from diplomap.kb import loader
from diplomap.models import Document, Event, TimeSpan

WORD = re.compile(r"[\w’']+")


@dataclass(frozen=True)
class Publisher:
    """What the document says of itself: whose release it is, if any."""

    release: bool = False
    home: str | None = None          # the actor its unnamed offices act for
    domain: str | None = None        # the publisher's address, where it is known
    day: date | None = None          # the day its title names ("Meetings ... on October 30, 2019")


@dataclass(frozen=True)
class PublisherTables:
    """The data this pass reads: publishers' domains and the words of a release's title."""

    domains: dict[str, str]                  # "beehive.govt.nz" -> "NZL"
    release_titles: frozenset[tuple[str, ...]]   # ("joint", "statement"), ("readout",)


@lru_cache(maxsize=1)
def shipped_tables() -> PublisherTables:
    """The tables shipped in the package, read and checked once."""
    folder = loader.data_dir()
    with loader.open_data(folder, "publishers.tsv") as stream:
        domains = loader.read_table(stream, "publishers.tsv", "domain", "actor")
    with loader.open_data(folder / "lang" / "en", "release_titles.tsv") as stream:
        titles = [row["phrase"] for _, row in loader.read_rows(stream, "lang/en/release_titles.tsv", ("phrase",))]
    return tables(domains, titles)


def tables(domains: dict[str, str], release_titles: list[str]) -> PublisherTables:
    """Tables from rows (tests pass their own); domains are matched without 'www.', titles by words."""
    return PublisherTables(
        domains={domain.lower().removeprefix("www."): actor for domain, actor in domains.items()},
        release_titles=frozenset(tuple(WORD.findall(phrase.lower())) for phrase in release_titles),
    )


def read_publisher(document: Document, table: PublisherTables) -> Publisher:
    """The publisher of ``document``: its home actor from its address or source, and whether it is a
    release (a known publisher's document, or a title a release has)."""
    domain = next((d for d in map(_domain, (document.url, document.source)) if d), None)
    home = _home_of(domain, table.domains) if domain else None
    release = home is not None or _release_title(document.title, table.release_titles) \
        or _speaks_of_its_own_day(document)
    day = _title_day(document.title, document.published) if release else None    # only a release's title dates it
    return Publisher(release=release, home=home, domain=domain, day=day)


def date_from_release(events: list[Event], publisher: Publisher, published: date | None,
                      headline_end: int = 0) -> list[Event]:
    """In a dated release, an act that happened and has no date of its own happened on the day its
    title names, else on the release's date (day precision); everything else is returned as it is.
    Acts of its headline (text before ``headline_end``) stay undated: the headline names what the
    body tells and dates, and merges with it."""
    when = publisher.day or published
    if not publisher.release or when is None:
        return events
    day = TimeSpan(when, when, "day")
    trips = [e for e in events if e.mode == "visit" and e.status == "occurred" and e.time.start is not None
             and e.time.end is not None and e.time.end > e.time.start]
    return [replace(e, time=_trip_of(e, trips) or day, event_id="")
            if e.status == "occurred" and e.time.start is None and e.evidence.char_start >= headline_end else e
            for e in events]


def _trip_of(event: Event, trips: list[Event]) -> TimeSpan | None:
    """The span of the latest trip of several days reported before ``event`` whose parties include all
    of its own: what the traveller did there happened during the trip ('From March 11-15, X traveled to
    South Africa ... X visited a mine in Rustenburg'), not on the day of the release."""
    before = [t for t in trips if t.evidence.char_start < event.evidence.char_start
              and set(event.participants) <= set(t.participants)]
    return before[-1].time if before else None


LEDE = 1500        # characters of the text where a release says "today"


def _speaks_of_its_own_day(document: Document) -> bool:
    """A text whose opening reports what happened 'today' or 'this afternoon' (its publication day,
    named by no date) is written on the day of what it reports, as a release is."""
    if document.published is None:
        return False
    lede = document.text[:LEDE]
    lower = lede.lower()
    if not any(words in lower for words, shift in REL_DAYS.items() if shift == 0):
        return False                      # the time grammar only reads a text that may say so
    spans = find_time_expressions(lede, document.published)
    return any(REL_DAYS.get(" ".join(s.text.lower().split())) == 0 for s in spans)


def _title_day(title: str | None, published: date | None) -> date | None:
    """The one day a title names ('Readouts ... on October 30, 2019'), if it names exactly one."""
    if not title:
        return None
    days = {t.start for t in find_time_expressions(title, published) if t.precision == "day" and t.start == t.end}
    return days.pop() if len(days) == 1 else None


def _domain(address: str | None) -> str | None:
    """'https://www.beehive.govt.nz/release/x' and 'beehive.govt.nz' -> 'beehive.govt.nz'."""
    if not address or " " in address.strip():
        return None
    address = address.strip().lower()
    host = urlsplit(address if "//" in address else "//" + address).hostname
    return host.removeprefix("www.") if host and "." in host else None


def _home_of(domain: str, domains: dict[str, str]) -> str | None:
    """The actor of the longest listed domain that ``domain`` is, or is under ('home.treasury.gov')."""
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        actor = domains.get(".".join(parts[start:]))
        if actor:
            return actor
    return None


def _release_title(title: str | None, phrases: frozenset[tuple[str, ...]]) -> bool:
    if not title:
        return False
    words = WORD.findall(title.lower())
    longest = max((len(p) for p in phrases), default=0)
    return any(tuple(words[i:i + n]) in phrases for n in range(1, longest + 1) for i in range(len(words)))


__all__ = ["Publisher", "PublisherTables", "date_from_release", "read_publisher", "shipped_tables", "tables"]
