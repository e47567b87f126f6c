"""Folders: the one place a folder given as input is listed, and a folder a command writes into is made.

:func:`expand` turns folders among a command's inputs into the files they hold.

:func:`output_folder` creates the folder (and its parents) when it is missing and refuses, as a
:class:`UsageError` (exit 2) naming it, a file or anything else that is in the way;
:func:`write_into` writes several files into it atomically (all or none, :mod:`aiopgap.files.atomic`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from aiopgap.files.destinations import reason, shown
from aiopgap.model.errors import UsageError

SUFFIXES = (".yaml", ".yml", ".json")


def expand(paths: list[Path], what: str = "answers files or JSON reports") -> list[tuple[Path, bool]]:
    """Files as given, each with whether it came from a folder (where questionnaires are skipped).

    A folder gives its ``.yaml``, ``.yml`` and ``.json`` files (not its subfolders), sorted by name;
    :class:`UsageError` when it holds none (``what`` names what was looked for) or cannot be listed.
    """
    files: list[tuple[Path, bool]] = []
    for path in paths:
        try:
            folder = path.is_dir()
        except OSError:  # a name too long, say: reading it as a file reports why, with its name
            folder = False
        if not folder:
            files.append((path, False))
            continue
        try:
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        except OSError as exc:
            raise UsageError(f"cannot list folder {shown(path)}: {reason(exc)}") from None
        if not inside:
            raise UsageError(f"no {what} ({', '.join(SUFFIXES)}) in folder {shown(path)}")
        files.extend((p, True) for p in inside)
    return files


def output_folder(path: Path, option: str) -> Path:
    """``path`` as a folder ready to write into, made if it is missing; ``option`` names it in errors."""
    check_folder(path, option)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"{option} {shown(path)}: something that is not a folder is in the way") from None
    except OSError as exc:
        raise UsageError(f"{option} {shown(path)}: cannot make the folder: {reason(exc)}") from None
    return path


def check_folder(path: Path, option: str) -> None:
    """Refuse ``path`` early when something that is not a folder is in the way (nothing is made yet)."""
    if os.path.lexists(path) and not path.is_dir():
        raise UsageError(f"{option} {shown(path)} is a file, not a folder; name a folder (it is made if missing)")


def write_into(folder: Path, files: Sequence[tuple[str, bytes]], option: str) -> list[Path]:
    """Write each (name, bytes) into ``folder`` (made if missing), all of them or none; their paths."""
    from aiopgap.files.atomic import atomic_files

    output_folder(folder, option)  # made before the caller's check_outputs, or again here
    paths = [folder / name for name, _ in files]
    with atomic_files(paths) as handles:
        for handle, (_, data) in zip(handles, files, strict=True):
            handle.flush()
            handle.buffer.write(data)
    return paths
