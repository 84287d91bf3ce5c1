"""Knowledge-base entries: states, organisations, persons, places, projects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class State:
    code: str
    name: str
    variants: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    lat: float | None = None
    lon: float | None = None
    metonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organization:
    code: str
    name: str
    variants: tuple[str, ...] = ()
    members: dict[str, date | None] = field(default_factory=dict)
    observers: dict[str, date | None] = field(default_factory=dict)
    seat: str | None = None
    metonyms: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self.code)


@dataclass(frozen=True)
class PersonEntry:
    """One tenure of one person in one office."""

    name: str
    actor: str
    role: str
    start: date | None = None
    end: date | None = None
    aliases: tuple[str, ...] = ()

    def in_office(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @property
    def surname(self) -> str:
        return family_name(self.name, self.actor)


FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK"})


def family_name(name: str, actor: str | None) -> str:
    """The name a person is called by alone: 'Aliyev' for Ilham Aliyev, 'Xi' for Xi Jinping."""
    parts = name.split()
    return parts[0] if actor in FAMILY_NAME_FIRST and len(parts) > 1 else parts[-1]


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    country: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    population: int = 0


@dataclass(frozen=True)
class Project:
    name: str
    kind: str
    states: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
