"""Running one command without typer reading every command's signature first.

typer turns every registered command into a click command before it runs the one asked for, and
reading each signature (its annotations, its options) is a good part of start-up. When the first
argument names a command, the app is run with that command alone: the same click command under the
same group options, so its help, its errors and its exit codes are the same.
"""

from __future__ import annotations

import copy
import os

import typer
import typer.main
import typer.models


def only_the_command_named(app: typer.Typer, args: list[str]) -> typer.Typer | None:
    """The app with only the command ``args`` starts with, or None to run the whole app.

    typer reads the signature of every command before it runs any (a good part of start-up); the
    command named first gets the same click command and the same group options either way. The app's
    own help, completion, group options before the command, command groups and unknown names run the
    whole app.
    """
    if not args or any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None
    wanted = [info for info in app.registered_commands if _command_name(info) == args[0]]
    if len(wanted) != 1:
        return None
    only = copy.copy(app)
    only.registered_commands = wanted
    only.registered_groups = []
    return only


def _command_name(info: typer.models.CommandInfo) -> str | None:
    if info.name is not None:
        return info.name
    return typer.main.get_command_name(info.callback.__name__) if info.callback is not None else None
