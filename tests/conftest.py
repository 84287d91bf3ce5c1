"""Shared fixtures: a small knowledge base and a rules-tier pipeline built on it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from diplomap.kb import KnowledgeBase, Organization, PersonEntry, PlaceEntry, Project, State

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"

STATES = [
    State("AZE", "Azerbaijan", ("Republic of Azerbaijan",), ("Azerbaijani", "Azerbaijanis", "Azeri"),
          "Baku", 40.38, 49.89, ("Baku",)),
    State("KAZ", "Kazakhstan", (), ("Kazakh", "Kazakhstani"), "Astana", 51.18, 71.45, ("Astana",)),
    State("RUS", "Russia", ("Russian Federation",), ("Russian", "Russians"), "Moscow", 55.75, 37.62,
          ("Moscow", "Kremlin")),
    State("CHN", "China", ("People's Republic of China",), ("Chinese",), "Beijing", 39.91, 116.40, ("Beijing",)),
    State("USA", "United States", ("U.S.", "US", "the United States", "America"), ("American", "Americans"),
          "Washington", 38.90, -77.04, ("Washington", "White House")),
    State("ARM", "Armenia", (), ("Armenian", "Armenians"), "Yerevan", 40.18, 44.51, ("Yerevan",)),
    State("TUR", "Turkey", ("Türkiye", "Turkiye"), ("Turkish", "Turks"), "Ankara", 39.92, 32.85, ("Ankara",)),
    State("DNK", "Denmark", (), ("Danish", "Dane"), "Copenhagen", 55.68, 12.57, ("Copenhagen",)),
    State("TJK", "Tajikistan", (), ("Tajik",), "Dushanbe", 38.54, 68.78, ("Dushanbe",)),
    State("ARE", "United Arab Emirates", ("UAE", "the UAE"), ("Emirati",), "Abu Dhabi", 24.47, 54.37, ("Abu Dhabi",)),
    State("ISR", "Israel", (), ("Israeli", "Israelis"), "Jerusalem", 31.77, 35.22, ()),
    State("SYR", "Syria", (), ("Syrian", "Syrians"), "Damascus", 33.51, 36.29, ("Damascus",)),
    State("SRB", "Serbia", (), ("Serbian", "Serb"), "Belgrade", 44.80, 20.47, ("Belgrade",)),
    State("IRN", "Iran", ("Islamic Republic of Iran",), ("Iranian", "Iranians"), "Tehran", 35.69, 51.42, ("Tehran",)),
    State("PAK", "Pakistan", (), ("Pakistani",), "Islamabad", 33.72, 73.04, ("Islamabad",)),
    State("UKR", "Ukraine", (), ("Ukrainian",), "Kyiv", 50.45, 30.52, ("Kyiv",)),
    State("GEO", "Georgia", (), ("Georgian",), "Tbilisi", 41.69, 44.83, ("Tbilisi",)),
]
ORGANIZATIONS = [
    Organization("EPC", "European Political Community"),
    Organization("OTS", "Organization of Turkic States", ("Turkic Council",),
                 {"AZE": None, "KAZ": None, "TUR": None}),
    Organization("CIS", "Commonwealth of Independent States"),
    Organization("EU", "European Union", ("the EU",), metonyms=("Brussels",)),
    Organization("UN", "United Nations"),
    Organization("NATO", "North Atlantic Treaty Organization"),
]
PERSONS = [
    PersonEntry("Ilham Aliyev", "AZE", "head of state", date(2003, 10, 31)),
    PersonEntry("Heydar Aliyev", "AZE", "head of state", date(1993, 10, 3), date(2003, 10, 31)),
    PersonEntry("Vladimir Putin", "RUS", "head of state", date(2012, 5, 7)),
    PersonEntry("Xi Jinping", "CHN", "head of state", date(2013, 3, 14), aliases=("Xi",)),
    PersonEntry("Nikol Pashinyan", "ARM", "head of government", date(2018, 5, 8)),
    PersonEntry("Donald Trump", "USA", "head of state", date(2025, 1, 20)),
    PersonEntry("Kassym-Jomart Tokayev", "KAZ", "head of state", date(2019, 3, 20)),
    PersonEntry("Recep Tayyip Erdogan", "TUR", "head of state", date(2014, 8, 28), aliases=("Erdoğan",)),
    PersonEntry("Jeyhun Bayramov", "AZE", "foreign minister", date(2020, 7, 16)),
    PersonEntry("Aleksandar Vucic", "SRB", "head of state", date(2017, 5, 31), aliases=("Aleksandar Vučić",)),
]
PLACES = [
    PlaceEntry("Gabala", "AZE", 40.98, 47.85, ("Qabala",)),
    PlaceEntry("Copenhagen", "DNK", 55.68, 12.57),
    PlaceEntry("Dushanbe", "TJK", 38.54, 68.78),
    PlaceEntry("Astana", "KAZ", 51.18, 71.45),
    PlaceEntry("Baku", "AZE", 40.38, 49.89),
    PlaceEntry("Abu Dhabi", "ARE", 24.47, 54.37),
    PlaceEntry("Munich", "DEU", 48.14, 11.58),
    PlaceEntry("Beijing", "CHN", 39.91, 116.40),
    PlaceEntry("Moscow", "RUS", 55.75, 37.62),
    PlaceEntry("Washington", "USA", 38.90, -77.04),
]
PROJECTS = [
    Project("Middle Corridor", "corridor", ("CHN", "KAZ", "AZE", "GEO", "TUR"), ("economic",)),
    Project("Southern Gas Corridor", "pipeline", ("AZE", "GEO", "TUR"), ("natural_resource",)),
    Project("New START", "treaty", ("USA", "RUS"), ("military",)),
]


@pytest.fixture(scope="session")
def small_kb() -> KnowledgeBase:
    return KnowledgeBase(STATES, ORGANIZATIONS, PERSONS, PLACES, PROJECTS, version="test")


@pytest.fixture(scope="session")
def extractor(small_kb):
    from diplomap.extract import Extractor
    from diplomap.nlp.pipeline import build_pipeline

    return Extractor(kb=small_kb, nlp=build_pipeline(small_kb))


def cli_on_ingested(folder: Path, extractor, patch: pytest.MonkeyPatch, columns: int = 100):
    """Ingest ``folder`` into a store of its own with ``extractor`` (patched in for every command that
    extracts); returns ``invoke(*args)``, which runs a CLI command on that store at ``columns`` wide."""
    from click.testing import CliRunner

    from diplomap import cli
    from diplomap import load as load_module

    patch.setattr(load_module, "default_extractor", lambda model=None: extractor)
    patch.setattr(cli, "_extractor", lambda model=None: extractor)
    patch.setenv("DIPLOMAP_DB", str(folder / "store.duckdb"))
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli.app, [str(arg) for arg in args], env={"COLUMNS": str(columns)})

    assert invoke("ingest", folder).exit_code == 0
    return invoke


@pytest.fixture(scope="session")
def ingested_cli():
    """``cli_on_ingested``, for test modules (a fixture: test modules do not import conftest)."""
    return cli_on_ingested
