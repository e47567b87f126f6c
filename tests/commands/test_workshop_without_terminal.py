"""A six-person workshop whose respondents never open a terminal, run as a consultant would.

The bundled example's six returned workbooks (examples/workshop/returned/) are imported, merged
with the targets, a gap is agreed in the room, and the report is rendered named and anonymised,
every step a real ``python -m aiopgap`` process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aiopgap.files.documents import load_assessment
from tests.conftest import EXAMPLES

WORKSHOP = EXAMPLES / "workshop"
HAND_WRITTEN = WORKSHOP / "orbital-insurance-2026-Q3.yaml"


def aiopgap(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def test_returned_workbooks_to_an_agreed_anonymised_board_report(tmp_path: Path) -> None:
    people = load_assessment(HAND_WRITTEN).answers.respondents
    aiopgap("import", WORKSHOP / "returned", "-o", "answers.yaml", cwd=tmp_path)
    assert load_assessment(tmp_path / "answers.yaml").answers.respondents == people  # nothing lost or changed

    aiopgap("merge", "workshop.yaml", WORKSHOP / "orbital-insurance-2026-Q3-targets.yaml", "answers.yaml", cwd=tmp_path)
    before = json.loads(aiopgap("report", "workshop.yaml", "-f", "json", cwd=tmp_path).stdout)
    widest = before["workshop"]["gaps"][0]
    assert widest["kind"] == "question"
    question = next(q for d in before["dimensions"] for q in d["questions"] if q["id"] == widest["ref"])
    agreed = 1 if question["median"] >= 2 else 2  # a level the room settles on, unlike the median
    dissenter = people[0].name
    aiopgap(
        "consensus",
        "workshop.yaml",
        "--agree",
        f"{widest['ref']}={agreed}",
        "--rationale",
        "The room settled on the lower reading after hearing both sides",
        "--dissent",
        f"{dissenter}=kept their own reading",
        cwd=tmp_path,
    )

    after = json.loads(aiopgap("report", "workshop.yaml", "-f", "json", cwd=tmp_path).stdout)
    scored = next(q for d in after["dimensions"] for q in d["questions"] if q["id"] == widest["ref"])
    assert (scored["score"], scored["median"]) == (agreed, question["median"])
    assert scored["agreed"]["dissent"][0]["name"] == dissenter
    assert after["score"] != before["score"]  # the agreed level is what counts

    markdown = aiopgap("report", "workshop.yaml", "-f", "markdown", cwd=tmp_path).stdout
    assert "The room settled on the lower reading" in markdown
    assert f"agreed {agreed}" in markdown

    board = aiopgap("report", "workshop.yaml", "-f", "html", "--anonymise", cwd=tmp_path).stdout
    assert "Anonymised" in board
    for person in people:
        assert person.name not in board
        assert person.name.split()[-1] not in board
    assert "The room settled on the lower reading" in board  # the room's reasoning is kept
