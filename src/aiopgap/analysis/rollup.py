"""The arithmetic of a portfolio: each parent's roll-up over its direct children and each dimension's
spread between units. Pure, no I/O.

A roll-up is, per dimension and overall, the weighted mean (:func:`~aiopgap.model.numbers.weighted_mean`)
of the direct children's scores: a child assessed itself counts with its own score, any other with its
own roll-up. A child without that score is named as missing, never counted as zero. Children weigh the
same, or by a declared size (``unit.sizes``): a child not assessed itself weighs the sum of its
children's sizes. Nodes are visited deepest first, so no recursion is needed at any depth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aiopgap.analysis.portfolio_tree import ROOT, Entry, Tree
from aiopgap.analysis.summary import maturity_of
from aiopgap.model.answers import name_key
from aiopgap.model.errors import InputError, Problem
from aiopgap.model.numbers import rounded, weighted_mean
from aiopgap.model.portfolio import Absent, DimensionRef, Node, OwnScore, Portfolio, Rolled, Spread
from aiopgap.model.report import Report
from aiopgap.model.text import shown

OVERALL = "overall"
"""The id the overall score is shown with beside the dimensions' ids."""
TOTAL = "*"
"""The overall score's key among the dimensions' ids while computing: no dimension id (a slug) can be it."""

Scores = dict[str, float | None]
"""Dimension id (or ``overall``) -> score."""


def own_scores(report: Report) -> Scores:
    """A report's own score per dimension and overall."""
    scores: Scores = {d.id: d.score for d in report.dimensions}
    scores[TOTAL] = report.score
    return scores


def roll_up(
    children: Sequence[tuple[str, Scores, float]], ids: Sequence[str]
) -> dict[str, tuple[float | None, int, tuple[str, ...]]]:
    """Per id: the weighted mean of the ``(name, scores, weight)`` children that have a score, how many
    it rests on and the names of those without one."""
    rolled = {}
    for sid in ids:
        pairs = [(s[sid], w) for _, s, w in children if s.get(sid) is not None]
        missing = tuple(name for name, s, _ in children if s.get(sid) is None)
        mean = weighted_mean((v, w) for v, w in pairs if v is not None)
        rolled[sid] = (None if mean is None else rounded(mean), len(pairs), missing)
    return rolled


def sizes(tree: Tree, weight_by: str | None) -> dict[str, float]:
    """What each node weighs in its parent's roll-up: its declared size, or for a node not assessed
    itself the sum of its children's; every child weighs 1 without ``weight_by``. A unit that declares
    no such size is a located error."""
    if weight_by is None:
        return {key: 1.0 for key in tree.order}
    weights: dict[str, float] = {}
    problems = []
    for key in reversed(tree.order):
        entry = tree.entries.get(key)
        if key == ROOT:
            continue
        if entry is None:
            weights[key] = sum(weights[c] for c in tree.children[key] if c in weights)
            continue
        declared = None if entry.report.unit is None else entry.report.unit.sizes.get(weight_by)
        if declared is None:
            message = (
                f"unit {shown(tree.names[key])} declares no {weight_by} size (unit.sizes.{weight_by}), "
                f"which --weight-by {weight_by} needs"
            )
            problems.append(
                Problem(entry.at("unit.sizes" if entry.report.unit and entry.report.unit.sizes else "unit"), message)
            )
        else:
            weights[key] = declared
    if problems:
        raise InputError(problems)
    return weights


def dimension_refs(tree: Tree) -> tuple[DimensionRef, ...]:
    """Every dimension any assessed node has, in the order they first appear in tree order."""
    refs: dict[str, str] = {}
    for key in tree.order:
        entry = tree.entries.get(key)
        for d in () if entry is None else entry.report.dimensions:
            refs.setdefault(d.id, d.name)
    return tuple(DimensionRef(id=i, name=n) for i, n in refs.items())


def spreads(tree: Tree, refs: Sequence[DimensionRef]) -> tuple[Spread, ...]:
    """Per dimension and overall: highest minus lowest score among the assessed units, naming them."""
    units = [(tree.names[k], own_scores(tree.entries[k].report)) for k in tree.order if k != ROOT and k in tree.entries]
    found = []
    for sid, name in [*((r.id, r.name) for r in refs), (TOTAL, "Overall")]:
        scored = [(n, s[sid]) for n, s in units if s.get(sid) is not None]
        values = [v for _, v in scored if v is not None]
        high, low = (max(values), min(values)) if values else (None, None)
        found.append(
            Spread(
                id=OVERALL if sid == TOTAL else sid,
                name=name,
                width=rounded(high - low) if high is not None and low is not None and len(values) > 1 else None,
                high=high,
                low=low,
                highest=tuple(n for n, v in scored if v == high) if len(values) > 1 else (),
                lowest=tuple(n for n, v in scored if v == low) if len(values) > 1 else (),
                units=len(values),
            )
        )
    return tuple(found)


