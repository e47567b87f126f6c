"""Cross-field checks a single field validator cannot make: of a questionnaire, its symptom rules,
and a report read back from JSON. Each problem comes with the path of the field it concerns.
"""

from __future__ import annotations

from aiopgap.model.base import FieldPath
from aiopgap.model.inventory import FACTS
from aiopgap.model.questionnaire import CatalogueEntry, Questionnaire, shown_level
from aiopgap.model.report import Report
from aiopgap.model.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Condition,
    ContradictionCondition,
    DimensionCondition,
    DisagreementCondition,
    Not,
    QuestionCondition,
    Rule,
)

Problems = list[tuple[FieldPath, str]]


def questionnaire_problems(q: Questionnaire) -> Problems:
    """Every cross-field problem of ``q``: maturity thresholds, ids, levels, catalogue references, rules."""
    problems = _maturity_problems(q) + _question_problems(q) + _action_problems(q)
    catalogue: dict[str, set[str]] = {}
    for kind in ("symptoms", "root_causes", "practices", "contradictions"):
        entries: tuple[CatalogueEntry, ...] = getattr(q, kind)
        ids: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.id in ids:
                problems.append(((kind, i, "id"), f"id {entry.id!r} is used twice"))
            ids.add(entry.id)
        catalogue[kind] = ids
    problems += _reference_problems(q, catalogue)
    problems += prerequisite_problems(q, catalogue["practices"])
    for si, symptom in enumerate(q.symptoms):
        if symptom.rule is not None:
            problems.extend(rule_problems(q, symptom.rule, ("symptoms", si, "rule")))
        if symptom.core is not None:
            problems.extend(rule_problems(q, symptom.core, ("symptoms", si, "core")))
    for ci, contradiction in enumerate(q.contradictions):
        for side in ("claim", "facts"):
            rule: Rule = getattr(contradiction, side)
            problems.extend(rule_problems(q, rule, ("contradictions", ci, side), within_check=True))
    return problems


def _maturity_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    thresholds = [m.min_score for m in q.maturity]
    if thresholds[0] != 0:
        problems.append((("maturity", 0, "min_score"), "the first maturity level must start at 0"))
    for i in range(1, len(thresholds)):
        if thresholds[i] <= thresholds[i - 1]:
            problems.append((("maturity", i, "min_score"), "maturity min_score values must strictly increase"))
        if thresholds[i] > q.scale_max:
            problems.append((("maturity", i, "min_score"), f"min_score must not exceed scale_max {q.scale_max}"))
    return problems


def _action_problems(q: Questionnaire) -> Problems:
    """Practice actions whose ``suits`` range ends above the questionnaire's scale."""
    problems: Problems = []
    for pi, practice in enumerate(q.practices):
        for ai, step in enumerate(practice.actions):
            if step.suits is not None and step.suits[1] > q.scale_max:
                problems.append(
                    (
                        ("practices", pi, "actions", ai, "suits", 1),
                        f"suits must stay on the scale 0 to {q.scale_max} (found {shown_level(step.suits[1])})",
                    )
                )
    return problems


def _question_problems(q: Questionnaire) -> Problems:
    """Ids used twice, ``replaces`` lists that name a live question or one id twice, levels off the scale."""
    problems: Problems = []
    seen: set[str] = set()
    live_ids = {question.id for question in q.questions()}
    for di, dim in enumerate(q.dimensions):
        if dim.id in seen:
            problems.append((("dimensions", di, "id"), f"id {dim.id!r} is used twice"))
        seen.add(dim.id)
        for qi, question in enumerate(dim.questions):
            where: FieldPath = ("dimensions", di, "questions", qi)
            if question.id in seen:
                problems.append(((*where, "id"), f"question id {question.id!r} is used twice"))
            seen.add(question.id)
            for ri, old_id in enumerate(question.replaces):
                if old_id in question.replaces[:ri]:
                    problems.append(((*where, "replaces", ri), f"{old_id!r} is listed twice"))
                elif old_id in live_ids:
                    problems.append(
                        (
                            (*where, "replaces", ri),
                            f"{old_id!r} is still a question in this questionnaire, so nothing can replace it",
                        )
                    )
            if question.max_level != q.scale_max:
                problems.append(
                    (
                        (*where, "levels"),
                        f"question {question.id!r} has levels 0..{question.max_level} but scale_max is {q.scale_max}",
                    )
                )
    return problems


