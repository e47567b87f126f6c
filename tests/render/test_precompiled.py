"""Bundled templates compiled ahead of time: current, used only when they fit, located like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files import resources
from aiopgap.model.errors import InputError
from aiopgap.render import precompiled
from aiopgap.render.templates import bundled_code, environment, render_template


def test_the_committed_code_is_current_for_every_bundled_template() -> None:
    wanted = bundled_code()
    on_disk = {p.name[: -len(".pyj")]: p.read_text(encoding="utf-8") for p in precompiled.FOLDER.glob("*.pyj")}
    stale = sorted(name for name in wanted.keys() | on_disk.keys() if wanted.get(name) != on_disk.get(name))
    assert not stale, f"regenerate with `python -m aiopgap.render.precompiled`: {stale}"


def test_code_compiled_from_another_source_is_not_used() -> None:
    path = resources.templates_dir() / "report.md.j2"
    source = path.read_text(encoding="utf-8")
    assert precompiled.compiled("report.md.j2", source, str(path)) is not None
    assert precompiled.compiled("report.md.j2", source + "edited\n", str(path)) is None
    assert precompiled.compiled("no-such.md.j2", source, str(path)) is None


@pytest.mark.parametrize("name", ["report.md.j2", "report.html.j2"])
def test_a_precompiled_template_maps_lines_like_one_compiled_now(name: str) -> None:
    path = resources.templates_dir() / name
    env = environment(markdown=name.endswith(".md.j2"))
    loaded = env.get_template(name)
    fresh = env.from_string(path.read_text(encoding="utf-8"))
    assert loaded.filename == str(path)
    assert loaded.debug_info
    assert loaded.debug_info == fresh.debug_info


def test_a_template_dir_overriding_a_bundled_name_is_compiled_from_its_own_source(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("line one\n{{ nowhere.at_all }}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        render_template("report.md.j2", tmp_path)
    problem = caught.value.problems[0]
    assert problem.location.file == str(tmp_path / "report.md.j2")
    assert problem.location.line == 2
