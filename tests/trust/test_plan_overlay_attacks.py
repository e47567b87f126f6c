"""An attacker's plan files, given to the commands that compare a plan with what happened
(``trend --plan``, ``diff --plan``, ``check --against-plan``): every one is refused with one located
message and exit 2, never a traceback; the text a plan carries is inert in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.plan import Move
from tests.cli.test_cli import run_process
from tests.conftest import EXAMPLES, examples
from tests.plan_helpers import make_plan

runner = CliRunner()
SERIES = EXAMPLES / "trend"
Q2, Q3 = SERIES / "meridian-2026-Q2.yaml", SERIES / "meridian-2026-Q3.yaml"
GOOD = make_plan(
    [("2026-Q2", {"ownership": 1.9}), ("2026-Q3", {"ownership": 2.2})],
    moves={"2026-Q3": [Move(practice="embedded-guardrails", from_level=1.0, to_level=2.0)]},
).model_dump(mode="json")


def commands(plan: Path) -> list[list[str]]:
    return [
        ["trend", str(SERIES), "--plan", str(plan)],
        ["diff", str(Q2), str(Q3), "--plan", str(plan)],
        ["check", str(Q3), "--against-plan", str(plan), "--no-config"],
    ]


def refused(plan: Path) -> None:
    for args in commands(plan):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.exit_code, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.stderr
        assert str(plan.name) in result.stderr, result.stderr


def _broken(change: dict[str, object]) -> dict[str, object]:
    data = json.loads(json.dumps(GOOD))
    for path, value in change.items():
        target = data
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return data


HOSTILE = {
    "not yaml": "quarters: [\n",
    "a list": "- 1\n- 2\n",
    "an answers file": Q3.read_text(encoding="utf-8"),
    "another format": yaml.safe_dump({**GOOD, "format": "aiopgap.plan/9"}),
    "nan expected": yaml.safe_dump(_broken({"quarters.0.expected": {"ownership": float("nan")}})),
    "negative level": yaml.safe_dump(_broken({"quarters.1.moves.0.to_level": -1})),
    "string capacity": yaml.safe_dump(_broken({"capacity": "three"})),
    "no quarters": yaml.safe_dump(_broken({"quarters": []})),
    "unknown questionnaire": yaml.safe_dump(_broken({"questionnaire": {"id": "nope", "version": "9.9.9"}})),
    "extra field": yaml.safe_dump(_broken({"surprise": 1})),
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nformat: aiopgap.plan/1\n",
    "deep nesting": "format: aiopgap.plan/1\nquarters: " + "[" * 5000 + "]" * 5000 + "\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_plan_is_refused_by_every_command_with_exit_2(tmp_path: Path, name: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HOSTILE[name], encoding="utf-8")
    refused(plan)


def test_a_plan_that_is_a_folder_or_missing_is_refused(tmp_path: Path) -> None:
    for args in commands(tmp_path / "missing.yaml"):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
    result = run_process("trend", SERIES, "--plan", tmp_path / "missing.yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@settings(max_examples=examples(25, 500), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["capacity", "baseline.period", "quarters.0.period", "quarters.1.expected", "organisation"]),
    value=st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False), st.text(max_size=8)),
)
def test_a_field_of_any_other_type_gives_exit_2_or_a_verdict_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, path: str, value: object
) -> None:
    plan = tmp_path_factory.mktemp("plan") / "plan.yaml"
    plan.write_text(yaml.safe_dump(_broken({path: value})), encoding="utf-8")
    result = runner.invoke(app, commands(plan)[2])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_text_a_plan_carries_is_inert_in_every_format(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> **bold** | pipe {{ 7*7 }}"
    data = _broken({"assumption": hostile, "quarters.1.moves.0.step": hostile})
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data), encoding="utf-8")
    html = runner.invoke(app, ["trend", str(SERIES), "--plan", str(plan), "-f", "html"]).stdout
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    md = runner.invoke(app, ["diff", str(Q2), str(Q3), "--plan", str(plan), "-f", "markdown"]).stdout
    assert r"\<script\>" in md
    assert r"\*\*bold\*\*" in md
    assert r"\| pipe" in md
    first = runner.invoke(app, ["trend", str(SERIES), "--plan", str(plan), "-f", "json"]).stdout
    again = runner.invoke(app, ["trend", str(SERIES), "--plan", str(plan), "-f", "json"]).stdout
    assert first == again
    assert json.loads(first)["plan"]["assumption"] == hostile
