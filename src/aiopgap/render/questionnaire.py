"""A questionnaire on the terminal (``questionnaire show``): each dimension's questions and levels."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.rule import Rule

from aiopgap.model.questionnaire import Dimension, Questionnaire
from aiopgap.render.text import line, user


def renderables(questionnaire: Questionnaire, dimensions: Sequence[Dimension], levels: bool) -> list[RenderableType]:
    items: list[RenderableType] = [
        line(user(questionnaire.title, "bold"), "  ", questionnaire.id, " ", questionnaire.version),
        user(questionnaire.description, "dim"),
    ]
    for dim in dimensions:
        items.append(Rule(line(user(dim.name, "bold"), " · ", dim.question)))
        for number, question in enumerate(dim.questions, start=1):
            heading = line("\n", user(f"{number}. {question.prompt}", "bold"), "  ", user(question.id, "cyan"))
            if question.allow_na:
                heading.append("  (n/a allowed)", style="dim")
            items.append(heading)
            if question.replaces:
                items.append(user(f"(replaces {', '.join(question.replaces)})", "dim"))
            items.append(user(question.help, "italic"))
            if levels:
                items.extend(
                    line("   ", (str(level), "bold"), "  ", text) for level, text in sorted(question.levels.items())
                )
    return items
