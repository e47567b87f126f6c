"""How the ``aiopgap assess`` screen fits a terminal: lines that shorten, and choices that scroll.

Every one-line part (the header, the question's place, the rule, the key bar) comes in versions
from the fullest to the shortest; :func:`fit` takes the first whose lines all fit the width, so a
narrow terminal gets shorter words and fewer hints rather than a line wrapped mid-word.

The choices and the help share the rows left by the rest (:func:`body`): the selected level is
always on screen with its whole descriptor, the list scrolls to keep it there (a line above or
below says more levels are hidden), and help takes the rows it can spare, folding to one short
line when the choices need the room.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.utils import get_cwidth

from aiopgap.model.interview import Progress, Step

Line = StyleAndTextTuples
"""One row of the screen."""


@dataclass(frozen=True)
class SessionInfo:
    organisation: str
    period: str
    respondent: str
    role: str
    file: str


def plain(parts: StyleAndTextTuples) -> str:
    return "".join(text for _, text, *_ in parts)


def lines_of(parts: StyleAndTextTuples) -> list[Line]:
    """``parts`` split at its newlines into rows, each keeping its styles."""
    rows: list[Line] = [[]]
    for style, text, *_ in parts:
        for i, piece in enumerate(text.split("\n")):
            if i:
                rows.append([])
            if piece:
                rows[-1].append((style, piece))
    return rows


def rows_of(parts: StyleAndTextTuples, columns: int = 0) -> int:
    """How many rows ``parts`` takes on a screen ``columns`` wide (that wraps a longer line); none without text."""
    if not plain(parts):
        return 0
    lines = plain(parts).split("\n")
    if columns <= 0:
        return len(lines)
    return sum(max(1, -(-get_cwidth(line) // columns)) for line in lines)


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` columns, ending in ``…`` when cut."""
    if get_cwidth(text) <= width:
        return text
    out = ""
    for char in text:
        if get_cwidth(out + char) > width - 1:
            break
        out += char
    return out.rstrip() + "…"


def fits(parts: StyleAndTextTuples, width: int) -> bool:
    return all(get_cwidth(row) <= width for row in plain(parts).split("\n"))


def fit(versions: Sequence[StyleAndTextTuples], width: int) -> StyleAndTextTuples:
    """The first of ``versions`` (fullest first) whose every line fits ``width``; the last one cut to it."""
    for version in versions:
        if fits(version, width):
            return version
    rows = lines_of(versions[-1])
    out: StyleAndTextTuples = []
    for i, row in enumerate(rows):
        if i:
            out.append(("", "\n"))
        out += _cut_row(row, width)
    return out


def _cut_row(row: Line, width: int) -> Line:
    out: Line = []
    used = 0
    for style, text, *_ in row:
        room = width - used
        if get_cwidth(text) <= room:
            out.append((style, text))
            used += get_cwidth(text)
            continue
        if room > 0:
            out.append((style, cut(text, room)))
        break
    return out


def wrap(style: str, text: str, width: int, first: str = "", rest: str = "") -> StyleAndTextTuples:
    """``text`` wrapped at spaces to ``width``, ``first``/``rest`` as line prefixes."""
    lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)
    return [(style, "\n".join(lines or [first]))]


# ---------------------------------------------------------------------- choices and help sharing rows


@dataclass(frozen=True)
class Block:
    """The rows of one choice: where they start in the list of every choice's rows, and how many."""

    start: int
    size: int

    @property
    def end(self) -> int:
        return self.start + self.size


@dataclass(frozen=True)
class View:
    """Which of the choice rows are shown: from ``top``, ``rows`` of them; whether more are above or below."""

    top: int
    rows: int
    above: bool
    below: bool


def view(total: int, height: int, block: Block, top: int = 0, starts: Sequence[int] = ()) -> View:
    """The rows of ``total`` to show in ``height`` rows so that ``block`` is whole on screen.

    ``top`` is where the list started last time, kept while the block stays visible (the list
    does not jump at every key). ``starts`` are the rows a choice starts at: the list scrolls a
    whole choice at a time where it can. A line marks hidden choices above and below, so when the
    list scrolls it shows ``height`` less one or two rows. A block taller than that shows its start.
    """
    if total <= height:
        return View(0, total, False, False)
    if height < block.size + 2:  # no room for the choice and the lines around it: as much of it as fits
        return View(block.start, min(height, total - block.start), False, False)

    def shown(top: int) -> int:
        rows = height - (top > 0)
        return rows - (top + rows < total)

    def after(row: int) -> int:
        return min(min((s for s in starts if s > row), default=row + 1), block.start)

    def before(row: int) -> int:
        return max((s for s in starts if s < row), default=row - 1)

    top = max(0, min(top, block.start, total - 1))
    while top < block.start and top + shown(top) < block.end:
        top = after(top)
    while top > 0 and (up := before(top)) + shown(up) >= total and up + shown(up) >= block.end:
        top = up  # no empty rows at the end (after a resize)
    rows = max(0, shown(top))
    return View(top, rows, top > 0, top + rows < total)


