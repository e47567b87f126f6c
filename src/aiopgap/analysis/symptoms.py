"""The symptom engine: each symptom's rule and core signal judged against a scored report. Pure, no I/O.

A symptom has one of four states:

* **flagged**: its rule holds and so does its *core signal*, the condition specific to it without
  which it is never flagged;
* **watch**: not flagged, but its core signal holds (or, without a core, some of its signals hold);
  the result says which signals hold, and how many more conditions would have to hold to flag it;
* **not flagged**: neither; when some shared signals hold without the core signal, the reason says
  so (the same conditions are listed in ``signals``), and when its core signal does not apply
  (questions about product teams answered n/a) the reason says that;
* **not evaluable**: missing answers leave it undecided. Conditions that cannot apply (one role
  cannot disagree with itself; no inventory gives no facts) are left out, not counted as missing.

Every condition is kept with its outcome (``signals``); ``evidence`` is the set that decided the
state, with the respondents' notes. The rule language is in :mod:`aiopgap.analysis.judge`.
"""

from __future__ import annotations

import math

from aiopgap.analysis.judge import Context, Judged, Leaf, dedupe, judge, share_known
from aiopgap.model.questionnaire import Symptom
from aiopgap.model.report import Evidence, Ref, SymptomResult, SymptomStatus


def _listed(evidence: tuple[Evidence, ...]) -> str:
    return ", ".join(f"{e.ref} ({e.display})" for e in evidence)


def _signals(rule: Judged, core: Judged | None) -> tuple[Evidence, ...]:
    core_keys = set()
    if core is not None:
        core_keys = {(x.evidence.kind, x.evidence.ref, x.evidence.condition) for x in core.leaves}
    leaves = (*(core.leaves if core else ()), *rule.leaves)
    marked = tuple(
        x.evidence.model_copy(update={"core": (x.evidence.kind, x.evidence.ref, x.evidence.condition) in core_keys})
        for x in leaves
    )
    return dedupe(marked)


def _positive(leaves: tuple[Leaf, ...]) -> tuple[Evidence, ...]:
    """The signals that apply: conditions that count for the symptom (not guards under a ``not``)."""
    return dedupe(tuple(x.evidence for x in leaves if x.positive and x.evidence.outcome != "n/a"))


def _state(rule: Judged, core: Judged | None) -> tuple[SymptomStatus, tuple[Evidence, ...], str | None, float]:
    """Status, deciding evidence, reason and the conditions still needed, from the rule and core signal."""
    core_outcome = "true" if core is None else core.outcome
    core_cost = 0.0 if core is None else core.to_true
    if core is not None and core.outcome == "n/a":
        reason = f"does not apply: its core signal is not applicable here ({_listed(dedupe(core.support))})"
        return "not flagged", dedupe(core.support), reason, math.inf
    if rule.outcome == "n/a":
        reason = f"does not apply: none of its conditions applies here ({_listed(dedupe(rule.support))})"
        return "not flagged", dedupe(rule.support), reason, math.inf
    if rule.outcome == "true" and core_outcome == "true":
        return "flagged", dedupe((*(core.support if core else ()), *rule.support)), None, 0
    to_flag = rule.to_true + core_cost
    undecided = [j for j in (rule, core) if j is not None and j.outcome == "unknown"]
    decided_false = [j for j in (rule, core) if j is not None and j.outcome == "false"]
    if undecided and not decided_false:
        missing = dedupe(tuple(e for j in undecided for e in j.support if e.outcome == "unknown"))
        return "not evaluable", missing, f"not enough answers to decide; missing: {_listed(missing)}", to_flag
    applying = _positive((*(core.leaves if core else ()), *rule.leaves))
    holding = tuple(e for e in applying if e.outcome == "true")
    if not holding:
        return "not flagged", dedupe(tuple(e for j in decided_false for e in j.support)), None, to_flag
    reason = f"{len(holding)} of {len(applying)} signals {'holds' if len(holding) == 1 else 'hold'}"
    without_core = core is not None and core.outcome != "true"
    if without_core:
        reason += ", but not its core signal"
    if not math.isinf(to_flag):
        reason += f"; {int(to_flag)} more would flag it"
    # without its own signal a symptom is no near miss, however many shared signals hold
    return ("not flagged" if without_core else "watch"), holding, reason, to_flag


def evaluate_symptom(symptom: Symptom, ctx: Context) -> SymptomResult:
    q = ctx.questionnaire
    root_causes = {r.id: r.name for r in q.root_causes}
    practices = {p.id: p.name for p in q.practices}
    common = {
        "id": symptom.id,
        "name": symptom.name,
        "description": symptom.description,
        "severity": symptom.severity,
        "root_causes": tuple(Ref(id=r, name=root_causes.get(r, r)) for r in symptom.root_causes),
        "practices": tuple(Ref(id=p, name=practices.get(p, p)) for p in symptom.practices),
    }
    if symptom.rule is None:
        return SymptomResult(
            **common,  # type: ignore[arg-type]
            status="not evaluable",
            evidence=(),
            coverage=0.0,
            conditions=0,
            reason="the questionnaire gives this symptom no rule",
        )
    rule = judge(symptom.rule, ctx)
    core = None if symptom.core is None else judge(symptom.core, ctx)
    signals = _signals(rule, core)
    status, evidence, reason, to_flag = _state(rule, core)
    return SymptomResult(
        **common,  # type: ignore[arg-type]
        status=status,
        evidence=evidence,
        signals=signals,
        to_flag=None if math.isinf(to_flag) else int(to_flag),
        coverage=share_known(signals),
        conditions=len(signals),
        reason=reason,
    )


def evaluate(ctx: Context) -> tuple[SymptomResult, ...]:
    """Every symptom of the questionnaire, in catalogue order."""
    return tuple(evaluate_symptom(s, ctx) for s in ctx.questionnaire.symptoms)
