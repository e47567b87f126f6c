"""Perception gaps across assessments in the terminal: the ``diff`` table of gap widths before and
after (narrowed, widened, closed, new) and the ``trend`` table of widths per period. Markdown and
HTML say the same from the diff and trend templates, with :func:`~aiopgap.render.vocabulary.gap_width_change`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiopgap.model.diff import Diff
from aiopgap.model.trend import Trend
from aiopgap.render.text import user
from aiopgap.render.vocabulary import gap_width_change, score

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

STYLES = {"narrowed": "green", "closed": "bold green", "widened": "red", "new": "yellow"}


def _label(kind: str, ref: str, label: str) -> Text:
    title = user(ref if kind == "question" else f"{ref} (dimension)", style="bold")
    title.append_text(user(f"\n{label}"))
    return title


def diff_gap_table(diff: Diff) -> Table | None:
    """Roles' perception gaps, before and after; None when the diff compares none."""
    from rich.table import Table

    if not diff.gaps:
        return None
    narrowed = sum(1 for g in diff.gaps if g.change in {"narrowed", "closed"})
    table = Table(
        title=f"Perception gaps between roles: {narrowed} of {len(diff.gaps)} narrowed or closed", title_justify="left"
    )
    table.add_column("Question or dimension", ratio=2, overflow="fold")
    table.add_column("Levels apart", no_wrap=True)
    table.add_column("Agreed", no_wrap=True)
    for g in diff.gaps:
        table.add_row(
            _label(g.kind, g.ref, g.label),
            user(gap_width_change(g), style=STYLES.get(g.change, "")),
            user(g.agreed or "–"),
        )
    return table


def trend_gap_table(trend: Trend) -> Table | None:
    """Each perception gap's width per period; None when no period shows one."""
    from rich.table import Table

    if not trend.gaps:
        return None
    table = Table(title="Perception gaps between roles: levels apart per period", title_justify="left")
    table.add_column("Question or dimension", ratio=2, overflow="fold")
    for period in trend.periods:
        table.add_column(user(period), justify="right", no_wrap=True)
    table.add_column("Change", no_wrap=True)
    for g in trend.gaps:
        table.add_row(
            _label(g.kind, g.ref, g.label),
            *[user(score(w)) for w in g.widths],
            user(g.change, style=STYLES.get(g.change, "")),
        )
    return table
