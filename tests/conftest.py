from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import coverage
import pytest
from hypothesis import HealthCheck, settings

from aiopgap.files.catalogue import Catalogue
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"

# How hard the generators try. `default`: the README's test command (seconds per generator).
# `ci`: .ci/run's hardening step, five times the default (capped at nightly). `nightly`: the heavy
# counts each test names, for a long run on a spare machine. Set with HYPOTHESIS_PROFILE.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=750, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("nightly", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(PROFILE)


@dataclass(frozen=True)
class Side:
    """One side of a diff or a point of a trend, opened and analysed as the commands do."""

    report: Report
    questionnaire: Questionnaire | None
    questionnaire_file: str | None


def open_side(path: Path, known: Catalogue) -> Side:
    from aiopgap.analysis.report import report_of
    from aiopgap.files.documents import open_document

    opened = open_document(path, known)
    return Side(report_of(opened.content, opened.questionnaire), opened.questionnaire, opened.questionnaire_file)


def examples(default: int, nightly: int) -> int:
    """A generator's number of examples under the active profile (see PROFILE above).

    A test that uses it outside ``@settings(max_examples=...)`` is marked ``profiled``: CI's second run of
    ``tests/trust`` under the ``ci`` profile takes only the tests whose cases grow (``hypothesis or profiled``).
    """
    if PROFILE == "nightly":
        return nightly
    if PROFILE == "ci":
        return min(nightly, default * 5)
    return default


@pytest.fixture(autouse=True)
def untraced_when_timed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A `timing` test runs without coverage tracing, in-process and in the processes it starts.

    Coverage (.ci/run) traces every line, the `python -m aiopgap` subprocesses included, which makes
    code several times slower: a test whose verdict is a time limit or a race against a lock timeout
    would measure the tracer, not aiopgap. Outside a coverage run this changes nothing.
    """
    measuring = coverage.Coverage.current() if request.node.get_closest_marker("timing") else None
    if measuring is None:
        yield
        return
    monkeypatch.delenv("COVERAGE_PROCESS_CONFIG", raising=False)
    monkeypatch.delenv("COVERAGE_PROCESS_START", raising=False)
    measuring.stop()
    try:
        yield
    finally:
        measuring.start()


@pytest.fixture
def mini_questionnaire() -> Path:
    return FIXTURES / "mini-questionnaire.yaml"


@pytest.fixture
def mini_answers(tmp_path: Path) -> Path:
    target = tmp_path / "answers.yaml"
    shutil.copy(FIXTURES / "mini-answers.yaml", target)
    return target


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))
