"""The publisher pass: whose release a document is, and the date of the acts it reports undated."""

from __future__ import annotations

from datetime import date

import pytest

from diplomap.extract.publisher import Publisher, date_from_release, read_publisher, shipped_tables, tables
from diplomap.ingest import document_from_text
from diplomap.models import Event, Evidence, TimeSpan

PUBLISHED = date(2024, 3, 14)
TABLE = tables({"example.gov": "USA", "www.ministry.example.org": "NZL"}, ["readout", "joint statement"])


def document(title=None, url=None, source=None):
    return document_from_text("Some text.", title=title, url=url, source=source, published=PUBLISHED)


@pytest.mark.parametrize("title, url, source, expected", [
    ("Readout of the Minister's call", None, None, Publisher(release=True)),
    ("Joint Statement of the Leaders", None, None, Publisher(release=True)),
    ("READOUT: Officials travel to Tashkent", None, None, Publisher(release=True)),
    # a word of a listed phrase is not the phrase, and a title word inside another word is no word
    ("A statement of intent", None, None, Publisher()),
    ("Readouts and joint plans", None, None, Publisher()),
    ("Leaders meet in Baku", None, None, Publisher()),
    (None, None, None, Publisher()),
    # a listed publisher's document is a release, and its offices act for the publisher's state
    ("Minister visits Fiji", "https://www.example.gov/news/1", None, Publisher(True, "USA", "example.gov")),
    ("Minister visits Fiji", "https://press.example.gov/x", None, Publisher(True, "USA", "press.example.gov")),
    ("Minister visits Fiji", None, "ministry.example.org", Publisher(True, "NZL", "ministry.example.org")),
    # an unlisted address or a source that is a name, not an address, tells nothing
    ("Minister visits Fiji", "https://news.example.com/a", None, Publisher(domain="news.example.com")),
    ("Minister visits Fiji", None, "Daily News", Publisher()),
    ("Minister visits Fiji", "https://gov/x", None, Publisher()),
])
def test_publisher_of_a_document(title, url, source, expected):
    assert read_publisher(document(title, url, source), TABLE) == expected


def event(status="occurred", time=TimeSpan(None, None, "unknown")) -> Event:
    return Event(doc_id="d", event_type="CONSULT", mode=None, status=status, source_actors=("USA",),
                 target_actors=("FJI",), participants=("USA", "FJI"), evidence=Evidence("s", 0, 1), time=time)


def test_a_release_dates_its_undated_acts_and_nothing_else():
    dated = TimeSpan(date(2024, 3, 1), date(2024, 3, 31), "month")
    events = [event(), event(time=dated), event(status="planned"), event(status="denied")]
    result = date_from_release(events, Publisher(release=True), PUBLISHED)
    assert [(e.status, e.time.start, e.time.end, e.time.precision) for e in result] == [
        ("occurred", PUBLISHED, PUBLISHED, "day"),
        ("occurred", date(2024, 3, 1), date(2024, 3, 31), "month"),
        ("planned", None, None, "unknown"),
        ("denied", None, None, "unknown"),
    ]
    assert result[0].event_id != events[0].event_id      # the id follows the date it now has
    assert result[1:] == events[1:]


@pytest.mark.parametrize("publisher, published", [(Publisher(), PUBLISHED), (Publisher(release=True), None)])
def test_no_release_or_no_date_leaves_events_undated(publisher, published):
    events = [event()]
    assert date_from_release(events, publisher, published) == events


def test_the_shipped_tables_load_and_know_a_government_site():
    shipped = shipped_tables()
    assert read_publisher(document(url="https://www.beehive.govt.nz/release/x"), shipped).home == "NZL"
    assert read_publisher(document(title="Readout of the Secretary's Meeting"), shipped).release
    assert read_publisher(document(title="Special Envoy Smith Concludes Regional Trip"), shipped).release
    assert not read_publisher(document(title="Why the Envoy's Trip Matters"), shipped).release


def test_a_trip_ended_in_a_release_is_dated_to_its_day(extractor):
    """'At the end of a trip to A and B by X': the noun 'end' carries nothing; the trip happened."""
    title = "Envoy Concludes Trip"
    text = f"{title}\n\nAt the end of a trip to Georgia and Turkey by Azerbaijani President Ilham Aliyev, ties grew."
    events = extractor.extract(document_from_text(text, title=title, published=PUBLISHED))
    visits = {(e.participants, e.time.start) for e in events if e.event_type == "CONSULT" and e.status == "occurred"}
    assert visits == {(("AZE", "GEO"), PUBLISHED), (("AZE", "TUR"), PUBLISHED)}


def test_the_extractor_dates_a_releases_undated_meeting(extractor):
    text = "Readout of a meeting\n\nPresident Ilham Aliyev met Russian President Vladimir Putin."
    release = document_from_text(text, title="Readout of a meeting", published=PUBLISHED)
    article = document_from_text(text.replace("Readout of", "Report on"), title="Report on a meeting",
                                 published=PUBLISHED)
    [dated] = [e for e in extractor.extract(release) if e.event_type == "CONSULT"]
    [undated] = [e for e in extractor.extract(article) if e.event_type == "CONSULT"]
    assert (dated.time.start, dated.time.precision) == (PUBLISHED, "day")
    assert undated.time.start is None


@pytest.fixture(scope="module")
def home_extractor(small_kb):
    from diplomap.extract import Extractor
    from diplomap.nlp.pipeline import build_pipeline

    return Extractor(kb=small_kb, nlp=build_pipeline(small_kb), publishers=tables({"ministry.example.az": "AZE"}, []))


