"""Printing errors for people: one line per problem, on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from aiopgap.errors import AiopgapError, InputError


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # "f.yaml:100:3" is not ":100:"


def print_error(exc: AiopgapError) -> None:
    console = stderr()
    if isinstance(exc, InputError):
        for problem in exc.problems:
            field = f" [dim]({escape(problem.location.field)})[/dim]" if problem.location.field else ""
            console.print(
                f"[bold red]error[/bold red] {escape(str(problem.location))}: {escape(problem.message)}{field}"
            )
        count = len(exc.problems)
        if count > 1:
            console.print(f"[red]{count} problems[/red]")
    else:
        console.print(f"[bold red]error[/bold red] {escape(str(exc))}")