def more_line(where: str) -> Line:
    return [("class:dim", f"       {'↑' if where == 'above' else '↓'} more levels {where}")]


def body(
    choices: Sequence[Line],
    block: Block,
    helps: Sequence[Sequence[Line]],
    height: int,
    top: int = 0,
    starts: Sequence[int] = (),
) -> tuple[list[Line], View]:
    """The rows of help and choices in ``height`` rows, and the view of the choices shown.

    ``helps`` are the versions of the help (fullest first; empty when help is closed): the first that
    leaves the selected ``block`` whole is shown, above a blank row when there is room for one. With
    no room for any, help is left out: the choices always come first.
    """
    total = len(choices)
    if height <= 0:
        return [], View(0, 0, False, total > 0)
    for help_rows in [*helps, []]:
        gap = 1 if help_rows else 0
        room = height - len(help_rows) - gap
        if room <= 0:
            continue
        shown = view(total, room, block, top, starts)
        if (shown.top <= block.start and block.end <= shown.top + shown.rows) or not help_rows:
            break
    rows: list[Line] = [*help_rows]
    if help_rows:
        rows.append([])
    if shown.above:
        rows.append(more_line("above"))
    rows += choices[shown.top : shown.top + shown.rows]
    if shown.below:
        rows.append(more_line("below"))
    return rows, shown


# ---------------------------------------------------------------------- the lines that shorten


