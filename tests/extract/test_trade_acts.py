"""Trade and sanctions acts of government agencies, with the shipped knowledge base and lexicon
(data rows: designate, enter into, terminate/remove/lift tariffs; agencies coded as their state)."""

from __future__ import annotations

from datetime import date

import pytest

from diplomap.ingest import document_from_text


@pytest.fixture(scope="module")
def shipped():
    from diplomap.extract import Extractor

    return Extractor()


def occurred(extractor, text):
    document = document_from_text(text, published=date(2026, 10, 1))
    return [(e.event_type, set(e.participants)) for e in extractor.extract(document) if e.status == "occurred"]


@pytest.mark.parametrize("text, expected", [
    ("In July 2026, USTR imposed a 20% tariff on Vietnam.", [("SANCTION", {"USA", "VNM"})]),
    # any form of a light verb carries the tariff; duties of a trade remedy are tariffs
    ("Since 2024, Brazil has increased tariffs on Argentina.", [("SANCTION", {"BRA", "ARG"})]),
    ("In 2024, Chile was raising tariffs on Peru.", [("SANCTION", {"CHL", "PER"})]),
    ("In 2019, Mexico imposed countervailing duties on Peruvian goods.", [("SANCTION", {"MEX", "PER"})]),
    # a challenge before a trade or legal forum is an accusation; a challenge to a debate is none
    ("In May 2026, Mexico challenged Chile's dairy quotas under the USMCA.", [("ACCUSE", {"MEX", "CHL"})]),
    ("In May 2026, Mexico challenged Chile to a debate.", []),
    # an announcement that reports an act already done is that act, not an agreement
    ("The ministry announced on Monday that Chile had expelled two Peruvian diplomats.", [("SANCTION", {"CHL", "PER"})]),
    # a tariff talked about, with no verb that carries it, is no act
    ("Tariffs on Chilean goods were a theme in Lima in 2024.", []),
    ("The Treasury Department designated two Syrian firms as terrorist entities on Monday.",
     [("SANCTION", {"USA", "SYR"})]),
    # a document of cooperation (a field of cooperation named beside it) is cooperation; any other, support
    ("In May 2026, Chile entered into a free trade agreement with India.", [("COOPERATE", {"CHL", "IND"})]),
    ("In May 2026, Chile signed a military cooperation agreement with India.", [("COOPERATE", {"CHL", "IND"})]),
    ("In May 2026, Chile signed an agreement on a ceasefire with Peru.", [("SUPPORT", {"CHL", "PER"})]),
    ("In May 2026, Chile entered into an alliance with India.", [("AGREE", {"CHL", "IND"})]),
    ("In April 2026, Mexico terminated its retaliatory tariffs on Chinese goods.", [("CONCEDE", {"MEX", "CHN"})]),
    # a designation that is an appointment, and an entry into nothing agreed, are no events
    ("Brazil designated a new ambassador to Argentina in May 2026.", []),
    ("Peru entered into talks with Bolivia in May 2026.", [("CONSULT", {"PER", "BOL"})]),
    ("Peru entered into the second round in May 2026.", []),
    # removing something that is no restriction is no concession
    ("Mexico removed its ambassador from Peru in April 2026.", []),
])
def test_trade_and_sanctions_acts(shipped, text, expected):
    assert occurred(shipped, text) == expected


def test_acts_since_a_date_happened_between_it_and_publication(shipped):
    document = document_from_text("Kazakhstan and China have met twice since September 2025.", published=date(2026, 10, 1))
    [event] = [e for e in shipped.extract(document) if e.status == "occurred"]
    assert (event.event_type, event.date_start, event.date_end) == ("CONSULT", "2025-09-01", "2026-10-01")


@pytest.mark.parametrize("text, expected", [
    # '<Title> of <State> <Name>' is that state's office-holder; a list of them is one meeting
    ("Foreign Minister of Japan Taro Sato, Foreign Minister of the Republic of Korea Min Park and Foreign "
     "Minister of Australia Ann Lee met in Tokyo on Monday.", [("CONSULT", {"JPN", "KOR", "AUS"})]),
    # an office only one state has ('Deputy Secretary of the Treasury') says whose holder it is
    ("On Monday, Deputy Secretary of the Treasury Ann Lee traveled to Kenya.", [("CONSULT", {"USA", "KEN"})]),
    # any other title without a country says nothing: no side, no event
    ("On Monday, Deputy Foreign Minister Ann Lee traveled to Kenya.", []),
])
def test_office_holders_named_with_their_state_or_a_states_office(shipped, text, expected):
    assert occurred(shipped, text) == expected


def test_a_releases_headline_stays_undated_and_merges_with_the_body(shipped):
    text = ("Readout: Deputy Secretary of the Treasury Ann Lee's Travel to Kenya\n\n"
            "From March 11-15, Deputy Secretary of the Treasury Ann Lee traveled to Kenya.")
    document = document_from_text(text, title=text.split("\n")[0], published=date(2026, 3, 19))
    assert [(e.event_type, e.participants, e.date_start, e.date_end) for e in shipped.extract(document)] == [
        ("CONSULT", ("USA", "KEN"), "2026-03-11", "2026-03-15")]


