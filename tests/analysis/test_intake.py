"""The one checker of imported answers: every value ends up in the answers or in a located problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.intake import check_intakes, evidence_of, level_of
from aiopgap.files.catalogue import load_questionnaire
from aiopgap.model.answers import Answer
from aiopgap.model.errors import InputError, Location
from aiopgap.model.evidence import EvidenceItem
from aiopgap.model.intake import CellValue, GivenAnswer, GivenRespondent, Intake, Read
from aiopgap.model.questionnaire import Questionnaire


@pytest.fixture
def questionnaire(mini_questionnaire: Path) -> Questionnaire:
    return load_questionnaire(mini_questionnaire)


def cell(name: str, value: CellValue, file: str = "w.xlsx") -> Read:
    return Read(value, Location(file, cell=f"Ownership!{name}"))


def person(
    name: str, *answers: tuple[str, CellValue, CellValue], role: str = "CDO", file: str = "w.xlsx"
) -> GivenRespondent:
    given = tuple(
        GivenAnswer(q, cell(f"C{2 + i}", level, file), None if note is None else cell(f"D{2 + i}", note, file))
        for i, (q, level, note) in enumerate(answers)
    )
    return GivenRespondent(cell("B1", name, file), cell("B2", role, file), given, Location(file))


def problems_of(questionnaire: Questionnaire, *intakes: Intake) -> list[str]:
    with pytest.raises(InputError) as caught:
        check_intakes(intakes, questionnaire, "Acme", "2026-Q3")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (2, 2),
        (2.0, 2),
        ("3", 3),
        ("3.0", 3),
        (" 2 - Practised ", 2),
        ("2 \u2013 Practised", 2),
        ("2: Practised", 2),
        ("2) Practised", 2),
        ("2. Practised", 2),
        ("N/A", "n/a"),
        ("Not applicable", "n/a"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_level_is_read_from_what_people_type(value: CellValue, level: object) -> None:
    assert level_of(value) == level


@pytest.mark.parametrize("value", ["2.5", 2.5, "2nd", "two", "-1 x", True, "=1+1"])
def test_text_that_is_not_a_level_is_refused(value: CellValue) -> None:
    with pytest.raises(ValueError, match="not a level"):
        level_of(value)


@pytest.mark.parametrize("value", ["\uff12", "\u0662", "\uff12 - Practised", "\u0663.0", "1\u0662"])
def test_only_ascii_digits_are_a_level(value: str) -> None:
    with pytest.raises(ValueError, match="not a level"):
        level_of(value)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2 - Practised;3 - Managed", "more than one number"),
        ("2 - Practised, 3 - Managed", "more than one number"),
        ("2 or 3", "more than one number"),
        ("2-3", "more than one number"),
        ("2 (but really 4)", "more than one number"),
        ("4 - Absent", "contradicts itself"),
        ("3: not started", "contradicts itself"),
    ],
)
def test_an_answer_naming_two_levels_is_refused_not_read_as_the_first(value: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        level_of(value)


def test_absent_is_level_0_and_a_label_keeps_one_level_in_a_file(questionnaire: Questionnaire) -> None:
    ann = person("Ann", ("ownership.owner", "0 - Absent", None), ("ownership.budget", "2 - Practised", None))
    bob = person("Bob", ("ownership.owner", "3 - Practised", None), ("ownership.budget", "2 - practised", None))
    assert problems_of(questionnaire, Intake("w.xlsx", (ann, bob))) == [
        "w.xlsx:Ownership!C2: 'Practised' is level 3 here but level 2 at w.xlsx:Ownership!C3; give one level"
    ]
    other = person("Cy", ("ownership.owner", "3 - Practised", None), file="v.xlsx")
    imported = check_intakes([Intake("w.xlsx", (ann,)), Intake("v.xlsx", (other,))], questionnaire, "A", "P")
    assert [r.answers["ownership.owner"].level for r in imported.answers.respondents] == [0, 3]


def test_evidence_reads_back_as_export_writes_it() -> None:
    assert evidence_of("artifact 2026-08-14 RACI v3 (stale); observed; self-report; artifact Board pack; 2") == [
        EvidenceItem(kind="artifact", date="2026-08-14", reference="RACI v3"),  # type: ignore[arg-type]
        EvidenceItem(kind="observed"),
        EvidenceItem(kind="self-report"),
        EvidenceItem(kind="artifact", reference="Board pack; 2"),
    ]


def test_good_answers_become_respondents_and_blanks_are_counted(questionnaire: Questionnaire) -> None:
    ann = person("Ann", ("ownership.owner", "1 - Emerging", "Split across teams"), ("ownership.budget", None, None))
    bob = person("Bob", ("ownership.vendor", "n/a", None), role="Head of Risk")
    imported = check_intakes([Intake("w.xlsx", (ann, bob))], questionnaire, "Acme", "2026-Q3")
    first, second = imported.answers.respondents
    assert first.answers == {"ownership.owner": Answer(level=1, note="Split across teams")}
    assert second.answers == {"ownership.vendor": Answer(level="n/a")}
    assert imported.files[0].blanks == 1
    assert imported.files[0].answers == 2


def test_every_problem_is_listed_with_its_cell(questionnaire: Questionnaire) -> None:
    ann = person(
        "Ann",
        ("ownership.owner", 7, None),
        ("ownership.budget", "n/a", None),
        ("ownership.nope", 1, None),
        ("metrics.learning", "lots", None),
        ("metrics.override", None, "a note with no level"),
        ("ownership.vendor", 1, "x" * 4001),
    )
    assert problems_of(questionnaire, Intake("w.xlsx", (ann,))) == [
        "w.xlsx:Ownership!C2: level 7 is out of range for 'ownership.owner' (0 to 4)",
        "w.xlsx:Ownership!C3: question 'ownership.budget' does not allow n/a",
        "w.xlsx:Ownership!C4: unknown question id 'ownership.nope'; did you mean 'ownership.owner'?",
        "w.xlsx:Ownership!C5: 'lots' is not a level: give a whole number (or n/a where allowed)",
        "w.xlsx:Ownership!D6: a note or evidence for 'metrics.override' without a level: give the level",
        "w.xlsx:Ownership!D7: the note is 4,001 characters long; at most 4,000 fit",
    ]


def test_the_same_respondent_in_two_files_is_refused_naming_both(questionnaire: Questionnaire) -> None:
    one = Intake("a.xlsx", (person("Ann Lee", ("ownership.owner", 1, None), file="a.xlsx"),))
    two = Intake("w.xlsx", (person("ann  LEE", ("ownership.owner", 2, None)),))
    [problem] = problems_of(questionnaire, one, two)
    assert problem == "w.xlsx:Ownership!B1: respondent 'ann  LEE' appears twice (also at a.xlsx:Ownership!B1)"


def test_an_empty_file_and_an_empty_name_are_problems(questionnaire: Questionnaire) -> None:
    nameless = person("  ", ("ownership.owner", 1, None))
    found = problems_of(questionnaire, Intake("empty.csv", ()), Intake("w.xlsx", (nameless,)))
    assert "empty.csv: no respondents found: the file holds no answers" in found
    assert "w.xlsx:Ownership!B1: the respondent's name is empty; every respondent needs a name" in found


def test_control_characters_are_refused_where_they_are(questionnaire: Questionnaire) -> None:
    ann = person("Ann\x1b[31m", ("ownership.owner", 1, "bell\x07"))
    found = problems_of(questionnaire, Intake("w.xlsx", (ann,)))
    assert [p.split(": ")[0] for p in found] == ["w.xlsx:Ownership!B1", "w.xlsx:Ownership!D2"]


def test_organisation_and_period_come_from_the_files_and_must_agree(questionnaire: Questionnaire) -> None:
    def named(file: str, org: str) -> Intake:
        where = Location(file, cell="Instructions!B3")
        return Intake(file, (person(file, ("ownership.owner", 1, None)),), Read(org, where), Read("2026-Q3", where))

    imported = check_intakes([named("a.xlsx", "Acme"), named("b.xlsx", "ACME ")], questionnaire, None, None)
    assert (imported.answers.organisation, imported.answers.period) == ("Acme", "2026-Q3")
    with pytest.raises(InputError, match=r"b.xlsx:Instructions!B3: organisation 'Globex' here, but 'Acme' at a.xlsx"):
        check_intakes([named("a.xlsx", "Acme"), named("b.xlsx", "Globex")], questionnaire, None, None)
    with pytest.raises(InputError, match=r"this file is for organisation 'Acme', but --org says 'Initech'"):
        check_intakes([named("a.xlsx", "Acme")], questionnaire, "Initech", None)
    with pytest.raises(InputError, match="give it with --org"):
        check_intakes([Intake("c.csv", (person("Cy", ("ownership.owner", 1, None)),))], questionnaire, None, "Q")
