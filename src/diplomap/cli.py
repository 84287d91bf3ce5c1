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
from diplomap.commands import ISO_DATE, min_confidence_option, shipped_threshold, wide_option
from diplomap.commands.tables import print_table
from diplomap.config import settings
from diplomap.errors import DiplomapError, InputError, StorageFault

log = logging.getLogger("diplomap")
stderr = Console(stderr=True)


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
@wide_option
def extract(paths: tuple[str, ...], pub_date: date | None, fmt: str, model: str | None, wide: bool) -> None:
    """Extract diplomatic events from files or folders and print them (no database).

    PATHS are .txt/.md/.html/.jsonl/.pdf files (text PDFs; a scan is refused in one line),
    RSS/Atom feeds, folders of them, or http(s) URLs of pages and feeds (fetched as
    `ingest` fetches them). On a terminal, a progress bar on stderr counts the documents
    done and the time left.
    """
    from diplomap.load import read_all

    extractor = _extractor(model)
    failed = documents = total = 0
    rows = []
    items = list(read_all(paths, pub_date))      # read first, so the progress bar knows the total
    with _extract_progress(len(items)) as progress:
        for item in progress.track(items, description="extracting"):
            if isinstance(item, InputError):
                failed += 1
                _report(item)
                continue
            try:
                events = extractor.extract(item)
            except InputError as error:
                failed += 1
                _report(error)
                continue
            documents += 1
            total += len(events)
            if fmt == "jsonl":
                for event in events:
                    click.echo(json.dumps(event.to_dict(), ensure_ascii=False))
            else:
                rows += [(item, event) for event in events]
    if fmt == "table":
        _print_event_table(rows, wide)
    stderr.print(f"{documents} documents, {total} events, {failed} failed (tier: {extractor.tier})",
                 highlight=False)
    if failed:
        sys.exit(1)


def _progress_console() -> Console:
    return Console(stderr=True)


def _extract_progress(total: int):
    """A progress bar on stderr (documents done of ``total``, time taken, time left) when stderr
    is a terminal and there is more than one document; otherwise it draws nothing."""
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
    )

    console = _progress_console()
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("left"), TimeRemainingColumn(), console=console, transient=True, redirect_stdout=False,
                    disable=total < 2 or not console.is_terminal)


def _report(error: InputError) -> None:
    """One plain line per failed input, naming it and the problem."""
    click.echo(f"error: {error}", err=True)


def _extractor(model: str | None):
    from diplomap.extract import Extractor

    try:
        return Extractor(model=model or settings().spacy_model)
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


def _print_event_table(rows, wide: bool = False) -> None:
    """The extracted events: date, type, status and participants in the row; place beside them
    where there is room; the evidence under the row (all in the row with ``wide``)."""
    cells = []
    for _document, event in rows:
        record = event.to_dict()
        kind = event.event_type + (f"/{event.mode}" if event.mode else "")
        place = event.location.name if event.location else ""
        cells.append((_when(record), kind, event.status, " ".join(event.participants), place,
                      record["evidence"]["text"]))
    print_table(Console(), ("date", "type", "status", "participants", "place", "evidence"), cells,
                extra=("place",), long=("evidence",), wide=wide)


def _when(record: dict) -> str:
    when = record["date_start"] or "?"
    if record["date_end"] and record["date_end"] != record["date_start"]:
        when += f"..{record['date_end']}"
    return when


def _add_measures() -> None:
    from diplomap.commands.measures import COMMANDS
    from diplomap.commands.views import COMMANDS as VIEW_COMMANDS

    for command in COMMANDS:
        app.add_command(command)
    for command in VIEW_COMMANDS:
        app.add_command(command)


