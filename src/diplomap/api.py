"""The Python API for notebooks: open a store, filter its events, run the measures.

    import diplomap.api as dm

    with dm.open("events.duckdb") as db:
        table = db.events(actor="Azerbaijan", date_from="2025-01-01")   # a pyarrow.Table
        frame = db.frame(actor="AZE", event_types=["AGREE"])             # a pandas DataFrame
        aze = db.profile("AZE")                                          # typed results
        aze["scale"].events, aze.to_dict()
        db.dyad("AZE", "RUS").to_dict(), db.compare(["AZE", "KAZ"]).to_dict()

The store is opened read-only, so a notebook can read a store that ``diplomap ingest``
is writing. The measures count as the commands do: dated events only unless
``include_undated=True``; events of confidence ``min_confidence`` or more (default: the
shipped calibration's threshold, as the commands use; 0 counts every event); and
``profile`` without dates takes the window where the dated events are dense
(``diplomap.analytics.windows``). Actors are codes, names or demonyms in any case.
``frame`` needs pandas: ``pip install 'diplomap[notebook]'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa

from diplomap.analytics import Comparison, DyadResult, Window, compare, dyad, profile
from diplomap.analytics.base import measures_kb
from diplomap.analytics.profile import Profile, check_actor
from diplomap.analytics.windows import WindowCounts, dense_window, left_out
from diplomap.errors import DiplomapError
from diplomap.store import EventQuery, open_store
from diplomap.store.export import FUSED_SCHEMA, REPORT_SCHEMA

__all__ = ["Database", "open"]


def open(path: str | Path, *, kb=None) -> Database:  # noqa: A001 - dm.open reads as the store's open
    """The store at ``path`` (a DuckDB file or a postgresql:// URL), opened read-only.

    Raises StoreError when it does not exist or cannot be read.
    """
    from diplomap.load import fusion_rules

    kb = kb or measures_kb()
    return Database(open_store(path, rules=fusion_rules(kb), create=False, read_only=True), kb)


class Database:
    """An open store for a notebook; close it (or use ``with``) when done."""

    def __init__(self, store, kb):
        self.store, self.kb = store, kb

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def events(self, actor: str | None = None, with_actor: str | None = None, event_types: Sequence[str] = (),
               date_from: date | str | None = None, date_to: date | str | None = None,
               status: str | None = None, min_confidence: float = 0.0, reports: bool = False) -> pa.Table:
        """The fused events (or with ``reports`` the raw reports) that pass every filter given, as an
        Arrow table of contract records (the columns of ``diplomap export --format parquet``).

        ``actor`` and ``with_actor`` must both take part; dates keep events whose interval overlaps
        [date_from, date_to] (undated ones drop out once a date is given); ``status`` is occurred,
        planned, ...; ``min_confidence`` keeps events of that confidence or more (0: all).
        """
        query = EventQuery(self._actor(actor), self._actor(with_actor), tuple(event_types),
                           _date(date_from), _date(date_to), status)
        records = self.store.reports(query) if reports else self.store.events(query)
        kept = [record for record in records if record["confidence"] >= min_confidence]
        return pa.Table.from_pylist(kept, schema=REPORT_SCHEMA if reports else FUSED_SCHEMA)

    def frame(self, *args, **filters):
        """``events(...)`` as a pandas DataFrame (needs pandas: ``pip install 'diplomap[notebook]'``)."""
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise DiplomapError("a DataFrame needs pandas: pip install 'diplomap[notebook]' "
                                "(events() gives an Arrow table without it)") from None
        return self.events(*args, **filters).to_pandas()

    def profile(self, actor: str, date_from: date | str | None = None, date_to: date | str | None = None, *,
                include_undated: bool = False, min_confidence: float | None = None,
                dense: bool = True) -> Profile:
        """Every measure of ``actor``; without dates (and with ``dense``) over the window where its
        dated events are dense. ``result.window`` is the window used; ``to_dict()`` gives plain JSON."""
        window = self.window(date_from, date_to, include_undated=include_undated, min_confidence=min_confidence)
        if dense:
            window = dense_window(self.store, actor, window, kb=self.kb).window
        return profile(self.store, actor, window, kb=self.kb)

    def dyad(self, a: str, b: str, date_from: date | str | None = None, date_to: date | str | None = None, *,
             include_undated: bool = False, min_confidence: float | None = None) -> DyadResult:
        """The shared events of ``a`` and ``b``: monthly timeline, tier history, evidence."""
        window = self.window(date_from, date_to, include_undated=include_undated, min_confidence=min_confidence)
        return dyad(self.store, a, b, window, kb=self.kb)

    def compare(self, actors: Sequence[str], date_from: date | str | None = None,
                date_to: date | str | None = None, *, include_undated: bool = False,
                min_confidence: float | None = None) -> Comparison:
        """The headline figures of ``actors`` side by side (``value(label, actor)`` reads one)."""
        window = self.window(date_from, date_to, include_undated=include_undated, min_confidence=min_confidence)
        return compare(self.store, list(actors), window, kb=self.kb)

    def left_out(self, actor: str, window: Window, with_actor: str | None = None) -> WindowCounts:
        """How many of ``actor``'s events ``window`` does not count (undated, before, after it)."""
        return left_out(self.store, actor, window, kb=self.kb, with_actor=with_actor)

    def window(self, date_from: date | str | None = None, date_to: date | str | None = None, *,
               include_undated: bool = False, min_confidence: float | None = None) -> Window:
        """A Window from dates or ISO strings; ``min_confidence`` None is the shipped threshold."""
        if min_confidence is None:
            from diplomap.extract.calibration import shipped

            min_confidence = shipped().threshold
        return Window(_date(date_from), _date(date_to), include_undated=include_undated,
                      min_confidence=min_confidence)

    def _actor(self, name: str | None) -> str | None:
        return check_actor(self.store, self.kb, name) if name else None


def _date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DiplomapError(f"{value!r} is not a date in YYYY-MM-DD form") from None
