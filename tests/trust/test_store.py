"""[trust] issue 18: the answers file writer, the store, ``assess`` and ``merge`` under attack.

* Round trip: any text a person can type, written by ``assess`` (AnswersStore) or ``merge``
  (``to_yaml``) as a note, name, role, organisation, period or initiative, reads back identical
  through the loader every command uses (YAML 1.1 words, numbers, dates, NEL, separators, control
  characters, very long lines, hostile comment text).
* Validate before mutate: a refused answer leaves the document and the file as they were.
* Two or more real processes saving into one file: every answer confirmed as saved is in it.
* Eight real ``merge`` processes racing to create one OUT: exactly one wins.
* ``assess`` in a real terminal: YAML-1.1 words as organisation, period, name and role; a note too
  long for the file; bytes that are not UTF-8; a second session told the file changed.

Each test failed on the code before the fix. Heavy counts run with HYPOTHESIS_PROFILE=nightly.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from aiopgap.analysis.interview import interview, session_questions
from aiopgap.cli import app
from aiopgap.files.documents import answering, answers_from, load_assessment, load_questionnaire
from aiopgap.files.store import AnswersStore, answers_lock
from aiopgap.files.yaml_reader import parse_text
from aiopgap.files.yaml_writer import to_yaml
from aiopgap.model.answers import Answer, Answers, Respondent
from aiopgap.model.base import NA
from aiopgap.model.errors import AiopgapError, InputError, UsageError
from aiopgap.model.interview import Reply, Step
from aiopgap.model.inventory import Initiative
from tests.conftest import FIXTURES, examples
from tests.pty_terminal import CTRL_C, ENTER, TAB, Terminal

QUESTIONNAIRE = FIXTURES / "mini-questionnaire.yaml"
QUESTIONS = ["ownership.owner", "ownership.budget", "ownership.vendor", "metrics.learning", "metrics.override"]


# --------------------------------------------------------------------------- what an attacker types

YAML_11_SPECIALS = [
    # booleans and nulls to YAML 1.1 (PyYAML, libyaml), text to YAML 1.2 (ruamel)
    *("y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"),
    *("true", "False", "TRUE", "~", "null", "Null", "NULL", ""),
    # numbers to one reader or the other: sexagesimal, hex, octal, binary, underscores, exponents
    *("1:30", "-1:30", "190:20:30.15", "0x1F", "0o17", "017", "0b101", "1_000", "+12", "1e3", "1.5e-3", "6.8523015e+5"),
    *(".inf", "-.Inf", ".NaN", "1.", ".5", "0", "-0", "12"),
    # timestamps, the value and merge keys
    *("2026-01-01", "2026-1-1 10:00:00", "2001-12-14t21:59:43.10-05:00", "=", "<<"),
    # indicators and syntax
    *("- x", "-", "? x", "?", ": x", "a: b", "a:", "a #b", "#c", "&a", "*a", "!t", "!!str x", "%x", "@x", "`x"),
    *("|", ">", "'q", '"q', "{a: 1}", "[1]", "a, b", "---", "...", "\\", "'", '"'),
    # plain text that ends early inside a flow collection ({level: 1, note: ...}) under YAML 1.1
    *("Who owns it?", "a?b", "??", "?x", ":0", "::", "a,b", "a]b", "a}b", "a: b?", "-x", "a:b"),
    # characters YAML folds, trims, refuses or treats as a break
    *("\ufeffx", "x\ufeff", "x\x85y", "\x85", "a\u2028b", "\u2029", "\t", "a\tb", "\r", "a\rb", "\r\n", "a\n\nb"),
    *("trail ", " lead", "\x00", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\x7f", "\x9b", "\ufffe", "\uffff", "\U0001f600"),
    *("\u202eevil", "a\u00a0", "\u3000x"),
]
SEPARATORS = " \t\n\r\x85\u2028\u2029#:-'\"\\,[]{}&*!|>%@`"

special = st.sampled_from(YAML_11_SPECIALS)
typed = st.one_of(
    st.text(max_size=40),  # the full Unicode range, surrogates left out (no file can hold them)
    special,
    st.builds(lambda a, sep, b: a + sep + b, special, st.text(st.sampled_from(SEPARATORS), max_size=4), special),
)
# long lines: a hostile piece repeated up to the longest note a file takes (4,000 characters)
long_text = st.builds(lambda piece, size: (piece * size)[:size], typed.filter(bool), st.integers(400, 4000))
note_text = st.one_of(typed, long_text)


def valid_or_reject(build: Any) -> Any:
    """The model a value gives (it strips outer whitespace, as every reader does), or skip the case."""
    try:
        return build()
    except ValidationError:
        assume(False)


def read_back(path: Path) -> Answers:
    return load_assessment(path, QUESTIONNAIRE).answers


# --------------------------------------------------------------------------- 1. round trip: the store


@settings(max_examples=examples(60, 10_000), suppress_health_check=[HealthCheck.too_slow])
@given(organisation=typed, period=typed, name=typed, role=typed, note=note_text, flow=st.booleans())
def test_anything_typed_reads_back_identical_through_the_store(
    organisation: str, period: str, name: str, role: str, note: str, flow: bool
) -> None:
    respondent = valid_or_reject(lambda: Respondent(name=name, role=role))
    answer = valid_or_reject(lambda: Answer(level=1, note=note))
    expected_answer = answer if answer.note else Answer(level=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acme.yaml"
        questionnaire = load_questionnaire(QUESTIONNAIRE)
        if flow:  # an existing hand-written file with a flow-style answer, changed in place
            path.write_text((FIXTURES / "mini-answers.yaml").read_text())
            store = AnswersStore.open(path, QUESTIONNAIRE)
            store.record("Ann", "ownership.owner", answer)
            assert read_back(path).respondents[0].answers["ownership.owner"] == expected_answer
            expected_org, expected_period = "Acme", "2026-Q2"
        else:
            expected = valid_or_reject(
                lambda: Answers.model_validate(
                    {
                        "questionnaire": {"id": "mini", "version": "1.2.0"},
                        "organisation": organisation,
                        "period": period,
                    }
                )
            )
            store = AnswersStore.create(path, questionnaire, QUESTIONNAIRE, organisation, period)
            expected_org, expected_period = expected.organisation, expected.period
        store.add_respondent(name, role)
        store.record(respondent.name, "ownership.vendor", answer)
        store.record(respondent.name, "metrics.learning", Answer(level=2, note=note))
        answers = read_back(path)
        assert (answers.organisation, answers.period) == (expected_org, expected_period)
        last = answers.respondents[-1]
        assert (last.name, last.role) == (respondent.name, respondent.role)
        assert last.answers["ownership.vendor"] == expected_answer
        assert last.answers["metrics.learning"].note == expected_answer.note


# --------------------------------------------------------------------------- 1. round trip: merge


@st.composite
def assessments(draw: st.DrawFn) -> Answers:
    def respondent(i: int) -> dict[str, Any]:
        answers = {q: {"level": i % 5, "note": draw(note_text)} for q in draw(st.sets(st.sampled_from(QUESTIONS)))}
        for value in answers.values():
            if not value["note"].strip():
                del value["note"]
        return {"name": f"{draw(typed)} {i}", "role": draw(typed), "answers": answers}

    def initiative(i: int) -> dict[str, Any]:
        return {
            "name": f"{draw(typed)} #{i}",
            "stage": "pilot",
            "horizon": "near",
            "owners": [draw(typed) for _ in range(draw(st.integers(0, 2)))],
            "note": draw(note_text),
        }

    data = {
        "questionnaire": {"id": "mini", "version": "1.2.0"},
        "organisation": draw(typed),
        "period": draw(typed),
        "respondents": [respondent(i) for i in range(draw(st.integers(1, 3)))],
        "initiatives": [initiative(i) for i in range(draw(st.integers(0, 2)))],
    }
    try:
        return Answers.model_validate(data)
    except ValidationError:
        assume(False)
        raise


@settings(max_examples=examples(150, 10_000))
@given(answers=assessments(), inputs=st.lists(typed, min_size=1, max_size=3))
def test_anything_typed_reads_back_identical_through_merge(answers: Answers, inputs: list[str]) -> None:
    text = to_yaml(answers, inputs)  # input file names go into the header comment
    again = answers_from(parse_text(text, "merged.yaml"), answering(QUESTIONNAIRE)).answers
    assert again == answers


def _write_input(
    path: Path, name: str, note: str, organisation: str = "No", period: str = "1:30", role: str = "~", owner: str = "On"
) -> Path:
    # the initiative is named after the respondent: YAML words, and no conflict between files
    """A valid answers file in JSON (YAML reads it, every character escaped), from an independent writer."""
    doc = {
        "questionnaire": {"id": "mini", "version": "1.2.0"},
        "organisation": organisation,
        "period": period,
        "respondents": [{"name": name, "role": role, "answers": {"ownership.owner": {"level": 2, "note": note}}}],
        "initiatives": [{"name": name, "stage": "pilot", "horizon": "near", "owners": [owner], "note": note}],
    }
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    assert read_back(path).respondents[0].answers["ownership.owner"].note == note
    return path


HOSTILE_NOTES = ["no", "1:30", "tab\there \x1b[31mred\x1b[0m, bell\x07, nul\x00", "a\x85b\u2028c\u2029d", "0x1F"]


def test_merge_of_valid_files_with_yaml_words_and_control_characters_keeps_every_text(tmp_path: Path) -> None:
    a = _write_input(tmp_path / "a.yaml", "No", HOSTILE_NOTES[0])
    b = _write_input(tmp_path / "b\rquestionnaire: x.yaml", "Off", HOSTILE_NOTES[2])  # a name that breaks a comment
    c = _write_input(tmp_path / "c.yaml", "null", HOSTILE_NOTES[3])
    for path in (a, b, c):
        assert CliRunner().invoke(app, ["validate", str(path), "-Q", str(QUESTIONNAIRE)]).exit_code == 0
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(app, ["merge", str(out), str(a), str(b), str(c), "-Q", str(QUESTIONNAIRE)])
    assert result.exit_code == 0, result.output
    merged = read_back(out)
    assert (merged.organisation, merged.period) == ("No", "1:30")
    assert [(r.name, r.role, r.answers["ownership.owner"].note) for r in merged.respondents] == [
        ("No", "~", HOSTILE_NOTES[0]),
        ("Off", "~", HOSTILE_NOTES[2]),
        ("null", "~", HOSTILE_NOTES[3]),
    ]
    # and in a real process, with the other notes
    d = _write_input(tmp_path / "d.yaml", "yes", HOSTILE_NOTES[1])
    e = _write_input(tmp_path / "e.yaml", "~", HOSTILE_NOTES[4])
    out2 = tmp_path / "out2.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "aiopgap", "merge", out2, d, e, "-Q", QUESTIONNAIRE],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert [(r.name, r.answers["ownership.owner"].note) for r in read_back(out2).respondents] == [
        ("yes", "1:30"),
        ("~", "0x1F"),
    ]


# --------------------------------------------------------------------------- 2. validate before mutate


def test_a_refused_answer_leaves_document_and_file_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text((FIXTURES / "mini-answers.yaml").read_text())
    store = AnswersStore.open(path, QUESTIONNAIRE)
    before_text, before_answers = path.read_text(), store.answers
    with pytest.raises(InputError, match="does not allow n/a"):
        store.record("Ann", "ownership.budget", Answer(level=NA))  # refused by the questionnaire
    assert path.read_text() == before_text
    assert store.answers == before_answers
    # the refusal did not stay in the document: the next answers save, and the refused one is nowhere
    store.record("Ann", "metrics.override", Answer(level=3))
    store.record("Bob", "metrics.override", Answer(level=1))
    ann, bob, _ = read_back(path).respondents
    assert ann.answers["ownership.budget"] == Answer(level=2)
    assert (ann.answers["metrics.override"], bob.answers["metrics.override"]) == (Answer(level=3), Answer(level=1))


def test_a_save_that_fails_to_write_is_not_written_later_behind_the_respondents_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text((FIXTURES / "mini-answers.yaml").read_text())
    store = AnswersStore.open(path, QUESTIONNAIRE)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UsageError, match="No space left on device"):
        store.record("Cy", "ownership.vendor", Answer(level=NA, note="told: not saved"))
    monkeypatch.undo()
    store.record("Cy", "metrics.override", Answer(level=2))
    cy = read_back(path).respondents[2]
    assert "ownership.vendor" not in cy.answers  # the session said NOT SAVED, and it is not
    assert cy.answers["metrics.override"] == Answer(level=2)


def test_a_save_waits_for_the_lock_and_gives_up_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text((FIXTURES / "mini-answers.yaml").read_text())
    before = path.read_text()
    store = AnswersStore.open(path, QUESTIONNAIRE)
    store.lock_timeout = 0.2
    with answers_lock(path), pytest.raises(UsageError, match="being saved by another aiopgap session"):
        store.record("Cy", "metrics.override", Answer(level=2))
    assert path.read_text() == before
    store.record("Cy", "metrics.override", Answer(level=2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.yaml"]  # no lock file left behind


# --------------------------------------------------------------------------- 3. many processes, one file

ROUNDS = examples(6, 30)
OWN = 2  # respondents each session adds and keeps answering, round after round


class _Prompter:
    """Answers the questions whose index is ``k`` modulo ``of``; skips the others."""

    def __init__(self, k: int, of: int) -> None:
        self.k, self.of = k, of
        self.saves: list[tuple[str, Answer]] = []
        self.notices = 0

    def ask(self, step: Step) -> Reply:
        self.notices += getattr(step, "notice", None) is not None
        if (step.number - 1) % self.of == self.k:
            return Reply.answer((self.k + step.number) % 5, f"session {self.k}: no")
        return Reply.skip()

    def saved(self, step: Step, answer: Answer, seconds: float) -> None:
        self.saves.append((step.question.id, answer))


def _session(k: int, of: int, path: str, start: Any, results: Any) -> None:
    confirmed: list[tuple[str, str, Answer]] = []
    crashes: list[str] = []
    notices = 0
    try:
        store = AnswersStore.open(Path(path), QUESTIONNAIRE)
        start.wait()
        # a second terminal resumed by the same respondent: Dana's questions split between sessions
        prompter = _Prompter(k, of)
        interview(store, "Dana", session_questions(store.questionnaire), prompter)
        confirmed += [("Dana", question, answer) for question, answer in prompter.saves]
        notices += prompter.notices
        names = [f"Respondent {k}-{i}" for i in range(OWN)]
        for name in names:
            notices += store.add_respondent(name, "COO") is not None
        for r in range(ROUNDS):  # then every answer of its own respondents, changed round after round
            for name in names:
                for i, question in enumerate(QUESTIONS):
                    answer = Answer(level=(k + r + i) % 5, note=f"{name} round {r}: yes" if (r + i) % 2 else None)
                    try:
                        notice = store.record(name, question, answer)
                    except AiopgapError:
                        continue  # not confirmed (the message says why): it need not be in the file
                    confirmed.append((name, question, answer))
                    notices += notice is not None
    except Exception as exc:  # a crash: reported, and the test fails on it after checking the answers
        crashes.append(repr(exc))
    finally:
        results.put((confirmed, notices, crashes))


@pytest.mark.timing
@pytest.mark.profiled  # ROUNDS grows with the profile: CI's profile run takes it again
def test_concurrent_sessions_lose_no_confirmed_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text((FIXTURES / "mini-answers.yaml").read_text())
    AnswersStore.open(path, QUESTIONNAIRE).add_respondent("Dana", "COO")
    sessions = 4
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(sessions), context.Queue()
    processes = [
        context.Process(target=_session, args=(k, sessions, str(path), start, results)) for k in range(sessions)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    seconds = time.perf_counter() - started
    confirmed = [c for found, _, _ in outcomes for c in found]
    # one session writes each (respondent, question): the last answer it confirmed must be in the file
    last = {(name, question): answer for name, question, answer in confirmed}
    final = {r.name: r.answers for r in read_back(path).respondents}
    lost = [key for key, answer in last.items() if final.get(key[0], {}).get(key[1]) != answer]
    assert not lost, f"{len(lost)} of {len(last)} answers confirmed as saved are not in the file: {lost[:5]}"
    assert [crash for _, _, crashes in outcomes for crash in crashes] == []
    assert len(confirmed) == sessions * ROUNDS * OWN * len(QUESTIONS) + len(QUESTIONS)
    assert sum(notices for _, notices, _ in outcomes) > 0  # the sessions were told about each other
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.yaml"]
    with capsys.disabled():
        print(f"\n{len(confirmed)} answers from {sessions} processes into one file in {seconds:.1f} s, none lost")


# --------------------------------------------------------------------------- 4. merge: one OUT, many racers


def test_eight_concurrent_merges_into_one_new_out_exactly_one_wins(tmp_path: Path) -> None:
    plain = {"organisation": "Acme", "period": "2026-Q3", "role": "CDO", "owner": "Data Office"}
    a = _write_input(tmp_path / "a.yaml", "Ann", "Split across three teams.", **plain)
    b = _write_input(tmp_path / "b.yaml", "Bob", "A named owner.", **plain)
    out = tmp_path / "out.yaml"
    command = [sys.executable, "-m", "aiopgap", "merge", str(out), str(a), str(b), "-Q", str(QUESTIONNAIRE)]
    racers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    finished = [(racer.wait(timeout=120), racer.communicate()[1]) for racer in racers]
    codes = sorted(code for code, _ in finished)
    assert codes == [0] + [2] * 7, finished
    for code, stderr in finished:
        assert "Traceback" not in stderr
        if code == 2:
            assert "already exists" in stderr
    assert [r.name for r in read_back(out).respondents] == ["Ann", "Bob"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "out.yaml"]  # no temporary left


# --------------------------------------------------------------------------- 5. assess in a real terminal


def assess(tmp_path: Path, *args: str | Path) -> Terminal:
    return Terminal("assess", *args, "--questionnaire", QUESTIONNAIRE, cwd=tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("organisation", "period", "name", "role", "note"),
    [("No", "1:30", "On", "~", "no"), ("yes", "2026-01-01", "0x1F", "null", "1_000 # not a comment\u2028\x85end")],
)
def test_assess_creates_and_fills_a_file_whose_texts_are_yaml_11_words(
    tmp_path: Path, organisation: str, period: str, name: str, role: str, note: str
) -> None:
    term = assess(
        tmp_path, "acme.yaml", "--org", organisation, "--period", period, "--respondent", name, "--role", role
    )
    term.wait_for_question("ownership.owner")
    term.send(f"1{TAB}{note}{ENTER}")
    term.wait_for_question("ownership.budget")  # the answer saved, not refused
    term.send(f"2{ENTER}")  # and the next one too
    term.wait_for_question("ownership.vendor")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    answers = read_back(tmp_path / "acme.yaml")
    assert (answers.organisation, answers.period) == (organisation, period)
    (respondent,) = answers.respondents
    assert (respondent.name, respondent.role) == (name, role)
    assert respondent.answers == {"ownership.owner": Answer(level=1, note=note), "ownership.budget": Answer(level=2)}


@pytest.mark.slow
def test_a_note_too_long_for_the_file_is_refused_gently_and_nothing_typed_is_lost(tmp_path: Path) -> None:
    long_note = ("0123456789" * 401)[:4001]
    term = assess(tmp_path, "acme.yaml", "--org", "Acme", "--period", "Q", "--respondent", "Ann", "--role", "CDO")
    term.wait_for_question("ownership.owner")
    term.send(f"1{TAB}{long_note}{ENTER}")
    screen = " ".join(term.wait_for("Press Enter to try again.").split())
    assert "NOT SAVED: the note is 4,001 characters long and an answers file holds at most 4,000" in screen
    term.send(f"{TAB}\x7f{ENTER}")  # into the note, which still holds every character: delete one
    term.wait_for_question("ownership.budget")
    assert read_back(tmp_path / "acme.yaml").respondents[0].answers["ownership.owner"].note == long_note[:4000]

    # refused again, then the session stops: the text is printed in full, not lost
    longer = "abcdefghi " * 450
    term.send(f"2{TAB}{longer}{ENTER}")
    term.wait_for("Press Enter to try again.")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    assert "NOT SAVED" in term.transcript
    assert f"ownership.budget: 2, note: {longer.strip()}" in term.transcript


@pytest.mark.slow
def test_bytes_that_are_not_utf8_become_replacement_characters_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a command-line argument holding a byte that is not UTF-8, as a shell passes it: `printf '\377'`
    shell = (
        'bad=$(printf "Head of \\377 Risk"); n=$#; while [ $n -gt 0 ]; do a=$1; shift; '
        '[ "$a" = @BAD@ ] && a=$bad; set -- "$@" "$a"; n=$((n-1)); done; exec "$@"'
    )
    spawn = pexpect.spawn

    def through_a_shell(command: str, args: list[str], **options: Any) -> pexpect.spawn:
        return spawn("/bin/sh", ["-c", shell, "sh", command, *args], **options)

    monkeypatch.setattr(pexpect, "spawn", through_a_shell)
    term = assess(tmp_path, "acme.yaml", "--org", "Acme", "--period", "Q", "--role", "@BAD@")
    term.wait_for("Your name:")
    os.write(term.child.child_fd, b"Zo\xc3\xab \xe9\xff\r")  # typed in another encoding
    term.wait_for_question("ownership.owner")
    term.send(f"1{TAB}")
    os.write(term.child.child_fd, b"caf\xe9 \xff\xfe ok")  # pasted
    time.sleep(0.2)
    term.send(ENTER)
    term.wait_for_question("ownership.budget")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    (respondent,) = read_back(tmp_path / "acme.yaml").respondents
    assert (respondent.name, respondent.role) == ("Zo\u00eb \ufffd\ufffd", "Head of \ufffd Risk")
    assert respondent.answers["ownership.owner"] == Answer(level=1, note="caf\ufffd \ufffd\ufffd ok")


@pytest.mark.slow
def test_a_second_session_on_the_same_file_is_told_and_both_keep_their_answers(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text((FIXTURES / "mini-answers.yaml").read_text())
    ann = assess(tmp_path, "acme.yaml", "--respondent", "Dana", "--role", "COO")
    ann.wait_for_question("ownership.owner")
    bob = assess(tmp_path, "acme.yaml", "--respondent", "Eve", "--role", "CRO")
    bob.wait_for_question("ownership.owner")
    ann.send(f"1{ENTER}")
    ann.wait_for_question("ownership.budget")
    bob.send(f"4{ENTER}")
    screen = " ".join(bob.wait_for_question("ownership.budget").split())
    assert f"another session changed {path.name} meanwhile" in screen.replace(str(tmp_path) + "/", "")
    ann.send(f"2{ENTER}")
    ann.wait_for_question("ownership.vendor")
    bob.send(f"3{ENTER}")
    bob.wait_for_question("ownership.vendor")
    for term in (ann, bob):
        term.send(CTRL_C)
        assert term.wait_exit() == 130
    final = {r.name: r.answers for r in read_back(path).respondents}
    assert final["Dana"] == {"ownership.owner": Answer(level=1), "ownership.budget": Answer(level=2)}
    assert final["Eve"] == {"ownership.owner": Answer(level=4), "ownership.budget": Answer(level=3)}
    assert [r.name for r in read_back(path).respondents] == ["Ann", "Bob", "Cy", "Dana", "Eve"]


def test_initiative_texts_round_trip_through_merge_cli(tmp_path: Path) -> None:
    a = _write_input(tmp_path / "a.yaml", "yes", "no", organisation="\x1b]0;title\x07Org", period="0o17")
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(app, ["merge", str(out), str(a), "-Q", str(QUESTIONNAIRE)])
    assert result.exit_code == 0, result.output
    merged = read_back(out)
    assert merged.organisation == "\x1b]0;title\x07Org"
    assert merged.initiatives == (Initiative(name="yes", stage="pilot", horizon="near", owners=("On",), note="no"),)
    assert "\x1b" not in out.read_text()  # the escape is written as an escape, inert in the file
