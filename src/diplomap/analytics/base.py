"""The measure interface: a window, a context to compute in, and typed results.

A measure is a small object with a ``name``, a ``title`` and ``compute(context)``
returning a frozen-dataclass result (in the manner of datasette's ``Facet``). The
built-in measures and a user's own measure plug into ``profile()`` the same way::

    class Summits(Measure):
        name, title = "summits", "Summits attended"

        def compute(self, context):
            rows = context.focal_rows("SELECT canonical_id FROM focal WHERE mode = 'multilateral'")
            ...

Every result carries the canonical ids of the events behind each figure, offers
``sections()`` (plain tables a view can print) and ``headline()`` (the figures
``compare`` puts side by side), and turns into plain JSON with ``to_dict()``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar

from diplomap.errors import DiplomapError
from diplomap.kb import KnowledgeBase

OTHER = "other"


class MeasureError(DiplomapError):
    """A measure cannot be computed for the actor, window or options given."""


@dataclass(frozen=True)
class Window:
    """The time window of a measure: events whose interval overlaps [date_from, date_to].

    Undated events cannot be placed in any window; with ``include_undated`` (the
    default) they are kept in the counts that need no date and left out of the
    time series, and the results say how many there were.

    ``min_confidence`` keeps only the events whose confidence (the calibrated probability
    that the event is right) is at least that; the default 0 keeps every event. The views
    count from the shipped calibration's threshold (``diplomap.extract.calibration.shipped()``).
    """

    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise MeasureError(f"window starts ({self.date_from}) after it ends ({self.date_to})")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise MeasureError(f"min_confidence {self.min_confidence} is not between 0 and 1")

    def label(self) -> str:
        start = self.date_from.isoformat() if self.date_from else "the first event"
        end = self.date_to.isoformat() if self.date_to else "the last event"
        return f"{start} to {end}"

    def sql(self, alias: str) -> tuple[str, list]:
        """A WHERE clause (and its parameters) selecting events of ``alias`` in the window."""
        dated, params = [f"{alias}.date_start IS NOT NULL"], []
        if self.date_from:
            dated.append(f"coalesce({alias}.date_end, {alias}.date_start) >= ?")
            params.append(self.date_from)
        if self.date_to:
            dated.append(f"{alias}.date_start <= ?")
            params.append(self.date_to)
        clause = "(" + " AND ".join(dated) + ")"
        if self.include_undated:
            clause = f"({clause} OR {alias}.date_start IS NULL)"
        if self.min_confidence > 0:
            clause = f"{clause} AND {alias}.confidence >= ?"
            params.append(self.min_confidence)
        return clause, params

    def every_confidence(self) -> Window:
        """The same window without the confidence threshold (what the threshold leaves out is the difference)."""
        return dataclasses.replace(self, min_confidence=0.0)

    def parts(self, alias: str) -> list[tuple[str, list]]:
        """Disjoint WHERE clauses (and parameters) whose union is ``sql(alias)``.

        Each is a conjunction of plain comparisons, which a DuckDB scan checks against
        the minimum and maximum of every row group and so skips most of a store whose
        events lie roughly in date order (as fusion writes them); the ``OR`` of ``sql``
        defeats that. Select with ``UNION ALL`` over the parts.
        """
        start, end = f"{alias}.date_start", f"{alias}.date_end"
        upper, upper_params = ([f"{start} <= ?"], [self.date_to]) if self.date_to else ([], [])
        if self.date_from:
            parts = [([f"{start} IS NOT NULL", f"{end} >= ?", *upper], [self.date_from, *upper_params]),
                     ([f"{start} IS NOT NULL", f"{end} IS NULL", f"{start} >= ?", *upper],
                      [self.date_from, *upper_params])]
        else:
            parts = [([f"{start} IS NOT NULL", *upper], upper_params)]
        if self.include_undated:
            parts.append(([f"{start} IS NULL"], []))
        if self.min_confidence > 0:
            parts = [([*clauses, f"{alias}.confidence >= ?"], [*params, self.min_confidence])
                     for clauses, params in parts]
        return [(" AND ".join(clauses), params) for clauses, params in parts]


@dataclass(frozen=True)
class Figure:
    """One headline number (or label) and the canonical ids of the events behind it."""

    label: str
    value: Any
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A table of plain values that a view prints; ``note`` says what it leaves out."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    note: str | None = None


class Result:
    """Base of every measure's result (a frozen dataclass with a ``notes`` field)."""

    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Every field as plain JSON values (dates as ISO strings, tuples as lists)."""
        return plain(dataclasses.asdict(self))

    def sections(self) -> list[Section]:
        return []

    def headline(self) -> tuple[Figure, ...]:
        return ()


class Measure:
    """One measure of a focal actor's diplomacy; subclasses set ``name`` and ``title``."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    # Reads every event of the window, not only the focal ones: ``profile`` starts it first,
    # before the focal events are cached (``focal_rows`` then selects them itself).
    scans_window: ClassVar[bool] = False

    def compute(self, context: Context) -> Result:
        raise NotImplementedError


