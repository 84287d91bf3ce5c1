"""What the views show of one actor: its profile as JSON, plus what a page needs to draw it.

``profile_view`` is the body of ``/api/profile/{code}`` and the data of the static
report: ``Profile.to_dict()`` (every figure with its event ids) and

- ``capital``: the focal actor's capital {name, lat, lon}, where the map's lines start;
- ``names``: actor code -> name, for every actor the page mentions;
- ``partners``: one row per partner: vector, events, cooperation and conflict, the
  tier reached and each dated step of the partnership ladder;
- ``event_ids``: every event the page refers to (the actor's events, hosted talks,
  ladder steps, and the actor's events below the window's confidence threshold, which
  the figures leave out), which the report lists with their evidence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from diplomap.analytics import Profile, Window, profile
from diplomap.analytics.base import measures_kb, query_rows
from diplomap.analytics.ladder import step_date
from diplomap.kb import KnowledgeBase
from diplomap.report.assets import asset_text

GLOSSARY = "data/glossary.json"       # a headline figure's label -> what it means, in plain words


def profile_view(store, code: str, window: Window | None = None, *, kb: KnowledgeBase | None = None,
                 blocs: Mapping[str, str] | None = None) -> dict:
    """The profile of ``code`` over ``window`` with the extras above.

    Raises MeasureError for an actor neither the knowledge base nor the store knows.
    """
    kb = kb or measures_kb()
    result = profile(store, code, window, kb=kb, blocs=blocs)
    table = dict(kb.blocs if blocs is None else blocs)
    view = result.to_dict()
    view["window"]["label"] = result.window.label()
    view["window"]["left_out"] = result["scale"].left_out
    capital = kb.capital(result.focal)
    view["capital"] = {"name": capital.name, "lat": capital.lat, "lon": capital.lon} if capital else None
    view["partners"] = partner_rows(result, table)
    view["event_ids"] = sorted(referenced_ids(result))
    view["names"] = {code: kb.actor_name(code) for code in sorted(mentioned_actors(store, result, view))}
    explain(view["headline"])
    return view


def explain(headline: list[dict]) -> None:
    """Give each headline figure its plain-words ``explanation`` (report/static/data/glossary.json)."""
    words = glossary()
    for figure in headline:
        figure["explanation"] = words.get(figure["label"])


def glossary() -> dict[str, str]:
    """The plain-words explanation of each headline figure, by its label."""
    return {row["label"]: row["explains"] for row in json.loads(asset_text(GLOSSARY))}


def partner_rows(result: Profile, blocs: Mapping[str, str]) -> list[dict]:
    """Partners, most events first: vector, counts, intensities, tier and ladder steps."""
    conflict = {p.partner: p for p in result["cooperation"].partners}
    ladders = {p.partner: p for p in result["ladder"].partners}
    rows = []
    for count in result["scale"].partners:
        totals, ladder = conflict.get(count.key), ladders.get(count.key)
        rows.append({
            "partner": count.key, "name": count.label, "vector": blocs.get(count.key, "other"),
            "events": count.events, "event_ids": list(count.event_ids),
            "net": round(totals.total, 2) if totals else 0.0,
            "cooperation": round(totals.cooperation, 2) if totals else 0.0,
            "conflict": round(totals.conflict, 2) if totals else 0.0,
            "tier": ladder.tier if ladder else None,
            "steps": [{"date": step_date(s), "tier": s.tier, "change": s.change, "event_id": s.event_id,
                       "doc_id": s.doc_id, "document": s.document, "evidence": s.evidence}
                      for s in (ladder.steps if ladder else ())],
        })
    return rows


def referenced_ids(result: Profile) -> set[str]:
    ids = set(result["scale"].event_ids)
    ids.update(talk.event_id for talk in result["broker"].hosted)
    ids.update(step.event_id for ladder in result["ladder"].partners for step in ladder.steps)
    ids.update(result["scale"].left_out_ids)
    return ids


def mentioned_actors(store, result: Profile, view: dict) -> set[str]:
    codes = {result.focal, *(row["partner"] for row in view["partners"])}
    codes.update(node.actor for node in result["broker"].top)
    codes.update(party for talk in result["broker"].hosted for party in talk.parties)
    if view["event_ids"]:
        marks = ", ".join("?" for _ in view["event_ids"])
        codes.update(row["actor"] for row in query_rows(
            store, f"SELECT DISTINCT actor FROM event_participants WHERE canonical_id IN ({marks})",
            view["event_ids"]))
    return codes


def parse_window(date_from: date | str | None, date_to: date | str | None, min_confidence: float = 0.0) -> Window:
    """A Window from dates or ISO strings and a confidence threshold; MeasureError when it ends
    before it starts or the threshold is not between 0 and 1."""
    def as_date(value):
        return date.fromisoformat(value) if isinstance(value, str) and value else (value or None)

    return Window(as_date(date_from), as_date(date_to), min_confidence=min_confidence)
