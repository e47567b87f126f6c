"""Validity suite: the tool's symptom flags against an outside expert's reading."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _load_measure():
    spec = importlib.util.spec_from_file_location("validity_measure", HERE / "measure.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


measure = _load_measure()
PROFILES = sorted((HERE / "profiles").glob("*.md"))
ANSWERS = sorted((HERE / "answers").glob("*.yaml"))


def test_there_are_at_least_twelve_matched_profiles():
    assert len(PROFILES) >= 12
    assert [p.stem for p in PROFILES] == [a.stem for a in ANSWERS]


@pytest.mark.parametrize("answers", ANSWERS, ids=lambda p: p.stem)
def test_answers_file_validates(answers: Path):
    proc = measure.run_cli("validate", str(answers))
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_profile_states_expectations_for_all_six(profile: Path):
    exp = measure.parse_profile(profile)
    assert set(exp.flagged) <= set(measure.SYMPTOMS), exp.flagged
    assert len(exp.flagged) == len(set(exp.flagged))
    assert set(exp.reasons) == set(measure.SYMPTOMS)
    for symptom, verdict in exp.verdicts.items():
        assert (verdict == "yes") == (symptom in exp.flagged), exp.reasons[symptom]


def test_precision_and_recall_at_least_0_9():
    result = measure.measure()
    report = measure.render(result)
    assert result.precision >= 0.9, report
    assert result.recall >= 0.9, report
