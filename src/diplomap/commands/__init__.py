"""Command groups kept out of ``cli.py``: each module's ``COMMANDS`` are added to the app there.

Commands here follow the CLI's rules: parse options, call one library function,
print, and turn domain errors into ``click.ClickException``.
"""

from __future__ import annotations

from datetime import date

import click


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
