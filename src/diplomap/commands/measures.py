"""`diplomap profile`, `dyad` and `compare`: the measures of docs/measures.md at the terminal.

Each command opens the store (it must exist), calls one function of
``diplomap.analytics`` and prints its sections as tables, or with ``--format json``
every figure with the canonical ids of its events.
"""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape

from diplomap.commands import ISO_DATE, include_undated_option, min_confidence_option, wide_option
from diplomap.commands.tables import print_table
from diplomap.config import settings
from diplomap.errors import DiplomapError

MAX_ROWS = 25
# The measures of a profile, as ``--section`` names them (analytics.default_measures(), in order).
SECTIONS = ("scale", "tempo", "reach", "vectors", "cooperation", "priorities", "ladder", "broker")
# Columns of free text, printed under their row (in it with --wide).
LONG_COLUMNS = frozenset({"evidence", "sentence"})


def _window_options(command):
    command = include_undated_option(command)
    command = min_confidence_option(command)
    command = click.option("--to", "date_to", type=ISO_DATE, help="Events starting on or before this date.")(command)
    return click.option("--from", "date_from", type=ISO_DATE, help="Events ending on or after this date.")(command)


def _format_option(command):
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
                        help="Tables for reading, or JSON with every figure and its event ids.")(command)


def _db_option(command):
    return click.option("--db", "db", default=None, metavar="FILE",
                        help="Store file (default: $DIPLOMAP_DB, else diplomap.duckdb here).")(command)


@click.command(short_help="Measures of one actor's diplomacy, every section.")
@click.argument("code")
@_window_options
@_format_option
@click.option("--section", "section", type=click.Choice(SECTIONS), default=None,
              help="Only this measure (a screenful at a time on a small terminal).")
