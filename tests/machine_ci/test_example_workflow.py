"""The example workflow and pre-commit hook do what they say: every `run:` step runs, in order, as in a job.

The workflow file is parsed, not copied: each `run:` step is run with bash in a temporary workspace
whose assessments/ folder holds the trend example's answers files and the example gates, with
GITHUB_ACTIONS, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE set as a runner sets them and
`${{ steps.ID.outputs.NAME }}` filled in from the GITHUB_OUTPUT file. One step is replaced: the
install step (`python -m pip install ./.aiopgap`, from the checkout the workflow makes) is not run;
the aiopgap of this test's own environment is first on PATH instead. One slow test runs that step
too, into a fresh virtual environment, from a copy of this repository's HEAD commit where the
workflow checks aiopgap out. `uses:` steps are GitHub's own actions and are not run, but what they
read must exist: the SARIF file, the artifact's files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / "examples" / "ci" / "aiopgap.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent
INSTALL = "python -m pip install ./.aiopgap"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def workflow_steps() -> list[dict[str, Any]]:
    document = yaml.safe_load(WORKFLOW.read_text())
    [job] = document["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


@dataclass
class Job:
    """One run of the workflow's steps in a workspace, as a runner would do them."""

    workspace: Path
    bin: Path = BIN
    """The folder first on PATH: this environment's, or the fresh one the install step installs into."""
    install: bool = False
    """Run the install step (into ``bin``'s environment) instead of using this environment's aiopgap."""
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    exits: dict[str, int | None] = field(default_factory=dict)
    failed: bool = False
    last_stdout: str = ""

    @property
    def output_file(self) -> Path:
        return self.workspace.parent / "github_output"

    @property
    def summary(self) -> Path:
        return self.workspace.parent / "step_summary"

    def value(self, expression: str) -> str:
        """A step output, a quoted text or hashFiles('name') inside a `${{ }}` or an `if:`."""
        expression = expression.strip()
        if match := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression):
            return self.outputs.get(match[1], {}).get(match[2], "")
        if match := re.fullmatch(r"hashFiles\('([^']+)'\)", expression):
            return "hash" if (self.workspace / match[1]).is_file() else ""
        if match := re.fullmatch(r"'([^']*)'", expression):
            return match[1]
        raise AssertionError(f"the test does not know how a runner reads {expression!r}: teach it")

    def runs(self, step: dict[str, Any]) -> bool:
        """Whether a runner runs ``step``: its `if:` (terms joined by &&), with success() when none is named."""
        condition = str(step.get("if", "success()"))
        assert "||" not in condition, f"the test reads only && in if: {condition!r}"
        terms = [t.strip() for t in condition.split("&&")]
        status = [t for t in terms if t in ("always()", "success()", "failure()")] or ["success()"]
        verdict = {"always()": True, "success()": not self.failed, "failure()": self.failed}[status[0]]
        for term in (t for t in terms if t not in ("always()", "success()", "failure()")):
            left, op, right = re.split(r"\s*(!=|==)\s*", term)
            same = self.value(left) == self.value(right)
            verdict = verdict and (same if op == "==" else not same)
        return verdict

    def script(self, step: dict[str, Any]) -> str:
        text = str(step["run"])
        filled = EXPRESSION.sub(lambda m: self.value(m[1]), text)
        assert "${{" not in filled
        return filled

    def run_step(self, step: dict[str, Any]) -> None:
        name = str(step.get("name", step.get("uses", "")))
        if not self.runs(step):
            self.exits[name] = None
            return
        if "uses" in step:
            self.exits[name] = self.use(step)
        elif step["run"].strip() == INSTALL and not self.install:
            self.exits[name] = 0  # replaced: this test's own aiopgap is on PATH
        elif step["run"].strip() == INSTALL:
            # offline here: no index, and the build backend and dependencies come from this environment
            self.exits[name] = self.bash(self.script(step), {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"})
        else:
            self.exits[name] = self.bash(self.script(step))
        if "id" in step:
            self.outputs[step["id"]] = read_outputs(self.output_file)
        self.failed = self.failed or self.exits[name] != 0

    def bash(self, script: str, extra: dict[str, str] | None = None) -> int:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PIP_", "VIRTUAL_ENV"))},
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_OUTPUT": str(self.output_file),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "COLUMNS": "100",
            "NO_COLOR": "1",
            **(extra or {}),
        }
        script_file = self.workspace.parent / "step.sh"
        script_file.write_text(script)
        proc = subprocess.run(
            ["bash", "-e", str(script_file)],  # a runner's default shell for run: on Linux
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        self.last_stdout = proc.stdout
        return proc.returncode

    def use(self, step: dict[str, Any]) -> int:
        """GitHub's actions are not run; what they are given must be there."""
        action, given = str(step["uses"]), step.get("with", {})
        if action.startswith("actions/checkout@") and given.get("path") and self.install:
            # aiopgap at a pinned commit: this repository's HEAD, as git would check it out
            target = self.workspace / given["path"]
            target.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
        if action.startswith("github/codeql-action/upload-sarif@"):
            log = json.loads((self.workspace / given["sarif_file"]).read_text())
            assert log["version"] == "2.1.0"
        if action.startswith("actions/upload-artifact@"):
            wanted = [line.strip() for line in given["path"].splitlines() if line.strip()]
            assert any((self.workspace / p).is_file() for p in wanted)
        return 0


def read_outputs(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def workspace(tmp_path: Path, gates: str | None = None) -> Path:
    root = tmp_path / "repo"
    assessments = root / "assessments"
    assessments.mkdir(parents=True)
    for answers in sorted((ROOT / "examples" / "trend").glob("*.yaml")):
        shutil.copy(answers, assessments / answers.name)
    config = assessments / "aiopgap.toml"
    shutil.copy(ROOT / "examples" / "ci" / "aiopgap.toml", config)
    if gates is not None:
        config.write_text(config.read_text().replace('min-overall = "Emerging"', gates))
    return root


def run_job(root: Path) -> Job:
    job = Job(root)
    for step in workflow_steps():
        job.run_step(step)
    return job


def test_every_step_runs_and_a_passing_quarter_passes(tmp_path: Path) -> None:
    job = run_job(workspace(tmp_path))
    skipped = {name for name, code in job.exits.items() if code is None}
    assert skipped == set(), job.exits
    assert set(job.exits.values()) - {None} == {0}, job.exits
    assert len(job.exits) == len(workflow_steps())
    assert job.outputs["files"] == {
        "current": "assessments/meridian-2026-Q3.yaml",
        "previous": "assessments/meridian-2026-Q2.yaml",
    }
    for made in ("aiopgap-report.html", "aiopgap-diff.md"):
        assert (job.workspace / made).stat().st_size > 0
    summary = job.summary.read_text()
    assert "Meridian Retail Group" in summary  # the verdict
    assert "# What changed: Meridian Retail Group, 2026-Q2 → 2026-Q3" in summary  # the diff
    sarif = json.loads((job.workspace / "aiopgap.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"] == []  # every gate passed: nothing for code scanning to show


def test_a_failed_gate_fails_the_check_and_the_report_still_renders(tmp_path: Path) -> None:
    job = run_job(workspace(tmp_path, gates='min-overall = "Managed"'))
    check = next(name for name in job.exits if name.startswith("Check gates"))
    assert job.exits[check] == 1, job.exits
    assert job.exits["Render the HTML report"] == 0  # if: always()
    diff = next(name for name in job.exits if name.startswith("Diff against"))
    assert job.exits[diff] is None  # a runner skips it once a step has failed
    assert "aiopgap check: ❌ failed" in job.summary.read_text()
    assert job.exits["Show failed gates in code scanning"] == 0
    results = json.loads((job.workspace / "aiopgap.sarif").read_text())["runs"][0]["results"]
    assert results, "the failed gate is in the SARIF log"
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "assessments/meridian-2026-Q3.yaml"  # relative to the workspace, as code scanning needs


def fresh_environment(where: Path) -> Path:
    """A new virtual environment that sees this one's packages (dependencies, the build backend) behind its own."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, capture_output=True, timeout=300)
    python = where / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    own = subprocess.run([python, "-c", purelib], capture_output=True, text=True, check=True).stdout.strip()
    ours = subprocess.run([sys.executable, "-c", purelib], capture_output=True, text=True, check=True).stdout.strip()
    (Path(own) / "_outer_environment.pth").write_text(ours + "\n")
    return where / "bin"


def has_git_head() -> bool:
    proc = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, check=False)
    return proc.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not has_git_head(), reason="needs this repository's git history to check a commit out")
def test_the_install_step_installs_the_pinned_checkout(tmp_path: Path) -> None:
    bin_dir = fresh_environment(tmp_path / "venv")
    job = Job(workspace(tmp_path), bin=bin_dir, install=True)
    for step in workflow_steps():
        job.run_step(step)
    assert job.exits["Install aiopgap from the pinned checkout"] == 0
    assert set(job.exits.values()) - {None} == {0}, job.exits
    job.bash("command -v aiopgap")
    assert job.last_stdout.strip() == str(bin_dir / "aiopgap")  # the steps ran the aiopgap just installed


def test_a_broken_step_fails_the_test(tmp_path: Path) -> None:
    job = Job(workspace(tmp_path))
    job.run_step({"name": "a typo", "run": "aiopgap valdate assessments/*.yaml"})
    assert job.exits["a typo"] == 2


def test_the_workflow_installs_the_pinned_checkout_and_says_what_to_change() -> None:
    steps = workflow_steps()
    text = WORKFLOW.read_text()
    checkout = next(s for s in steps if s.get("with", {}).get("path") == ".aiopgap")
    assert checkout["uses"].startswith("actions/checkout@")
    assert {"repository", "ref"} <= set(checkout["with"])
    assert [s["run"].strip() for s in steps if "pip install" in s.get("run", "")] == [INSTALL]
    assert text.count("  # CHANGE: ") == 2  # on the repository and ref lines
    assert "git rev-parse HEAD" in text
    assert "pip install aiopgap" not in text  # not on a package index
    sarif = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@v3"))
    assert sarif["with"] == {"sarif_file": "aiopgap.sarif", "category": "aiopgap"}
    assert yaml.safe_load(text)["permissions"]["security-events"] == "write"


def tag_exists(tag: str) -> bool:
    proc = subprocess.run(["git", "-C", str(ROOT), "tag", "--list", tag], capture_output=True, text=True, check=False)
    return proc.stdout.strip() == tag


@pytest.mark.parametrize("path", [WORKFLOW, HOOKS, ROOT / "README.md"], ids=lambda p: p.name)
def test_no_pin_names_a_tag_that_does_not_exist(path: Path) -> None:
    pins = re.findall(r"\b(?:rev|ref):\s*(v[0-9][\w.]*)", path.read_text())
    assert [p for p in pins if not tag_exists(p)] == []


def hook() -> dict[str, Any]:
    [entry] = yaml.safe_load(HOOKS.read_text())
    assert isinstance(entry, dict)
    return entry


def test_the_hook_matches_answers_folders_only() -> None:
    files = re.compile(hook()["files"])
    for matched in ("assessments/x.yaml", "assessments/2026/acme-Q3.yml", "team/answers/x.yaml"):
        assert files.search(matched), matched
    for ignored in ("src/x.yaml", "assessments/x.toml", "my-assessments/x.yaml", "x.yaml"):
        assert not files.search(ignored), ignored


def test_the_hook_entry_validates_the_files_it_matches(tmp_path: Path) -> None:
    entry = hook()
    root = workspace(tmp_path)
    (root / "src").mkdir()
    (root / "src" / "broken.yaml").write_text("not: [an answers file\n")
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*.y*ml"))
    matched = [n for n in names if re.search(entry["files"], n)]
    assert matched == [f"assessments/meridian-{q}.yaml" for q in ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    # pre-commit runs the entry with the matched files appended
    proc = subprocess.run([*entry["entry"].split(), *matched], cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    broken = root / "assessments" / "broken.yaml"
    broken.write_text("questionnaire: {id: aiopgap-default, version: 1.0.0}\norganisation: X\n")
    proc = subprocess.run(
        [*entry["entry"].split(), "assessments/broken.yaml"], cwd=root, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "assessments/broken.yaml" in proc.stdout + proc.stderr
