"""Gate settings from aiopgap.toml or [tool.aiopgap] in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files.config import find_config, load_config
from aiopgap.model.errors import InputError


def test_nearest_config_wins(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.aiopgap]\nmin-overall = "Defined"\n')
    assert find_config(nested) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "aiopgap.toml").write_text("min-overall = 2\n")
    assert find_config(nested) == tmp_path / "a" / "aiopgap.toml"


def test_pyproject_without_section_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None


def test_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "aiopgap.toml"
    path.write_text('min-overall = "Defined"\nfail-on-symptom = "any"\n[min]\ngovernance = 2.5\n')
    gates = load_config(path).gates
    assert gates.min_overall == "Defined"
    assert gates.fail_on_symptom == "any"
    assert gates.min == {"governance": 2.5}


def test_unknown_setting_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.aiopgap]\nmin_overal = 2\n")
    with pytest.raises(InputError) as info:
        load_config(path)
    [problem] = info.value.problems
    assert problem.location.field == "tool.aiopgap.min_overal"
    assert problem.message == "unknown setting"


def test_toml_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "aiopgap.toml"
    path.write_text('min-overall = "Defined"\n[min\n')
    with pytest.raises(InputError) as info:
        load_config(path)
    [problem] = info.value.problems
    assert problem.location.line == 2
    assert "TOML syntax error" in problem.message
