"""Which gaps the consensus walk visits and the agreement it settles; whether gaps narrowed between quarters."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.consensus import agreed_count, parse_agree, parse_level, settle, topics
from aiopgap.analysis.gap_changes import classify, gap_changes, gap_timelines
from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import NOTE_LIMIT, Agreement, Answer, Answers, Dissent
from aiopgap.model.errors import UsageError
from aiopgap.model.questionnaire import Question, Questionnaire
from aiopgap.model.report import Report


@pytest.fixture
def workshop(mini_answers: Path, mini_questionnaire: Path) -> tuple[Questionnaire, Answers]:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    return assessment.questionnaire, assessment.answers


def test_the_walk_is_the_question_gaps_widest_first(workshop: tuple[Questionnaire, Answers]) -> None:
    questionnaire, answers = workshop
    walk = topics(analyse(questionnaire, answers))
    assert [(t.gap.ref, t.gap.width) for t in walk] == [
        ("metrics.learning", 4.0),
        ("ownership.owner", 3.0),
        ("ownership.budget", 2.0),
    ]
    assert [r.role for r in walk[0].by_role] == ["CDO", "Head of Risk", "Product Director"]


def test_agreed_questions_are_skipped_unless_redone(workshop: tuple[Questionnaire, Answers]) -> None:
    questionnaire, answers = workshop
    agreed = answers.model_copy(update={"consensus": {"metrics.learning": Agreement(level=2)}})
    report = analyse(questionnaire, agreed)
    assert [t.gap.ref for t in topics(report)] == ["ownership.owner", "ownership.budget"]
    assert next(t.gap.ref for t in topics(report, redo=True)) == "metrics.learning"
    assert agreed_count(report) == 1


def test_one_respondent_has_nothing_to_walk(workshop: tuple[Questionnaire, Answers]) -> None:
    questionnaire, answers = workshop
    assert topics(analyse(questionnaire, answers.model_copy(update={"respondents": answers.respondents[:1]}))) == []


def test_settle_names_dissenters_as_the_file_does_with_the_level_they_gave(
    workshop: tuple[Questionnaire, Answers],
) -> None:
    questionnaire, answers = workshop
    question = questionnaire.question("ownership.owner")
    assert question is not None
    agreement = settle(question, answers, " 2 ", "  why  ", [("ann", " too low "), ("ANN", None), ("Cy", "")])
    assert agreement == Agreement(
        level=2, rationale="why", dissent=(Dissent(name="Ann", level=1, note="too low"), Dissent(name="Cy", level=4))
    )
    assert settle(question, answers, "3", "   ").rationale is None


def test_levels_outside_the_scale_and_n_a_where_not_allowed_are_refused(
    workshop: tuple[Questionnaire, Answers],
) -> None:
    questionnaire, _ = workshop
    owner, vendor = questionnaire.question("ownership.owner"), questionnaire.question("ownership.vendor")
    assert owner is not None
    assert vendor is not None
    assert parse_level(vendor, "NA") == "n/a"
    assert parse_level(owner, "0") == 0
    for typed in ("5", "-1", "n/a", "two", "", "1.5", "True"):
        with pytest.raises(UsageError, match=r"give 0 to 4$"):
            parse_level(owner, typed)


@pytest.fixture
def owner(workshop: tuple[Questionnaire, Answers]) -> Question:
    question = workshop[0].question("ownership.owner")
    assert question is not None
    return question


def test_a_level_is_written_in_ascii_digits_only(owner: Question) -> None:
    assert parse_level(owner, " 02 ") == 2
    for typed in ("\uff12", "\u0662", "\u0968", "+2", "2_0", "٢"):  # int() would read each of these
        with pytest.raises(UsageError, match=r"is not a level of ownership.owner"):
            parse_level(owner, typed)


def test_a_rationale_or_note_longer_than_a_file_holds_is_refused_saying_how_long(
    workshop: tuple[Questionnaire, Answers], owner: Question
) -> None:
    answers = workshop[1]
    longest = "x" * NOTE_LIMIT
    agreement = settle(owner, answers, "2", f"  {longest}  ", [("Ann", longest)])
    assert agreement.rationale == longest
    assert agreement.dissent[0].note == longest
    with pytest.raises(UsageError, match=r"^the rationale is 4,001 characters long .* at most 4,000: shorten it$"):
        settle(owner, answers, "2", longest + "y")
    with pytest.raises(UsageError, match=r"^the note of Ann's dissent is 4,001 characters long"):
        settle(owner, answers, "2", None, [("ann", longest + "y")])


def test_one_dissenter_named_twice_keeps_the_note_or_is_refused_naming_both(
    workshop: tuple[Questionnaire, Answers], owner: Question
) -> None:
    answers = workshop[1]
    once = (Dissent(name="Ann", level=1, note="too low"),)
    for given in (
        [("Ann", "too low"), ("ann", " too low ")],
        [("Ann", None), ("ANN", "too low")],
        [("Ann", "too low"), ("ann", None)],
    ):
        assert settle(owner, answers, "2", None, given).dissent == once
    with pytest.raises(UsageError) as refused:
        settle(owner, answers, "2", None, [("Ann", "first"), ("Bob", None), (" ann ", "second")])
    assert str(refused.value) == (
        "'Ann' and ' ann ' are one dissenter (Ann) given twice with different notes: name them once, with one note"
    )


def test_parse_agree() -> None:
    assert parse_agree(" governance.owner = 2 ") == ("governance.owner", "2")
    for bad in ("governance.owner", "=2", "governance.owner="):
        with pytest.raises(UsageError, match="--agree takes QUESTION=LEVEL"):
            parse_agree(bad)


# --------------------------------------------------------------------------- gaps across quarters


def quarter(questionnaire: Questionnaire, answers: Answers, period: str, levels: dict[str, dict[str, int]]) -> Report:
    """``answers`` in another period, with some respondents' levels changed."""
    respondents = []
    for r in answers.respondents:
        changed = {q: Answer(level=lv) for q, lv in levels.get(r.name, {}).items()}
        respondents.append(r.model_copy(update={"answers": {**r.answers, **changed}}))
    return analyse(questionnaire, answers.model_copy(update={"period": period, "respondents": tuple(respondents)}))


