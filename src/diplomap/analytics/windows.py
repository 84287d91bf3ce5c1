"""Choosing a window and saying what it leaves out.

``dense_window`` is the default window of ``profile`` and ``report`` when the user
gives no dates: the shortest span of days holding ``DENSE_SHARE`` (90%) of the focal
actor's dated events, by start date (the most recent such span on a tie). A few
background events years away from the rest then no longer stretch the window; with
fewer than ten dated events it runs from the first to the last.

``left_out`` counts the focal actor's events that a window does not count: undated
ones (unless the window includes them), those before it and those after it, each a
note to print (``WindowCounts.notes()``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from diplomap.analytics.base import Window, as_date
from diplomap.analytics.profile import make_context

DENSE_SHARE = 0.9


@dataclass(frozen=True)
class WindowCounts:
    """The focal actor's occurred events, at or above the confidence threshold, that a window leaves out."""

    undated: int = 0
    before: int = 0
    after: int = 0

    def notes(self) -> tuple[str, ...]:
        notes = []
        if self.undated:
            notes.append(f"{_events(self.undated, 'undated event')} not counted; --include-undated counts them")
        if self.before:
            notes.append(f"{_events(self.before, 'event')} before the window")
        if self.after:
            notes.append(f"{_events(self.after, 'event')} after the window")
        return tuple(notes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class DenseWindow:
    """The window ``dense_window`` chose and why (``reason`` is None when it kept the one given)."""

    window: Window
    reason: str | None = None


def _events(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def dense_window(store, focal: str, window: Window, *, kb=None) -> DenseWindow:
    """``window`` itself when it has a date, else the span where ``focal``'s dated events are
    dense (see the module's docstring), keeping its other settings."""
    if window.date_from or window.date_to:
        return DenseWindow(window)
    starts = sorted(as_date(value) for value in _dates(store, focal, window, kb)["date_start"])
    if not starts:
        return DenseWindow(window)
    share = DENSE_SHARE if len(starts) >= 10 else 1.0
    size = math.ceil(share * len(starts))
    first = min(range(len(starts) - size + 1), key=lambda i: (starts[i + size - 1] - starts[i], -i))
    chosen = dataclasses.replace(window, date_from=starts[first], date_to=starts[first + size - 1])
    rule = (f"the shortest span holding {size} of the {len(starts)} dated events" if share < 1
            else f"the first to the last of the {len(starts)} dated events")
    return DenseWindow(chosen, f"window {chosen.label()}: {rule}; --from/--to choose another")


def left_out(store, focal: str, window: Window, *, kb=None, with_actor: str | None = None) -> WindowCounts:
    """How many of ``focal``'s events (shared with ``with_actor``, if given) ``window`` does not count."""
    every = dataclasses.replace(window, date_from=None, date_to=None, include_undated=True)
    context = make_context(store, focal, every, kb=kb, with_actor=with_actor)
    found = context.focal_columns(
        "SELECT count(*) FILTER (WHERE date_start IS NULL) AS undated, "
        "count(*) FILTER (WHERE coalesce(date_end, date_start) < CAST(? AS DATE)) AS before, "
        "count(*) FILTER (WHERE date_start > CAST(? AS DATE)) AS after FROM focal", [window.date_from, window.date_to])
    return WindowCounts(undated=0 if window.include_undated else int(found["undated"][0] or 0),
                        before=int(found["before"][0] or 0), after=int(found["after"][0] or 0))


def _dates(store, focal: str, window: Window, kb) -> dict[str, list]:
    dated = dataclasses.replace(window, include_undated=False)
    return make_context(store, focal, dated, kb=kb).focal_columns("SELECT date_start FROM focal")
