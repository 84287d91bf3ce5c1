"""The ``diplomap`` command line: thin commands over the library.

Each command parses options, calls one library function, and turns domain errors
into one clear line on stderr and an exit status (1: some input failed or the
command failed; 2: usage error).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date

import click
from rich.console import Console
from rich.table import Table

from diplomap import __version__
from diplomap.config import settings
from diplomap.errors import DiplomapError, InputError

log = logging.getLogger("diplomap")
stderr = Console(stderr=True)


class IsoDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date in YYYY-MM-DD form", param, ctx)


ISO_DATE = IsoDate()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diplomap")
@click.option("-v", "--verbose", count=True, help="Log more (-v: progress notes, -vv: debugging).")
def app(verbose: int) -> None:
    """diplomap: a measured, queryable map of a country's diplomacy, from the articles that report it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@app.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--pub-date", type=ISO_DATE, help="Publication date for documents that state none.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="JSON lines (the event record contract) or a table for reading.")
@click.option("--model", default=None,
              help="Installed spaCy English pipeline for the parsed tier (default: $DIPLOMAP_SPACY_MODEL, "
                   "else the rules tier).")
def extract(paths: tuple[str, ...], pub_date: date | None, fmt: str, model: str | None) -> None:
    """Extract diplomatic events from files or folders and print them (no database).

    PATHS are .txt/.md/.html/.jsonl files, RSS/Atom feeds, or folders of them.
    """
    from diplomap.ingest import read_sources

    extractor = _extractor(model)
    failed = documents = total = 0
    rows = []
    for item in read_sources(paths, pub_date):
        if isinstance(item, InputError):
            failed += 1
            stderr.print(f"[red]error[/red] {item}", markup=True, highlight=False)
            continue
        events = extractor.extract(item)
        documents += 1
        total += len(events)
        if fmt == "jsonl":
            for event in events:
                click.echo(json.dumps(event.to_dict(), ensure_ascii=False))
        else:
            rows += [(item, event) for event in events]
    if fmt == "table":
        Console().print(_event_table(rows))
    stderr.print(f"{documents} documents, {total} events, {failed} failed (tier: {extractor.tier})",
                 highlight=False)
    if failed:
        sys.exit(1)


def _extractor(model: str | None):
    from diplomap.extract import Extractor

    try:
        return Extractor(model=model or settings().spacy_model)
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


def _event_table(rows) -> Table:
    table = Table(show_lines=False)
    for column in ("date", "type", "status", "participants", "place", "evidence"):
        table.add_column(column, overflow="fold")
    for document, event in rows:
        record = event.to_dict()
        when = record["date_start"] or "?"
        if record["date_end"] and record["date_end"] != record["date_start"]:
            when += f"..{record['date_end']}"
        kind = event.event_type + (f"/{event.mode}" if event.mode else "")
        place = event.location.name if event.location else ""
        text = record["evidence"]["text"]
        table.add_row(when, kind, event.status, " ".join(event.participants), place,
                      text if len(text) < 160 else text[:157] + "...")
    return table


def main() -> None:
    app()
