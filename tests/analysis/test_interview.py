"""The interview driver, scripted through the Prompter protocol against a real answers file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from aiopgap.analysis.interview import (
    default_answers_name,
    first_unanswered,
    interview,
    progress,
    respondent_report,
    session_questions,
)
from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.files.store import AnswersStore
from aiopgap.model.answers import Answer
from aiopgap.model.base import NA
from aiopgap.model.errors import UsageError
from aiopgap.model.interview import Action, Reply, Step
from aiopgap.model.questionnaire import Questionnaire

ALL = ["ownership.owner", "ownership.budget", "ownership.vendor", "metrics.learning", "metrics.override"]


class ScriptedPrompter:
    """Replies from a script; records every step it was shown and every save it was told of."""

    def __init__(self, replies: Iterable[Reply]) -> None:
        self.replies = list(replies)
        self.steps: list[Step] = []
        self.saves: list[tuple[str, Answer]] = []

    def ask(self, step: Step) -> Reply:
        self.steps.append(step)
        if not self.replies:
            raise AssertionError(f"no scripted reply left for {step.question.id}")
        return self.replies.pop(0)

    def saved(self, step: Step, answer: Answer, seconds: float) -> None:
        assert seconds >= 0
        self.saves.append((step.question.id, answer))

    @property
    def asked(self) -> list[str]:
        return [s.question.id for s in self.steps]


@pytest.fixture
def questionnaire(mini_questionnaire: Path) -> Questionnaire:
    return load_questionnaire(mini_questionnaire)


@pytest.fixture
def store(tmp_path: Path, questionnaire: Questionnaire, mini_questionnaire: Path) -> AnswersStore:
    store = AnswersStore.create(tmp_path / "acme.yaml", questionnaire, mini_questionnaire, "Acme", "2026-Q2")
    store.add_respondent("Ann", "CDO")
    return store


def saved_answers(store: AnswersStore, mini_questionnaire: Path, name: str = "Ann") -> dict[str, Answer]:
    """What ``report`` would read from the file on disk right now."""
    assessment = load_assessment(store.path, mini_questionnaire)
    return next(dict(r.answers) for r in assessment.answers.respondents if r.name == name)


def test_answers_every_question_in_order_and_saves_each(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    prompter = ScriptedPrompter(
        [Reply.answer(1), Reply.answer(2, "budget sits in IT"), Reply.na(), Reply.answer(4), Reply.answer(0)]
    )
    outcome = interview(store, "Ann", session_questions(questionnaire), prompter)
    assert prompter.asked == ALL
    assert not outcome.interrupted
    assert outcome.answered == ALL
    assert saved_answers(store, mini_questionnaire) == {
        "ownership.owner": Answer(level=1),
        "ownership.budget": Answer(level=2, note="budget sits in IT"),
        "ownership.vendor": Answer(level=NA),
        "metrics.learning": Answer(level=4),
        "metrics.override": Answer(level=0),
    }


def test_each_answer_is_on_disk_before_the_next_question(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    seen_on_disk: list[int] = []

    class Checking(ScriptedPrompter):
        def ask(self, step: Step) -> Reply:
            seen_on_disk.append(len(saved_answers(store, mini_questionnaire)))
            return super().ask(step)

    interview(store, "Ann", session_questions(questionnaire), Checking([Reply.answer(3)] * 2 + [Reply.quit()]))
    assert seen_on_disk == [0, 1, 2]


def test_progress_counts_answers_per_dimension(store: AnswersStore, questionnaire: Questionnaire) -> None:
    prompter = ScriptedPrompter([Reply.answer(1), Reply.skip(), Reply.na(), Reply.quit()])
    interview(store, "Ann", session_questions(questionnaire), prompter)
    last = prompter.steps[-1].progress
    assert [(d.id, d.answered, d.total) for d in last.dimensions] == [("ownership", 2, 3), ("metrics", 0, 2)]
    assert (last.answered, last.total) == (2, 5)
    assert [s.number for s in prompter.steps] == [1, 2, 3, 4]
    assert prompter.steps[3].number_in_dimension == 1
    assert prompter.steps[3].dimension_count == 2


def test_back_returns_to_the_previous_answer_and_then_to_where_you_were(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    prompter = ScriptedPrompter(
        [
            Reply.answer(1),
            Reply.answer(2),
            Reply.back(),  # at vendor: back to budget
            Reply.back(),  # at budget: back to owner
            Reply.answer(3, "changed my mind"),
            Reply.quit(),
        ]
    )
    interview(store, "Ann", session_questions(questionnaire), prompter)
    assert prompter.asked == [
        "ownership.owner",
        "ownership.budget",
        "ownership.vendor",
        "ownership.budget",
        "ownership.owner",
        "ownership.vendor",  # budget was answered, so it carries on where it was
    ]
    assert prompter.steps[3].current == Answer(level=2)
    assert prompter.steps[4].current == Answer(level=1)
    assert not prompter.steps[0].can_go_back
    assert saved_answers(store, mini_questionnaire)["ownership.owner"] == Answer(level=3, note="changed my mind")


def test_skip_leaves_a_question_unanswered_for_next_time(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    replies = [Reply.skip(), Reply.answer(2), Reply.skip(), Reply.answer(1), Reply.answer(1)]
    outcome = interview(store, "Ann", session_questions(questionnaire), ScriptedPrompter(replies))
    assert outcome.skipped == ["ownership.owner", "ownership.vendor"]
    assert sorted(saved_answers(store, mini_questionnaire)) == [
        "metrics.learning",
        "metrics.override",
        "ownership.budget",
    ]
    # the next session starts at the first skipped question and asks only the skipped ones
    prompter = ScriptedPrompter([Reply.answer(4), Reply.na()])
    interview(store, "Ann", session_questions(questionnaire), prompter)
    assert prompter.asked == ["ownership.owner", "ownership.vendor"]


def test_quit_then_resume_starts_at_the_first_unanswered(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    first = interview(store, "Ann", session_questions(questionnaire), ScriptedPrompter([Reply.answer(2), Reply.quit()]))
    assert first.interrupted
    reopened = AnswersStore.open(store.path, mini_questionnaire)
    prompter = ScriptedPrompter([Reply.back(), Reply.quit()])
    interview(reopened, "Ann", session_questions(questionnaire), prompter)
    # resumed at budget; back right after resuming goes to the question before it
    assert prompter.asked == ["ownership.budget", "ownership.owner"]
    assert prompter.steps[0].can_go_back
    assert prompter.steps[1].current == Answer(level=2)


def test_nothing_to_ask_when_all_answered(store: AnswersStore, questionnaire: Questionnaire) -> None:
    interview(
        store,
        "Ann",
        session_questions(questionnaire),
        ScriptedPrompter([Reply.answer(1)] * 2 + [Reply.na()] + [Reply.answer(1)] * 2),
    )
    prompter = ScriptedPrompter([])
    outcome = interview(store, "Ann", session_questions(questionnaire), prompter)
    assert prompter.asked == []
    assert not outcome.interrupted
    assert outcome.answered == []


def test_dimension_restricts_the_session(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    questions = session_questions(questionnaire, "metrics")
    prompter = ScriptedPrompter([Reply.answer(2), Reply.answer(3)])
    interview(store, "Ann", questions, prompter)
    assert prompter.asked == ["metrics.learning", "metrics.override"]
    assert [d.id for d in prompter.steps[0].progress.dimensions] == ["metrics"]
    assert sorted(saved_answers(store, mini_questionnaire)) == ["metrics.learning", "metrics.override"]


def test_two_respondents_in_turn_share_the_file_and_each_resumes(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    questions = session_questions(questionnaire)
    interview(store, "Ann", questions, ScriptedPrompter([Reply.answer(1), Reply.quit()]))
    second = AnswersStore.open(store.path, mini_questionnaire)
    second.add_respondent("Bob", "Head of Risk")
    interview(second, "Bob", questions, ScriptedPrompter([Reply.answer(3), Reply.answer(3), Reply.quit()]))
    third = AnswersStore.open(store.path, mini_questionnaire)
    ann, bob = ScriptedPrompter([Reply.quit()]), ScriptedPrompter([Reply.quit()])
    interview(third, "Ann", questions, ann)
    interview(third, "Bob", questions, bob)
    assert ann.asked == ["ownership.budget"]
    assert bob.asked == ["ownership.vendor"]
    assessment = load_assessment(store.path, mini_questionnaire)
    assert [(r.name, r.role, len(r.answers)) for r in assessment.answers.respondents] == [
        ("Ann", "CDO", 1),
        ("Bob", "Head of Risk", 2),
    ]


@pytest.mark.parametrize(
    ("reply", "message"),
    [(Reply.answer(5), "out of range"), (Reply.answer(-1), "out of range"), (Reply(Action.ANSWER), "out of range")],
)
def test_a_reply_outside_the_scale_is_refused_and_not_saved(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path, reply: Reply, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        interview(store, "Ann", session_questions(questionnaire), ScriptedPrompter([reply]))
    assert saved_answers(store, mini_questionnaire) == {}


def test_na_where_not_allowed_is_refused(store: AnswersStore, questionnaire: Questionnaire) -> None:
    with pytest.raises(ValueError, match="does not allow n/a"):
        interview(store, "Ann", session_questions(questionnaire), ScriptedPrompter([Reply.na()]))


def test_blank_notes_are_dropped(store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path) -> None:
    interview(store, "Ann", session_questions(questionnaire), ScriptedPrompter([Reply.answer(2, "   "), Reply.quit()]))
    assert saved_answers(store, mini_questionnaire)["ownership.owner"] == Answer(level=2)
    assert "note" not in store.path.read_text()


def test_respondent_report_scores_only_that_respondent(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    questions = session_questions(questionnaire)
    interview(store, "Ann", questions, ScriptedPrompter([Reply.answer(4), Reply.answer(2), Reply.quit()]))
    store.add_respondent("Bob", "Risk")
    interview(store, "Bob", questions, ScriptedPrompter([Reply.answer(0), Reply.quit()]))
    assert store.answers is not None
    report = respondent_report(questionnaire, store.answers, "Ann")
    ownership = report.dimension("ownership")
    assert ownership is not None
    # owner has weight 2: (4*2 + 2*1) / 3
    assert ownership.score == pytest.approx(3.333)
    assert [r.name for r in report.respondents] == ["Ann"]


def test_progress_and_first_unanswered(questionnaire: Questionnaire) -> None:
    questions = session_questions(questionnaire)
    answers = {"ownership.owner": Answer(level=1), "ownership.budget": Answer(level=NA)}
    assert first_unanswered(questions, answers) == 2
    assert first_unanswered(questions, {q.id: Answer(level=0) for _, q in questions}) is None
    assert progress(questions, answers).answered == 2


@pytest.mark.parametrize(
    ("org", "period", "name"),
    [
        ("Acme", "2026-Q2", "acme-2026-q2.yaml"),
        ("Northbank Financial plc.", "2026 Q3", "northbank-financial-plc-2026-q3.yaml"),
        ("  ", "!!", "answers-answers.yaml"),
    ],
)
def test_default_answers_name(org: str, period: str, name: str) -> None:
    assert default_answers_name(org, period) == name


def test_a_failed_save_is_shown_and_the_answer_offered_again(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    class FailingOnce:
        def __init__(self) -> None:
            self.failures = 1

        def answers_of(self, name: str) -> dict[str, Answer]:
            return store.answers_of(name)

        def record(self, name: str, question_id: str, answer: Answer) -> None:
            if self.failures:
                self.failures -= 1
                raise UsageError("cannot write acme.yaml: No space left on device")
            store.record(name, question_id, answer)

    prompter = ScriptedPrompter([Reply.answer(2, "kept"), Reply.answer(2, "kept"), Reply.quit()])
    interview(FailingOnce(), "Ann", session_questions(questionnaire), prompter)
    assert prompter.asked == ["ownership.owner", "ownership.owner", "ownership.budget"]
    retry = prompter.steps[1]
    assert retry.error == (
        "NOT SAVED (earlier answers are safe in the file): cannot write acme.yaml: No space left on device."
    )
    assert retry.current == Answer(level=2, note="kept")
    assert prompter.steps[2].error is None
    assert saved_answers(store, mini_questionnaire) == {"ownership.owner": Answer(level=2, note="kept")}


def test_back_past_a_skipped_question_then_enter_comes_forward_to_it(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    # owner, budget, skip vendor; at learning back twice to budget; change it: on to vendor, skipped or not
    script = [Reply.answer(1), Reply.answer(2), Reply.skip(), Reply.back(), Reply.back(), Reply.answer(3)]
    prompter = ScriptedPrompter([*script, Reply.na(), Reply.quit()])
    interview(store, "Ann", session_questions(questionnaire), prompter)
    shown = ["owner", "budget", "vendor", "learning", "vendor", "budget", "vendor", "learning"]
    assert [qid.split(".")[1] for qid in prompter.asked] == shown
    assert saved_answers(store, mini_questionnaire)["ownership.vendor"] == Answer(level=NA)


def test_a_note_typed_before_a_skip_is_kept_offered_again_and_reported(
    store: AnswersStore, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    replies = [Reply.skip("half a thought"), Reply.back(), Reply.skip("half a thought, more"), Reply.quit()]
    prompter = ScriptedPrompter(replies)
    outcome = interview(store, "Ann", session_questions(questionnaire), prompter)
    assert prompter.asked == ["ownership.owner", "ownership.budget", "ownership.owner", "ownership.budget"]
    assert prompter.steps[2].draft_note == "half a thought"
    assert outcome.notes == {"ownership.owner": "half a thought, more"}
    assert outcome.skipped == ["ownership.owner"]
    assert "ownership.owner" not in saved_answers(store, mini_questionnaire)  # a note without a level is not an answer
    # answering the question takes the note into the answer: nothing left over
    prompter = ScriptedPrompter([Reply.skip("draft"), Reply.back(), Reply.answer(2, "draft"), Reply.quit()])
    outcome = interview(store, "Ann", session_questions(questionnaire), prompter)
    assert outcome.notes == {}
    assert saved_answers(store, mini_questionnaire)["ownership.owner"] == Answer(level=2, note="draft")


def test_a_resumed_session_numbers_questions_by_their_place_in_the_questionnaire(
    store: AnswersStore, questionnaire: Questionnaire
) -> None:
    first = ScriptedPrompter([Reply.answer(1), Reply.answer(1), Reply.quit()])
    interview(store, "Ann", session_questions(questionnaire), first)
    prompter = ScriptedPrompter([Reply.answer(2), Reply.quit()])
    interview(store, "Ann", session_questions(questionnaire), prompter)
    assert [(s.question.id, s.number, s.count) for s in prompter.steps] == [
        ("ownership.vendor", 3, 5),
        ("metrics.learning", 4, 5),
    ]


@pytest.mark.parametrize(
    ("org", "name"),
    [
        ("Société Générale", "societe-generale-2026-q3.yaml"),
        ("Ærøskøbing Łódź Straße", "aeroskobing-lodz-strasse-2026-q3.yaml"),
        ("東京 Data K.K.", "東京-data-k-k-2026-q3.yaml"),
        ("Ελληνικά Α.Ε.", "ελληνικά-α-ε-2026-q3.yaml"),
        ("../../etc/passwd", "etc-passwd-2026-q3.yaml"),
        ("🙂🙂", "answers-2026-q3.yaml"),
        ("A" * 100, "a" * 60 + "-2026-q3.yaml"),
    ],
)
def test_file_names_fold_accents_and_keep_other_scripts(org: str, name: str) -> None:
    assert default_answers_name(org, "2026 Q3") == name
