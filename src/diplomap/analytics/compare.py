"""Compare actors: the headline figures of their profiles, side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from diplomap.analytics.base import Figure, MeasureError, Result, Section, Window, left_out_note, measures_kb
from diplomap.analytics.profile import Profile, check_actor, profile
from diplomap.kb import KnowledgeBase


@dataclass(frozen=True)
class ComparisonRow:
    measure: str
    label: str
    figures: tuple[Figure, ...]       # one per actor, in the order of ``actors``


@dataclass(frozen=True)
class Comparison(Result):
    actors: tuple[str, ...]
    names: tuple[str, ...]
    window: Window
    rows: tuple[ComparisonRow, ...]
    notes: tuple[str, ...] = ()

    def value(self, label: str, actor: str):
        """The value of one headline figure for one actor."""
        index = self.actors.index(actor)
        for row in self.rows:
            if row.label == label:
                return row.figures[index].value
        raise KeyError(label)

    def sections(self) -> list[Section]:
        return [Section("Comparison", ("measure", *self.actors),
                        tuple((row.label, *(_cell(f.value) for f in row.figures)) for row in self.rows))]


def compare(store, actors: Sequence[str], window: Window | None = None, *, kb: KnowledgeBase | None = None,
            blocs: Mapping[str, str] | None = None) -> Comparison:
    """Profile each actor over the same window and line up their headline figures.

    Raises MeasureError for fewer than two distinct actors or an unknown code.
    """
    kb = kb or measures_kb()
    codes = list(dict.fromkeys(check_actor(store, kb, code) for code in actors if code.strip()))
    if len(codes) < 2:
        raise MeasureError("compare needs at least two different actor codes")
    profiles: list[Profile] = [profile(store, code, window, kb=kb, blocs=blocs) for code in codes]
    labels: dict[tuple[str, str], list[Figure]] = {}
    for index, item in enumerate(profiles):
        for measure, figure in item.headline():
            cells = labels.setdefault((measure, figure.label), [Figure(figure.label, None)] * len(profiles))
            cells[index] = figure
    rows = tuple(ComparisonRow(measure, label, tuple(cells)) for (measure, label), cells in labels.items())
    return Comparison(tuple(p.focal for p in profiles), tuple(p.name for p in profiles),
                      profiles[0].window, rows, _left_out_notes(profiles))


def _left_out_notes(profiles: Sequence[Profile]) -> tuple[str, ...]:
    """One note for each actor whose events the window's confidence threshold left out."""
    notes = []
    for item in profiles:
        left_out = item["scale"].left_out
        if left_out:
            notes.append(f"{item.focal}: {left_out_note(left_out, item.window.min_confidence)}")
    return tuple(notes)


def _cell(value):
    if value is None:
        return "-"
    return value
