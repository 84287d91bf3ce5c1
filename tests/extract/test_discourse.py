"""Definite descriptions and relative clauses that refer back: the delegation, 'X, where ...'."""

from __future__ import annotations

from datetime import date

import pytest

from diplomap.extract.publisher import tables
from diplomap.ingest import document_from_text

PUBLISHED = date(2025, 10, 22)


def events(extractor, text: str, url: str | None = None):
    document = document_from_text(text, url=url, published=PUBLISHED)
    return [(e.event_type, frozenset(e.participants), e.location.name if e.location else None)
            for e in extractor.extract(document) if e.status == "occurred"]


@pytest.fixture(scope="module")
def home_extractor(small_kb):
    from diplomap.extract import Extractor
    from diplomap.nlp.pipeline import build_pipeline

    return Extractor(kb=small_kb, nlp=build_pipeline(small_kb), publishers=tables({"example.gov": "USA"}, []))


@pytest.mark.parametrize("text, expected", [
    # the delegation the text introduced, by the side named with it or the person who led it
    ("A Turkish delegation arrived on Monday. The delegation met with President Ilham Aliyev on Tuesday.",
     [("CONSULT", frozenset({"TUR", "AZE"}), None)]),
    ("Erdogan led a delegation to the region. The delegation met Kazakh President Kassym-Jomart Tokayev on Tuesday.",
     [("CONSULT", frozenset({"TUR", "KAZ"}), None)]),
    # a delegation that names its own side is that side's, whatever came before
    ("A Turkish delegation arrived on Monday. The delegation of Armenia met Ilham Aliyev on Tuesday.",
     [("CONSULT", frozenset({"ARM", "AZE"}), None)]),
    # nobody introduced a delegation and nobody published the text: no side, so no meeting, and certainly
    # not one between the counterparts listed
    ("The delegation met with officials from Kazakhstan, Georgia and Armenia on Tuesday.", []),
])
def test_the_delegation_is_the_one_the_text_introduced(extractor, text, expected):
    assert events(extractor, text) == expected


def test_in_a_release_the_delegation_is_the_publishers(home_extractor):
    text = "The delegation met with officials from Kazakhstan, Georgia and Armenia on Tuesday."
    assert sorted(events(home_extractor, text, "https://www.example.gov/readout"), key=str) == sorted([
        ("CONSULT", frozenset({"USA", "KAZ"}), None),
        ("CONSULT", frozenset({"USA", "GEO"}), None),
        ("CONSULT", frozenset({"USA", "ARM"}), None),
    ], key=str)


@pytest.mark.parametrize("text, expected", [
    # each 'where' clause takes the place it refers back to; one the knowledge base lacks lends none
    ("The tour took in Baku, where Erdogan met Ilham Aliyev on Monday, and Georgia, where he met "
     "Tokayev on Tuesday.",
     [("CONSULT", frozenset({"TUR", "AZE"}), "Baku"), ("CONSULT", frozenset({"TUR", "KAZ"}), "Georgia")]),
    ("The tour took in Hawaii, where Erdogan met Ilham Aliyev on Monday, and Georgia, where he met "
     "Tokayev on Tuesday.",
     [("CONSULT", frozenset({"TUR", "AZE"}), None), ("CONSULT", frozenset({"TUR", "KAZ"}), "Georgia")]),
])
def test_a_where_clause_takes_the_place_it_refers_back_to(extractor, text, expected):
    assert events(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the actors right after 'by' in a noun's phrase are its agent, whichever side of the destination
    ("The week included a visit by Erdogan to Kazakhstan on Monday.",
     [("CONSULT", frozenset({"TUR", "KAZ"}), "Kazakhstan")]),
    ("The week included a visit to Kazakhstan by Erdogan on Monday.",
     [("CONSULT", frozenset({"TUR", "KAZ"}), "Kazakhstan")]),
    # one visit per destination of a list
    ("The week included a trip to Kazakhstan and Georgia by Erdogan.",
     [("CONSULT", frozenset({"TUR", "KAZ"}), "Kazakhstan"), ("CONSULT", frozenset({"TUR", "GEO"}), "Georgia")]),
    # a participle's 'by' names who hosted, not who travelled
    ("The talks hosted by Turkey between Armenia and Azerbaijan ended on Monday.",
     [("CONSULT", frozenset({"ARM", "AZE", "TUR"}), "Turkey")]),
])
def test_the_agent_of_an_event_noun_after_by(extractor, text, expected):
    assert events(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a paragraph opening with a known place and a dash was filed from there
    ("Baku – Erdogan met Ilham Aliyev on Monday.", [("CONSULT", frozenset({"TUR", "AZE"}), "Baku")]),
    ("MOSCOW — Erdogan met Vladimir Putin on Monday.", [("CONSULT", frozenset({"TUR", "RUS"}), "Moscow")]),
    # a dash after a name that is no place is no dateline; a call has no place
    ("Erdogan – who met Ilham Aliyev on Monday – left early.", [("CONSULT", frozenset({"TUR", "AZE"}), None)]),
    ("Baku – Ilham Aliyev spoke by phone with Erdogan on Monday.",
     [("CONSULT", frozenset({"TUR", "AZE"}), None)]),
])
def test_a_paragraphs_own_dateline_places_its_events(extractor, text, expected):
    assert events(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the guest named as the object, the subject named by office alone, the meeting in another state's
    # city: the unnamed side is the host's
    ("Foreign Minister Farid Karimov met with Russian President Vladimir Putin in Baku this afternoon.",
     [("CONSULT", frozenset({"AZE", "RUS"}), "Baku")]),
    # a group noun for the subject ('leaders') is no unnamed host; a call has no host
    ("The leaders met with Vladimir Putin in Baku this afternoon.", []),
    ("Foreign Minister Farid Karimov spoke by phone with Vladimir Putin in Baku this afternoon.", []),
])
def test_the_unnamed_side_of_a_meeting_in_a_city_is_its_host(extractor, text, expected):
    assert events(extractor, text) == expected


