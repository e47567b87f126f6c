"""The tool's own errors and exit codes.

Every failure a user can cause is one of these; the CLI turns them into a
message and an exit code, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    GATE_FAILED = 1
    BAD_INPUT = 2
    INTERNAL = 3  # a bug in aiopgap itself: never the user's input, never a gate
    INTERRUPTED = 130
    BROKEN_PIPE = 141  # the reader of standard output went away (128 + SIGPIPE), as shell tools do


@dataclass(frozen=True, order=True)
class Location:
    """Where in which file a problem is: 1-based line and column, and the field path.

    A spreadsheet cell is named by ``cell`` (``Ownership!C7``) instead of a line and column.
    """

    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.file}:{self.cell}"
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        field = f" [{self.location.field}]" if self.location.field else ""
        return f"{self.location}:{field} {self.message}"


class AiopgapError(Exception):
    """Base of every error the tool reports to the user."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class InputError(AiopgapError):
    """One or more problems in the files the user gave us."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.location.file, p.location.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(AiopgapError):
    """The command was called in a way that cannot work (missing file, bad option value)."""


def input_error(
    file: str, message: str, line: int | None = None, column: int | None = None, field: str | None = None
) -> InputError:
    """The error of one problem at one place: how every single located problem is raised."""
    return InputError([Problem(Location(file, line, column, field), message)])