def _scale(tree: Tree) -> Report:
    """The report whose scale and maturity levels the portfolio uses; refuses inputs on different scales."""
    reports = [tree.entries[k] for k in tree.order if k in tree.entries]
    scales = {e.report.scale_max for e in reports}
    if len(scales) > 1:
        listing = "; ".join(f"0 to {e.report.scale_max} in {e.file}" for e in sorted(reports, key=lambda e: e.file))
        raise InputError([Problem(reports[0].at("questionnaire"), f"units scored on different scales: {listing}")])
    return reports[0].report


def assemble(tree: Tree, organisation: str, period: str, weight_by: str | None, absent: Sequence[Absent]) -> Portfolio:
    """The portfolio document of ``tree``: each node's own scores, its roll-up, and the spreads."""
    first = _scale(tree)
    refs = dimension_refs(tree)
    ids = [*(r.id for r in refs), TOTAL]
    weights = sizes(tree, weight_by)
    value: dict[str, Scores] = {}
    rolled: dict[str, dict[str, tuple[float | None, int, tuple[str, ...]]]] = {}
    for key in reversed(tree.order):  # children before their parent
        kids = tree.children[key]
        if kids:
            rolled[key] = roll_up([(tree.names[c], value[c], weights.get(c, 1.0)) for c in kids], ids)
        entry = tree.entries.get(key)
        value[key] = own_scores(entry.report) if entry else {i: rolled[key][i][0] for i in ids}
    last = {name_key(a.name): a.period for a in absent}
    last[ROOT] = last.pop(name_key(organisation), "")  # no unit is named like its organisation
    nodes = [
        _node(key, tree, refs, rolled.get(key), first, weights.get(key) if weight_by else None, last)
        for key in tree.order
    ]
    return Portfolio(
        organisation=organisation,
        period=period,
        weight_by=weight_by,
        scale_max=first.scale_max,
        questionnaires=tuple(
            sorted({f"{e.report.questionnaire_id} {e.report.questionnaire_version}" for e in tree.entries.values()})
        ),
        dimensions=refs,
        nodes=tuple(nodes),
        absent=tuple(absent),
        spreads=spreads(tree, refs),
    )


def _node(
    key: str,
    tree: Tree,
    refs: Sequence[DimensionRef],
    rolled: Mapping[str, tuple[float | None, int, tuple[str, ...]]] | None,
    scale: Report,
    size: float | None,
    last: Mapping[str, str],
) -> Node:
    entry: Entry | None = tree.entries.get(key)
    parent = tree.parents[key]

    def mature(value: float | None) -> str | None:
        return None if value is None else maturity_of(scale, value)

    def rolled_of(sid: str, shown_as: str | None = None) -> Rolled:
        assert rolled is not None
        score, count, missing = rolled[sid]
        return Rolled(id=shown_as or sid, score=score, maturity=mature(score), children=count, missing=missing)

    report = None if entry is None else entry.report
    return Node(
        name=tree.names[key],
        parent=None if parent is None else tree.names[parent],
        depth=tree.depth[key],
        assessed=entry is not None,
        file=None if entry is None else entry.file,
        last_period=None if entry is not None else (last.get(key) or None),
        size=size,
        overall=None if report is None else OwnScore(id=OVERALL, score=report.score, maturity=report.maturity),
        dimensions=()
        if report is None
        else tuple(OwnScore(id=r.id, score=_score(report, r.id), maturity=_maturity(report, r.id)) for r in refs),
        flagged=() if report is None else tuple(s.name for s in report.flagged()),
        contradicted=() if report is None else tuple(c.name for c in report.contradicted()),
        children=tuple(tree.names[c] for c in tree.children[key]),
        rollup=() if rolled is None else tuple(rolled_of(r.id) for r in refs),
        rollup_overall=None if rolled is None else rolled_of(TOTAL, OVERALL),
    )


def _score(report: Report, dimension_id: str) -> float | None:
    found = report.dimension(dimension_id)
    return None if found is None else found.score


def _maturity(report: Report, dimension_id: str) -> str | None:
    found = report.dimension(dimension_id)
    return None if found is None else found.maturity
