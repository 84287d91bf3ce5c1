"""Partnership ladder: the tier of each partnership over time, from the sentences that name it.

Tiers, low to high: relations < partnership < strategic partnership < comprehensive
strategic partnership < alliance. An AGREE or SUPPORT event between the focal actor
and a partner sets the tier its evidence names; every report of a fused event is
read, and the source document of the sentence is kept. In a sentence, a phrase
inside a longer one does not count ("comprehensive strategic partnership" is not
also a "strategic partnership"), and of the phrases left the highest tier wins
("a comprehensive strategic partnership and alliance" is an alliance). A tier named
for a sector ("strategic partnership in energy"), a programme ("Eastern Partnership",
"Partnership for Peace") or "the alliance" (an organisation) sets no tier. The ladder
only climbs: the tier over time is the highest named so far. A step is dated by its
event (counting from the end of the year for an event dated to a year only), else
by the publication date of its source.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, as_date, ids

TIERS = ("relations", "partnership", "strategic partnership", "comprehensive strategic partnership", "alliance")
_PHRASES = (
    (4, r"(?:strategic\s+)?alliance"),
    (4, r"allied\s+(?:relations|relationship|interaction|partnership)"),
    (3, r"comprehensive\s+strategic\s+(?:cooperative\s+)?partnership"),
    (2, r"strategic\s+(?:cooperative\s+)?partnership"),
    (1, r"(?:comprehensive\s+|enhanced\s+|privileged\s+)?partnership"),
    (0, r"diplomatic\s+relations"),
)
_PATTERNS = tuple((tier, re.compile(rf"\b{phrase}\b", re.IGNORECASE)) for tier, phrase in _PHRASES)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_SECTORAL = re.compile(r"\s+(?:in|on|for)\s+(?:the\s+)?([A-Za-z][\w-]*)")
_PROGRAMMES = re.compile(r"eastern\s+partnership|partnership\s+for\s+peace", re.IGNORECASE)
_PREFILTER = ("partnership", "allian", "allied", "diplomatic relations")


@dataclass(frozen=True)
class TierStep:
    """A tier named for a partnership, when, and where it was read."""

    partner: str
    tier: str
    rank: int
    date: date | None           # the event's start, else the report's publication date
    precision: str              # of ``date``: day | month | year (event dates), day (report dates)
    date_basis: str             # event | report | unknown
    change: str                 # first | up | same | lower (against the highest tier before)
    phrase: str
    event_id: str
    doc_id: str
    document: str               # the source's title, else where it was read from
    evidence: str


@dataclass(frozen=True)
class PartnerLadder:
    partner: str
    name: str
    tier: str                   # the highest tier named in the window
    steps: tuple[TierStep, ...]

    @property
    def upgrades(self) -> tuple[TierStep, ...]:
        return tuple(step for step in self.steps if step.change in ("first", "up"))


@dataclass(frozen=True)
class LadderResult(Result):
    partners: tuple[PartnerLadder, ...]     # highest tier first
    notes: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        rows = tuple((p.partner, s.tier, s.change, step_date(s), _short(s.document, 60), _short(s.evidence))
                     for p in self.partners for s in p.steps)
        return [Section("Partnership ladder", ("partner", "tier", "change", "date", "source", "evidence"), rows,
                        note="a date marked (reported) is the publication date of an undated event's source")]

    def headline(self) -> tuple[Figure, ...]:
        upgrades = [s for p in self.partners for s in p.upgrades]
        top = self.partners[0] if self.partners else None
        return (Figure("tier upgrades", len(upgrades), ids(s.event_id for s in upgrades)),
                Figure("highest tier", f"{top.partner}: {top.tier}" if top else None,
                       ids(s.event_id for s in top.steps) if top else ()))


class Ladder(Measure):
    name = "ladder"
    title = "Partnership ladder"

    def compute(self, context: Context) -> LadderResult:
        return LadderResult(tuple(partner_ladders(context)))


def partner_ladders(context: Context) -> list[PartnerLadder]:
    """Each partner's ladder (only partners with a tier named), highest tier first."""
    like = " OR ".join("lower(r.evidence_text) LIKE ?" for _ in _PREFILTER)
    rows = context.focal_rows(
        "SELECT f.canonical_id, f.date_start, f.date_end, f.date_precision, p.actor AS partner, s.doc_id, r.evidence_text, d.published, "
        "coalesce(d.title, d.origin, d.doc_id) AS document "
        "FROM focal f JOIN partners p ON p.canonical_id = f.canonical_id "
        "JOIN event_sources s ON s.canonical_id = f.canonical_id JOIN reports r ON r.event_id = s.event_id "
        "JOIN documents d ON d.doc_id = s.doc_id "
        f"WHERE f.event_type IN ('AGREE', 'SUPPORT') AND ({like}) "
        "ORDER BY f.canonical_id, p.actor, d.published NULLS LAST, s.doc_id",
        [f"%{word}%" for word in _PREFILTER], partners=True)
    if context.with_actor:
        rows = [row for row in rows if row["partner"] == context.with_actor]
    best: dict[tuple[str, str], tuple] = {}
    for row in rows:
        found = partnership_tier(row["evidence_text"])
        if found is None:
            continue
        key = (row["canonical_id"], row["partner"])
        if key not in best or found[0] > best[key][0][0]:
            best[key] = (found, row)
    steps: dict[str, list[TierStep]] = defaultdict(list)
    for (event_id, partner), ((rank, phrase), row) in best.items():
        steps[partner].append(_step(partner, event_id, rank, phrase, row))
    ladders = [PartnerLadder(partner, context.name_of(partner), TIERS[max(s.rank for s in items)],
                             _climb(sorted(items, key=_order)))
               for partner, items in steps.items()]
    return sorted(ladders, key=lambda p: (-TIERS.index(p.tier), p.partner))


