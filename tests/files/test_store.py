"""The answers file as assess edits it: comments and order kept, validated and atomic saves."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from aiopgap.files.agreements import ConsensusStore
from aiopgap.files.atomic import write_atomic
from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.files.store import AnswersStore, Indentation, guess_indentation
from aiopgap.model.answers import Agreement, Answer
from aiopgap.model.base import NA
from aiopgap.model.errors import InputError, UsageError
from tests.conftest import EXAMPLES

HAND_WRITTEN = """\
# Workshop 2 with Acme's leadership team.
questionnaire: {id: mini, version: 1.2.0}
organisation: Acme   # trading name
period: 2026-Q2
respondents:
    # the CDO answered first
    -   name: Ann
        role: CDO
        answers:
            metrics.learning: 4   # dashboard shown on screen
            ownership.owner: {level: 1, note: "Split: three teams."}
targets:
    ownership: 3
"""


def open_store(path: Path, questionnaire: Path) -> AnswersStore:
    return AnswersStore.open(path, questionnaire)


def test_comments_order_and_layout_survive_a_save(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    store = open_store(path, mini_questionnaire)
    store.record("Ann", "ownership.budget", Answer(level=2))
    text = path.read_text()
    for kept in (
        "# Workshop 2 with Acme's leadership team.",
        "organisation: Acme   # trading name",
        "    # the CDO answered first",
        "            metrics.learning: 4   # dashboard shown on screen",
        '            ownership.owner: {level: 1, note: "Split: three teams."}',
    ):
        assert kept in text
    # the new answer goes in with the person's indentation, and targets stay last
    assert "            ownership.budget: 2\n" in text
    assert text.rstrip().endswith("targets:\n    ownership: 3")


def test_new_answer_is_placed_in_questionnaire_order(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    store = open_store(path, mini_questionnaire)
    store.record("Ann", "ownership.vendor", Answer(level=NA))
    store.record("Ann", "metrics.override", Answer(level=0, note="no override log"))
    keys = [
        line.strip().split(":")[0]
        for line in path.read_text().splitlines()
        if line.startswith(" " * 12 + "m") or line.startswith(" " * 12 + "o")
    ]
    # hand order (learning before owner) is kept; a new answer goes after the last earlier question
    assert keys == ["metrics.learning", "ownership.owner", "ownership.vendor", "metrics.override"]


def test_changing_an_answer_replaces_it_in_place_and_keeps_flow_style(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    store = open_store(path, mini_questionnaire)
    store.record("Ann", "ownership.owner", Answer(level=2, note="Now two teams."))
    text = path.read_text()
    assert "ownership.owner: {level: 2, note: Now two teams.}" in text
    assert text.index("metrics.learning") < text.index("ownership.owner")
    store.record("Ann", "ownership.owner", Answer(level=3))
    assert "ownership.owner: 3\n" in path.read_text()


def test_what_is_written_reads_back_through_the_normal_loader(tmp_path: Path, mini_questionnaire: Path) -> None:
    questionnaire = load_questionnaire(mini_questionnaire)
    path = tmp_path / "new.yaml"
    store = AnswersStore.create(path, questionnaire, mini_questionnaire, "Acme Ltd: UK", "2026-Q2")
    assert not path.exists()  # nothing is written before the first name
    store.add_respondent("Zoë O'Neil", "Head of: Data")
    store.record("Zoë O'Neil", "ownership.owner", Answer(level=1, note='She said "no owner": #1 issue'))
    store.record("Zoë O'Neil", "ownership.vendor", Answer(level=NA, note="no vendors"))
    store.record("Zoë O'Neil", "metrics.learning", Answer(level=0))
    assessment = load_assessment(path, mini_questionnaire)
    assert assessment.answers.organisation == "Acme Ltd: UK"
    (respondent,) = assessment.answers.respondents
    assert respondent.role == "Head of: Data"
    assert respondent.answers == {
        "ownership.owner": Answer(level=1, note='She said "no owner": #1 issue'),
        "ownership.vendor": Answer(level=NA, note="no vendors"),
        "metrics.learning": Answer(level=0),
    }
    assert path.read_text().startswith("# aiopgap answers: Acme Ltd: UK, 2026-Q2.")


def test_examples_round_trip_byte_for_byte(tmp_path: Path) -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        path = tmp_path / example.name
        path.write_bytes(example.read_bytes())
        store = AnswersStore.open(path, None)
        store.save()
        assert path.read_bytes() == example.read_bytes(), example.name


def test_a_malformed_file_is_reported_and_never_overwritten(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "broken.yaml"
    broken = HAND_WRITTEN.replace("metrics.learning: 4", "metrics.learning: 9")
    path.write_text(broken)
    with pytest.raises(InputError) as caught:
        open_store(path, mini_questionnaire)
    (problem,) = caught.value.problems
    assert "level 9 is out of range" in problem.message
    assert (problem.location.line, problem.location.column) == (10, 13)
    assert path.read_text() == broken


def test_an_invalid_answer_is_never_written(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    store = open_store(path, mini_questionnaire)
    with pytest.raises(InputError, match="does not allow n/a"):
        store.record("Ann", "ownership.budget", Answer(level=NA))
    assert path.read_text() == HAND_WRITTEN


def test_a_change_made_on_disk_meanwhile_is_kept(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    store = open_store(path, mini_questionnaire)
    other = open_store(path, mini_questionnaire)
    other.add_respondent("Bob", "Risk")
    other.record("Bob", "ownership.owner", Answer(level=3))
    store.record("Ann", "ownership.budget", Answer(level=2))
    (ann, bob) = load_assessment(path, mini_questionnaire).answers.respondents
    assert ann.answers["ownership.budget"] == Answer(level=2)
    assert bob.answers == {"ownership.owner": Answer(level=3)}


@pytest.mark.parametrize("newline", ["\r\n", "\n"], ids=["windows", "unix"])
def test_a_save_keeps_the_files_line_endings(tmp_path: Path, mini_questionnaire: Path, newline: str) -> None:
    path = tmp_path / "acme.yaml"
    path.write_bytes(HAND_WRITTEN.replace("\n", newline).encode())
    open_store(path, mini_questionnaire).record("Ann", "ownership.budget", Answer(level=2, note="two\nlines"))
    ConsensusStore.open(path, mini_questionnaire).agree("ownership.owner", Agreement(level=2, rationale="a\nb"))
    data = path.read_bytes()
    lines = data.split(b"\n")[:-1]
    assert len(lines) > len(HAND_WRITTEN.splitlines())  # both changes are in
    assert {line.endswith(b"\r") for line in lines} == {newline == "\r\n"}  # every line ends the same way
    assert data.startswith(HAND_WRITTEN.splitlines()[0].encode() + newline.encode())
    answers = load_assessment(path, mini_questionnaire).answers
    assert answers.respondents[0].answers["ownership.budget"].note == "two\nlines"
    assert answers.consensus["ownership.owner"].rationale == "a\nb"


def test_respondents_are_unique(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    store = open_store(path, mini_questionnaire)
    with pytest.raises(UsageError, match="already in"):
        store.add_respondent("Ann", "CDO")
    with pytest.raises(UsageError, match="not in"):
        store.record("Nobody", "ownership.owner", Answer(level=1))


def test_create_refuses_an_existing_file(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    with pytest.raises(UsageError, match="already exists"):
        AnswersStore.create(path, load_questionnaire(mini_questionnaire), mini_questionnaire, "A", "B")


def test_write_atomic_replaces_atomically_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    write_atomic(path, "one\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o640)
    write_atomic(path, "two\n")
    assert path.read_text() == "two\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temporary file left behind


def test_write_atomic_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot write"):
        write_atomic(tmp_path / "nope" / "a.yaml", "x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HAND_WRITTEN, Indentation(mapping=4, sequence=8, offset=4)),
        ((EXAMPLES / "northbank-2026-Q3.yaml").read_text(), Indentation(mapping=2, sequence=4, offset=2)),
        ("a:\n  b: 1\nc:\n- x\n", Indentation(mapping=2, sequence=2, offset=0)),
        ("a: 1\n", Indentation()),
    ],
)
def test_guess_indentation(text: str, expected: Indentation) -> None:
    assert guess_indentation(text) == expected


def test_a_write_that_fails_midway_leaves_the_file_as_it_was(
    tmp_path: Path, mini_questionnaire: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    store = open_store(path, mini_questionnaire)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UsageError, match="No space left on device; the file on disk is unchanged"):
        store.record("Ann", "ownership.budget", Answer(level=2))
    assert path.read_text() == HAND_WRITTEN
    assert [p.name for p in tmp_path.iterdir()] == ["acme.yaml"]
    monkeypatch.undo()
    store.record("Ann", "ownership.budget", Answer(level=2))  # and the next try works
    assert "ownership.budget: 2" in path.read_text()


def test_temporaries_left_by_a_killed_save_are_removed_on_open(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN)
    stale = tmp_path / ".acme.yaml.k1ll3d.tmp"
    fresh = tmp_path / ".acme.yaml.inuse.tmp"
    other = tmp_path / ".other.yaml.k1ll3d.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_text("half a fi")
    an_hour_ago = stale.stat().st_mtime - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    open_store(path, mini_questionnaire)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".acme.yaml.inuse.tmp", ".other.yaml.k1ll3d.tmp", "acme.yaml"]