def test_a_gap_that_narrowed_closed_widened_or_opened(workshop: tuple[Questionnaire, Answers]) -> None:
    questionnaire, answers = workshop
    q2 = quarter(questionnaire, answers, "2026-Q2", {})
    q3 = quarter(
        questionnaire,
        answers,
        "2026-Q3",
        {"Ann": {"metrics.learning": 2, "ownership.owner": 3}, "Cy": {"ownership.budget": 2}},
    )
    changes = {g.ref: (g.old, g.new, g.change) for g in gap_changes(q2, q3) if g.kind == "question"}
    assert changes == {
        "metrics.learning": (4.0, 2.0, "narrowed"),
        "ownership.owner": (3.0, 1.0, "closed"),
        "ownership.budget": (2.0, 0.0, "closed"),
    }
    back = {g.ref: g.change for g in gap_changes(q3, q2) if g.kind == "question"}
    assert back == {"metrics.learning": "widened", "ownership.owner": "new", "ownership.budget": "new"}
    timeline = {g.ref: (g.widths, g.change) for g in gap_timelines([q2, q3, q2]) if g.kind == "question"}
    assert timeline["metrics.learning"] == ((4.0, 2.0, 4.0), "same")


def test_no_gap_comparison_without_several_respondents_on_both_sides(workshop: tuple[Questionnaire, Answers]) -> None:
    questionnaire, answers = workshop
    alone = analyse(questionnaire, answers.model_copy(update={"respondents": answers.respondents[:1]}))
    assert gap_changes(alone, analyse(questionnaire, answers)) == ()


def test_classify() -> None:
    assert classify(3.0, 3.0, 2, 2) == "same"
    assert classify(1.0, 1.5, 2, 2) == "widened"  # below the threshold on both sides, still compared
    assert classify(None, 3.0, 2, 2) == "unknown"
    assert classify(2.0, 2.0, 2, 3) == "closed"  # the newer side asks for more levels apart