@click.option("--blocs", "blocs_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Your own bloc table: a TSV with the header actor<TAB>vector (default: the knowledge base's).")
@wide_option
@_db_option
def profile(code, date_from, date_to, min_confidence, include_undated, fmt, section, blocs_file, wide, db) -> None:
    """Measure the diplomacy of CODE (e.g. AZE, or a name or demonym: azerbaijan): scale, tempo, reach, vectors and balance,
    cooperation and conflict, priorities, partnership ladder, broker role.

    Counts fused events with status occurred that CODE takes part in, whose dates
    overlap the window and whose confidence is at least --min-confidence (the scale
    section says how many it left out); see docs/measures.md for every definition.
    Undated events are not counted unless --include-undated. Without --from and --to
    the window is where the dated events are dense: the shortest span holding 90% of
    them (all of them when there are fewer than ten); the output says which, and how
    many events fall outside it.
    Tables fit the terminal, evidence under its row; --section NAME prints one measure.
    """
    from diplomap import analytics
    from diplomap.analytics import windows

    kb = _kb()
    measures = [m for m in analytics.default_measures() if section in (None, m.name)]

    def compute(store):
        chosen = windows.dense_window(store, code, _window(date_from, date_to, min_confidence, include_undated), kb=kb)
        result = analytics.profile(store, code, chosen.window, kb=kb, measures=measures,
                                   blocs=analytics.load_blocs(blocs_file) if blocs_file else None)
        counts = windows.left_out(store, result.focal, chosen.window, kb=kb)
        return result, (*([chosen.reason] if chosen.reason else []), *counts.notes())

    result, notes = _run(compute, db, kb)
    if fmt == "json":
        click.echo(json.dumps({**result.to_dict(), "window_notes": list(notes)}, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.rule(f"[bold]{escape(result.name)} ({result.focal})[/bold]: {_heading(result.window)}")
    _print_notes(console, notes)
    for _, title, measure in result.results:
        console.print(f"\n{title}", style="bold underline", highlight=False, markup=False)
        _print(console, measure, wide, heading=title)


@click.command(short_help="Two actors' shared events, tiers and evidence.")
@click.argument("a")
@click.argument("b")
@_window_options
@_format_option
@wide_option
@_db_option
def dyad(a, b, date_from, date_to, min_confidence, include_undated, fmt, wide, db) -> None:
    """The relationship of actors A and B (codes, names or demonyms): a monthly timeline of shared events and their
    intensity, the partnership tier history, and the evidence sentence of every event.

    Undated events are not counted unless --include-undated; the output says how many
    shared events the window leaves out.
    """
    from diplomap import analytics
    from diplomap.analytics import windows

    kb = _kb()
    window = _window(date_from, date_to, min_confidence, include_undated)

    def compute(store):
        result = analytics.dyad(store, a, b, window, kb=kb)
        return result, windows.left_out(store, result.a, window, kb=kb, with_actor=result.b).notes()

    result, notes = _run(compute, db, kb)
    if fmt == "json":
        click.echo(json.dumps({**result.to_dict(), "window_notes": list(notes)}, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.rule(f"[bold]{result.a_name} ({result.a}) and {result.b_name} ({result.b})[/bold]: "
                 f"{_heading(result.window)}")
    _print_notes(console, notes)
    _print(console, result, wide)


@click.command(short_help="Headline measures of several actors side by side.")
@click.argument("codes", nargs=-1, required=True)
@_window_options
@_format_option
@wide_option
@_db_option
def compare(codes, date_from, date_to, min_confidence, include_undated, fmt, wide, db) -> None:
    """The headline measures of two or more actors (codes, names or demonyms: AZE KAZ uzbekistan) side by side.

    Undated events are not counted unless --include-undated; the output says, for each
    actor, how many events the window leaves out.
    """
    from diplomap import analytics
    from diplomap.analytics import windows

    if len(codes) < 2:
        raise click.UsageError("give at least two different actors")
    kb = _kb()
    window = _window(date_from, date_to, min_confidence, include_undated)

    def compute(store):
        result = analytics.compare(store, codes, window, kb=kb)
        return result, tuple(f"{actor}: {note}" for actor in result.actors
                             for note in windows.left_out(store, actor, window, kb=kb).notes())

    result, notes = _run(compute, db, kb)
    if fmt == "json":
        click.echo(json.dumps({**result.to_dict(), "window_notes": list(notes)}, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.rule(f"[bold]{', '.join(result.actors)}[/bold]: {_heading(result.window)}")
    _print_notes(console, notes)
    _print(console, result, wide)


COMMANDS = [profile, dyad, compare]


def _kb():
    from diplomap.analytics.base import measures_kb

    try:
        return measures_kb()
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


def _window(date_from, date_to, min_confidence: float, include_undated: bool = False):
    from diplomap.analytics import Window

    return Window(date_from, date_to, include_undated=include_undated, min_confidence=min_confidence)


def _print_notes(console: Console, notes) -> None:
    """What the window is and leaves out, under the heading."""
    for note in notes:
        console.print(note, style="dim", highlight=False, markup=False)


def _heading(window) -> str:
    """The window as a heading says it: its dates and the confidence its events start from."""
    if window.min_confidence > 0:
        return f"{window.label()}, confidence at least {window.min_confidence:g}"
    return window.label()


def _run(compute, db: str | None, kb):
    """``compute(store)`` on the store opened read-only (a read-only file or mount is enough);
    domain errors as one clear line."""
    from diplomap.load import fusion_rules
    from diplomap.store import open_store

    try:
        with open_store(db or settings().database, rules=fusion_rules(kb), create=False,
                        read_only=True) as store:
            return compute(store)
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


def _print(console: Console, result, wide: bool = False, heading: str | None = None) -> None:
    """Each section of ``result`` as a table that fits the console (its title left out where it is
    the ``heading`` just printed), with what it leaves out said under it."""
    for section in result.sections():
        if not section.rows:
            console.print(f"{section.title}: none", style="dim", highlight=False, markup=False)
            continue
        rows = [tuple(_cell(value) for value in row) for row in section.rows[:MAX_ROWS]]
        long = tuple(column for column in section.columns if column in LONG_COLUMNS)
        print_table(console, section.columns, rows, long=long, wide=wide,
                    title=None if section.title == heading else section.title)
        if len(section.rows) > MAX_ROWS:
            console.print(f"  {MAX_ROWS} of {len(section.rows)} rows shown: --format json lists them all",
                          style="dim", highlight=False, markup=False)
        if section.note:
            console.print(f"  ({section.note})", style="dim", highlight=False, markup=False)
    for note in result.notes:
        console.print(f"note: {note}", style="dim", highlight=False, markup=False)


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
