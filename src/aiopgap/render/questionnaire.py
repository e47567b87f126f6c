"""A questionnaire on the terminal (``questionnaire show``): each dimension's questions and levels, then
each symptom's core signal and rule and the contradiction checks (claims tested against the inventory)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.rule import Rule as Line
from rich.table import Table
from rich.text import Text

from aiopgap.model.questionnaire import Dimension, Questionnaire
from aiopgap.model.rules import AllOf, AnyOf, AtLeast, ContradictionCondition, Not, Rule
from aiopgap.render.text import line, user


def rule_text(rule: Rule) -> str:
    """A rule in words: ``any of (process.scale-path ≤ 1.5; fact pilot_conversion < 0.35)``."""
    if isinstance(rule, AllOf):
        return f"all of ({'; '.join(rule_text(r) for r in rule.all)})"
    if isinstance(rule, AnyOf):
        return f"any of ({'; '.join(rule_text(r) for r in rule.any)})"
    if isinstance(rule, AtLeast):
        return f"at least {rule.at_least} of ({'; '.join(rule_text(r) for r in rule.of)})"
    if isinstance(rule, Not):
        return f"not ({rule_text(rule.not_)})"
    if isinstance(rule, ContradictionCondition):
        return f"contradiction {rule.contradiction} found"
    for kind in ("question", "dimension", "fact", "disagreement"):
        ref = getattr(rule, kind, None)
        if ref is not None:
            prefix = "" if kind == "question" else f"{kind} "
            return f"{prefix}{ref} {rule.describe()}"
    raise AssertionError(f"unknown rule {rule!r}")  # pragma: no cover - the Rule union is closed


def renderables(questionnaire: Questionnaire, dimensions: Sequence[Dimension], levels: bool) -> list[RenderableType]:
    items: list[RenderableType] = [
        line(user(questionnaire.title, "bold"), "  ", questionnaire.id, " ", questionnaire.version),
        user(questionnaire.description, "dim"),
    ]
    for dim in dimensions:
        items.append(_Heading(line(user(dim.name, "bold"), " · ", dim.question)))
        for number, question in enumerate(dim.questions, start=1):
            heading = line("\n", user(f"{number}. {question.prompt}", "bold"), "  ", user(question.id, "cyan"))
            if question.allow_na:
                heading.append("  (n/a allowed)", style="dim")
            items.append(heading)
            if question.replaces:
                items.append(user(f"(replaces {', '.join(question.replaces)})", "dim"))
            items.append(user(question.help, "italic"))
            if levels:
                items.append(_levels(question.levels))
    if tuple(dimensions) == questionnaire.dimensions:  # the whole questionnaire, not one dimension of it
        items.extend(_findings(questionnaire))
    return items


def _findings(questionnaire: Questionnaire) -> list[RenderableType]:
    """Each symptom's core signal and rule, then each contradiction check's claim and facts."""
    items: list[RenderableType] = []
    if questionnaire.symptoms:
        items.append(_Heading(line(("Symptoms", "bold"), " · flagged when the core signal and the rule both hold")))
    for symptom in questionnaire.symptoms:
        items.append(
            line("\n", user(symptom.name, "bold"), "  ", user(symptom.id, "cyan"), (f"  {symptom.severity}", "dim"))
        )
        core = "none: the rule alone decides" if symptom.core is None else rule_text(symptom.core)
        rule = "none: reported as not evaluable" if symptom.rule is None else rule_text(symptom.rule)
        items.append(_grid(("core signal", core), ("rule", rule)))
    if questionnaire.contradictions:
        items.append(_Heading(line(("Contradiction checks", "bold"), " · a claim the inventory's facts contradict")))
    for check in questionnaire.contradictions:
        items.append(line("\n", user(check.name, "bold"), "  ", user(check.id, "cyan")))
        items.append(_grid(("claim", rule_text(check.claim)), ("facts", rule_text(check.facts))))
    return items


class _Heading:
    """A rule with a heading in it, or the rule above the heading when the rule could only show it cut."""

    def __init__(self, title: Text) -> None:
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title.cell_len + 4 <= options.max_width:  # "─ " and " ─" either side
            yield Line(self.title.copy())
        else:
            yield Line()
            yield self.title


def _levels(levels: Mapping[int, str]) -> Table:
    """Each level's number, then its text; the text wraps under itself, not under the number."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for level, text in sorted(levels.items()):
        grid.add_row(line("   ", str(level)), user(text))
    return grid


def _grid(*rows: tuple[str, str]) -> Table:
    """Labelled lines whose text wraps under itself, not under the label."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # an id wider than the column breaks, not cut with an ellipsis
    for label, text in rows:
        grid.add_row(line("   ", label), user(text))
    return grid