def consults(extractor, text: str, url: str | None):
    document = document_from_text(text, url=url, title="News", published=PUBLISHED)
    return [(e.event_type, frozenset(e.participants), tuple(p.name for p in e.people))
            for e in extractor.extract(document)]


@pytest.mark.parametrize("text, url, expected", [
    # an office-holder named without a country holds the office in the publisher's state
    ("Foreign Minister Farid Karimov met Russian President Vladimir Putin in Moscow.", "https://ministry.example.az/a",
     [("CONSULT", frozenset({"AZE", "RUS"}), ("Farid Karimov", "Vladimir Putin"))]),
    # with no known publisher, nobody can say whose minister he is: no event
    ("Foreign Minister Farid Karimov met Russian President Vladimir Putin in Moscow.", None, []),
    # a country named for the office wins over the publisher
    ("Russian Foreign Minister Oleg Petrov met President Ilham Aliyev.", "https://ministry.example.az/a",
     [("CONSULT", frozenset({"AZE", "RUS"}), ("Oleg Petrov", "Ilham Aliyev"))]),
    # a title in lower case describes the other side ('his counterpart'): not the publisher's official
    ("Putin met his counterpart Farid Karimov.", "https://ministry.example.az/a", []),
])
def test_an_office_holder_without_a_country_acts_for_the_publisher(home_extractor, text, url, expected):
    assert consults(home_extractor, text, url) == expected


@pytest.mark.parametrize("title, day", [
    ("Readout of the Secretary's Meetings in Riyadh on October 30, 2019", date(2019, 10, 30)),
    ("Readout of the Secretary's Meetings in Riyadh", None),
    ("Readout of meetings on March 3 and March 4, 2024", None),        # two days: no one day for all
])
def test_a_release_dates_its_undated_acts_to_the_day_its_title_names(title, day):
    publisher = read_publisher(document(title=title), TABLE)
    assert publisher.day == day
    [dated] = date_from_release([event()], publisher, PUBLISHED)
    assert dated.time.start == (day or PUBLISHED)


@pytest.mark.parametrize("text, release", [
    ("The minister met her counterpart in Wellington this afternoon.", True),
    ("Today the minister met her counterpart in Wellington.", True),
    # a weekday or a date is no sign that the text was written on the day it reports
    ("The minister met her counterpart in Wellington on Monday.", False),
    ("The minister met her counterpart in Wellington on 14 March 2024.", False),
])
def test_a_text_that_reports_its_own_day_is_a_release(text, release):
    document = document_from_text(text, title="Ministers meet", published=PUBLISHED)
    assert read_publisher(document, TABLE).release is release


@pytest.mark.parametrize("title, lede, placed", [
    # a release whose lede puts its trip in one city: its later meetings without a place are there
    ("Readout of the Minister's Trip", "This week, Minister Ali led an Azerbaijani delegation to a forum in Astana.",
     "Astana"),
    # a news article, or a lede naming two cities, places nothing
    ("Report on a trip", "This week, Minister Ali led an Azerbaijani delegation to a forum in Astana.", None),
    ("Readout of the Minister's Trip",
     "This week, Minister Ali led an Azerbaijani delegation to a forum in Astana and then to a forum in Dushanbe.",
     None),
])
def test_a_releases_meetings_are_in_the_city_of_its_lede(extractor, title, lede, placed):
    text = f"{title}\n\n{lede}\n\nThe delegation met with President Recep Tayyip Erdogan on Tuesday."
    events = extractor.extract(document_from_text(text, title=title, published=PUBLISHED))
    [meeting] = [e for e in events if e.event_type == "CONSULT" and set(e.participants) == {"AZE", "TUR"}]
    assert (meeting.location.name if meeting.location else None) == placed


@pytest.mark.parametrize("title, body, expected", [
    # a release's present-tense stance, right after its actor, is its act on its day
    ("Statement on the Talks", "Azerbaijan urges Armenia to return to the talks.", {("REQUEST", ("AZE", "ARM"))}),
    ("Statement on the Talks", "Azerbaijan strongly condemns Armenia for the shelling.", {("ACCUSE", ("AZE", "ARM"))}),
    # not in a news article, not a habit, not a verb after a comma
    ("Report on the Talks", "Azerbaijan urges Armenia to return to the talks.", set()),
    ("Statement on the Talks", "Azerbaijan regularly urges Armenia to return to the talks.", set()),
    ("Statement on the Talks", "In its view, which Azerbaijan shares, Turkey urges Armenia to return.", set()),
])
def test_a_releases_present_stance_is_its_act(extractor, title, body, expected):
    events = extractor.extract(document_from_text(f"{title}\n\n{body}", title=title, published=PUBLISHED))
    occurred = {(e.event_type, e.participants) for e in events if e.status == "occurred"}
    assert occurred == expected
    assert all(e.time.start == PUBLISHED for e in events if e.status == "occurred")


def test_what_a_traveller_did_during_a_reported_trip_is_dated_to_the_trip(extractor):
    title = "Readout of the President's Travel to Russia"
    text = (f"{title}\n\nFrom March 4-8, President Ilham Aliyev traveled to Moscow.\n\n"
            "Aliyev and Russian President Vladimir Putin agreed to expand trade.\n\n"
            "Aliyev also met with Kazakh President Kassym-Jomart Tokayev.")
    events = extractor.extract(document_from_text(text, title=title, published=PUBLISHED))
    spans = {(e.event_type, e.participants): (e.time.start, e.time.end) for e in events}
    trip = (date(2024, 3, 4), date(2024, 3, 8))
    assert spans[("AGREE", ("AZE", "RUS"))] == trip
    assert spans[("CONSULT", ("AZE", "KAZ"))] == (PUBLISHED, PUBLISHED)    # no party of the trip: the release's day
