"""Tables that fit the terminal: key columns whole, long text under its row.

``print_table(console, columns, rows, key=..., extra=..., long=...)`` prints rows so that
no line is wider than the console:

- *key* columns (date, type, status, participants) stay in the row, never cut: a value
  that does not fit its column wraps at spaces, after "/" and after "..";
- *extra* columns (id, place, sources, confidence) stay in the row while there is room,
  and otherwise go under it as "name value", the rightmost first;
- *long* columns (evidence, sentence, title) go under the row, whole.

With ``wide`` every column is in the row (a rich table whose cells fold), as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.table import Table
from rich.text import Text

GAP = 2
INDENT = 4
UNLABELLED = frozenset({"evidence", "sentence"})
_BREAK = re.compile(r"(?<=/)|(?<=\.\.)")


@dataclass(frozen=True)
class Layout:
    """Which columns stay in the row (``inline``, with their widths) and which go under it."""

    inline: tuple[int, ...]
    widths: tuple[int, ...]
    under: tuple[int, ...]


def print_table(console: Console, columns: Sequence[str], rows: Sequence[Sequence[str]], *,
                key: Sequence[str] | None = None, extra: Sequence[str] = (), long: Sequence[str] = (),
                wide: bool = False, title: str | None = None, styles: Sequence[str | None] | None = None) -> None:
    """Print ``rows`` (strings, one per column) to fit ``console.width``; see the module docstring.

    ``key`` defaults to every column that is neither extra nor long; ``styles`` gives a row's style.
    """
    styles = styles or [None] * len(rows)
    if wide:
        console.print(_rich_table(columns, rows, title, styles))
        return
    if title:
        console.print(Text(title, style="bold"))
    for line, style in render(columns, rows, console.width, key=key, extra=extra, long=long, styles=styles):
        console.print(Text(line, style=style or ""), soft_wrap=True, no_wrap=True)


def render(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int, *, key: Sequence[str] | None = None,
           extra: Sequence[str] = (), long: Sequence[str] = (),
           styles: Sequence[str | None] | None = None) -> list[tuple[str, str | None]]:
    """The lines of the table at ``width`` columns, each with its style (None: plain)."""
    layout = plan(columns, rows, width, key=key, extra=extra, long=long)
    header = [columns[i] for i in layout.inline]
    lines = [(line, "bold") for line in _row_lines(header, layout.widths)]
    lines.append(("─" * min(width, sum(layout.widths) + GAP * (len(layout.widths) - 1)), "dim"))
    for number, row in enumerate(rows):
        style = (styles or [None] * len(rows))[number]
        lines += [(line, style) for line in _row_lines([row[i] for i in layout.inline], layout.widths)]
        lines += [(line, style or "dim") for line in _under_lines(columns, row, layout.under, width)]
    return lines


def plan(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int, *, key: Sequence[str] | None = None,
         extra: Sequence[str] = (), long: Sequence[str] = ()) -> Layout:
    """The layout at ``width``: extras moved under the row, rightmost first, until the row fits;
    then the widest columns narrowed (wrapping their values) down to their longest word."""
    key = [c for c in columns if c not in extra and c not in long] if key is None else list(key)
    inline = [i for i, name in enumerate(columns) if name in key or name in extra]
    natural = {i: max([cell_len(columns[i]), *(cell_len(row[i]) for row in rows)]) for i in inline}
    least = {i: max(_longest_piece(columns[i]), *(_longest_piece(row[i]) for row in rows)) for i in inline}
    moved = []
    while _span([natural[i] for i in inline]) > width and any(columns[i] in extra for i in inline):
        last = max((i for i in inline if columns[i] in extra), key=lambda i: extra.index(columns[i]))
        inline.remove(last)
        moved.append(last)
    widths = _narrow([natural[i] for i in inline], [least[i] for i in inline], width)
    under = [i for i in range(len(columns)) if i in moved or columns[i] in long]
    return Layout(tuple(inline), tuple(widths), tuple(under))


def _span(widths: Sequence[int]) -> int:
    return sum(widths) + GAP * (len(widths) - 1)


def _narrow(widths: list[int], least: list[int], width: int) -> list[int]:
    """``widths`` narrowed, widest first, until they fit ``width``: down to ``least`` first, then
    (where even that is too wide) below it, never under one cell."""
    widths = list(widths)
    for floor in (least, [1] * len(widths)):
        while _span(widths) > width:
            room = [i for i in range(len(widths)) if widths[i] > floor[i]]
            if not room:
                break
            widest = max(room, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def _pieces(text: str) -> list[list[str]]:
    """The words of ``text``, each split after "/" and "..", where a value may wrap."""
    return [[piece for piece in _BREAK.split(word) if piece] for word in text.split()]


def _longest_piece(text: str) -> int:
    return max((cell_len(piece) for word in _pieces(text) for piece in word), default=0)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: at spaces, after "/" and "..", and a piece
    longer than the line folded."""
    lines, line = [], ""
    for word in _pieces(text):
        for number, piece in enumerate(word):
            joined = line + (" " if number == 0 and line else "") + piece
            if cell_len(joined) <= width:
                line = joined
                continue
            if line:
                lines.append(line)
            *full, line = chop_cells(piece, width) or [""]
            lines += full
    return [*lines, line] if line or not lines else lines


def _row_lines(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
    wrapped = [wrap(cell, width) for cell, width in zip(cells, widths)]
    height = max((len(lines) for lines in wrapped), default=1)
    rows = []
    for number in range(height):
        parts = [(lines[number] if number < len(lines) else "") for lines in wrapped]
        rows.append((" " * GAP).join(part + " " * (width - cell_len(part)) for part, width in zip(parts, widths))
                    .rstrip())
    return rows


def _under_lines(columns: Sequence[str], row: Sequence[str], under: Sequence[int], width: int) -> list[str]:
    """The row's columns that go under it: short ones on one line as "name value", long ones whole."""
    short = [f"{columns[i]} {row[i]}" for i in under if row[i] and row[i] != "-" and columns[i] not in UNLABELLED
             and cell_len(row[i]) <= 24]
    texts = [" · ".join(short)] if short else []
    for i in under:
        if row[i] and (columns[i] in UNLABELLED or cell_len(row[i]) > 24):
            texts.append(row[i] if columns[i] in UNLABELLED else f"{columns[i]}: {row[i]}")
    return [" " * INDENT + line for text in texts for line in wrap(text, width - INDENT)]


def _rich_table(columns, rows, title, styles) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row, style in zip(rows, styles):
        table.add_row(*row, style=style)
    return table
