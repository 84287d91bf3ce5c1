"""Command groups kept out of ``cli.py``: each module's ``COMMANDS`` are added to the app there.

Commands here follow the CLI's rules: parse options, call one library function,
print, and turn domain errors into ``click.ClickException``.
"""

from __future__ import annotations

from datetime import date

import click

from diplomap.errors import DiplomapError


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


def shipped_threshold() -> float:
    """The shipped calibration's threshold: the confidence from which the views count events
    by default. Read when a command needs it (importing the calibration loads the extractor)."""
    from diplomap.extract.calibration import shipped

    try:
        return shipped().threshold
    except DiplomapError as error:
        raise click.ClickException(str(error)) from None


class MinConfidenceOption(click.Option):
    """``--min-confidence``: a confidence from 0 to 1 whose default, and the value its help names,
    is the shipped calibration's threshold, read when asked for rather than at import."""

    HELP = ("Count only events whose confidence (the calibrated probability that the event is right) is at "
            "least this; default: the shipped calibration's threshold, {threshold}. 0 counts every event.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help", self.HELP)
        kwargs.setdefault("default", shipped_threshold)
        super().__init__(*args, type=click.FloatRange(0.0, 1.0), show_default=False, metavar="FLOAT", **kwargs)

    def get_help_record(self, ctx):
        record = super().get_help_record(ctx)
        if record is None:
            return None
        return record[0], record[1].replace("{threshold}", f"{shipped_threshold():g}")


def min_confidence_option(command=None, *, help: str | None = None, lazy: bool = False):
    """The ``--min-confidence`` option, as a decorator; ``help`` replaces its help ("{threshold}": the
    value). With ``lazy`` the value is None when not given: the command reads ``shipped_threshold()``
    only where it needs it."""
    options = {"help": help} if help else {}
    if lazy:
        options["default"] = None
    decorator = click.option("--min-confidence", "min_confidence", cls=MinConfidenceOption, **options)
    return decorator if command is None else decorator(command)


def wide_option(command):
    """``--wide``: every column in the table's row, folded to fit, instead of long text under the row."""
    return click.option("--wide", is_flag=True,
                        help="Every column in the row (long text folded in its column) instead of long text "
                             "under the row.")(command)


def include_undated_option(command):
    """``--include-undated``: count undated events in the window too (they are left out by default)."""
    return click.option("--include-undated", "include_undated", is_flag=True,
                        help="Count undated events too; by default a window counts dated events only and says "
                             "how many undated ones it left out.")(command)