_add_measures()


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
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Leave predictions below this confidence out of scoring, as if not extracted (0: score all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--show", default=50, show_default=True, help="How many misses and false alarms to list.")
def evaluate(gold, paths, pub_date, pub_dates, plover_file, model, min_confidence, fmt, show) -> None:
    """Score extraction against GOLD events (a JSONL file or a folder of them) for the documents in PATHS.

    Prints precision, recall and F1 over required gold events (and place accuracy where the
    gold has places), a per-type table, a calibration table (confidence bins against observed
    precision), then each miss, false alarm and wrong place with its sentence. See DESIGN.md,
    "Evaluation".
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
            results["gold"] = ev.evaluate(gold_events, documents, min_confidence)
        if plover_file:
            from diplomap.plover_gsr import evaluate_plover, read_plover_gsr

            results["plover"] = evaluate_plover(read_plover_gsr(plover_file), extractor, min_confidence)
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None
    if fmt == "json":
        click.echo(json.dumps({name: r.to_dict() for name, r in results.items()} | {"tier": extractor.tier}))
        return
    for name, result in results.items():
        _print_evaluation(name, result, show, extractor.tier)


def _print_evaluation(name: str, result, show: int, tier: str) -> None:
    console = Console()
    s = result.scores
    console.rule(f"{name}: {result.documents} documents, tier {tier}")
    line = (f"precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
            f"(TP {s.true_positives}, FP {s.false_positives}, FN {s.false_negatives})")
    if result.place_accuracy is not None:
        line += f"  place {result.place_accuracy:.3f}"
    console.print(line, highlight=False)
    if result.min_confidence > 0:
        console.print(f"left out {result.left_out} predictions below confidence {result.min_confidence:g}",
                      highlight=False)
    table = Table("type", "precision", "recall", "F1", "TP", "FP", "FN")
    for kind, v in sorted(result.by_type.items()):
        table.add_row(kind, f"{v.precision:.2f}", f"{v.recall:.2f}", f"{v.f1:.2f}",
                      str(v.true_positives), str(v.false_positives), str(v.false_negatives))
    console.print(table)
    _print_calibration(console, result)
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
    from diplomap.evaluate import place_agrees

    misplaced = [(g, e) for g, e in result.matched if g.place and not place_agrees(g.place, e)]
    console.print(f"[bold]wrong places[/bold] ({len(misplaced)})")
    for gold, event in misplaced[:show]:
        found = event.location.name if event.location else "none"
        console.print(f"  {gold.doc}:{gold.line} {'/'.join(gold.types)} {sorted(gold.participants)}  gold {gold.place},"
                      f" found {found}  {event.evidence.text[:160]}", highlight=False, markup=False)


def _print_calibration(console: Console, result) -> None:
    table = Table("confidence", "events", "right", "precision", title="calibration (right: not a false alarm)")
    for item in result.calibration():
        closing = "]" if item.high >= 1.0 else ")"
        precision = "-" if item.precision is None else f"{item.precision:.2f}"
        table.add_row(f"[{item.low:.1f}, {item.high:.1f}{closing}", str(item.events), str(item.right), precision)
    console.print(table)
    high = result.at_least()
    precision = "-" if high.precision is None else f"{high.precision:.3f}"
    console.print(f"confidence >= {high.low:g}: {high.events} events, precision {precision}", highlight=False)


# The event store: ingest, events, show, docs, export.

def _db_option(command):
    return click.option("--db", "db", default=None, metavar="FILE|URL",
                        help="DuckDB file or postgresql:// URL (default: $DIPLOMAP_DB, else diplomap.duckdb here)."
                        )(command)


def _open_store(db: str | None, create: bool = False):
    """The store to write (``create``: made where missing), else opened read-only, so that the
    reading commands work on a read-only file or mount and beside a running ingest."""
    from diplomap.copies import CopyRules
    from diplomap.load import fusion_rules
    from diplomap.store import open_store

    try:
        options = settings()
        rules = fusion_rules(publication_days=options.publication_days)
        return open_store(db or options.database, rules=rules, create=create, read_only=not create,
                          copy_rules=CopyRules(threshold=options.copy_threshold))
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


@app.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@_db_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: $DIPLOMAP_WORKERS, else 1).")
@click.option("--pub-date", type=ISO_DATE, help="Publication date for documents that state none.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per transaction.")
@click.option("--model", default=None, help="spaCy pipeline for the parsed tier (default: rules tier).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool here (--workers); dask: a Dask cluster (--scheduler) writing Parquet "
                   "shards (--shards), then loaded into the store.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster).")
@click.option("--shards", "shards", metavar="DIR", type=click.Path(file_okay=False), default=None,
              help="Folder for the Parquet shards of --engine dask, seen by the workers (default: a temporary one).")
@click.option("--no-load", is_flag=True,
              help="With --engine dask: write the shards only (load them with `diplomap load`).")
def ingest(paths, db, workers, pub_date, batch_size, model, engine, scheduler, shards, no_load) -> None:
    """Extract events from files or folders and store them, with their fused events.

    PATHS are as for `extract`: .txt/.md/.html/.jsonl/.pdf files, RSS/Atom feeds, folders
    of them, or http(s) URLs. Documents already stored with the same text are skipped; a changed document (same
    URL or file, new text) replaces its older version. Bad inputs get one line each on
    stderr, are recorded (see `diplomap docs --failed`), and the rest goes on.
    """
    from diplomap.load import extractor_for_model, load

    model = model or settings().spacy_model
    if engine == "dask":
        _ingest_on_dask(paths, db, model, pub_date, scheduler, shards, no_load)
        return
    if scheduler or shards or no_load:
        raise click.UsageError("--scheduler, --shards and --no-load go with --engine dask")
    with _open_store(db, create=True) as store, _ingest_progress() as progress:
        try:
            summary = load(paths, store, pub_date=pub_date, workers=workers or settings().workers,
                           extractor_factory=extractor_for_model(model),
                           batch_documents=batch_size, on_progress=progress, on_error=_report)
        except StorageFault as fault:
            _storage_fault(fault, progress)
        except DiplomapError as error:
            raise click.ClickException(str(error)) from None
        counts = store.counts()
    _ingest_summary(summary, counts)


def _ingest_on_dask(paths, db, model, pub_date, scheduler, shards, no_load) -> None:
    import tempfile

    from diplomap.dask_ingest import extract_to_shards

    if no_load and not shards:
        raise click.UsageError("--no-load needs --shards DIR to keep the shards in")
    with tempfile.TemporaryDirectory(prefix="diplomap-shards-") as scratch:
        folder = shards or scratch
        try:
            written = extract_to_shards(paths, folder, scheduler=scheduler, model=model, pub_date=pub_date)
        except DiplomapError as error:
            raise click.ClickException(str(error)) from None
        stderr.print(f"{written.documents} documents, {written.events} events, {written.failed} failed: "
                     f"{written.parts} shard parts in {folder} ({written.workers} Dask workers)",
                     highlight=False, soft_wrap=True)
        if not no_load:
            _load_shards([folder], db)


@app.command(name="load")
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@_db_option
def load_command(shards, db) -> None:
    """Put the Parquet shards of `ingest --engine dask` into the store, with their fused events.

    SHARDS are shard folders (each with documents/, reports/, participants/, people/ and
    failures/ of Parquet files). Documents already stored with the same text are
    skipped; changed ones replace their older version; exit status 1 if the shards
    record failed inputs.
    """
    _load_shards(shards, db)


def _load_shards(folders, db) -> None:
    from diplomap.load import load_shards

    with _open_store(db, create=True) as store, _ingest_progress() as progress:
        try:
            summary = load_shards(folders, store, on_progress=progress)
        except StorageFault as fault:
            _storage_fault(fault, progress)
        except DiplomapError as error:
            raise click.ClickException(str(error)) from None
        counts = store.counts()
    _ingest_summary(summary, counts)


def _ingest_summary(summary, counts) -> None:
    stderr.print(f"{summary.documents} documents stored ({summary.replaced} replaced), {summary.events} events, "
                 f"{summary.skipped} skipped, {summary.failed} failed; the store holds {counts['documents']} "
                 f"documents, {counts['reports']} reports, {counts['events']} fused events "
                 f"(tier: {summary.tier or '-'})", highlight=False, soft_wrap=True)
    if summary.failed:
        sys.exit(1)


def _storage_fault(fault: StorageFault, progress) -> None:
    """One line: what happened, what the committed batches kept, and what to do; exit status 1."""
    kept = progress.summary.documents if progress.summary is not None else 0
    progress.__exit__(None, None, None)
    click.echo(f"error: {fault}; {kept} document{'' if kept == 1 else 's'} committed before it "
               f"{'is' if kept == 1 else 'are'} kept in the store, the batch under way is not; {fault.advice}",
               err=True)
    sys.exit(1)


class _ingest_progress:
    """A spinner with the running counts, on stderr, gone when the ingest ends."""

    def __enter__(self):
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                            console=stderr, transient=True)
        self.bar.start()
        self.task = self.bar.add_task("reading", total=None)
        self.summary = None          # the load's running counts, once it reports them
        return self

    def __call__(self, summary) -> None:
        self.summary = summary
        self.bar.update(self.task, description=(
            f"{summary.documents} documents, {summary.events} events, {summary.skipped} skipped, "
            f"{summary.failed} failed"))

    def __exit__(self, *exc) -> None:
        self.bar.stop()


def _actor_code(store, text: str | None, option: str) -> str | None:
    """The actor code ``text`` names (a code, name or demonym in any case); an unknown one is one
    line naming the option and the closest actors."""
    if text is None:
        return None
    from diplomap.analytics.base import measures_kb
    from diplomap.analytics.profile import check_actor

    try:
        return check_actor(store, measures_kb(), text)
    except DiplomapError as error:
        raise click.ClickException(f"{option} {error}") from None


def _event_query(actor, with_actor, types, date_from, date_to, status, limit):
    from diplomap.store import EventQuery

    from diplomap.models import EVENT_TYPES

    kinds = tuple(kind.strip().upper() for value in types for kind in value.split(",") if kind.strip())
    unknown = sorted(set(kinds) - set(EVENT_TYPES))
    if unknown:
        raise click.BadParameter(f"not a PLOVER type: {', '.join(unknown)}", param_hint="--type")
    return EventQuery(actor=actor, with_actor=with_actor, event_types=kinds, date_from=date_from,
                      date_to=date_to, status=status, limit=limit)


@app.command()
@click.option("--actor", metavar="ACTOR", help="Events this actor takes part in: a code (ISO alpha-3 or organisation), "
                                               "a name or a demonym, in any case (AZE, azerbaijan, Azerbaijani).")
@click.option("--with", "with_actor", metavar="ACTOR", help="... together with this actor.")
@click.option("--type", "types", multiple=True, metavar="T", help="PLOVER type(s), e.g. CONSULT or AGREE,SUPPORT.")
@click.option("--from", "date_from", type=ISO_DATE, help="Events ending on or after this date.")
@click.option("--to", "date_to", type=ISO_DATE, help="Events starting on or before this date.")
@click.option("--status", type=click.Choice(["occurred", "planned", "denied", "hypothetical"]))
@click.option("--reports", is_flag=True, help="Raw reports (one per document) instead of fused events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "parquet"]), default="table",
              show_default=True)
@click.option("-o", "--output", default="-", help="Output file (default: stdout; parquet needs a file).")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@min_confidence_option(help="Mark the events whose confidence is below this in the table (the measures leave "
                             "them out); every event is still listed. Default: the shipped calibration's "
                             "threshold, {threshold}.", lazy=True)
@wide_option
@_db_option
def events(actor, with_actor, types, date_from, date_to, status, reports, fmt, output, limit, min_confidence,
           wide, db) -> None:
    """List stored events: fused events (with their sources) or, with --reports, raw reports.

    Every event is listed, whatever its confidence; the table marks those below
    --min-confidence, which the measures do not count, and says how many there are.
    The table fits the terminal: date, type, status and participants in the row, the
    id, place, source count and confidence beside them where there is room (else under
    the row), and the evidence sentence under the row; --wide puts everything in the row.
    """
    from diplomap.store.export import write_records

    with _open_store(db) as store:
        query = _event_query(_actor_code(store, actor, "--actor"), _actor_code(store, with_actor, "--with"), types,
                             date_from, date_to, status, limit)
        records = store.reports(query) if reports else store.events(query)
        try:
            if fmt == "table":
                records = list(records)
                min_confidence = shipped_threshold() if min_confidence is None else min_confidence
                console = Console()
                if not records:
                    console.print(_nothing_found(query, reports), highlight=False, markup=False)
                    return
                _print_stored_table(console, records, min_confidence, wide)
                below = sum(1 for record in records if record["confidence"] < min_confidence)
                if below:
                    console.print(f"{below} of {len(records)} {'reports' if reports else 'events'} below confidence "
                                  f"{min_confidence:g}, marked *: the measures leave them out "
                                  "(--min-confidence 0 counts them)", highlight=False, markup=False)
            else:
                write_records(records, fmt, output, fused=not reports)
        except DiplomapError as error:
            raise click.ClickException(str(error)) from None


def _nothing_found(query, reports: bool) -> str:
    """What was empty, in words: "no fused events of AZE with KAZ, type CONSULT, from 2025-01-01"."""
    parts = []
    if query.actor:
        parts.append(f"of {query.actor}" + (f" with {query.with_actor}" if query.with_actor else ""))
    if query.event_types:
        parts.append(f"type {','.join(query.event_types)}")
    if query.status:
        parts.append(f"status {query.status}")
    if query.date_from or query.date_to:
        parts.append(f"from {query.date_from or 'the first'} to {query.date_to or 'the last'}")
    what = "reports" if reports else "fused events"
    return f"no {what} " + ", ".join(parts) if parts else f"no {what}: the store is empty (`diplomap ingest` adds some)"


def _print_stored_table(console: Console, records: list[dict], min_confidence: float = 0.0,
                        wide: bool = False) -> None:
    """The records as a table; a confidence below ``min_confidence`` is marked * and its row dimmed."""
    rows, styles = [], []
    for record in records:
        kind = record["event_type"] + (f"/{record['mode']}" if record["mode"] else "")
        below = record["confidence"] < min_confidence
        rows.append((record["event_id"][:12], _when(record), kind, record["status"], " ".join(record["participants"]),
                     (record["location"] or {}).get("name") or "", str(record.get("source_count", 1)),
                     f"{record['confidence']:.2f}" + ("*" if below else ""), record["evidence"]["text"]))
        styles.append("dim" if below else None)
    print_table(console, ("id", "date", "type", "status", "participants", "place", "src", "conf", "evidence"), rows,
                extra=("id", "place", "src", "conf"), long=("evidence",), wide=wide, styles=styles)


@app.command()
@click.argument("event_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_db_option
def show(event_id, fmt, db) -> None:
    """Show one event (fused id, report id, or a unique prefix): why each participant is in it, and every
    source with its sentence."""
    with _open_store(db) as store:
        try:
            detail = store.event_detail(event_id)
        except DiplomapError as error:
            raise click.ClickException(str(error)) from None
    if fmt == "json":
        click.echo(json.dumps(detail, ensure_ascii=False, default=str))
        return
    event, console = detail["event"], Console()
    console.print(f"[bold]{event['event_id']}[/bold]  {event['event_type']}/{event['mode'] or '-'}  "
                  f"{event['status']}  {' '.join(event['participants'])}", highlight=False)
    place = (event["location"] or {}).get("name") or "-"
    console.print(f"date {event['date_start'] or '?'}..{event['date_end'] or '?'} ({event['date_precision']})  "
                  f"place {place}  forum {event['organization'] or '-'}  confidence {event['confidence']}  "
                  f"{event['source_count']} source document(s)", highlight=False)
    console.print("why each participant is in the event:", highlight=False)
    for code, why in _grounds(event):
        console.print(f"  {code}  {why}", highlight=False, markup=False)
    for source in detail["sources"]:
        evidence = source["report"]["evidence"]
        console.rule(f"{source['title'] or source['origin'] or source['report']['doc_id']}", align="left")
        console.print(f"doc {source['report']['doc_id']}  published {source['published'] or '?'}  "
                      f"{source['url'] or source['origin'] or ''}", highlight=False, markup=False)
        console.print(f"report {source['report']['event_id']}  rule {source['rule']}  "
                      f"chars {evidence['char_start']}-{evidence['char_end']}"
                      + (f"  page {source['page']}" if source.get("page") else ""), highlight=False, markup=False)
        console.print(f"  {evidence['text']}", highlight=False, markup=False)
        grounds = ", ".join(f"{code} ({why})" for code, why in _grounds(source["report"]))
        console.print(f"  participants: {grounds}", highlight=False, markup=False)


def _grounds(record: dict) -> list[tuple[str, str]]:
    """Each participant of a contract record with why it is in the event (its participant_sources);
    "not recorded" for one stored before diplomap recorded why."""
    sources = record.get("participant_sources") or {}
    return [(code, sources.get(code, "not recorded")) for code in record["participants"]]


@app.command()
@click.option("--failed", is_flag=True, help="List the inputs that failed, with the reason, instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@wide_option
@_db_option
def docs(failed, fmt, wide, db) -> None:
    """List stored documents, with the original each copy copies (or, with --failed, the inputs that
    could not be ingested).

    The table fits the terminal: id, publication date, report count and the original a copy copies
    in the row, the title and origin under it (--wide: all in the row).
    """
    with _open_store(db) as store:
        rows = store.failures() if failed else store.documents()
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    console = Console()
    if not rows:
        console.print("no failed documents" if failed else "no documents: the store is empty "
                      "(`diplomap ingest` adds some)", highlight=False, markup=False)
        return
    columns = ("failed_at", "origin", "reason") if failed else (
        "doc_id", "published", "reports", "copy_of", "title", "origin")
    cells = [tuple("" if row[c] is None else str(row[c]) for c in columns) for row in rows]
    print_table(console, columns, cells, long=("reason",) if failed else ("title", "origin"), wide=wide)


@app.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "plover"]), required=True)
@click.option("-o", "--output", required=True, help="Output file ('-' for stdout, except parquet).")
@click.option("--reports", is_flag=True, help="Export raw reports instead of fused events.")
@_db_option
def export(fmt, output, reports, db) -> None:
    """Export the store's events: JSONL (contract records), CSV, Parquet, or PLOVER JSONL."""
    from diplomap.store.export import export as export_events

    with _open_store(db) as store:
        try:
            count = export_events(store, fmt, output, reports=reports)
        except DiplomapError as error:
            raise click.ClickException(str(error)) from None
    stderr.print(f"{count} {'reports' if reports else 'events'} written to {output} ({fmt})", highlight=False,
                 soft_wrap=True)


class Interval(click.ParamType):
    name = "INTERVAL"

    def convert(self, value, param, ctx):
        from diplomap.watch import parse_interval

        try:
            return value if isinstance(value, float) else parse_interval(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


@app.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", type=Interval(), default="1h", show_default=True, help="Time between rounds: 90s, 15m, 1h, 1d.")
@click.option("--times", type=click.IntRange(min=1), default=None, help="Stop after this many rounds (default: never).")
@_db_option
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Extraction processes.")
@click.option("--model", default=None, help="spaCy pipeline for the parsed tier (default: rules tier).")
def watch(feeds, every, times, db, workers, model) -> None:
    """Ingest FEEDS (URLs or files of RSS/Atom feeds, or pages) every --every, storing new items only.

    One summary line per round; failed sources get one line each and are recorded. Stop
    with Ctrl-C. With --times, the exit status is 1 if the last round had failures.
    """
    from datetime import datetime

    from diplomap.load import extractor_for_model
    from diplomap.watch import watch as watch_sources

    last = {}

    def report(number, summary):
        last["failed"] = summary.failed
        stderr.print(f"{datetime.now():%Y-%m-%d %H:%M:%S} round {number}: {summary.documents} new documents, "
                     f"{summary.events} events, {summary.skipped} already stored, {summary.failed} failed",
                     highlight=False, soft_wrap=True)

    with _open_store(db, create=True) as store:
        try:
            watch_sources(feeds, store, every, rounds=times, on_round=report, on_error=_report,
                          workers=workers or settings().workers,
                          extractor_factory=extractor_for_model(model or settings().spacy_model))
        except KeyboardInterrupt:
            stderr.print("stopped", highlight=False)
            return
        except DiplomapError as error:
            raise click.ClickException(str(error)) from None
    if last.get("failed"):
        sys.exit(1)
