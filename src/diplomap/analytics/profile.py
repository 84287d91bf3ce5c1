"""The profile of a focal actor: every registered measure over one window."""

from __future__ import annotations

import dataclasses
import io
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from diplomap.analytics.base import (
    OTHER, PARTNERS_SQL, Context, Figure, Measure, MeasureError, Result, Window, measures_kb, plain, query_rows,
)
from diplomap.analytics.broker import Broker
from diplomap.analytics.conflict import CooperationConflict
from diplomap.analytics.ladder import Ladder
from diplomap.analytics.priorities import Priorities
from diplomap.analytics.reach import Reach
from diplomap.analytics.scale import Scale
from diplomap.analytics.tempo import Tempo
from diplomap.analytics.vectors import Vectors
from diplomap.errors import KnowledgeBaseError
from diplomap.kb import KnowledgeBase
from diplomap.kb.loader import read_table

MAX_THREADS = 4


def default_measures() -> list[Measure]:
    """The built-in measures, in the order a profile shows them (a new list each call)."""
    return [Scale(), Tempo(), Reach(), Vectors(), CooperationConflict(), Priorities(), Ladder(), Broker()]


@dataclass(frozen=True)
class Profile:
    focal: str
    name: str
    window: Window
    results: tuple[tuple[str, str, Result], ...]      # (measure name, title, result)

    def __getitem__(self, name: str) -> Result:
        for key, _, result in self.results:
            if key == name:
                return result
        raise KeyError(name)

    def headline(self) -> tuple[tuple[str, Figure], ...]:
        """(measure name, figure) for every headline figure, in measure order."""
        return tuple((key, figure) for key, _, result in self.results for figure in result.headline())

    def to_dict(self) -> dict:
        return {
            "focal": self.focal, "name": self.name,
            "window": plain({"from": self.window.date_from, "to": self.window.date_to,
                             "include_undated": self.window.include_undated,
                             "min_confidence": self.window.min_confidence}),
            "headline": [{"measure": key, **plain(dataclasses.asdict(figure))} for key, figure in self.headline()],
            "measures": {key: {"title": title, **result.to_dict()} for key, title, result in self.results},
        }


def profile(store, focal: str, window: Window | None = None, *, kb: KnowledgeBase | None = None,
            blocs: Mapping[str, str] | None = None, measures: Sequence[Measure] | None = None) -> Profile:
    """Compute ``measures`` (default: ``default_measures()``) for ``focal`` over ``window``.

    ``store`` is an open diplomap store; ``blocs`` replaces the knowledge base's bloc
    table (actor -> vector). Raises MeasureError for an actor the knowledge base and the
    store both do not know. On DuckDB the measures run side by side in threads (see
    ``compute_measures``), so a measure of your own must not change shared state.
    """
    context = make_context(store, focal, window, kb=kb, blocs=blocs)
    measures = default_measures() if measures is None else measures
    results = compute_measures(context, measures)
    return Profile(context.focal, context.name_of(context.focal), context.window,
                   tuple((measure.name, measure.title, result) for measure, result in zip(measures, results)))


def compute_measures(context: Context, measures: Sequence[Measure]) -> list[Result]:
    """Every measure's result over ``context``, in the order of ``measures``, with the focal
    events selected once (``focal_cache``).

    On DuckDB with more than one core, each measure runs in a thread on a connection of its
    own: DuckDB works without the GIL, so one measure's query runs while another's Python
    sums up rows. Measures that scan the whole window take longest; they start first,
    while the focal events are being selected.
    """
    engine = getattr(context.store, "engine", None)
    threads = min(len(measures), os.cpu_count() or 1, MAX_THREADS)
    if threads < 2 or getattr(engine, "dialect", None) != "duckdb" or not hasattr(engine, "reader") \
            or context.focal_table:
        with focal_cache(context) as cached:
            return [measure.compute(cached) for measure in measures]
    with ExitStack() as stack, ThreadPoolExecutor(threads, thread_name_prefix="measure") as pool:
        def start(index: int, ready: Context) -> Future:
            reader = stack.enter_context(engine.reader(ready.tables))
            return pool.submit(measures[index].compute, dataclasses.replace(
                ready, store=_OnConnection(ready.store, reader)))

        running = {i: start(i, context) for i, measure in enumerate(measures) if measure.scans_window}
        cached = stack.enter_context(focal_cache(context))
        running |= {i: start(i, cached) for i in range(len(measures)) if i not in running}
        return [running[i].result() for i in range(len(measures))]