@dataclass(frozen=True)
class Context:
    """What a measure computes over: the store, the focal actor, the window and the tables.

    ``blocs`` maps an actor code to its vector (the knowledge base's bloc table unless
    the user gave their own); ``with_actor`` narrows the focal events to those this
    second actor also takes part in (a dyad).
    """

    store: Any
    focal: str
    window: Window
    kb: KnowledgeBase
    blocs: Mapping[str, str]
    with_actor: str | None = None
    vectors: tuple[str, ...] = field(default=())
    focal_table: str | None = None      # a table holding the focal events already (see profile.focal_cache)
    partners_table: str | None = None   # ... and one holding their partners
    # Those two as Arrow tables by name (DuckDB), for a measure that runs on a connection of its own.
    tables: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        """Rows of a query as dicts, through the store's engine (``?`` placeholders)."""
        return query_rows(self.store, sql, params)

    def columns(self, sql: str, params: Sequence = ()) -> dict[str, list]:
        """A query's result as lists by column name (faster than ``rows`` for many rows)."""
        return query_columns(self.store, sql, params)

    def focal_columns(self, select: str, params: Sequence = (), *, partners: bool = False,
                      ctes: str = "") -> dict[str, list]:
        """``focal_rows`` as lists by column name."""
        sql, values = self._focal_query(select, params, partners, ctes)
        return self.columns(sql, values)

    @property
    def dialect(self) -> str:
        return store_dialect(self.store)

    def has_actor(self, column: str) -> str:
        """SQL true when the list ``column`` holds the parameter that follows."""
        return f"list_contains({column}, ?)" if self.dialect == "duckdb" else f"? = ANY({column})"

    def length(self, column: str) -> str:
        """SQL for the number of items in the list ``column``."""
        return f"len({column})" if self.dialect == "duckdb" else f"cardinality({column})"

    def focal_rows(self, select: str, params: Sequence = (), *, partners: bool = False, ctes: str = "") -> list[dict]:
        """Rows of ``select`` over the CTE ``focal``: the fused events with status occurred
        that F takes part in, in the window and at or above its confidence threshold (every
        column of ``events``).

        With ``partners`` the CTE ``partners`` (canonical_id, actor) holds each focal event's
        other actors. ``ctes`` adds CTEs of your own after those (", base AS (...)");
        ``params`` are the parameters of ``ctes`` and ``select``, in order.
        """
        sql, values = self._focal_query(select, params, partners, ctes)
        return self.rows(sql, values)

    def _focal_query(self, select: str, params: Sequence, partners: bool, ctes: str) -> tuple[str, list]:
        head = f"WITH {self.focal_sql()}"
        values = self.focal_params()
        if partners and self.partners_table:
            head += f", partners AS (SELECT * FROM {self.partners_table})"
        elif partners:
            head += f", partners AS ({PARTNERS_SQL})"
            values.append(self.focal)
        return f"{head}{ctes} {select}", [*values, *params]

    def focal_sql(self, name: str = "focal") -> str:
        """The CTE ``name`` that ``focal_rows`` uses; ``focal_params()`` are its parameters."""
        if self.focal_table:
            return f"{name} AS (SELECT * FROM {self.focal_table})"
        return f"{name} AS ({self.focal_select()})"

    def focal_select(self) -> str:
        """The query of the focal events (parameters: ``focal_params()`` without a focal table).

        An event's ``actors`` are those event_participants lists for it; one SELECT per
        part of the window (see ``Window.parts``).
        """
        actors = self.has_actor("e.actors") + (f" AND {self.has_actor('e.actors')}" if self.with_actor else "")
        return " UNION ALL ".join(f"SELECT e.* FROM events e WHERE e.status = 'occurred' AND {actors} AND {part}"
                                  for part, _ in self.window.parts("e"))

    def focal_params(self) -> list:
        if self.focal_table:
            return []
        actors = [self.focal, *([self.with_actor] if self.with_actor else [])]
        return [value for _, params in self.window.parts("e") for value in (*actors, *params)]

    def left_out_ids(self) -> tuple[str, ...]:
        """The canonical ids (sorted) of F's occurred events in the window that the window's
        confidence threshold leaves out: those ``focal_rows`` would hold without it."""
        threshold = self.window.min_confidence
        if threshold <= 0:
            return ()
        every = dataclasses.replace(self, window=self.window.every_confidence(), focal_table=None,
                                    partners_table=None, tables={})
        found = every.columns(f"WITH {every.focal_sql()} SELECT canonical_id FROM focal WHERE confidence < ? "
                              "ORDER BY canonical_id", [*every.focal_params(), threshold])
        return tuple(found["canonical_id"])

    def window_select(self, columns: str, where: str = "TRUE", params: Sequence = ()) -> tuple[str, list]:
        """``SELECT columns FROM events e`` over the window's occurred events that pass ``where``
        (its ``params`` first), one SELECT per part of the window; the query and its parameters."""
        parts = self.window.parts("e")
        sql = " UNION ALL ".join(f"SELECT {columns} FROM events e WHERE e.status = 'occurred' AND ({where}) AND {part}"
                                 for part, _ in parts)
        return sql, [value for _, part_params in parts for value in (*params, *part_params)]

    def intensity(self, event_type: str) -> float:
        """The event type's Goldstein-like score; 0 for a type the table lacks."""
        return float(self.kb.intensity.get(event_type, 0.0))

    def vector(self, actor: str) -> str:
        return self.blocs.get(actor, OTHER)

    def name_of(self, actor: str) -> str:
        return self.kb.actor_name(actor)


