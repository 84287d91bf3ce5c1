"""Read the knowledge-base data files shipped in ``diplomap/kb/data``.

Every reader takes a text stream (so tests can feed small tables) and returns
records; malformed rows raise KnowledgeBaseError naming the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TextIO

import yaml

from diplomap.errors import KnowledgeBaseError
from diplomap.kb.records import Organization, PersonEntry, PlaceEntry, Project, State


def data_dir() -> Traversable:
    """The folder of data files inside the installed package."""
    return resources.files("diplomap.kb") / "data"


def open_data(folder: Traversable, name: str) -> TextIO:
    entry = folder / name
    if not entry.is_file():
        raise KnowledgeBaseError(f"knowledge-base file {name} is missing from {folder}")
    return io.StringIO(entry.read_text(encoding="utf-8"))


def read_rows(stream: TextIO, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """Rows of a tab-separated file with a header line, as (line number, dict)."""
    reader = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise KnowledgeBaseError(f"{name}: missing columns {', '.join(missing)}")
    for number, row in enumerate(reader, start=2):
        if not any((value or "").strip() for value in row.values()):
            continue
        yield number, {key: (value or "").strip() for key, value in row.items() if key}


def split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse_date(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise KnowledgeBaseError(f"{where}: bad date {text!r}, expected YYYY-MM-DD") from None


def parse_float(text: str, where: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise KnowledgeBaseError(f"{where}: bad number {text!r}") from None


def read_states(stream: TextIO, name: str = "states.tsv") -> list[State]:
    states = []
    for number, row in read_rows(stream, name, ("code", "name")):
        where = f"{name}:{number}"
        states.append(State(
            code=row["code"], name=row["name"],
            variants=split(row.get("variants", "")), demonyms=split(row.get("demonyms", "")),
            capital=row.get("capital") or None,
            lat=parse_float(row.get("lat", ""), where), lon=parse_float(row.get("lon", ""), where),
            metonyms=split(row.get("metonyms", "")),
        ))
    return states


def read_persons(stream: TextIO, name: str = "persons.tsv") -> list[PersonEntry]:
    persons = []
    for number, row in read_rows(stream, name, ("name", "actor", "role")):
        where = f"{name}:{number}"
        persons.append(PersonEntry(
            name=row["name"], actor=row["actor"], role=row["role"],
            start=parse_date(row.get("start", ""), where), end=parse_date(row.get("end", ""), where),
            aliases=split(row.get("aliases", "")),
        ))
    return persons


def read_places(stream: TextIO, name: str = "places.tsv") -> list[PlaceEntry]:
    places = []
    for number, row in read_rows(stream, name, ("name", "country", "lat", "lon")):
        where = f"{name}:{number}"
        places.append(PlaceEntry(
            name=row["name"], country=row["country"],
            lat=parse_float(row["lat"], where), lon=parse_float(row["lon"], where),
            aliases=split(row.get("aliases", "")),
        ))
    return places


def read_projects(stream: TextIO, name: str = "projects.tsv") -> list[Project]:
    return [
        Project(
            name=row["name"], kind=row.get("kind", "other"), states=split(row.get("states", "")),
            contexts=split(row.get("contexts", "")), aliases=split(row.get("aliases", "")),
        )
        for _, row in read_rows(stream, name, ("name",))
    ]


def read_firms(stream: TextIO, name: str = "firms.tsv") -> dict[str, str]:
    """Firms, agencies and outlets by name (and alias) -> the state they act for."""
    firms = {}
    for _, row in read_rows(stream, name, ("name", "actor")):
        for text in (row["name"], *split(row.get("aliases", ""))):
            firms[text] = row["actor"]
    return firms


def read_regions(stream: TextIO, name: str = "regions.tsv") -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Regions named in the news ('Central Asia') -> (names and demonyms, member states)."""
    regions = {}
    for _, row in read_rows(stream, name, ("name", "members")):
        names = (row["name"], *split(row.get("aliases", "")))
        regions[row["name"]] = (names, split(row.get("demonyms", "")), split(row["members"]))
    return regions


def read_table(stream: TextIO, name: str, key: str, value: str) -> dict[str, str]:
    """A two-column mapping from a TSV file (e.g. bloc table, intensity table)."""
    return {row[key]: row[value] for _, row in read_rows(stream, name, (key, value))}


def read_organizations(stream: TextIO, name: str = "organizations.yaml") -> list[Organization]:
    try:
        items = yaml.safe_load(stream) or []
    except yaml.YAMLError as error:
        raise KnowledgeBaseError(f"{name}: not valid YAML ({error})") from None
    if not isinstance(items, list):
        raise KnowledgeBaseError(f"{name}: expected a list of organisations")
    return [organization_from_dict(item, f"{name}[{index}]") for index, item in enumerate(items)]


def organization_from_dict(item: dict, where: str) -> Organization:
    if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
        raise KnowledgeBaseError(f"{where}: an organisation needs a code and a name")

    def dated(mapping) -> dict[str, date | None]:
        result = {}
        for code, joined in (mapping or {}).items():
            result[str(code)] = joined if isinstance(joined, date) else parse_date(str(joined or ""), where)
        return result

    return Organization(
        code=str(item["code"]), name=str(item["name"]),
        variants=tuple(str(v) for v in item.get("variants") or ()),
        members=dated(item.get("members")), observers=dated(item.get("observers")),
        seat=item.get("seat"), metonyms=tuple(str(v) for v in item.get("metonyms") or ()),
    )