def test_a_headlines_to_is_its_future_and_a_released_statement_no_concession(shipped):
    title = "Foreign Minister of Chile Ann Lee to visit Peru and attend the Pacific Alliance Summit in Lima"
    document = document_from_text(title + "\n\nShe leaves on Friday.", title=title, published=date(2026, 10, 1))
    headline = [(e.event_type, e.status) for e in shipped.extract(document) if e.evidence.char_end <= len(title)]
    assert headline and all(status == "planned" for _, status in headline)
    assert occurred(shipped, "The text of the statement was released by the governments of Chile and Peru on Monday.") == []


@pytest.mark.parametrize("text, expected", [
    # a closed parenthesis inside a noun's phrase does not end it
    ("Canada imposed tariffs on C$27.6 billion (US$20 billion) worth of U.S. goods on September 8, 2026.",
     [("SANCTION", {"CAN", "USA"})]),
    # 'the Administration', 'the government': the one the text introduced
    ("The Biden Administration lifted tariffs in June 2026. In July 2026, the Administration imposed a 12.5% tariff "
     "on South Korean goods.", [("CONCEDE", {"USA"}), ("SANCTION", {"USA", "KOR"})]),
])
def test_noun_phrases_and_the_sides_the_text_introduced(shipped, text, expected):
    assert occurred(shipped, text) == expected


def test_a_regions_demonym_is_not_a_states(shipped):
    # "Latin American" is no "American": no phantom United States at the summit
    events = occurred(shipped, "Leaders met at a Latin American summit in Santo Domingo on March 7, 2026.")
    assert all("USA" not in participants for _, participants in events)


@pytest.mark.parametrize("text, expected", [
    # a plural forum noun with its counterpart right after is an event; one that sums several up is not
    ("President Tokayev has held two summits with Xi Jinping since May 2026.", [("CONSULT", {"KAZ", "CHN"})]),
    ("President Tokayev attended three summits in ten days in May 2026.", []),
    # an announced visit is a planned visit, no agreement
    ("President Tokayev will visit China next week.", []),
    # 'called in' an ambassador is a summons; 'called in the evening' is no event
    ("Kazakhstan called in the Chinese ambassador on Monday.", [("ACCUSE", {"KAZ", "CHN"})]),
    ("President Tokayev called in the evening.", []),
])
def test_summits_announcements_and_summons(shipped, text, expected):
    assert occurred(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a summit named by its city, before or after the noun, is attended by the main clause's subject
    ("At the Busan summit in October 2025, President Tokayev and Xi Jinping agreed to expand trade.",
     [("CONSULT", {"KAZ", "CHN", "KOR"}), ("AGREE", {"KAZ", "CHN"})]),
    ("At the summit in Busan in October 2025, President Tokayev and Xi Jinping agreed to expand trade.",
     [("CONSULT", {"KAZ", "CHN", "KOR"}), ("AGREE", {"KAZ", "CHN"})]),
    # an unnamed summit is only the setting
    ("On the margins of the summit in October 2025, President Tokayev and Xi Jinping agreed to expand trade.",
     [("AGREE", {"KAZ", "CHN"})]),
])
def test_a_named_summit_opening_the_sentence_is_attended_by_its_subject(shipped, text, expected):
    assert occurred(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a summons in the passive: the envoy's state is summoned, the state it is accredited to summons
    ("The Chinese ambassador to Kazakhstan was summoned on Monday.", [("ACCUSE", ("KAZ",), ("CHN",), "Astana")]),
    ("The Chinese ambassador was summoned by Kazakhstan on Monday.", [("ACCUSE", ("KAZ",), ("CHN",), "Astana")]),
])
def test_a_summons_in_the_passive(shipped, text, expected):
    document = document_from_text(text, published=date(2026, 10, 1))
    assert [(e.event_type, e.source_actors, e.target_actors, e.location.name if e.location else None)
            for e in shipped.extract(document) if e.status == "occurred"] == expected


@pytest.mark.parametrize("text, expected", [
    # a year inside an event noun's phrase dates that event
    ("Premier Li Qiang represented China at the 2025 G-20 summit in South Africa.",
     [("CONSULT", "2025-01-01", "2025-12-31")]),
    # a year inside another noun's phrase dates nothing else
    ("Since the 2020 war, Azerbaijan has held talks with Armenia.", [("CONSULT", None, None)]),
])
def test_a_year_inside_an_event_nouns_phrase(shipped, text, expected):
    document = document_from_text(text, published=date(2026, 10, 1))
    assert [(e.event_type, e.date_start, e.date_end) for e in shipped.extract(document)
            if e.status == "occurred"] == expected
