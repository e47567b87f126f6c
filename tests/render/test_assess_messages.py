"""What ``aiopgap assess`` prints before and after its questions, as a person reads it."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from rich.console import Console

from aiopgap.analysis.interview import respondent_report
from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Answer
from aiopgap.model.evidence import EvidenceItem
from aiopgap.render.assess_messages import AssessMessages

Printed = tuple[AssessMessages, io.StringIO]


@pytest.fixture
def say() -> Printed:
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False, highlight=False)
    return AssessMessages(console), buffer


def test_summary_shows_the_respondents_own_scores(say: Printed, mini_answers: Path, mini_questionnaire: Path) -> None:
    messages, out = say
    assessment = load_assessment(mini_answers, mini_questionnaire)
    report = respondent_report(assessment.questionnaire, assessment.answers, "Ann")
    messages.summary(report, "Ann", "CDO", None, 4)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    assert lines[:2] == ["", "Ann's answers (CDO)"]
    assert lines[3] == "┃ Dimension ┃ Answered ┃ n/a ┃    Score ┃ Maturity ┃"
    assert lines[5:7] == [
        "│ Ownership │      3/3 │   1 │ 1.33 / 4 │ Low      │",  # an n/a counts as answered
        "│ Metrics   │      1/2 │   0 │ 4.00 / 4 │ High     │",
    ]


def test_summary_of_one_dimension_shows_only_it(say: Printed, mini_answers: Path, mini_questionnaire: Path) -> None:
    messages, out = say
    assessment = load_assessment(mini_answers, mini_questionnaire)
    report = respondent_report(assessment.questionnaire, assessment.answers, "Ann")
    messages.summary(report, "Ann", "CDO", "metrics", 4)
    messages.all_answered("metrics")
    text = out.getvalue()
    assert "Metrics" in text
    assert "Ownership" not in text
    assert text.endswith("All metrics questions answered.\n")


def test_answers_the_file_refused_are_printed_whole(say: Printed) -> None:
    messages, out = say
    note = "a long note that must not be cut or wrapped " * 3
    messages.not_saved("acme.yaml", {"ownership.budget": Answer(level=3, note=note.strip())})
    messages.not_saved("acme.yaml", {})  # nothing refused: nothing printed
    assert out.getvalue().splitlines() == [
        "NOT SAVED in acme.yaml (copy them to keep them):",
        f"  ownership.budget: 3, note: {note.strip()}",
    ]


def test_refused_answers_are_printed_with_their_evidence(say: Printed) -> None:
    messages, out = say
    evidence = (
        EvidenceItem(kind="artifact", date=datetime.date(2026, 8, 14), reference="RACI \x1b[2J v3"),
        EvidenceItem(kind="observed"),
    )
    messages.not_saved("acme.yaml", {"ownership.owner": Answer(level=3, evidence=evidence)})
    assert (
        out.getvalue().splitlines()[1]
        == "  ownership.owner: 3, evidence: artifact 2026-08-14 RACI \\x1b[2J v3; observed"
    )


def test_stopped_says_how_to_carry_on_or_that_nothing_was_written(say: Printed) -> None:
    messages, out = say
    messages.stopped("aiopgap assess acme.yaml --respondent Ann")
    messages.stopped(None)
    assert out.getvalue().splitlines() == [
        "",
        "Stopped. Every confirmed answer is saved. To carry on where you left off:",
        "  aiopgap assess acme.yaml --respondent Ann",
        "",
        "Stopped before any answer was given; nothing was written.",
    ]


def test_names_are_printed_as_typed_never_as_markup(say: Printed) -> None:
    messages, out = say
    messages.respondents_so_far([("[bold]Ann[/]", 4), ("Bob\x1b[31m", 0)], 5)
    messages.welcome_back("[link=x]Cy")
    text = out.getvalue()
    assert "Respondents so far: [bold]Ann[/] (4/5), Bob\\x1b[31m (0/5)." in text
    assert "Welcome back, [link=x]Cy." in text


def test_notes_on_skipped_questions_are_printed_whole_and_inert(say: Printed) -> None:
    messages, out = say
    messages.skipped_notes({})
    assert out.getvalue() == ""
    note = "ask [bold]finance[/bold] first; " + "long " * 30
    messages.skipped_notes({"ownership.owner": note})
    printed = out.getvalue()
    assert printed.startswith("Notes on skipped questions (not in the file: an answer needs a level;")
    assert f"  ownership.owner: {note.strip()}" in printed  # markup shown as typed, the note not cut