def _reference_problems(q: Questionnaire, catalogue: dict[str, set[str]]) -> Problems:
    """Symptoms and question probes that name a symptom, root cause or practice the catalogue lacks."""
    problems: Problems = []

    def refs(where: FieldPath, kind: str, values: tuple[str, ...]) -> None:
        for i, ref in enumerate(values):
            if ref not in catalogue[kind]:
                known = ", ".join(sorted(catalogue[kind])) or "none defined"
                noun = kind[:-1].replace("_", " ")
                problems.append(((*where, i), f"unknown {noun} {ref!r} (known: {known})"))

    for si, symptom in enumerate(q.symptoms):
        refs(("symptoms", si, "root_causes"), "root_causes", symptom.root_causes)
        refs(("symptoms", si, "practices"), "practices", symptom.practices)
    for di, dim in enumerate(q.dimensions):
        for qi, question in enumerate(dim.questions):
            where = ("dimensions", di, "questions", qi, "probes")
            refs((*where, "symptoms"), "symptoms", question.probes.symptoms)
            refs((*where, "root_causes"), "root_causes", question.probes.root_causes)
            refs((*where, "practices"), "practices", question.probes.practices)
    return problems


def prerequisite_problems(q: Questionnaire, known: set[str]) -> Problems:
    """``builds_on`` lists naming an unknown practice, the practice itself or one id twice, and cycles."""
    problems: Problems = []
    for pi, practice in enumerate(q.practices):
        for bi, ref in enumerate(practice.builds_on):
            where: FieldPath = ("practices", pi, "builds_on", bi)
            if ref == practice.id:
                problems.append((where, f"practice {ref!r} cannot build on itself"))
            elif ref in practice.builds_on[:bi]:
                problems.append((where, f"{ref!r} is listed twice"))
            elif ref not in known:
                problems.append(
                    (where, f"unknown practice {ref!r} (known: {', '.join(sorted(known)) or 'none defined'})")
                )
    cycle = _first_cycle({p.id: [r for r in p.builds_on if r in known and r != p.id] for p in q.practices})
    if cycle:
        index = next(i for i, p in enumerate(q.practices) if p.id == cycle[0])
        path = " -> ".join([*cycle, cycle[0]])
        problems.append(
            (("practices", index, "builds_on"), f"practices build on each other in a circle ({path}); break the circle")
        )
    return problems