def header(info: SessionInfo, progress: Progress, width: int) -> StyleAndTextTuples:
    """Who answers for which organisation, how far they are overall and per dimension: two lines."""
    done, total = progress.answered, progress.total
    percent = 0 if total == 0 else round(100 * done / total)
    where = ("class:header", f"{info.organisation} · {info.period}")
    who: list[StyleAndTextTuples] = [
        [
            where,
            ("", "   respondent: "),
            ("class:header", info.respondent),
            ("", f" ({info.role})   "),
            ("bold", f"Overall {done}/{total} answered ({percent}%)"),
        ],
        [
            where,
            ("", " · "),
            ("class:header", info.respondent),
            ("", f" ({info.role}) · "),
            ("bold", f"{done}/{total} answered"),
        ],
        [where, ("", " · "), ("class:header", info.respondent), ("", " · "), ("bold", f"{done}/{total}")],
    ]
    bars = [progress_line(progress, bars=True), progress_line(progress), progress_line(progress, short=True)]
    room = max(8, width // 3)
    who.append(
        [("class:header", f"{cut(info.organisation, room)} · {info.period}"), ("", " · "),
         ("class:header", cut(info.respondent, room // 2)), ("", " · "), ("bold", f"{done}/{total}")]
    )  # fmt: skip
    first = fit(who, width)
    return [*first, ("", "\n"), *fit(bars, width)]


def progress_line(progress: Progress, bars: bool = False, short: bool = False) -> StyleAndTextTuples:
    """One entry per dimension (by id, to fit one line): ``ownership ■■□□□□□ 2/7``, or without the bar."""
    parts: StyleAndTextTuples = []
    for dim in progress.dimensions:
        if parts:
            parts.append(("", "   " if bars else " · "))
        name = dim.id[:4] if short else dim.id
        parts += [("", f"{name} "), *(progress_bar(dim.answered, dim.total, dim.total) if bars else [])]
        parts.append(("", f"{' ' if bars else ''}{dim.answered}/{dim.total}"))
    return parts


def progress_bar(done: int, total: int, width: int) -> StyleAndTextTuples:
    filled = 0 if total == 0 else round(width * done / total)
    return [("class:bar.done", "■" * filled), ("class:bar.todo", "□" * (width - filled))]


def rule(file: str, width: int) -> StyleAndTextTuples:
    """A line across the screen saying where every answer goes."""
    for label in (f" every answer is saved to {file} when you press Enter ", f" saved to {file} on Enter ", ""):
        if get_cwidth(label) + 4 <= width:
            break
    return [("class:dim", "──" + label + "─" * max(0, width - 2 - get_cwidth(label)))]


def question_place(step: Step, width: int) -> StyleAndTextTuples:
    """The dimension and where the question is: ``question K of N``, K its place in the questionnaire."""
    dim = step.dimension
    place = f"question {step.number} of {step.count}"
    in_dim = f"{step.number_in_dimension} of {step.dimension_count} in this dimension"
    return fit(
        [
            [("class:dimension", dim.name), ("class:dim", f" · {dim.question}   {place} · {in_dim}")],
            [("class:dimension", dim.name), ("class:dim", f"   {place} · {in_dim}")],
            [("class:dimension", dim.name), ("class:dim", f"   {place}")],
            [("class:dim", place), ("class:dimension", f"   {dim.name}")],
        ],
        width,
    )


def question_text(step: Step, width: int) -> StyleAndTextTuples:
    """The question's place, a blank line, and its prompt wrapped at spaces."""
    prompt = f"{step.question.prompt}  [{step.question.id}]"
    return [*question_place(step, width), ("", "\n\n"), *wrap("class:prompt", prompt, width)]


def footer(step: Step, evidence_kind: bool = False, width: int = 1000) -> StyleAndTextTuples:
    """The keys this question answers to, shortened (fewer words, then fewer keys) to fit ``width``."""
    question = step.question
    na = question.allow_na
    back = step.can_go_back
    levels = f"0-{question.max_level}"
    full: list[tuple[str, str]] = [
        ("↑↓", "move"),
        (levels, "choose"),
        *([("n", "n/a")] if na else []),
        ("Enter", "confirm + save"),
        ("Tab", "note"),
        ("e", "evidence"),
        *([("r/d", "reference/date"), ("+", "another item")] if evidence_kind else []),
        ("?", "help"),
        ("s", "skip"),
        *([("b/←", "back")] if back else []),
        ("Ctrl-C", "stop (answers are saved)"),
    ]
    short: list[tuple[str, str]] = [
        (f"↑↓ {levels}{' n' if na else ''}", "choose"),
        ("Enter", "save"),
        ("Tab", "note"),
        ("e", "evidence"),
        *([("r/d", "ref/date"), ("+", "more")] if evidence_kind else []),
        ("?", "help"),
        ("s", "skip"),
        *([("b", "back")] if back else []),
        ("Ctrl-C", "stop"),
    ]
    fewer = [pair for pair in short if pair[0] not in {"Ctrl-C", "+", "e"}]
    least = [("Enter", "save"), ("?", "help + keys")]
    return fit([_keys(full), _keys(short), _keys(fewer, "  "), _keys(fewer, " "), _keys(least)], width)


def _keys(keys: list[tuple[str, str]], gap: str = "  ") -> StyleAndTextTuples:
    parts: StyleAndTextTuples = []
    for key, what in keys:
        if parts:
            parts.append(("class:dim", gap))
        parts += [("class:key", key), ("class:dim", f" {what}")]
    return parts


def help_versions(step: Step, width: int) -> list[list[Line]]:
    """What ``?`` shows the respondent, fullest first: how to choose, then every key; or one short line."""
    question = step.question
    na = " n/a is for a question that does not apply to your organisation." if question.allow_na else ""
    full = (
        "Help: choose the level that best describes your organisation today, as it works in practice, "
        "not as it is planned or written down. If you are torn between two levels, choose the one that is "
        f"fully true now.{na} Your answer is saved as soon as you press Enter, and you can come back to it."
    )
    keys = (
        f"Keys: ↑↓ or 0-{question.max_level}{' or n' if question.allow_na else ''} choose a level, Enter saves it, "
        "Tab writes a note on why, e adds evidence (a document, something seen), s leaves the question for "
        f"later{', b goes back' if step.can_go_back else ''}, Ctrl-C stops (saved answers stay). ? closes this help."
    )
    short = "Help: choose the level that best describes your organisation today (? closes)."
    return [
        lines_of([*wrap("class:help", full, width), ("", "\n"), *wrap("class:help", keys, width)]),
        lines_of(wrap("class:help", full, width)),
        lines_of(wrap("class:help", short, width)),
        [[("class:help", cut(short, width))]],
    ]
