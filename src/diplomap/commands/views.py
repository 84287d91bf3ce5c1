"""`diplomap report` and `diplomap serve`: the static HTML report and the local dashboard.

Each command opens the store (it must exist), calls one library function
(``diplomap.report.write_report``, ``diplomap.web.create_app`` under uvicorn), and
turns domain errors into one clear line.
"""

from __future__ import annotations

import click
from rich.console import Console

from diplomap.commands import ISO_DATE, include_undated_option, min_confidence_option
from diplomap.config import settings
from diplomap.errors import DiplomapError

stderr = Console(stderr=True)


def _open(db: str | None, kb, read_only: bool = False):
    from diplomap.load import fusion_rules
    from diplomap.store import open_store

    return open_store(db or settings().database, rules=fusion_rules(kb), create=False, read_only=read_only)


def _kb():
    from diplomap.analytics.base import measures_kb

    try:
        return measures_kb()
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


@click.command(short_help="Write one self-contained HTML report of an actor's diplomacy.")
@click.argument("code")
@click.option("--from", "date_from", type=ISO_DATE, help="Events ending on or after this date.")
@click.option("--to", "date_to", type=ISO_DATE, help="Events starting on or before this date.")
@min_confidence_option
@include_undated_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="The HTML file to write (default: report-CODE.html here).")
@click.option("--blocs", "blocs_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Your own bloc table: a TSV with the header actor<TAB>vector.")
@click.option("--db", "db", default=None, metavar="FILE",
              help="Store file (default: $DIPLOMAP_DB, else diplomap.duckdb here).")
def report(code, date_from, date_to, min_confidence, include_undated, output, blocs_file, db) -> None:
    """Write the report of CODE (e.g. AZE, or a name or demonym: azerbaijan) as ONE HTML file that works offline: the map of
    engagement, the monthly timeline with change points, vectors and balance, priorities
    over time, partners with tiers and dated upgrades, the broker role, and every event
    with its sources and their sentences. Prints the file's path.

    The figures count events of confidence --min-confidence or more; the report says how
    many it left out and lists them, marked. Undated events are not counted unless
    --include-undated. Without --from and --to the window is where the dated events are
    dense (the shortest span holding 90% of them, as `profile` chooses it); the report
    and this command say which, and how many events fall outside it.
    """
    from diplomap.analytics import Window, load_blocs
    from diplomap.analytics.profile import check_actor
    from diplomap.report import write_report

    kb = _kb()
    window = Window(date_from, date_to, include_undated=include_undated, min_confidence=min_confidence)
    try:
        blocs = load_blocs(blocs_file) if blocs_file else None
        with _open(db, kb, read_only=True) as store:
            code = check_actor(store, kb, code)
            window, notes = _report_window(store, code, window, kb)
            summary = write_report(store, code, output or f"report-{code}.html", window, kb=kb, blocs=blocs,
                                   window_notes=notes)
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None
    for note in notes:
        stderr.print(note, highlight=False, soft_wrap=True, markup=False)
    left_out = (f" ({summary.left_out} below confidence {min_confidence:g}, listed but not counted)"
                if summary.left_out else "")
    stderr.print(f"{summary.name} ({summary.focal}): {summary.events} events{left_out} from {summary.documents} "
                 f"documents, {summary.size / 1e6:.1f} MB", highlight=False, soft_wrap=True)
    click.echo(str(summary.path))


def _report_window(store, code: str, window, kb):
    """The report's window (``analytics.windows.dense_window``) and the notes saying what it is and leaves out."""
    from diplomap.analytics import windows

    chosen = windows.dense_window(store, code, window, kb=kb)
    counts = windows.left_out(store, code, chosen.window, kb=kb)
    return chosen.window, (*([chosen.reason] if chosen.reason else []), *counts.notes())


@click.command(short_help="Serve the dashboard and JSON API on this machine.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default keeps the dashboard on this machine.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--db", "db", default=None, metavar="FILE",
              help="Store file (default: $DIPLOMAP_DB, else diplomap.duckdb here).")
def serve(host, port, db) -> None:
    """Serve the dashboard (map, timeline, vectors, priorities, partners, broker role, with
    date, partner, type and context filters and every event's evidence) and the JSON API
    (/api/events, /api/events/ID, /api/profile/CODE, /api/dyad/A/B, /api/compare, /api/documents;
    described at /api and /openapi.json). It reads the store a request at a time, so
    `diplomap ingest` can add to it meanwhile. Ctrl-C stops it.
    """
    try:
        import uvicorn

        from diplomap.web.app import create_app
    except ImportError as error:
        raise click.ClickException(f"the dashboard needs the web extra ({error.name} is missing): "
                                   "pip install 'diplomap[web]'") from None
    kb = _kb()
    try:
        store = _open(db, kb, read_only=True)   # a request at a time, so an ingest can write meanwhile
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None
    app = create_app(store, kb=kb, owns_store=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        stderr.print(f"warning: listening on {host}: anyone who can reach this address can read the store",
                     highlight=False)
    stderr.print(f"diplomap dashboard on http://{host}:{port}/ (Ctrl-C stops it)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = [report, serve]
