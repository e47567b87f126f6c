"""The wheel carries the bundled questionnaires and report templates."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_questionnaires_and_templates(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("aiopgap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "aiopgap/questionnaires/default.yaml" in names
    assert "aiopgap/report_templates/report.md.j2" in names
    assert "aiopgap/cli/__init__.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)