# Each focal event's other actors (parameter: the focal actor), over the CTE or table ``focal``.
PARTNERS_SQL = ("SELECT canonical_id, actor FROM (SELECT f.canonical_id, unnest(f.actors) AS actor FROM focal f) a "
                "WHERE actor <> ?")


@cache
def measures_kb() -> KnowledgeBase:
    """The shipped knowledge base without the city gazetteer (measures need no city names)."""
    return KnowledgeBase.load(cities=False)


def query_rows(store, sql: str, params: Sequence = ()) -> list[dict]:
    """Rows as dicts from a diplomap store (its engine) or a bare DuckDB connection."""
    engine = getattr(store, "engine", None)
    if engine is not None and hasattr(engine, "rows"):
        return engine.rows(sql, list(params))
    cursor = store.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def query_columns(store, sql: str, params: Sequence = ()) -> dict[str, list]:
    """``query_rows`` as lists by column name."""
    engine = getattr(store, "engine", None)
    if engine is not None and hasattr(engine, "columns"):
        return engine.columns(sql, list(params))
    cursor = store.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    values = cursor.fetchall()
    return {name: [row[i] for row in values] for i, name in enumerate(names)}


def store_dialect(store) -> str:
    """"duckdb" or "postgres": the SQL dialect of a diplomap store (a bare connection is DuckDB)."""
    return getattr(getattr(store, "engine", None), "dialect", "duckdb")


def left_out_note(count: int, threshold: float) -> str:
    """The note of a result whose window's confidence threshold left ``count`` events out."""
    return f"{count} event(s) below confidence {threshold:g} left out (--min-confidence 0 counts them)"


def ids(values: Iterable[str]) -> tuple[str, ...]:
    """Canonical ids, distinct and sorted, as results carry them."""
    return tuple(sorted(set(values)))


def as_date(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def month_label(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def quarter_label(value: date) -> str:
    return f"{value.year:04d}-Q{(value.month - 1) // 3 + 1}"


def week_label(value: date) -> str:
    year, week, _ = value.isocalendar()
    return f"{year:04d}-W{week:02d}"


def plain(value):
    """``value`` with dates as ISO strings, tuples as lists and floats rounded for reading."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value
