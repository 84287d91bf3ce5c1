"""fuse: reports of the same real event in different documents become one canonical event.

Pure functions over Event records; no database. Two reports fuse when all hold:

- same status, and event types of the same family (CONSULT with CONSULT, AGREE with
  SUPPORT, COOPERATE with AID, ACCUSE with PROTEST, CONCEDE with RETREAT);
- different documents (reports of one document were merged by the extractor already);
- compatible modes (equal or one unknown) and both multilateral or both not, so a
  bilateral meeting on a summit's sidelines never swallows the summit;
- participant sets overlap: Jaccard >= 0.5, or one a subset of the other;
- date intervals overlap; or one report is undated (rules of undated reports, below);
- same place (a country-level place matches a city of that country) and same forum,
  each where both reports know it.

An undated report joins a cluster (dated or not) that is near in time: a dated cluster whose
dates overlap the report's publication month widened by ``publication_days`` on each side, or an
undated cluster with a report published within ``publication_days`` days or in the same month.
Near, it joins by the first rule that holds: ``same-sentence`` (the same evidence sentence as a
member, normalised: case, punctuation and spacing ignored), ``same-act`` (the same event type,
participant set and forum as the cluster), or ``same-publication-month`` (both name the same place
or forum, and the publication month overlaps the cluster's dates or publication months).

Clustering is deterministic and independent of arrival order: reports are taken most
precise date first, each joins the best compatible cluster that has no report of its
document yet. The canonical event takes the most precise date, the union of the
participants, roles only where they agree, and a confidence raised by corroboration
(1 - prod(1 - c), at most 0.99); each participant keeps the reason (``participant_sources``) of the
most confident report that grounds it. Every source records the rule that admitted it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from diplomap.errors import DiplomapError
from diplomap.models import Event, Place, TimeSpan, content_hash

TYPE_FAMILIES = {
    "AGREE": "agree", "SUPPORT": "agree",
    "COOPERATE": "cooperate", "AID": "cooperate",
    "ACCUSE": "disapprove", "PROTEST": "disapprove",
    "CONCEDE": "concede", "RETREAT": "concede",
}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}
MAX_CONFIDENCE = 0.99
MIN_JACCARD = 0.5
ANCHOR_RULE = "anchor"
UNDATED_REACH_DAYS = 7      # an undated report's window: its publication month and 7 days either side
PUBLICATION_DAYS = 3        # default of FusionRules.publication_days (at most UNDATED_REACH_DAYS)
_SENTENCE_WORD = re.compile(r"\w+")


def type_family(event_type: str) -> str:
    """The fusion family of a PLOVER type (its own name, lower case, unless grouped)."""
    return TYPE_FAMILIES.get(event_type, event_type.lower())


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of the month of ``day``."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def undated_window(published: date) -> tuple[date, date]:
    """The fusion window of an undated report published on ``published``: its publication month
    and UNDATED_REACH_DAYS days on each side of the publication day."""
    first, last = month_of(published)
    reach = timedelta(days=UNDATED_REACH_DAYS)
    early = published - reach if published > date.min + reach else date.min      # an absurd date stays in range
    late = published + reach if published < date.max - reach else date.max
    return min(first, early), max(last, late)


def sentence_key(text: str) -> str:
    """An evidence sentence normalised (case, punctuation and spacing ignored), as a short hash."""
    return content_hash(" ".join(_SENTENCE_WORD.findall(text.casefold())), length=16)


def fusion_window(event: Event, published: date | None) -> tuple[date, date] | None:
    """The days a report can share with another: its dates, else ``undated_window`` of its publication.

    None when neither is known: such a report never fuses. Two reports can only fuse
    when their windows overlap, so the store recomputes clusters window by window.
    """
    if event.time.start is not None:
        return event.time.start, event.time.end or event.time.start
    if published is not None:
        return undated_window(published)
    return None


@dataclass(frozen=True, slots=True)      # slots: fusion holds a partition's reports at once
class Report:
    """One extracted event and the publication date of its document."""

    event: Event
    published: date | None = None


@dataclass(frozen=True)
class FusionRules:
    """Knowledge and thresholds that fusion needs: names of countries, to tell country-level
    places; ``publication_days``: how many days apart two undated reports of the same act (or an
    undated report and a dated event) may be published and still fuse (0 to UNDATED_REACH_DAYS)."""

    country_names: frozenset[str] = frozenset()
    publication_days: int = PUBLICATION_DAYS

    def __post_init__(self) -> None:
        if not 0 <= self.publication_days <= UNDATED_REACH_DAYS:
            raise DiplomapError(f"publication_days {self.publication_days} must be between 0 and "
                                f"{UNDATED_REACH_DAYS}")

    def country_level(self, place: Place) -> bool:
        return place.name.casefold() in self.country_names


@dataclass(frozen=True)
class Source:
    """One report behind a canonical event and the rule that merged it."""

    event_id: str
    doc_id: str
    rule: str


@dataclass(frozen=True)
class FusedEvent:
    """A canonical event: a contract Event whose id is the canonical id, and its sources."""

    event: Event
    sources: tuple[Source, ...]

    @property
    def canonical_id(self) -> str:
        return self.event.event_id

    def to_dict(self) -> dict:
        """The contract record, with ``sources`` (document ids) in place of ``doc_id``."""
        record = self.event.to_dict()
        del record["doc_id"]
        record["sources"] = sorted({source.doc_id for source in self.sources})
        record["source_count"] = len(record["sources"])
        return record


def fuse(reports: Iterable[Report], rules: FusionRules | None = None) -> list[FusedEvent]:
    """Canonical events for ``reports``; every report is in exactly one of them."""
    fused = [cluster.build() for cluster in _clusters(reports, rules or FusionRules())]
    return sorted(fused, key=lambda item: item.canonical_id)


def cluster_members(reports: Iterable[Report], rules: FusionRules | None = None) -> list[tuple[tuple[Report, str], ...]]:
    """The clusters ``fuse`` forms, as (report, rule) tuples, anchor first, without building events.

    Clustering reads only a report's ids, type, status, mode, organization, participants,
    location, dates and publication date, so callers may pass light stand-ins for the
    other fields and build the canonical event of a cluster later with ``build_fused``.
    """
    return [cluster.members for cluster in _clusters(reports, rules or FusionRules())]


def build_fused(members: Sequence[tuple[Report, str]], rules: FusionRules | None = None) -> FusedEvent:
    """The canonical event of a cluster of (report, rule), anchor first, as ``fuse`` builds it."""
    rules = rules or FusionRules()
    cluster = _Cluster.start(members[0][0], rules)
    for report, rule in members[1:]:
        cluster.add(report, rule)
    return cluster.build()


def _clusters(reports: Iterable[Report], rules: FusionRules) -> list[_Cluster]:
    partitions: dict[tuple[str, str], list[Report]] = {}
    for report in reports:
        key = (type_family(report.event.event_type), report.event.status)
        partitions.setdefault(key, []).append(report)
    clusters = []
    for key in sorted(partitions):
        clusters += _cluster(sorted(partitions[key], key=_order), rules)
    return clusters


def _order(report: Report) -> tuple:
    time = report.event.time
    precision = PRECISION_RANK.get(time.precision, 3) if time.start else 3
    span = (time.end - time.start).days if time.start and time.end else 0
    return precision, span, time.start or date.max, report.event.event_id


@dataclass(slots=True)
class _Cluster:
    """Reports gathered so far and what they say together (kept up to date as reports join).

    A load fuses hundreds of thousands of clusters at once, most of one report, so the
    members, documents, publication days and sentences are tuples, and the values many clusters
    hold alike (actor sets, windows, documents, days) are one copy each, kept in ``shared``.
    """

    members: tuple[tuple[Report, str], ...]
    rules: FusionRules
    shared: dict
    participants: frozenset[str] = frozenset()
    docs: tuple[str, ...] = ()
    published: tuple[date, ...] = ()
    sentences: tuple[str, ...] = ()
    window: tuple[date, date] | None = None
    mode: str | None = None
    organization: str | None = None
    location: Place | None = None
    multilateral: bool = False

    @classmethod
    def start(cls, report: Report, rules: FusionRules, shared: dict | None = None) -> _Cluster:
        shared = {} if shared is None else shared
        window = fusion_window(report.event, report.published)
        cluster = cls((), rules, shared, window=shared.setdefault(window, window) if window else None,
                      multilateral=_multilateral(report.event))
        cluster.add(report, ANCHOR_RULE)
        return cluster

    def add(self, report: Report, rule: str) -> None:
        event, one = report.event, self.shared.setdefault
        self.members += ((report, rule),)
        if not self.participants.issuperset(event.participants):
            union = self.participants.union(event.participants)
            self.participants = one(union, union)
        if event.doc_id not in self.docs:
            docs = self.docs + (event.doc_id,)
            self.docs = one(docs, docs)
        if report.published and report.published not in self.published:
            days = self.published + (report.published,)
            self.published = one(days, days)
        sentence = report_sentence(event)
        if sentence not in self.sentences:
            self.sentences += (sentence,)
        self.mode = self.mode or event.mode
        self.organization = self.organization or event.organization
        place = event.location
        if place and (self.location is None or (self.rules.country_level(self.location)
                                                and not self.rules.country_level(place))):
            self.location = place    # the first precise place, else the first country-level one

    @property
    def anchor(self) -> Event:
        return self.members[0][0].event

    def time(self) -> TimeSpan | None:
        """The most precise date of the members (they are ordered most precise first)."""
        return self.anchor.time if self.anchor.time.start else None

    def build(self) -> FusedEvent:
        return FusedEvent(_canonical(self), tuple(
            Source(r.event.event_id, r.event.doc_id, rule) for r, rule in self.members))


def _cluster(reports: Sequence[Report], rules: FusionRules) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    index = _Index()
    shared: dict = {}
    for report in reports:
        window = fusion_window(report.event, report.published)
        actors = set(report.event.participants)
        best, best_key, best_rule = None, None, ""
        for position in index.candidates(actors, window):
            cluster = clusters[position]
            if not _may_share(len(actors), len(cluster.participants), len(actors & cluster.participants)):
                continue        # the participant rule would refuse it: skip the full check
            match = match_rule(report, cluster, rules)
            if match is None:
                continue
            key = (-_jaccard(actors, cluster.participants), position)
            if best_key is None or key < best_key:
                best, best_key, best_rule = position, key, match
        if best is None:
            clusters.append(_Cluster.start(report, rules, shared))
            best = len(clusters) - 1
        else:
            clusters[best].add(report, best_rule)
        index.add(best, actors, clusters[best].participants, clusters[best].window)
    return clusters


def _may_share(mine: int, theirs: int, shared: int) -> bool:
    """``_participant_rule`` from the set sizes alone: equal, a subset, or Jaccard high enough."""
    return shared > 0 and (shared == mine or shared == theirs or shared / (mine + theirs - shared) >= MIN_JACCARD)


class _Index:
    """Clusters by actors and time: candidates for a report without scanning every cluster.

    A report can only join a cluster whose anchor's window overlaps its own and whose
    participants pass the participant rule. Clusters with short windows are filed under
    each day of their window, longer ones under each month; a report looks up the days
    and the months of its own window. Under which names: a report of one actor looks
    its actor up; a report of several can only join a cluster that shares two of them
    with it, or one of a single actor (the rule's subset case), so it looks up its
    pairs of actors and its actors among single-actor clusters. Every cluster is filed
    under its actors, its pairs of actors, and (while it has one) its single actor.
    """

    SHORT_DAYS = 7

    def __init__(self) -> None:
        # each: (by day, by month), name -> key -> positions (a list)
        self.actors: tuple[dict, dict] = ({}, {})
        self.pairs: tuple[dict, dict] = ({}, {})
        self.single: tuple[dict, dict] = ({}, {})

    def add(self, position: int, actors: Iterable[str], everyone: set[str],
            window: tuple[date, date] | None) -> None:
        """File the cluster at ``position`` that now has ``everyone`` after members of ``actors`` joined."""
        if window is None:
            return
        short = (window[1] - window[0]).days < self.SHORT_DAYS
        which, (first, last) = (0, _days(window)) if short else (1, _months(window))
        keys = range(first, last + 1)
        _file(self.actors[which], actors, keys, position)
        _file(self.pairs[which], {_pair(a, b) for a in actors for b in everyone if a != b}, keys, position)
        if len(everyone) == 1:
            _file(self.single[which], everyone, keys, position)

    def candidates(self, actors: set[str], window: tuple[date, date] | None) -> set[int]:
        if window is None or not actors:
            return set()
        spans = (_days(window), _months(window))
        if len(actors) == 1:
            return _look_up(self.actors, actors, spans)
        pairs = {_pair(a, b) for a in actors for b in actors if a < b}
        return _look_up(self.pairs, pairs, spans) | _look_up(self.single, actors, spans)


def _pair(a: str, b: str) -> str:
    return f"{a}\x1f{b}" if a < b else f"{b}\x1f{a}"


def _file(tables: dict, names: Iterable[str], keys: range, position: int) -> None:
    # lists, not sets (a third of the memory): a position filed twice is found once all the same
    for name in names:
        filed = tables.setdefault(name, {})
        for key in keys:
            positions = filed.setdefault(key, [])
            if not positions or positions[-1] != position:
                positions.append(position)


def _look_up(tables: tuple[dict, dict], names: Iterable[str], spans) -> set[int]:
    found: set[int] = set()
    for name in names:
        for filed_by, (first, last) in zip(tables, spans):
            filed = filed_by.get(name)
            if not filed:
                continue
            if last - first < len(filed):
                for key in range(first, last + 1):
                    if key in filed:
                        found.update(filed[key])
            else:
                for key, positions in filed.items():
                    if first <= key <= last:
                        found.update(positions)
    return found


def _days(window: tuple[date, date]) -> tuple[int, int]:
    return window[0].toordinal(), window[1].toordinal()


def _months(window: tuple[date, date]) -> tuple[int, int]:
    return window[0].year * 12 + window[0].month - 1, window[1].year * 12 + window[1].month - 1


def report_sentence(event) -> str:
    """``sentence_key`` of a report's evidence (a slim stand-in carries it precomputed as ``sentence``)."""
    known = getattr(event, "sentence", None)
    return known if known is not None else sentence_key(event.evidence.text)


def match_rule(report: Report, cluster: _Cluster, rules: FusionRules) -> str | None:
    """The rule by which ``report`` joins ``cluster``, or None when it may not."""
    event = report.event
    if event.doc_id in cluster.docs:
        return None
    if _multilateral(event) != cluster.multilateral:
        return None
    mode = cluster.mode
    if event.mode and mode and event.mode != mode:
        return None
    people = _participant_rule(set(event.participants), cluster.participants)
    if people is None:
        return None
    where = _place_rule(event, cluster, rules)
    if where is None:
        return None
    when = _date_rule(report, cluster, rules, known_place=where.startswith(("same-place", "same-forum")))
    if when is None:
        return None
    return "+".join(part for part in (where, when, people) if part)


def _multilateral(event: Event) -> bool:
    return event.mode == "multilateral" or event.organization is not None


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _participant_rule(a: set[str], b: set[str]) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return "same-participants"
    if a <= b or b <= a:
        return "participant-subset"
    return "participant-overlap" if _jaccard(a, b) >= MIN_JACCARD else None


def _place_rule(event: Event, cluster: _Cluster, rules: FusionRules) -> str | None:
    """'same-place', 'same-forum' (or both), 'same-country', '' when unknown; None on conflict."""
    forum = cluster.organization
    same_forum = bool(event.organization and forum and event.organization == forum)
    if event.organization and forum and not same_forum:
        return None
    here, there = event.location, cluster.location
    if here is None or there is None:
        return "same-forum" if same_forum else ""
    if here.name.casefold() == there.name.casefold():
        return "same-place+same-forum" if same_forum else "same-place"
    if here.country is None or here.country != there.country:
        return None
    if same_forum:
        return "same-forum"
    if rules.country_level(here) or rules.country_level(there):
        return "same-country"
    return None


def _date_rule(report: Report, cluster: _Cluster, rules: FusionRules, known_place: bool) -> str | None:
    mine, theirs = report.event.time, cluster.time()
    if mine.start and theirs:
        return "overlapping-dates" if _overlap(mine, theirs) else None
    if mine.start is not None or report.published is None:
        return None     # dated reports come first, so a dated one never meets an undated cluster
    if not _near(report.published, cluster, theirs, rules.publication_days):
        return None
    if report_sentence(report.event) in cluster.sentences:
        return "same-sentence"
    if _same_act(report.event, cluster):
        return "same-act"
    if known_place and _same_month(report.published, cluster, theirs):
        return "same-publication-month"
    return None


def _near(published: date, cluster: _Cluster, theirs: TimeSpan | None, days: int) -> bool:
    """Whether an undated report published on ``published`` is near ``cluster`` in time."""
    reach = timedelta(days=days)
    if theirs is not None:
        first, last = month_of(published)
        early = published - reach if published > date.min + reach else date.min
        late = published + reach if published < date.max - reach else date.max
        return _overlap(TimeSpan(min(first, early), max(last, late)), theirs)
    return any(abs(published - day) <= reach or (day.year, day.month) == (published.year, published.month)
               for day in cluster.published)


def _same_month(published: date, cluster: _Cluster, theirs: TimeSpan | None) -> bool:
    if theirs is not None:
        return _overlap(TimeSpan(*month_of(published)), theirs)
    return any((day.year, day.month) == (published.year, published.month) for day in cluster.published)


def _same_act(event, cluster: _Cluster) -> bool:
    """The same type, participant set and forum as the cluster (its anchor's type)."""
    return (event.event_type == cluster.anchor.event_type and set(event.participants) == cluster.participants
            and event.organization == cluster.organization)


def _overlap(a: TimeSpan, b: TimeSpan) -> bool:
    return a.start <= (b.end or b.start) and b.start <= (a.end or a.start)


def _canonical(cluster: _Cluster) -> Event:
    anchor = cluster.anchor
    events = [r.event for r, _ in cluster.members]
    sources = _roles(events, "source_actors", anchor.target_actors)
    targets = _roles(events, "target_actors", (*anchor.source_actors, *sources))
    confidence = 1.0
    for event in events:
        confidence *= 1.0 - event.confidence
    return replace(
        anchor,
        event_id=canonical_id(event.event_id for event in events),
        mode=cluster.mode,
        source_actors=sources,
        target_actors=targets,
        participants=_union(e.participants for e in events),
        host=anchor.host or _agreed(e.host for e in events),
        organization=cluster.organization,
        contexts=_union(e.contexts for e in events),
        projects=_union(e.projects for e in events),
        people=_people(events),
        participant_sources=_participant_sources(events),
        location=cluster.location,
        confidence=round(min(MAX_CONFIDENCE, 1.0 - confidence), 4) if len(events) > 1 else anchor.confidence,
    )


def canonical_id(report_ids: Iterable[str]) -> str:
    """The id of a canonical event: a hash of the smallest id among its reports."""
    return content_hash("canonical", min(report_ids), length=24)


def _roles(events: Sequence[Event], role: str, conflicting: Sequence[str]) -> tuple[str, ...]:
    """The anchor's actors in ``role``, plus others' where they do not contradict it."""
    taken = list(getattr(events[0], role))
    for event in events[1:]:
        taken += [code for code in getattr(event, role) if code not in taken and code not in conflicting]
    return tuple(taken)


def _people(events: Sequence[Event]) -> tuple:
    named: dict = {}
    for event in events:
        for person in event.people:
            named.setdefault(person.name, person)
    return tuple(named.values())


def _participant_sources(events: Sequence[Event]) -> tuple[tuple[str, str], ...]:
    """Every participant any report grounds, in order of first appearance, each with the reason the
    most confident report that grounds it gives (the earliest member, the anchor first, on a tie)."""
    reasons: dict[str, str] = {}
    for event in sorted(events, key=lambda event: -event.confidence):       # stable: member order on a tie
        for code, why in event.participant_sources:
            reasons.setdefault(code, why)
    codes = dict.fromkeys(code for event in events for code, _ in event.participant_sources)
    return tuple((code, reasons[code]) for code in codes)


def _union(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def _agreed(values: Iterable[str | None]) -> str | None:
    """The one value the reports give, or None when none or several."""
    known = {value for value in values if value}
    return known.pop() if len(known) == 1 else None


__all__ = [
    "FusedEvent", "FusionRules", "Report", "Source", "build_fused", "canonical_id", "cluster_members", "fuse",
    "fusion_window", "match_rule", "type_family",
]
