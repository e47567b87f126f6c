"""GitHub Actions workflow commands (``::error file=…,line=…,col=…,title=…::message``) for CI annotations.

GitHub shows each line at its file and line in a pull request. User text is escaped as the runner
reads it back: ``%``, carriage return and newline in the message; also ``:`` and ``,`` in a property
(a file name or a title), so no text can end a property early or start a second command.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Literal

from aiopgap.model.errors import Location
from aiopgap.model.text import visible

Level = Literal["error", "warning", "notice"]


def escape_data(text: str) -> str:
    """A message as a workflow command carries it: other control characters (ESC) shown as escapes."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A property value (file, title) as a workflow command carries it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(file: str, workspace: Path) -> str:
    """``file`` relative to ``workspace`` with forward slashes when inside it, else as given."""
    path = PurePath(file)
    for resolve in (os.path.abspath, os.path.realpath):  # as written, then through symbolic links
        try:
            return Path(resolve(path)).relative_to(resolve(workspace)).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def annotation(level: Level, location: Location, title: str, message: str, workspace: Path) -> str:
    """One workflow command line (with its newline)."""
    props = [f"file={escape_property(workspace_path(location.file, workspace))}"]
    if location.line is not None:
        props.append(f"line={location.line}")
        if location.column is not None:
            props.append(f"col={location.column}")
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}\n"


def workflow_commands(items: Sequence[tuple[Level, Location, str, str]], workspace: Path) -> str:
    """Every annotation, one line each, in the order given."""
    return "".join(annotation(level, where, title, message, workspace) for level, where, title, message in items)
