"""Fuzzing the loaders: any text gives either a valid model or the tool's own located errors.

The default run tries a few hundred cases per test; set HYPOTHESIS_PROFILE=nightly for 10,000.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.scoring import score
from aiopgap.files.catalogue import Catalogue, parse_questionnaire
from aiopgap.files.documents import answers_from
from aiopgap.files.yaml_reader import parse_text
from aiopgap.model.errors import InputError
from tests.conftest import EXAMPLES, FIXTURES, ROOT

YAML_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
EXAMPLE_TEXT = (EXAMPLES / "meridian-2026-Q3.yaml").read_text(encoding="utf-8")
MINI_QUESTIONNAIRE_TEXT = (FIXTURES / "mini-questionnaire.yaml").read_text(encoding="utf-8")
DEFAULT_QUESTIONNAIRE_TEXT = (ROOT / "questionnaires" / "default.yaml").read_text(encoding="utf-8")


def assert_own_errors(exc: InputError, text: str) -> None:
    assert exc.problems, "an InputError always carries at least one problem"
    lines = len(YAML_LINE_BREAKS.split(text))  # YAML also breaks lines at \r, NEL and U+2028/9
    for problem in exc.problems:
        assert problem.location.file == "fuzz.yaml"
        assert problem.message.strip()
        assert "Traceback" not in problem.message
        if problem.location.line is not None:
            assert 1 <= problem.location.line <= lines + 1, (problem, lines)


def load_answers_text(text: str) -> None:
    try:
        opened = answers_from(parse_text(text, "fuzz.yaml"), Catalogue())
        score(opened.questionnaire, opened.answers)
    except InputError as exc:
        assert_own_errors(exc, text)


def load_questionnaire_text(text: str) -> None:
    try:
        parse_questionnaire(parse_text(text, "fuzz.yaml"))
    except InputError as exc:
        assert_own_errors(exc, text)


@st.composite
def mutated(draw: st.DrawFn, source: str) -> str:
    """A valid document with a few random edits: deleted, duplicated, replaced or inserted text."""
    text = source
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        span = draw(st.integers(1, 40))
        kind = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap-lines"]))
        if kind == "delete":
            text = text[:at] + text[at + span :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + span] + text[at:]
        elif kind == "replace":
            text = text[:at] + draw(st.text(max_size=span)) + text[at + span :]
        elif kind == "insert":
            snippet = draw(
                st.sampled_from(
                    [
                        ": ",
                        "- ",
                        "\n  ",
                        "{",
                        "[",
                        "&a ",
                        "*a",
                        "!!python/object:os.system ",
                        "n/a",
                        "-1",
                        "99",
                        "'",
                        '"',
                        # hostile YAML 1.1 scalars: each once raised from the scalar builder (issue 18)
                        "9" * 5000 + " ",
                        "!!bool maybe ",
                        "!!int abc ",
                        "!!float x ",
                        "!!null x ",
                        "!!binary aGk= ",
                        "0x1F ",
                        "1:59:59 ",
                        ":".join(["1"] + ["59"] * 200) + ".5 ",
                        ".inf ",
                        ".nan ",
                        "!!timestamp x ",
                        "\x00",
                        "\ufeff",
                    ]
                )
            )
            text = text[:at] + snippet + text[at:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


json_like = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30,
)


def answers_shaped() -> st.SearchStrategy[dict[str, Any]]:
    """Documents with the right top-level keys and random values underneath."""
    return st.fixed_dictionaries(
        {
            "questionnaire": st.one_of(st.just({"id": "aiopgap-default", "version": "1.0.0"}), json_like),
            "organisation": st.one_of(st.text(max_size=30), json_like),
            "period": st.one_of(st.text(max_size=10), json_like),
        },
        optional={
            "respondents": st.lists(
                st.fixed_dictionaries(
                    {"name": st.text(max_size=10), "role": st.text(max_size=10)},
                    optional={
                        "answers": st.dictionaries(
                            st.sampled_from(
                                ["ownership.single-accountable-owner", "metrics.learning-velocity", "x.y", "bad"]
                            )
                            | st.text(max_size=10),
                            st.integers(-3, 8) | st.just("n/a") | json_like,
                            max_size=5,
                        )
                    },
                ),
                max_size=3,
            ),
            "targets": st.dictionaries(st.text(max_size=12) | st.just("governance"), json_like, max_size=3),
        },
    )


@given(mutated(EXAMPLE_TEXT))
def test_mutated_answers_files(text: str) -> None:
    load_answers_text(text)


@given(answers_shaped())
def test_generated_answers_documents(doc: dict[str, Any]) -> None:
    load_answers_text(yaml.safe_dump(doc, allow_unicode=True))


@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    load_answers_text(text)


@given(mutated(MINI_QUESTIONNAIRE_TEXT))
def test_mutated_questionnaires(text: str) -> None:
    load_questionnaire_text(text)


@settings(max_examples=30)
@given(mutated(DEFAULT_QUESTIONNAIRE_TEXT))
def test_mutated_default_questionnaire(text: str) -> None:
    load_questionnaire_text(text)


def test_every_example_survives_the_loader(tmp_path: Path) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        load_answers_text(path.read_text(encoding="utf-8"))


@functools.cache
def _report_json() -> str:
    from aiopgap.analysis.report import analyse
    from aiopgap.files.documents import load_assessment

    assessment = load_assessment(EXAMPLES / "meridian-2026-Q3.yaml")
    return analyse(assessment.questionnaire, assessment.answers).model_dump_json(indent=1)


def load_report_text(text: str, tmp_path: Path) -> None:
    """diff and trend read JSON reports through the same located loader (JSON is YAML)."""
    from aiopgap.files.documents import catalogue, open_document

    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        open_document(path, catalogue([]))
    except InputError as exc:
        for problem in exc.problems:
            assert problem.location.file == str(path)
            assert problem.message.strip()


@given(st.data())
def test_mutated_json_reports(tmp_path_factory: Any, data: st.DataObject) -> None:
    text = data.draw(mutated(_report_json()))
    load_report_text(text, tmp_path_factory.mktemp("json"))


HOSTILE_SCALAR_TEXT = st.one_of(
    st.sampled_from(["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp", "!!binary", ""]).flatmap(
        lambda tag: st.one_of(
            st.integers(-(10**5000), 10**5000).map(lambda n: f"{tag} {n}" if abs(n) < 10**4000 else f"{tag} 1"),
            st.floats().map(lambda f: f"{tag} {f!r}"),
            st.sampled_from(
                ["0x1F", "0o17", "0777", "0b1", "1_000", "1:30", ".inf", "-.inf", ".nan", "yes", "~", ""]
            ).map(lambda v: f"{tag} {v}"),
        )
    ),
    st.just("9" * 5000),
    st.lists(st.integers(0, 59), min_size=1, max_size=400).map(lambda parts: "1:" + ":".join(map(str, parts))),
)


@given(HOSTILE_SCALAR_TEXT, st.sampled_from(["level", "target", "note", "key"]))
def test_hostile_scalars_in_an_answers_file(scalar: str, where: str) -> None:
    """Every scalar builds into a plain value or a located problem (issue 18): nothing else escapes."""
    text = EXAMPLE_TEXT
    if where == "level":
        text = text.replace("        level: 3\n", f"        level: {scalar}\n", 1)
    elif where == "target":
        text = text.replace("  ownership: 3\n", f"  ownership: {scalar}\n", 1)
    elif where == "note":
        text = text.replace("    months_in_pilot: 11\n", f"    note: {scalar}\n", 1)
    else:
        text = text.replace("  ownership: 3\n", f"  {scalar}: 3\n", 1)
    load_answers_text(text)
