"""Bundled templates compiled ahead of time: current, used only when they fit, located like any other."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_reports_rendered_by_several_processes_at_once_from_an_empty_bytecode_cache_are_identical(
    tmp_path: Path,
) -> None:
    """Four processes start together with nothing cached, so each may compile and cache the bundled
    code at the same moment: every report is whole and byte for byte the one rendered in this process."""
    from aiopgap.analysis.report import analyse
    from aiopgap.files.documents import load_assessment
    from aiopgap.render.formats import Format
    from aiopgap.render.report import render
    from tests.conftest import EXAMPLES

    example = EXAMPLES / "northbank-2026-Q3.yaml"
    opened = load_assessment(example)
    expected = render(analyse(opened.questionnaire, opened.answers), Format.markdown)
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path / "cache"), "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    outs = [tmp_path / f"r{i}.md" for i in range(4)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "aiopgap", "report", str(example), "-f", "markdown", "-o", str(out)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for out in outs
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert [out.read_text(encoding="utf-8") for out in outs] == [expected] * 4
    assert list((tmp_path / "cache").rglob("report.md.j2*.pyc")), "the bundled code was cached under the prefix"


def test_code_files_in_a_template_dir_are_never_run(tmp_path: Path) -> None:
    """A hostile folder holding a bundled template's exact source next to code files named as ours
    (at its top and in a compiled_templates folder): the code is never run, the report is rendered
    from the source in the sandbox."""
    bundled = resources.templates_dir() / "report.md.j2"
    (tmp_path / "report.md.j2").write_text(bundled.read_text(encoding="utf-8"), encoding="utf-8")
    marker = tmp_path / "ran.txt"
    payload = f"open({str(marker)!r}, 'w').write('escaped')\n" + precompiled.code_file("report.md.j2").read_text(
        encoding="utf-8"
    )
    (tmp_path / "report.md.j2.pyj").write_text(payload, encoding="utf-8")
    (tmp_path / "compiled_templates").mkdir()
    (tmp_path / "compiled_templates" / "report.md.j2.pyj").write_text(payload, encoding="utf-8")
    env = environment(tmp_path, markdown=True)
    template = env.get_template("report.md.j2")
    assert template.filename == str(tmp_path / "report.md.j2")
    assert not marker.exists()


def test_a_damaged_code_file_falls_back_to_compiling_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code files cut short, not UTF-8, or not Python but stamped as current: none is used or fails a report."""
    source = (resources.templates_dir() / "report.md.j2").read_text(encoding="utf-8")
    stamp = precompiled.code_file("report.md.j2").read_text(encoding="utf-8").splitlines(keepends=True)[-1]
    monkeypatch.setattr(precompiled, "FOLDER", tmp_path)
    target = tmp_path / "report.md.j2.pyj"
    for damaged in (b"", b"\xff\xfe not utf-8", b"def root(:\n" + stamp.encode(), b"\x00" * 64 + stamp.encode()):
        target.write_bytes(damaged)
        assert precompiled.compiled("report.md.j2", source, "report.md.j2") is None, damaged[:20]
