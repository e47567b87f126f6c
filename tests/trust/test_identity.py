"""An attacker's names: however two respondents' names are spelled, every command agrees on who is one person.

Names are drawn from case changes, every kind of Unicode whitespace (tabs, no-break and ideographic
spaces, line separators), control characters, combining marks and letters whose case folding is not
one-to-one (ß, İ, ﬁ). For each pair, validate, report and merge must give the same verdict, and that
verdict must be the one identity rule: the same person when case and spacing alone differ.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.answers import name_key
from tests.conftest import FIXTURES, examples

runner = CliRunner()
HEADER = "questionnaire: {id: mini, version: 1.2.0}\norganisation: Acme\nperiod: 2026-Q2\n"
SPACES = " \t\u00a0\u2003\u3000\u2028\x0b\x0c"
LETTERS = "aAbBßSsİiıIﬁFé\u0301Ωω\x1b\u202e"


def _quoted(name: str) -> str:
    return json.dumps(name)  # a JSON string is a YAML double-quoted scalar: every character arrives as drawn


names = st.text(alphabet=LETTERS + SPACES, min_size=1, max_size=12).filter(lambda n: n.strip() != "")


def respelled(name: str) -> st.SearchStrategy[str]:
    """The same name with its case changed and its spacing stretched, somewhere."""
    return st.builds(
        lambda flips, pad: pad + "".join(c.swapcase() if f else c for c, f in zip(name, flips, strict=False)) + pad,
        st.lists(st.booleans(), min_size=len(name), max_size=len(name)),
        st.sampled_from(["", " ", "\t", "\u00a0 "]),
    )


@settings(max_examples=examples(40, 2000))
@given(data=st.data(), first=names)
def test_every_command_agrees_on_who_is_one_person(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, first: str
) -> None:
    second = data.draw(st.one_of(names, respelled(first)))
    folder = tmp_path_factory.mktemp("names")
    person = "  - name: {}\n    role: CDO\n    answers: {{ownership.owner: 2}}\n"
    both = folder / "both.yaml"
    both.write_text(HEADER + "respondents:\n" + person.format(_quoted(first)) + person.format(_quoted(second)))
    one, two = folder / "one.yaml", folder / "two.yaml"
    one.write_text(HEADER + "respondents:\n" + person.format(_quoted(first)))
    two.write_text(HEADER + "respondents:\n" + person.format(_quoted(second)))
    q = str(FIXTURES / "mini-questionnaire.yaml")
    validate = runner.invoke(app, ["validate", str(both), "-Q", q])
    report = runner.invoke(app, ["report", str(both), "-Q", q, "--format", "json"])
    merge = runner.invoke(app, ["merge", str(folder / "out.yaml"), str(one), str(two), "-Q", q])
    codes = {validate.exit_code, report.exit_code, merge.exit_code}
    assert codes <= {0, 2}, (validate.output, report.output, merge.output)  # never a crash (exit 3)
    same = name_key(first.strip()) == name_key(second.strip())
    assert codes == ({2} if same else {0}), (first, second, validate.output, report.output, merge.output)
    if same:
        assert f"{both}:5:" in validate.output  # both places named
        assert not (folder / "out.yaml").exists()
    else:
        respondents = json.loads(report.stdout)["respondents"]
        assert len(respondents) == 2
