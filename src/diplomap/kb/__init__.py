"""The knowledge base: states, organisations, persons, places and named projects.

``KnowledgeBase.load()`` reads the versioned data files shipped in the package;
tests build small ones with ``KnowledgeBase(states=..., ...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from importlib.resources.abc import Traversable

from diplomap.kb import loader
from diplomap.kb.records import Organization, PersonEntry, PlaceEntry, Project, State, family_name

__all__ = ["KnowledgeBase", "Organization", "PersonEntry", "PlaceEntry", "Project", "State", "default_kb"]


class KnowledgeBase:
    """Lookups over the knowledge base, indexed once at construction."""

    def __init__(
        self,
        states: Iterable[State] = (),
        organizations: Iterable[Organization] = (),
        persons: Iterable[PersonEntry] = (),
        places: Iterable[PlaceEntry] = (),
        projects: Iterable[Project] = (),
        *,
        firms: dict[str, str] | None = None,
        regions: dict[str, tuple] | None = None,
        cities: dict[str, PlaceEntry] | None = None,
        intensity: dict[str, float] | None = None,
        blocs: dict[str, str] | None = None,
        version: str = "unversioned",
    ):
        self.states = {state.code: state for state in states}
        self.organizations = {org.code: org for org in organizations}
        self.persons = list(persons)
        self.projects = {project.name: project for project in projects}
        self.firms = dict(firms or {})
        self.regions = {name: tuple(value[-1]) for name, value in (regions or {}).items()}
        self._region_phrases = [(text, kind, name) for name, (names, demonyms, _) in (regions or {}).items()
                                for kind, texts in (("region", names), ("region_demonym", demonyms))
                                for text in texts]
        self.intensity = dict(intensity or {})
        self.blocs = dict(blocs or {})
        self.version = version
        places = list(places)
        self._known_places = self._index_places(places, {})
        self._places = self._index_places(places, cities or {})
        self._persons_by_name: dict[str, list[PersonEntry]] = {}
        for person in self.persons:
            for name in (person.name, *person.aliases):
                self._persons_by_name.setdefault(name, []).append(person)
        self._persons_by_surname: dict[str, list[PersonEntry]] = {}
        for person in self.persons:
            for surname in _surnames(person):
                self._persons_by_surname.setdefault(surname, []).append(person)
        self._names_index: dict[str, str] | None = None

    @classmethod
    def load(cls, folder: Traversable | None = None, *, cities: bool = True) -> KnowledgeBase:
        """Read the data files (the package's own unless ``folder`` is given)."""
        folder = folder or loader.data_dir()

        def read(name, reader):
            with loader.open_data(folder, name) as stream:
                return reader(stream, name)

        intensity = read("intensity.tsv", lambda s, n: loader.read_table(s, n, "event_type", "intensity"))
        blocs = read("blocs.tsv", lambda s, n: loader.read_table(s, n, "actor", "vector"))
        return cls(
            states=read("states.tsv", loader.read_states),
            organizations=read("organizations.yaml", loader.read_organizations),
            persons=read("persons.tsv", loader.read_persons),
            places=read("places.tsv", loader.read_places),
            projects=read("projects.tsv", loader.read_projects),
            firms=read("firms.tsv", loader.read_firms),
            regions=read("regions.tsv", loader.read_regions),
            cities=_city_index() if cities else None,
            intensity={key: float(value) for key, value in intensity.items()},
            blocs=blocs,
            version=(folder / "VERSION").read_text(encoding="utf-8").strip(),
        )

    @staticmethod
    def _index_places(places: Iterable[PlaceEntry], cities: dict[str, PlaceEntry]) -> dict[str, PlaceEntry]:
        index = dict(cities)
        for place in places:
            for name in (place.name, *place.aliases):
                index[name] = place
        return index

    def is_actor(self, code: str) -> bool:
        return code in self.states or code in self.organizations

    def actor_code(self, text: str) -> str | None:
        """The actor that ``text`` names, in any case: a code ("aze"), a name or variant
        ("Azerbaijan", "the EU") or a demonym ("Azerbaijani"); None when the knowledge base has none."""
        wanted = " ".join(text.split())
        if self.is_actor(wanted.upper()):
            return wanted.upper()
        return self._actor_names().get(wanted.casefold())

    def closest_actors(self, text: str, count: int = 3) -> list[str]:
        """Up to ``count`` actors whose code, name or demonym is nearest to ``text``, as "Name (CODE)"."""
        import difflib

        names = self._actor_names()
        found = difflib.get_close_matches(" ".join(text.split()).casefold(), list(names), n=count * 3, cutoff=0.6)
        codes = list(dict.fromkeys(names[name] for name in found))[:count]
        return [f"{self.actor_name(code)} ({code})" for code in codes]

    def _actor_names(self) -> dict[str, str]:
        """Every code, name, variant and demonym of a state or organisation, case-folded, to its code."""
        if self._names_index is None:
            index: dict[str, str] = {}
            for state in self.states.values():
                for text in (state.code, state.name, *state.variants, *state.demonyms):
                    index.setdefault(text.casefold(), state.code)
            for org in self.organizations.values():
                for text in (org.code, org.name, *org.variants):
                    index.setdefault(text.casefold(), org.code)
            self._names_index = index
        return self._names_index

    def actor_name(self, code: str) -> str:
        if code in self.states:
            return self.states[code].name
        if code in self.organizations:
            return self.organizations[code].name
        return code

    def place(self, name: str) -> PlaceEntry | None:
        """The place of that exact (capitalised) name, if known."""
        return self._places.get(name)

    def known_place(self, name: str) -> PlaceEntry | None:
        """A place from the knowledge base's own list (not the city gazetteer) or a capital."""
        entry = self._known_places.get(name)
        if entry is not None:
            return entry
        for state in self.states.values():
            if state.capital == name and state.lat is not None:
                return PlaceEntry(state.capital, state.code, state.lat, state.lon)
        return None

    def capital(self, code: str) -> PlaceEntry | None:
        state = self.states.get(code)
        if state is None or state.capital is None or state.lat is None:
            return None
        return PlaceEntry(state.capital, code, state.lat, state.lon)

    def persons_named(self, name: str) -> list[PersonEntry]:
        return self._persons_by_name.get(name, [])

    def person(self, name: str, on: date | None = None) -> PersonEntry | None:
        """The tenure of a person (full name or alias) current on a date, else their latest."""
        return _pick_tenure(self.persons_named(name), on)

    def person_by_surname(self, surname: str, on: date | None = None) -> PersonEntry | None:
        """A person known by that surname and in office on the date, if exactly one is."""
        candidates = [p for p in self._persons_by_surname.get(surname, []) if p.in_office(on)]
        names = {p.name for p in candidates}
        if len(names) != 1:
            return None
        return _pick_tenure(candidates, on)

    def actor_phrases(self) -> Iterator[tuple[str, str, str]]:
        """(surface text, kind, code) for every name the matcher should find."""
        for state in self.states.values():
            for text in (state.name, *state.variants):
                yield text, "state", state.code
            for text in state.demonyms:
                yield text, "demonym", state.code
            for text in state.metonyms:
                yield text, "capital", state.code
        for org in self.organizations.values():
            for text in (org.name, org.code, *org.variants):
                yield text, "org", org.code
            for text in org.metonyms:
                yield text, "capital", org.code
        for person in self.persons:
            for text in (person.name, *person.aliases):
                yield text, "person", person.actor
        for text, actor in self.firms.items():
            yield text, "firm", actor
        yield from self._region_phrases

    def project_phrases(self) -> Iterator[tuple[str, str]]:
        for project in self.projects.values():
            for text in (project.name, *project.aliases):
                yield text, project.name


TITLE_WORDS = frozenset({"President", "Prime", "Minister", "King", "Queen", "Emir", "Sheikh", "Sultan", "Crown",
                         "Prince", "Chancellor", "Secretary", "General", "Vice", "Foreign", "Supreme", "Leader"})


def _surnames(person: PersonEntry) -> set[str]:
    """Names a person may be called by alone: the family name of the full name, single-word aliases."""
    names = {family_name(person.name, person.actor)}
    for alias in person.aliases:
        words = alias.split()
        if len(words) == 1:
            names.add(alias)
        elif words[0] not in TITLE_WORDS:
            names.add(family_name(alias, person.actor))
    return {n for n in names if any(c.islower() for c in n) and n not in TITLE_WORDS}


def _pick_tenure(tenures: list[PersonEntry], on: date | None) -> PersonEntry | None:
    if not tenures:
        return None
    current = [p for p in tenures if p.in_office(on)]
    pool = current or tenures
    return max(pool, key=lambda p: (p.start or date.min))


@cache
def _city_index() -> dict[str, PlaceEntry]:
    from diplomap.kb.gazetteer import build_city_index

    return build_city_index()


@cache
def default_kb() -> KnowledgeBase:
    """The package's knowledge base, loaded once per process."""
    return KnowledgeBase.load()
