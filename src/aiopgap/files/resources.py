"""Where the bundled questionnaires and report templates live.

In a wheel they are shipped inside the package (``aiopgap/questionnaires``);
in a source checkout or editable install they are the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # src/aiopgap (this module sits in files/)


def bundled_dir(name: str) -> Path:
    """The bundled folder ``name`` ("questionnaires" or "report_templates")."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / name


def questionnaires_dir() -> Path:
    return bundled_dir("questionnaires")


def templates_dir() -> Path:
    return bundled_dir("report_templates")


def default_questionnaire() -> Path:
    return questionnaires_dir() / "default.yaml"


def bundled_files() -> list[Path]:
    """Every bundled questionnaire and template: inputs of every command, never to be written over."""
    files: list[Path] = []
    for folder in (questionnaires_dir(), templates_dir()):
        try:
            files.extend(p for p in folder.iterdir() if p.is_file())
        except OSError:
            continue
    return files
