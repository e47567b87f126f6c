"""aiopgap merge: a folder merges as its answers files named one by one, and a merge run inside a
longer-lived program leaves Python's cycle collector as it found it."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
import yaml

from aiopgap.commands import merge
from aiopgap.files.answers_yaml import to_yaml
from aiopgap.files.documents import load_assessment
from aiopgap.model.errors import InputError
from tests.conftest import EXAMPLES

WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"


def split_workshop(folder: Path) -> list[Path]:
    """The workshop example as one file per respondent, in their order."""
    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    folder.mkdir()
    parts = []
    for i, respondent in enumerate(data["respondents"]):
        part = folder / f"{i:02d}.yaml"
        part.write_text(yaml.safe_dump({**data, "respondents": [respondent]}, sort_keys=False), encoding="utf-8")
        parts.append(part)
    return parts


def test_a_folder_merges_to_the_bytes_of_its_files_named_one_by_one(tmp_path: Path) -> None:
    parts = split_workshop(tmp_path / "returned")
    shutil.copy(EXAMPLES / "plans" / "flow-systems-2026.yaml", tmp_path / "returned" / "zz-plan.yaml")  # passed over
    by_folder, by_name = tmp_path / "by-folder.yaml", tmp_path / "by-name.yaml"
    assert merge.run(by_folder, [tmp_path / "returned"], None, force=False) == 0
    assert merge.run(by_name, parts, None, force=False) == 0
    assert by_folder.read_bytes() == by_name.read_bytes()
    merged = load_assessment(by_folder).answers
    assert merged == load_assessment(WORKSHOP).answers.model_copy(update={"assessed_on": merged.assessed_on})
    assert by_folder.read_text(encoding="utf-8") == to_yaml(merged, [str(p) for p in parts])


@pytest.mark.parametrize("collecting", [True, False])
def test_merge_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path, collecting: bool) -> None:
    parts = split_workshop(tmp_path / "returned")
    (tmp_path / "broken.yaml").write_text("organisation: [", encoding="utf-8")
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        assert merge.run(tmp_path / "ok.yaml", parts, None, force=False) == 0
        assert gc.isenabled() is collecting
        with pytest.raises(InputError):
            merge.run(tmp_path / "failed.yaml", [*parts, tmp_path / "broken.yaml"], None, force=False)
        assert gc.isenabled() is collecting
        assert not (tmp_path / "failed.yaml").exists()
    finally:
        (gc.enable if was else gc.disable)()