def test_we_in_a_statement_are_the_authors_its_title_names(extractor):
    title = "Joint Statement by President Ilham Aliyev of Azerbaijan and President Tokayev of Kazakhstan on Trade"
    text = f"{title}\n\nWe met today in Baku and agreed to expand trade."
    document = document_from_text(text, title=title, published=PUBLISHED)
    assert [(e.event_type, frozenset(e.participants)) for e in extractor.extract(document)
            if e.status == "occurred"] == [("CONSULT", frozenset({"AZE", "KAZ"})), ("AGREE", frozenset({"AZE", "KAZ"}))]
    # in a text that is no statement, 'we' names nobody
    report = document_from_text(text.replace("Joint Statement", "Report"), title=title.replace("Joint Statement", "Report"),
                                published=PUBLISHED)
    assert [e for e in extractor.extract(report) if e.status == "occurred"] == []


@pytest.mark.parametrize("text, expected", [
    # a person named with no side of their own who leads a side's delegation acts for that side, and
    # so does the family name later, honorific or not
    ("On Monday, Dr. Jane Doe, led a Turkish delegation to a summit in Baku.\n\n"
     "Dr. Doe met with President Ilham Aliyev on Tuesday.", {frozenset({"TUR", "AZE"})}),
    ("On Monday, Jane Doe-Smith led a Turkish delegation to a summit in Baku.\n\n"
     "Doe-Smith met with President Ilham Aliyev on Tuesday.", {frozenset({"TUR", "AZE"})}),
    # leading talks or a group that names no side gives the person no side
    ("On Monday, Dr. Jane Doe led the talks in Baku.\n\nDr. Doe met with President Ilham Aliyev on Tuesday.",
     set()),
])
def test_the_leader_of_a_delegation_acts_for_its_side(extractor, text, expected):
    found = {parties for kind, parties, _ in events(extractor, text) if kind == "CONSULT" and len(parties) > 1}
    assert found == expected


def test_what_one_had_the_opportunity_to_do_took_place(extractor):
    text = "On Tuesday, President Ilham Aliyev had the opportunity to meet Kazakh President Kassym-Jomart Tokayev."
    assert ("CONSULT", frozenset({"AZE", "KAZ"}), None) in events(extractor, text)


def test_a_carrying_verb_after_and_shares_the_subject_of_the_verb_before(extractor):
    text = "On Tuesday, the Azerbaijani delegation met Kazakh officials, and also held bilateral meetings with Turkish officials."
    found = {parties for kind, parties, _ in events(extractor, text) if kind == "CONSULT"}
    assert found == {frozenset({"AZE", "KAZ"}), frozenset({"AZE", "TUR"})}