class _OnConnection:
    """The store as a measure in a thread of its own sees it: queries go to that thread's connection."""

    def __init__(self, store, engine):
        self._store, self.engine = store, engine

    def __getattr__(self, name: str):
        return getattr(self._store, name)


@contextmanager
def focal_cache(context: Context) -> Iterator[Context]:
    """``context`` with its focal events and their partners selected once, for the block.

    On DuckDB they are fetched as Arrow tables and registered, so every measure reads the
    few focal events instead of joining the whole events and event_participants tables
    again, and a measure on another connection can register them too; other stores get
    ``context`` as is.
    """
    engine = getattr(context.store, "engine", None)
    if getattr(engine, "dialect", None) != "duckdb" or context.focal_table:
        yield context
        return
    name = f"_focal_{uuid.uuid4().hex}"
    partners = name.replace("_focal_", "_partners_")
    focal_events = engine.arrow(context.focal_select(), context.focal_params())
    with engine.table(name, focal_events):
        pairs = engine.arrow(f"WITH focal AS (SELECT * FROM {name}) {PARTNERS_SQL}", [context.focal])
        with engine.table(partners, pairs):
            yield dataclasses.replace(context, focal_table=name, partners_table=partners,
                                      tables={name: focal_events, partners: pairs})


def make_context(store, focal: str, window: Window | None = None, *, kb: KnowledgeBase | None = None,
                 blocs: Mapping[str, str] | None = None, with_actor: str | None = None) -> Context:
    kb = kb or measures_kb()
    table = dict(kb.blocs if blocs is None else blocs)
    code = check_actor(store, kb, focal)
    other = check_actor(store, kb, with_actor) if with_actor else None
    if other == code:
        raise MeasureError(f"{code}: give two different actors")
    return Context(store=store, focal=code, window=window or Window(), kb=kb, blocs=table, with_actor=other,
                   vectors=tuple(sorted(set(table.values()) | {OTHER})))


def check_actor(store, kb: KnowledgeBase, code: str) -> str:
    """The actor code that ``code`` names: a code, a name or a demonym in any case, resolved
    through the knowledge base, else a code the store's events hold. MeasureError when neither
    knows it, naming the closest actors."""
    text = " ".join((code or "").split())
    if not text:
        raise MeasureError("no actor code given")
    found = kb.actor_code(text)
    if found:
        return found
    rows = query_rows(store, "SELECT count(*) AS n FROM event_participants WHERE actor = ?", [text.upper()])
    if rows and rows[0]["n"]:
        return text.upper()
    closest = kb.closest_actors(text)
    hint = (f"closest: {', '.join(closest)}" if closest
            else "use ISO alpha-3 for states (AZE), an organisation code (EU), or a name (Azerbaijan)")
    raise MeasureError(f"{text}: not an actor code, name or demonym the knowledge base or the store knows; {hint}")


def load_blocs(path: str | Path) -> dict[str, str]:
    """A user's bloc table: a TSV with the header ``actor<TAB>vector``.

    Raises KnowledgeBaseError when the file cannot be read or lacks those columns.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the bloc table ({exc.strerror or exc})") from None
    table = read_table(io.StringIO(text), str(path), "actor", "vector")
    if not table:
        raise KnowledgeBaseError(f"{path}: the bloc table has no rows")
    return {actor.upper(): vector for actor, vector in table.items() if vector}
