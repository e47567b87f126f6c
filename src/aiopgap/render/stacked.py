"""Wide tables that turn into stacked blocks when the terminal is too narrow to show them whole.

Read across, a wide table is the clearest form; squeezed below the width it needs, rich shrinks its
columns, cuts values with an ellipsis or leaves a column with nothing in it. :func:`fitted` wraps a
table so that the choice is made when it is printed, at the width it is printed at: the table as it
is when every value fits, otherwise each row as a small block, its first cell as a heading and one
labelled line per other column (labelled with the column's header)::

    Ownership and accountability
      Score     1.94 → 2.28
      Change    ▲ +0.34
      Maturity  Emerging → Defined

Every wide table of ``diff``, ``trend`` and ``report`` goes through here: the one home of the
stacked layout. A table's content is built once, by its document, for both layouts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

_UNBOUNDED = 10_000
"""A width no table reaches: measured at it, a column shows its longest line."""
_INDENT = 2
"""Columns the labelled lines of a stacked block sit in from its heading."""
_GAP = 2
"""Columns between a label and its value."""


def _as_text(console: Console, renderable: RenderableType) -> Text:
    if isinstance(renderable, Text):
        return renderable
    if isinstance(renderable, str):
        return console.render_str(renderable)
    return Text(str(renderable))  # pragma: no cover - our tables hold only text


def fits(table: Table, console: Console, options: ConsoleOptions) -> bool:
    """Whether ``table`` printed within ``options`` shows every value whole: each cell of a no-wrap
    column on its line, each word of the other columns unbroken (they may wrap between words).

    The widths are those rich itself gives the columns (its private ``_calculate_column_widths`` and
    ``_measure_column``, stable since rich 10): when the table is too wide, rich narrows the widest
    wrapping columns first whatever their longest word, so a sum of minimum widths would not tell.
    """
    if table.width is not None:  # pragma: no cover - none of our tables has a fixed width
        return table.width <= options.max_width
    try:
        given = table._calculate_column_widths(console, options.update_width(options.max_width - table._extra_width))
        wide = options.update_width(_UNBOUNDED)
        measured = [table._measure_column(console, wide, column) for column in table.columns]
    except (AttributeError, TypeError):  # pragma: no cover - a rich without them: stacked never cuts a value
        return False
    for width, column, needs in zip(given, table.columns, measured, strict=True):
        if width < (needs.maximum if column.no_wrap else needs.minimum):
            return False
    return True


def _label_lines(console: Console, header: RenderableType, value: Text) -> Iterator[tuple[Text, Text]]:
    """One ``(label, value)`` per line of a cell whose header names each of its lines (``Score\\nevid.``),
    otherwise the whole header beside the whole cell."""
    label = _as_text(console, header)
    labels, values = label.split("\n"), value.split("\n")
    if len(labels) > 1 and len(labels) == len(values):
        yield from zip(labels, values, strict=True)
    else:
        yield Text(" / ").join(labels), value


def _block(
    console: Console, width: int, headers: Sequence[RenderableType], row: Sequence[RenderableType]
) -> list[RenderableType]:
    """One row: its first cell as a heading (the name in bold), then a ``label  value`` line per cell;
    when a word of a value would not fit beside the labels, each label on a line and its value below."""
    heading = _as_text(console, row[0]).copy()
    heading.stylize("bold", 0, len(heading.plain.split("\n", 1)[0]))  # the name; what follows keeps its style
    pairs = [
        pair
        for header, cell in zip(headers[1:], row[1:], strict=True)
        if (value := _as_text(console, cell)).plain.strip()
        for pair in _label_lines(console, header, value)
    ]
    if not pairs:
        return [heading]
    beside = width - _INDENT - max(label.cell_len for label, _ in pairs) - _GAP
    options = console.options.update_width(_UNBOUNDED)
    if all(Measurement.get(console, options, value).minimum <= beside for _, value in pairs):
        grid = Table.grid(padding=(0, _GAP))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for label, value in pairs:
            grid.add_row(label, value)
        return [heading, Padding(grid, (0, 0, 0, _INDENT), expand=False)]
    below: list[RenderableType] = [heading]
    for label, value in pairs:
        below.append(Padding(label.copy(), (0, 0, 0, _INDENT), style="dim", expand=False))
        below.append(Padding(value, (0, 0, 0, 2 * _INDENT), expand=False))
    return below


def stacked(table: Table, console: Console, width: int, labels: Sequence[str] | None = None) -> Group:
    """``table`` as blocks ``width`` columns wide, one per row: the first cell as a heading, then the
    other cells labelled with ``labels`` (one per column, lines matching the cells' lines) or else the
    column headers."""
    items: list[RenderableType] = []
    if table.title is not None:
        title = _as_text(console, table.title).copy()
        title.stylize("table.title")
        items.append(title)
    headers = list(labels) if labels is not None else [column.header for column in table.columns]
    for row in zip(*(list(column.cells) for column in table.columns), strict=True):
        items.extend(_block(console, width, headers, row))
    if table.caption is not None:
        caption = _as_text(console, table.caption).copy()
        caption.stylize("table.caption")
        items.append(caption)
    return Group(*items)


class Fitted:
    """A wide table, or its stacked blocks when the width it is printed at cannot show it whole."""

    def __init__(self, table: Table, labels: Sequence[str] | None = None) -> None:
        if labels is not None and len(labels) != len(table.columns):
            raise ValueError(f"{len(labels)} labels for {len(table.columns)} columns")
        self.table = table
        self.labels = labels

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if fits(self.table, console, options):
            yield self.table
        else:
            yield stacked(self.table, console, options.max_width, self.labels)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table)


def fitted(table: Table, labels: Sequence[str] | None = None) -> Fitted:
    """``table`` laid out to fit the width it is printed at (see the module's docstring); ``labels``
    name its columns in the stacked form when the headers, abbreviated to keep the table narrow, would
    not read well on their own."""
    return Fitted(table, labels)