def partnership_tier(text: str) -> tuple[int, str] | None:
    """(tier rank, phrase) of the highest tier ``text`` names, or None (see the module docstring)."""
    matches = [(match.start(), match.end(), tier, match.group(0)) for tier, pattern in _PATTERNS
               for match in pattern.finditer(text)]
    programmes = [(m.start(), m.end()) for m in _PROGRAMMES.finditer(text)]
    kept = []
    for start, end, tier, phrase in matches:
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _, _ in matches):
            continue          # inside a longer phrase
        if any(s <= start and end <= e for s, e in programmes) or _sectoral(text, end):
            continue
        if phrase.lower().endswith("alliance") and re.search(r"\bthe\s+$", text[:start], re.IGNORECASE):
            continue          # "the alliance": an organisation, not a tier
        kept.append((tier, re.sub(r"\s+", " ", phrase.lower())))
    return max(kept, default=None)


def _sectoral(text: str, end: int) -> bool:
    """Whether the phrase ending at ``end`` is qualified by a sector ("... in energy")."""
    match = _SECTORAL.match(text, end)
    if not match:
        return False
    word = match.group(1)
    return word[0].islower() and word.lower() not in _MONTHS


def _step(partner: str, event_id: str, rank: int, phrase: str, row: dict) -> TierStep:
    when, precision, basis = as_date(row["date_start"]), row["date_precision"], "event"
    if when is None:
        when, precision, basis = as_date(row["published"]), "day", "report" if row["published"] else "unknown"
    return TierStep(partner, TIERS[rank], rank, when, precision, basis, "", phrase, event_id, row["doc_id"],
                    row["document"], row["evidence_text"])


def _order(step: TierStep) -> tuple:
    """Steps in time; a step dated to a year only counts from the end of that year, the undated last."""
    if step.date is None:
        return (date.max, step.event_id)
    if step.precision == "year":
        return (step.date.replace(month=12, day=31), step.event_id)
    return (step.date, step.event_id)


def _climb(items: list[TierStep]) -> tuple[TierStep, ...]:
    """The steps with their change against the highest tier named before each."""
    steps, highest = [], None
    for step in items:
        if highest is None:
            change = "first"
        else:
            change = "up" if step.rank > highest else "same" if step.rank == highest else "lower"
        highest = step.rank if highest is None else max(highest, step.rank)
        steps.append(replace(step, change=change))
    return tuple(steps)


def step_date(step: TierStep) -> str:
    """The date of a step as precise as it is known: 2024, 2024-07, 2025-04-23 (reported)."""
    if step.date is None:
        return "undated"
    if step.precision == "year":
        return str(step.date.year)
    if step.precision == "month":
        return step.date.isoformat()[:7]
    return step.date.isoformat() + (" (reported)" if step.date_basis == "report" else "")


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
