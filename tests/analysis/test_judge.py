"""The rule engine against a reference written from its definition, over generated rule trees.

The reference below evaluates abstract outcomes ("true", "false", "unknown", "n/a") by the rules the
module docstring states, and finds by brute force the fewest conditions that would have to change
for a tree to hold. The engine must agree with it on every tree hypothesis can build.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from aiopgap.analysis.judge import Context, judge
from aiopgap.analysis.scoring import score
from aiopgap.model.answers import Answers
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.rules import Rule
from tests.conftest import FIXTURES, examples

# In the mini answers: ownership.owner median 3, ownership.budget 2, ownership.vendor all n/a,
# metrics.override unanswered.
LEAVES: dict[str, dict[str, Any]] = {
    "true": {"question": "ownership.owner", "at_least": 3},
    "false": {"question": "ownership.budget", "at_most": 1},
    "unknown": {"question": "metrics.override", "at_most": 1},
    "n/a": {"question": "ownership.vendor", "at_most": 1},
}

QUESTIONNAIRE = Questionnaire.model_validate(yaml.safe_load((FIXTURES / "mini-questionnaire.yaml").read_text()))
ANSWERS = Answers.model_validate(yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text()))
CONTEXT = Context(score(QUESTIONNAIRE, ANSWERS), None, QUESTIONNAIRE)
RULES: TypeAdapter[Rule] = TypeAdapter(Rule)

Tree = Any  # ("leaf", outcome) | ("all"|"any", [trees]) | ("at_least", n, [trees]) | ("not", tree)

leaves = st.sampled_from(sorted(LEAVES)).map(lambda o: ("leaf", o))


def _branches(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    lists = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        st.tuples(st.sampled_from(["all", "any"]), lists),
        lists.flatmap(lambda kids: st.tuples(st.just("at_least"), st.integers(1, len(kids)), st.just(kids))),
        st.tuples(st.just("not"), children),
    )


trees = st.recursive(leaves, _branches, max_leaves=6)


def as_rule(tree: Tree) -> dict[str, Any]:
    kind = tree[0]
    if kind == "leaf":
        return LEAVES[tree[1]]
    if kind in ("all", "any"):
        return {kind: [as_rule(t) for t in tree[1]]}
    if kind == "at_least":
        return {"at_least": tree[1], "of": [as_rule(t) for t in tree[2]]}
    return {"not": as_rule(tree[1])}


def reference(tree: Tree, values: list[str]) -> str:
    """The outcome of ``tree`` when its leaves, in order, have ``values`` (consumed from the front)."""
    kind = tree[0]
    if kind == "leaf":
        return values.pop(0)
    if kind == "not":
        inner = reference(tree[1], values)
        return {"true": "false", "false": "true"}.get(inner, inner)
    children = tree[1] if kind in ("all", "any") else tree[2]
    outcomes = [reference(c, values) for c in children]
    applying = [o for o in outcomes if o != "n/a"]
    if not applying:
        return "n/a"
    need = {"all": len(applying), "any": 1}.get(kind, min(tree[1], len(applying)) if kind == "at_least" else 0)
    true, unknown = applying.count("true"), applying.count("unknown")
    if true >= need:
        return "true"
    return "false" if true + unknown < need else "unknown"


def leaf_outcomes(tree: Tree) -> list[str]:
    if tree[0] == "leaf":
        return [tree[1]]
    if tree[0] == "not":
        return leaf_outcomes(tree[1])
    return [o for child in (tree[1] if tree[0] in ("all", "any") else tree[2]) for o in leaf_outcomes(child)]


def fewest_changes_to_hold(tree: Tree) -> float:
    """Brute force: the fewest leaves (never an n/a one) whose outcome must change for the tree to hold."""
    start = leaf_outcomes(tree)
    changeable = [i for i, o in enumerate(start) if o != "n/a"]
    for count in range(len(changeable) + 1):
        for chosen in itertools.combinations(changeable, count):
            for new in itertools.product(["true", "false"], repeat=count):
                values = list(start)
                for i, value in zip(chosen, new, strict=True):
                    values[i] = value
                if reference(tree, values) == "true":
                    return count
    return math.inf


@settings(max_examples=examples(300, 3000), deadline=None)
@given(trees)
def test_the_engine_agrees_with_the_definition(tree: Tree) -> None:
    judged = judge(RULES.validate_python(as_rule(tree)), CONTEXT)
    assert judged.outcome == reference(tree, leaf_outcomes(tree))
    # a near miss is measured exactly: the fewest conditions that would have to change
    assert judged.to_true == fewest_changes_to_hold(tree)
    assert (judged.to_true == 0) == (judged.outcome == "true")
    # every condition is kept with its outcome, in order
    assert len(judged.leaves) == len(leaf_outcomes(tree))


@settings(max_examples=examples(200, 2000), deadline=None)
@given(trees)
def test_a_condition_that_does_not_apply_never_changes_the_outcome(tree: Tree) -> None:
    alone = judge(RULES.validate_python(as_rule(tree)), CONTEXT)
    for kind in ("all", "any"):
        padded = judge(RULES.validate_python({kind: [as_rule(tree), LEAVES["n/a"]]}), CONTEXT)
        assert padded.outcome == alone.outcome
        assert padded.to_true == alone.to_true
