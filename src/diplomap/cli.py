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
            _report(item)
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


def _report(error: InputError) -> None:
    """One plain line per failed input, naming it and the problem."""
    click.echo(f"error: {error}", err=True)


def _extractor(model: str | None):
    from diplomap.extract import Extractor

    try:
        return Extractor(model=model or settings().spacy_model)
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


def _event_table(rows) -> Table:
    table = Table(show_lines=False, expand=True)
    for column in ("date", "type", "status", "participants", "place"):
        table.add_column(column, no_wrap=True)
    table.add_column("evidence", ratio=1, overflow="fold")
    for document, event in rows:
        record = event.to_dict()
        when = record["date_start"] or "?"
        if record["date_end"] and record["date_end"] != record["date_start"]:
            when += f"..{record['date_end']}"
        kind = event.event_type + (f"/{event.mode}" if event.mode else "")
        place = event.location.name if event.location else ""
        text = record["evidence"]["text"]
        table.add_row(when, kind, event.status, " ".join(event.participants), place,
                      text if len(text) < 120 else text[:117] + "...")
    return table


def main() -> None:
    app()


@app.command()
@click.argument("gold", required=False, type=click.Path(exists=True))
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--pub-date", type=ISO_DATE, help="Publication date for documents that state none.")
@click.option("--pub-dates", type=click.Path(exists=True, dir_okay=False),
              help="TSV of 'doc<TAB>YYYY-MM-DD' publication dates per document.")
@click.option("--plover", "plover_file", type=click.Path(exists=True, dir_okay=False),
              help="Also score PLOVER's gold-standard sentences (PLOVER_GSR_CAMEO.txt).")
@click.option("--model", default=None, help="spaCy pipeline for the parsed tier (default: rules tier).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--show", default=50, show_default=True, help="How many misses and false alarms to list.")
def evaluate(gold, paths, pub_date, pub_dates, plover_file, model, fmt, show) -> None:
    """Score extraction against GOLD events (a JSONL file or a folder of them) for the documents in PATHS.

    Prints precision, recall and F1 over required gold events, a per-type table, then
    each miss and false alarm with its sentence. See DESIGN.md, "Evaluation".
    """
    from diplomap import evaluate as ev

    if not plover_file and not (gold and paths):
        raise click.UsageError("give GOLD and PATH..., or --plover FILE, or both")
    extractor = _extractor(model)
    results = {}
    try:
        if gold:
            gold_events = ev.read_gold(gold)
            documents = []
            for item in ev.iter_documents(paths, pub_date, ev.read_pub_dates(pub_dates)):
                if isinstance(item, InputError):
                    _report(item)
                    continue
                documents.append((item, extractor.extract(item)))
            results["gold"] = ev.evaluate(gold_events, documents)
        if plover_file:
            from diplomap.plover_gsr import evaluate_plover, read_plover_gsr

            results["plover"] = evaluate_plover(read_plover_gsr(plover_file), extractor)
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None
    if fmt == "json":
        click.echo(json.dumps({name: _evaluation_json(r) for name, r in results.items()} | {"tier": extractor.tier}))
        return
    for name, result in results.items():
        _print_evaluation(name, result, show, extractor.tier)


def _evaluation_json(result) -> dict:
    scores = result.scores
    return {
        "precision": round(scores.precision, 4), "recall": round(scores.recall, 4), "f1": round(scores.f1, 4),
        "true_positives": scores.true_positives, "false_positives": scores.false_positives,
        "false_negatives": scores.false_negatives, "documents": result.documents,
        "place_accuracy": None if result.place_accuracy is None else round(result.place_accuracy, 4),
        "by_type": {k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4), "f1": round(v.f1, 4),
                        "tp": v.true_positives, "fp": v.false_positives, "fn": v.false_negatives}
                    for k, v in sorted(result.by_type.items())},
    }


def _print_evaluation(name: str, result, show: int, tier: str) -> None:
    console = Console()
    s = result.scores
    console.rule(f"{name}: {result.documents} documents, tier {tier}")
    line = (f"precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
            f"(TP {s.true_positives}, FP {s.false_positives}, FN {s.false_negatives})")
    if result.place_accuracy is not None:
        line += f"  place {result.place_accuracy:.3f}"
    console.print(line, highlight=False)
    table = Table("type", "precision", "recall", "F1", "TP", "FP", "FN")
    for kind, v in sorted(result.by_type.items()):
        table.add_row(kind, f"{v.precision:.2f}", f"{v.recall:.2f}", f"{v.f1:.2f}",
                      str(v.true_positives), str(v.false_positives), str(v.false_negatives))
    console.print(table)
    for doc in result.unmatched_docs:
        console.print(f"[yellow]gold document not among the inputs:[/yellow] {doc}", highlight=False)
    console.print(f"[bold]misses[/bold] ({len(result.misses)})")
    for miss in result.misses[:show]:
        when = f" {miss.date_start}..{miss.date_end}" if miss.date_start else ""
        console.print(f"  {miss.doc}:{miss.line} {'/'.join(miss.types)} {sorted(miss.participants)}{when}"
                      f"  {miss.note}", highlight=False, markup=False)
    console.print(f"[bold]false alarms[/bold] ({len(result.false_alarms)})")
    for event in result.false_alarms[:show]:
        when = f" {event.date_start}..{event.date_end}" if event.date_start else ""
        console.print(f"  {event.event_type}/{event.mode or '-'} {list(event.participants)}{when}  "
                      f"{event.evidence.text[:200]}", highlight=False, markup=False)
