from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"


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
