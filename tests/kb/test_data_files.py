"""Checks of the knowledge-base data files themselves, read straight from src/.

These tests do not go through the loader: they validate what the files say
(headers, codes, dates, coordinates, cross-references) so a bad edit to a
table fails here with the row that is wrong.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "src" / "diplomap" / "kb" / "data"

HEADERS = {
    "states.tsv": ["code", "name", "variants", "demonyms", "capital", "lat", "lon", "metonyms"],
    "persons.tsv": ["name", "aliases", "actor", "role", "start", "end"],
    "places.tsv": ["name", "aliases", "country", "lat", "lon"],
    "projects.tsv": ["name", "aliases", "kind", "states", "contexts"],
    "intensity.tsv": ["event_type", "intensity", "comment"],
    "blocs.tsv": ["actor", "vector"],
}
ROLES = frozenset({
    "head of state", "head of government", "foreign minister", "defence minister", "presidential aide",
    "special envoy", "secretary-general", "eu high representative", "commission president",
    "council president", "official",
})
# Offices one person holds at a time, so tenures of one actor must not overlap.
EXCLUSIVE_ROLES = ROLES - {"presidential aide", "special envoy", "official"}
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
VECTORS = frozenset({"West", "Russia and Eurasia", "China", "Turkic world", "Middle East and Iran",
                     "Central Asia", "South Asia", "other"})
PROJECT_KINDS = frozenset({"corridor", "pipeline", "route", "railway", "cable", "treaty", "other"})
PROJECT_CONTEXTS = frozenset({"economic", "natural_resource", "infrastructure", "military", "diplomatic"})
DESIGN_ORGS = ("EU", "NATO", "UN", "OSCE", "OTS", "CIS", "SCO", "CICA", "EPC", "CSTO", "EAEU", "BRICS",
               "OIC", "GCC", "ASEAN", "AU", "G7", "G20")
# Demonyms that belong to two states in English; the resolver decides from context.
SHARED_STATE_FORMS = frozenset({"Congolese", "Dominican", "Dominicans"})


def read_tsv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        rows = [dict(zip(header, cells, strict=True)) for cells in reader]
    return header, rows


def cells(value: str) -> list[str]:
    return [part for part in value.split("|") if part]


def iso(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(scope="module")
def states() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_tsv("states.tsv")[1]}


@pytest.fixture(scope="module")
def organizations() -> list[dict]:
    with (DATA / "organizations.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def org_codes(organizations) -> set[str]:
    return {org["code"] for org in organizations}


@pytest.fixture(scope="module")
def persons() -> list[dict[str, str]]:
    return read_tsv("persons.tsv")[1]


# --- every table ------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_and_row_width(name):
    """The header is exactly as specified; csv raises if a row has a stray or missing tab."""
    header, rows = read_tsv(name)
    assert header == HEADERS[name]
    assert rows, f"{name} has no rows"


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_no_duplicate_rows_or_stray_whitespace(name):
    _, rows = read_tsv(name)
    counts = Counter(tuple(row.values()) for row in rows)
    assert [row for row, n in counts.items() if n > 1] == []
    for row in rows:
        for column, value in row.items():
            assert value == value.strip(), f"{name}: whitespace around {value!r} in {column}"
            assert "||" not in value and not value.startswith("|") and not value.endswith("|")


def test_version_line():
    text = (DATA / "VERSION").read_text(encoding="utf-8")
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+\n?", text), text


# --- states -----------------------------------------------------------------

def test_state_codes_are_unique_alpha3(states):
    _, rows = read_tsv("states.tsv")
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert {"XKX", "PSE", "AZE", "USA", "TWN"} <= set(codes)


def test_every_state_has_demonym_and_capital_coordinates(states):
    for code, row in states.items():
        assert row["name"], code
        assert cells(row["demonyms"]), f"{code} has no demonym"
        assert row["capital"], f"{code} has no capital"
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, code


def test_surface_forms_name_one_state(states):
    owners = defaultdict(set)
    for code, row in states.items():
        for form in [row["name"], *cells(row["variants"]), *cells(row["demonyms"]), *cells(row["metonyms"])]:
            owners[form].add(code)
    shared = {form: codes for form, codes in owners.items() if len(codes) > 1}
    assert set(shared) <= SHARED_STATE_FORMS, shared


def test_azerbaijan_row(states):
    aze = states["AZE"]
    assert aze["name"] == "Azerbaijan"
    assert aze["capital"] == "Baku"
    assert abs(float(aze["lat"]) - 40.38) < 0.05 and abs(float(aze["lon"]) - 49.89) < 0.05
    assert {"Azerbaijani", "Azeri"} <= set(cells(aze["demonyms"]))
    assert "Baku" in cells(aze["metonyms"])


@pytest.mark.parametrize("code, form, column", [
    ("USA", "U.S.", "variants"), ("USA", "White House", "metonyms"), ("TUR", "Türkiye", "variants"),
    ("GBR", "Britain", "variants"), ("RUS", "Kremlin", "metonyms"), ("UKR", "Kiev", "metonyms"),
    ("KAZ", "Astana", "metonyms"), ("CZE", "Czech Republic", "variants"),
])
def test_news_forms_present(states, code, form, column):
    assert form in cells(states[code][column])


def test_brussels_is_not_a_state_metonym(states):
    assert all("Brussels" not in cells(row["metonyms"]) for row in states.values())


# --- organisations ----------------------------------------------------------

def test_organisation_codes(organizations, states):
    codes = [org["code"] for org in organizations]
    assert len(codes) == len(set(codes))
    assert set(DESIGN_ORGS) <= set(codes)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]*", code) for code in codes)
    assert not set(codes) & set(states)


def test_organisation_fields_and_dates(organizations, states, org_codes):
    actors = set(states) | org_codes
    for org in organizations:
        assert org["name"] and isinstance(org["variants"], list), org["code"]
        assert isinstance(org["members_complete"], bool), org["code"]
        for key in ("members", "observers", "associate_members", "partners", "dialogue_partners"):
            for member, joined in (org.get(key) or {}).items():
                assert member in actors, f"{org['code']}.{key}: unknown actor {member}"
                assert joined is None or iso(joined) <= date(2026, 12, 31), (org["code"], member)
        for member, span in (org.get("former_members") or {}).items():
            assert member in actors
            assert span["from"] is None or iso(span["from"]) < iso(span["to"])


@pytest.mark.parametrize("code, size", [("EU", 27), ("NATO", 32), ("UN", 193), ("OSCE", 57), ("OIC", 57),
                                        ("AU", 55), ("COE", 46), ("GCC", 6), ("G7", 8), ("G20", 21)])
def test_membership_sizes(organizations, code, size):
    org = next(org for org in organizations if org["code"] == code)
    assert len(org["members"]) == size


def test_eu_and_turkic_states(organizations):
    by_code = {org["code"]: org for org in organizations}
    assert by_code["EU"]["metonyms"] == ["Brussels"]
    assert {"European Union", "the EU", "European Commission"} <= {by_code["EU"]["name"], *by_code["EU"]["variants"]}
    assert set(by_code["OTS"]["members"]) == {"AZE", "KAZ", "KGZ", "TUR", "UZB"}
    assert set(by_code["OTS"]["observers"]) == {"HUN", "TKM"}
    assert "RUS" not in by_code["EPC"]["members"] and "BLR" not in by_code["EPC"]["members"]


def test_organisation_forms_do_not_clash_with_states(organizations, states):
    state_forms = set()
    for row in states.values():
        state_forms.update([row["name"], *cells(row["variants"]), *cells(row["demonyms"]), *cells(row["metonyms"])])
    for org in organizations:
        clash = {org["name"], org["code"], *org["variants"], *org["metonyms"]} & state_forms
        assert not clash, (org["code"], clash)


# --- persons ----------------------------------------------------------------

def test_person_fields(persons, states, org_codes):
    for row in persons:
        where = f"{row['name']} ({row['actor']}, {row['role']})"
        assert row["actor"] in states or row["actor"] in org_codes, where
        assert row["role"] in ROLES, where
        start = iso(row["start"])
        if row["end"]:
            assert start <= iso(row["end"]), where
        assert start <= date(2026, 12, 31), where
        assert row["name"] not in cells(row["aliases"]), where


def test_exclusive_offices_do_not_overlap(persons):
    tenures = defaultdict(list)
    for row in persons:
        if row["role"] in EXCLUSIVE_ROLES:
            tenures[(row["actor"], row["role"])].append(row)
    for key, rows in tenures.items():
        rows.sort(key=lambda row: row["start"])
        for before, after in zip(rows, rows[1:]):
            assert before["end"] and before["end"] <= after["start"], (key, before["name"], after["name"])


@pytest.mark.parametrize("name, actor, role, start, end", [
    ("Ilham Aliyev", "AZE", "head of state", "2003-10-31", ""),
    ("Heydar Aliyev", "AZE", "head of state", "1993-10-03", "2003-10-31"),
    ("Jeyhun Bayramov", "AZE", "foreign minister", "2020-07-16", ""),
    ("Elmar Mammadyarov", "AZE", "foreign minister", "2004-04-02", "2020-07-16"),
    ("Ali Asadov", "AZE", "head of government", "2019-10-08", ""),
    ("Antony Blinken", "USA", "foreign minister", "2021-01-26", "2025-01-20"),
    ("Marco Rubio", "USA", "foreign minister", "2025-01-21", ""),
    ("Friedrich Merz", "DEU", "head of government", "2025-05-06", ""),
    ("Kaja Kallas", "EU", "eu high representative", "2024-12-01", ""),
    ("António Guterres", "UN", "secretary-general", "2017-01-01", ""),
])
def test_key_tenures(persons, name, actor, role, start, end):
    assert {"name": name, "actor": actor, "role": role, "start": start, "end": end} in [
        {key: row[key] for key in ("name", "actor", "role", "start", "end")} for row in persons
    ]


def test_person_coverage(persons):
    covered = {(row["actor"], row["role"]) for row in persons}
    for actor in ("AZE", "ARM", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB", "TUR", "RUS", "IRN", "CHN", "USA"):
        assert (actor, "foreign minister") in covered, actor
        assert (actor, "head of state") in covered, actor


# --- places, projects, intensity, blocs ---------------------------------------

def test_places(states):
    _, rows = read_tsv("places.tsv")
    keys = [(row["name"], row["country"]) for row in rows]
    assert len(keys) == len(set(keys))
    for row in rows:
        assert row["country"] in states, row["name"]
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row["name"]
    gabala = next(row for row in rows if row["name"] == "Gabala")
    assert abs(float(gabala["lat"]) - 40.98) < 0.02 and abs(float(gabala["lon"]) - 47.85) < 0.02
    assert "Qabala" in cells(gabala["aliases"])
    regions = {row["name"]: row["country"] for row in rows}
    assert {"Nagorno-Karabakh": "AZE", "Crimea": "UKR", "West Bank": "PSE"}.items() <= regions.items()


def test_projects(states):
    _, rows = read_tsv("projects.tsv")
    forms = Counter(form for row in rows for form in [row["name"], *cells(row["aliases"])])
    assert [form for form, n in forms.items() if n > 1] == []
    for row in rows:
        assert row["kind"] in PROJECT_KINDS, row["name"]
        assert cells(row["states"]) and set(cells(row["states"])) <= set(states), row["name"]
        assert cells(row["contexts"]) and set(cells(row["contexts"])) <= PROJECT_CONTEXTS, row["name"]
    names = {row["name"] for row in rows}
    assert {"Middle Corridor", "Southern Gas Corridor", "TRIPP", "Zangezur corridor"} <= names


def test_intensity_covers_plover_types():
    _, rows = read_tsv("intensity.tsv")
    scores = {row["event_type"]: float(row["intensity"]) for row in rows}
    assert sorted(scores) == sorted(EVENT_TYPES)
    for event_type, score in scores.items():
        assert -10 <= score <= 10
        assert (score > 0) == (event_type in COOPERATIVE), event_type
    assert all(row["comment"] for row in rows)


def test_blocs_cover_every_actor_once(states, org_codes):
    _, rows = read_tsv("blocs.tsv")
    actors = [row["actor"] for row in rows]
    assert len(actors) == len(set(actors))
    assert set(actors) == set(states) | org_codes
    assert {row["vector"] for row in rows} <= VECTORS
    vector = {row["actor"]: row["vector"] for row in rows}
    assert vector["AZE"] == vector["TUR"] == vector["OTS"] == "Turkic world"
    assert vector["RUS"] == vector["CSTO"] == "Russia and Eurasia"
    assert vector["EU"] == vector["USA"] == "West"
    assert vector["CHN"] == "China" and vector["IRN"] == "Middle East and Iran" and vector["KAZ"] == "Central Asia"


def test_no_trigger_row_repeats_another():
    with (DATA / "triggers.tsv").open(encoding="utf-8") as stream:
        keys = Counter((row["phrase"], row["pos"], row["event_type"], row["flags"])
                       for row in csv.DictReader(stream, delimiter="\t"))
    assert [key for key, count in keys.items() if count > 1] == []