def _first_cycle(edges: dict[str, list[str]]) -> list[str]:
    """The first cycle found in ``edges`` (practice -> the practices it builds on), in order; [] when none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in edges:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            following = edges.get(node, [])
            if i < len(following):
                stack.append((node, i + 1))
                nxt = following[i]
                if state.get(nxt) == 1:
                    return path[path.index(nxt) :]
                if not state.get(nxt):
                    stack.append((nxt, 0))
                continue
            state[node] = 2
            path.pop()
    return []


def rule_problems(q: Questionnaire, rule: Rule, where: FieldPath, within_check: bool = False) -> Problems:
    """Unknown references and impossible thresholds in a symptom rule, each with its path.

    ``within_check``: the rule is one side of a contradiction check, which may not cite another check.
    """
    problems: Problems = []
    if isinstance(rule, AllOf | AnyOf):
        key = "all" if isinstance(rule, AllOf) else "any"
        children = rule.all if isinstance(rule, AllOf) else rule.any
        for i, child in enumerate(children):
            problems.extend(rule_problems(q, child, (*where, key, i), within_check))
    elif isinstance(rule, AtLeast):
        if rule.at_least > len(rule.of):
            problems.append(
                ((*where, "at_least"), f"at_least {rule.at_least} can never hold with only {len(rule.of)} conditions")
            )
        for i, child in enumerate(rule.of):
            problems.extend(rule_problems(q, child, (*where, "of", i), within_check))
    elif isinstance(rule, Not):
        problems.extend(rule_problems(q, rule.not_, (*where, "not"), within_check))
    else:
        problems.extend(_condition_problems(q, rule, where, within_check))
    return problems


def _condition_problems(q: Questionnaire, rule: Condition, where: FieldPath, within_check: bool) -> Problems:
    """Problems of one condition: what it names must exist, and its threshold must be reachable."""
    problems: Problems = []
    if isinstance(rule, ContradictionCondition):
        known_checks = [c.id for c in q.contradictions]
        if within_check:
            problems.append(((*where, "contradiction"), "a contradiction check cannot cite another check"))
        elif rule.contradiction not in known_checks:
            known = ", ".join(known_checks) or "none defined"
            message = f"unknown contradiction {rule.contradiction!r} (known: {known})"
            problems.append(((*where, "contradiction"), message))
    else:
        low, high, what = 0.0, float(q.scale_max), "a score"
        if isinstance(rule, QuestionCondition):
            if q.question(rule.question) is None:
                problems.append(((*where, "question"), f"unknown question {rule.question!r}"))
        elif isinstance(rule, DisagreementCondition):
            if q.question(rule.disagreement) is None and q.dimension(rule.disagreement) is None:
                known = ", ".join(d.id for d in q.dimensions)
                problems.append(
                    (
                        (*where, "disagreement"),
                        f"unknown question or dimension {rule.disagreement!r} (dimensions: {known})",
                    )
                )
            what = "a difference in levels"
        elif isinstance(rule, DimensionCondition):
            if q.dimension(rule.dimension) is None:
                known = ", ".join(d.id for d in q.dimensions)
                problems.append(((*where, "dimension"), f"unknown dimension {rule.dimension!r} (known: {known})"))
        else:
            spec = FACTS.get(rule.fact)
            if spec is None:
                known = ", ".join(sorted(FACTS))
                problems.append(((*where, "fact"), f"unknown fact {rule.fact!r} (known: {known})"))
                return problems
            if spec.kind == "share" or spec.kind == "ratio":
                low, high, what = 0.0, 1.0, f"a {spec.kind}"
            else:
                low, high, what = 0.0, 10_000.0, "a count"
        if not low <= rule.threshold <= high:
            problems.append(
                ((*where, rule.operator), f"threshold {rule.threshold:g} is outside {low:g}..{high:g} for {what}")
            )
    return problems


def report_problems(report: Report) -> Problems:
    """Numbers that fit their type but not this report: scores and levels above its ``scale_max``."""
    top = report.scale_max
    problems: Problems = []

    def check(path: FieldPath, value: float | str | None, low: float = 0) -> None:
        if isinstance(value, int | float) and not low <= value <= top:
            problems.append((path, f"{value:g} is outside this report's scale ({low:g} to {top})"))

    check(("score",), report.score)
    check(("evidenced_score",), report.evidenced_score)
    for i, (_, min_score) in enumerate(report.maturity_levels):
        check(("maturity_levels", i, 1), min_score)
    for di, dimension in enumerate(report.dimensions):
        where: FieldPath = ("dimensions", di)
        check((*where, "score"), dimension.score)
        check((*where, "evidenced_score"), dimension.evidenced_score)
        check((*where, "target"), dimension.target)
        check((*where, "gap"), dimension.gap, low=-top)
        for qi, question in enumerate(dimension.questions):
            check((*where, "questions", qi, "score"), question.score)
            check((*where, "questions", qi, "evidenced_score"), question.evidenced_score)
            check((*where, "questions", qi, "spread"), question.spread)
            for ri, response in enumerate(question.responses):
                check((*where, "questions", qi, "responses", ri, "level"), response.level)
    for ri, recommendation in enumerate(report.recommendations):
        for i, driver in enumerate(recommendation.drivers):
            for name in ("score", "target", "next_level"):
                check(("recommendations", ri, "drivers", i, name), getattr(driver, name))
    if report.workshop is not None:
        check(("workshop", "threshold"), report.workshop.threshold)
        for di, row in enumerate(report.workshop.dimensions):
            check(("workshop", "dimensions", di, "score"), row.score)
            for i, role in enumerate(row.by_role):
                check(("workshop", "dimensions", di, "by_role", i, "score"), role.score)
        for qi, spread in enumerate(report.workshop.questions):
            for name in ("median", "spread", "iqr"):
                check(("workshop", "questions", qi, name), getattr(spread, name))
            for i, role in enumerate(spread.by_role):
                check(("workshop", "questions", qi, "by_role", i, "score"), role.score)
        for gi, gap in enumerate(report.workshop.gaps):
            check(("workshop", "gaps", gi, "width"), gap.width)
            check(("workshop", "gaps", gi, "high", "score"), gap.high.score)
            check(("workshop", "gaps", gi, "low", "score"), gap.low.score)
    return problems
