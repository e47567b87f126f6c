"""Every level of every question of the bundled questionnaire, seen whole in a real pseudo-terminal
before it is chosen, at 80x24, 120x40 and a narrow 60x20 (about ten seconds a size)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from tests.assess_screen_walk import walk

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_level_of_every_question_is_seen_before_it_is_chosen(tmp_path: Path, size: tuple[int, int]) -> None:
    count = len(load_questionnaire(resources.default_questionnaire()).questions())
    assert walk(tmp_path, size, lambda _, __: True) == count
