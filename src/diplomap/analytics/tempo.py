"""Tempo: events per month and per week, and change points in the monthly rate.

An event is placed in the month (and week) it starts in, or in the window's first
month when it started before the window. Events dated to a month only have a month
but no week; events dated to a year only, and undated events, have neither and are
counted in the notes. Change points come from ``ruptures`` (PELT, least-squares cost)
on the zero-filled monthly counts, with a BIC-style penalty (see ``change_points``),
over the last MAX_CHANGE_MONTHS months at most: PELT's time grows with the square of
the series' length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from diplomap.analytics.base import (
    Context, Figure, Measure, Result, Section, as_date, ids, month_label, week_label,
)

MIN_MONTHS = 6        # fewer months than this: no change-point search
MIN_SEGMENT = 2       # months; a change must hold for at least this long
PENALTY = 3.0         # per change, times σ²·ln(n): see change_points
MAX_CHANGE_MONTHS = 120   # change points are looked for in the last ten years of a longer series
_SPARKS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Bucket:
    """Events in one period (a month "2025-04" or an ISO week "2025-W17")."""

    period: str
    start: date
    events: int
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class Segment:
    """A run of months with one mean rate between change points."""

    first: str
    last: str
    months: int
    per_month: float
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class ChangePoint:
    """The first month of a new rate: the mean rate before and after, the events after."""

    month: str
    rate_before: float
    rate_after: float
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class TempoResult(Result):
    months: tuple[Bucket, ...]
    weeks: tuple[Bucket, ...]
    per_month: float | None
    per_week: float | None
    segments: tuple[Segment, ...]
    change_points: tuple[ChangePoint, ...]
    penalty: float | None
    month_only_ids: tuple[str, ...]      # dated to a month: in months, not in weeks
    untimed_ids: tuple[str, ...]         # undated or dated to a year: in neither
    notes: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        busy = tuple((b.period, b.events) for b in self.months if b.events)
        spark = sparkline([b.events for b in self.months])
        sections = [
            Section("Tempo", ("measure", "value"), (
                ("months in the window", len(self.months)),
                ("events per month (mean)", _round(self.per_month)),
                ("events per week (mean, day-dated events)", _round(self.per_week)),
                ("monthly counts, first to last month", spark))),
            Section("Events per month", ("month", "events"), busy,
                    note="months without events are left out; the JSON lists every month"),
            Section("Events per week", ("week", "events"), tuple((b.period, b.events) for b in self.weeks if b.events),
                    note="weeks without events are left out"),
        ]
        if self.segments:
            sections.append(Section("Rate segments (change points between them)",
                                    ("from", "to", "months", "events per month"),
                                    tuple((s.first, s.last, s.months, round(s.per_month, 2)) for s in self.segments)))
        return sections

    def headline(self) -> tuple[Figure, ...]:
        dated = ids(i for b in self.months for i in b.event_ids)
        changes = ", ".join(f"{c.month} ({c.rate_before:.1f}->{c.rate_after:.1f})" for c in self.change_points)
        return (Figure("events per month", _round(self.per_month), dated),
                Figure("rate changes", changes or "none", ids(i for c in self.change_points for i in c.event_ids)))


class Tempo(Measure):
    name = "tempo"
    title = "Tempo"

    def compute(self, context: Context) -> TempoResult:
        base = (", base AS (SELECT canonical_id, date_precision, "
                "date_trunc('month', greatest(date_start, CAST(? AS DATE))) AS month, "
                "date_trunc('week', greatest(date_start, CAST(? AS DATE))) AS week FROM focal)")
        params = [context.window.date_from, context.window.date_from]
        timed = "month IS NOT NULL AND date_precision IN ('day', 'month')"
        by_month = _groups(context.focal_columns(
            f"SELECT month AS period, array_agg(canonical_id ORDER BY canonical_id) AS ids FROM base WHERE {timed} "
            "GROUP BY month", params, ctes=base))
        by_week = _groups(context.focal_columns(
            f"SELECT week AS period, array_agg(canonical_id ORDER BY canonical_id) AS ids FROM base WHERE {timed} "
            "AND date_precision = 'day' GROUP BY week", params, ctes=base))
        others = context.focal_columns(
            f"SELECT canonical_id, {timed} AS timed FROM base WHERE NOT ({timed}) OR date_precision = 'month' "
            "ORDER BY canonical_id", params, ctes=base)
        month_only = [event_id for event_id, timed in zip(others["canonical_id"], others["timed"]) if timed]
        untimed = [event_id for event_id, timed in zip(others["canonical_id"], others["timed"]) if not timed]
        window = context.window
        months = _buckets(by_month, month_axis(by_month, window.date_from, window.date_to), month_label)
        weeks = _buckets(by_week, _week_axis(by_month, by_week, window.date_from, window.date_to), week_label)
        segments, changes, penalty, note = change_points(months)
        notes = [note] if note else []
        if untimed:
            notes.append(f"{len(untimed)} event(s) undated or dated to a year only are not in the series")
        if month_only:
            notes.append(f"{len(month_only)} event(s) dated to a month only are in the months but not the weeks")
        return TempoResult(
            months=months, weeks=weeks,
            per_month=sum(b.events for b in months) / len(months) if months else None,
            per_week=sum(b.events for b in weeks) / len(weeks) if weeks else None,
            segments=segments, change_points=changes, penalty=penalty,
            month_only_ids=tuple(month_only), untimed_ids=tuple(untimed), notes=tuple(notes))


def change_points(months: tuple[Bucket, ...]) -> tuple[tuple, tuple, float | None, str | None]:
    """Segments, change points, the penalty used and a note, for a monthly series.

    PELT with a least-squares (l2) cost finds the shifts in mean rate; the penalty
    per change is PENALTY·σ²·ln(n), where σ² is the noise variance of the counts: the
    larger of a robust estimate from month-to-month differences, the median monthly
    count (counts vary about as much as their mean) and 1. On simulated Poisson
    counts over 24 months this finds a change of rate 2 -> 6 nineteen times in twenty,
    and a change where there is none at most about once in thirty. A series longer than
    MAX_CHANGE_MONTHS is searched in its last MAX_CHANGE_MONTHS months (segments cover
    those), which bounds the time (PELT's grows with the square of the length), and the
    note says so.
    """
    note = None
    if len(months) > MAX_CHANGE_MONTHS:
        note = (f"change points looked for in the last {MAX_CHANGE_MONTHS} months only "
                f"({months[-MAX_CHANGE_MONTHS].period} to {months[-1].period}) of {len(months)}")
        months = months[-MAX_CHANGE_MONTHS:]
    counts = [b.events for b in months]
    if len(counts) < MIN_MONTHS:
        return (), (), None, (f"only {len(counts)} month(s) in the series: too few to look for change points "
                              f"(at least {MIN_MONTHS} needed)")
    if not any(counts):
        return (), (), None, f"{note}: no dated events there" if note else "no dated events: no change points"
    import numpy as np
    import ruptures

    signal = np.asarray(counts, dtype=float)
    penalty = PENALTY * _noise_variance(signal) * math.log(len(signal))
    ends = ruptures.Pelt(model="l2", min_size=MIN_SEGMENT, jump=1).fit(signal.reshape(-1, 1)).predict(pen=penalty)
    segments, start = [], 0
    for end in ends:
        part = months[start:end]
        segments.append(Segment(part[0].period, part[-1].period, len(part), float(signal[start:end].mean()),
                                tuple(sorted(i for b in part for i in b.event_ids))))   # buckets are disjoint
        start = end
    changes = tuple(ChangePoint(after.first, before.per_month, after.per_month, after.event_ids)
                    for before, after in zip(segments, segments[1:]))
    return tuple(segments), changes, penalty, note


def _noise_variance(signal) -> float:
    import numpy as np

    diffs = np.diff(signal)
    robust = (np.median(np.abs(diffs - np.median(diffs))) * 1.4826) ** 2 / 2.0 if len(diffs) else 0.0
    return float(max(robust, np.median(signal), 1.0))


def _groups(columns: dict[str, list]) -> dict[date, list[str]]:
    """Period start -> the ids in it (distinct and sorted), from columns ``period`` and ``ids``."""
    return {as_date(period): members for period, members in zip(columns["period"], columns["ids"])}


def _buckets(groups: dict[date, list[str]], axis: list[date], label) -> tuple[Bucket, ...]:
    """One bucket per period of ``axis``; ``groups`` holds each period's ids, distinct and sorted."""
    return tuple(Bucket(label(start), start, len(groups.get(start, ())), tuple(groups.get(start, ())))
                 for start in axis)


def month_axis(by_month, date_from: date | None, date_to: date | None) -> list[date]:
    first = date_from.replace(day=1) if date_from else min(by_month, default=None)
    last = date_to.replace(day=1) if date_to else max(by_month, default=None)
    if first is None or last is None or first > last:
        return []
    axis, current = [], first
    while current <= last:
        axis.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return axis


def _week_axis(by_month, by_week, date_from: date | None, date_to: date | None) -> list[date]:
    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    starts = [*by_week, *by_month]
    first = monday(date_from) if date_from else min(starts, default=None)
    if date_to:
        last = monday(date_to)
    elif by_month:   # to the end of the last month with events
        last_month = max(by_month)
        last = monday((last_month + timedelta(days=32)).replace(day=1) - timedelta(days=1))
    else:
        last = None
    if first is None or last is None or first > last:
        return []
    first = monday(first)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def sparkline(counts: list[int]) -> str:
    top = max(counts, default=0)
    if not top:
        return ""
    return "".join(_SPARKS[math.ceil(c / top * (len(_SPARKS) - 1))] for c in counts)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
