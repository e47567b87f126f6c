"""The tree of an organisation's units in one period: who belongs to whom, in what order. Pure, no I/O.

A unit hangs under its ``parent`` (matched as names are, :func:`~aiopgap.model.answers.name_key`); a
unit without one, or whose parent is named like the organisation, belongs to the organisation itself.
A parent that no file assesses is still a node, so a misspelt parent shows. A unit named like its
organisation, a unit that is its own parent and a circle of parents are refused, each located at the
field that causes it. Iterative throughout: a chain of units any depth deep needs no recursion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aiopgap.model.answers import name_key
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.report import Report
from aiopgap.model.text import shown

ROOT = ""
"""The key of the organisation itself among the nodes (a unit's key is its name, as names are matched)."""


@dataclass(frozen=True)
class Entry:
    """One input: its file, the report it gives, and where in the file its fields are."""

    file: str
    report: Report
    places: Mapping[str, Location] = field(default_factory=dict)
    """Field path (``unit.parent``, ``unit.sizes``, ``unit``, ``period``, ``organisation``) -> location."""

    def at(self, where: str) -> Location:
        return self.places.get(where) or Location(self.file, field=where)

    def unit_key(self) -> str:
        return self.report.subject_key()[1]


@dataclass(frozen=True)
class Tree:
    """The period's nodes: who each node's parent is, and the order to show them in."""

    entries: dict[str, Entry]
    """Node key -> its assessment in the period (the organisation's key is ``ROOT``)."""
    names: dict[str, str]
    parents: dict[str, str | None]
    """Node key -> its parent's key; None for the organisation."""
    children: dict[str, list[str]]
    order: list[str]
    """Every node, a parent before its children, siblings by name."""
    depth: dict[str, int]


def tree(current: Sequence[Entry]) -> Tree:
    """The nodes of one period's assessments and who belongs to whom; located errors for what cannot be."""
    organisation = name_key(current[0].report.organisation)
    entries = {e.unit_key(): e for e in current}
    names = {key: (e.report.unit.name if e.report.unit else e.report.organisation) for key, e in entries.items()}
    if ROOT not in names:
        names[ROOT] = min(e.report.organisation for e in current)
    parents: dict[str, str | None] = {ROOT: None}
    problems: list[Problem] = []
    named: dict[str, list[str]] = {}
    for key, entry in sorted(entries.items()):
        unit = entry.report.unit
        if unit is None:
            continue
        parent = ROOT if unit.parent is None else name_key(unit.parent)
        if key == organisation:
            message = (
                f"unit {shown(unit.name)} is named like its organisation; leave `unit` out to assess the organisation"
            )
            problems.append(Problem(entry.at("unit.parent" if unit.parent else "unit"), message))
        elif parent == key:
            problems.append(Problem(entry.at("unit.parent"), f"unit {shown(unit.name)} names itself as its parent"))
        parents[key] = ROOT if parent == organisation else parent
        if unit.parent is not None and parent != organisation and parent not in entries:
            named.setdefault(parent, []).append(unit.parent)
    for key, written in named.items():  # named as a parent, assessed by no file: shown, so a typo is visible
        names[key] = min(written)
        parents[key] = ROOT
    if problems:
        raise InputError(problems)
    _no_circles(entries, parents, names)
    children: dict[str, list[str]] = {key: [] for key in parents}
    for key, above in parents.items():
        if above is not None:
            children[above].append(key)
    for siblings in children.values():
        siblings.sort(key=lambda k: (k, names[k]))
    order, depth = _walk(children)
    return Tree(entries, names, parents, children, order, depth)


def _no_circles(entries: Mapping[str, Entry], parents: Mapping[str, str | None], names: Mapping[str, str]) -> None:
    """Refuse units whose parents lead back to themselves, each located at its ``unit.parent``."""
    done: set[str] = {ROOT}
    problems: list[Problem] = []
    for start in sorted(parents):
        path: list[str] = []
        on_path: set[str] = set()
        key: str | None = start
        while key is not None and key not in done and key not in on_path:
            path.append(key)
            on_path.add(key)
            key = parents[key]
        if key is not None and key in on_path:
            circle = path[path.index(key) :]
            words = " → ".join(shown(names[k]) for k in [*circle, key])
            problems.extend(
                Problem(entries[k].at("unit.parent"), f"the parents of these units go round in a circle: {words}")
                for k in circle
            )
        done.update(path)
    if problems:
        raise InputError(problems)


def _walk(children: Mapping[str, Sequence[str]]) -> tuple[list[str], dict[str, int]]:
    """Depth-first order from the organisation (a parent before its children) and each node's depth."""
    order: list[str] = []
    depth = {ROOT: 0}
    stack = [ROOT]
    while stack:
        key = stack.pop()
        order.append(key)
        for child in reversed(children[key]):
            depth[child] = depth[key] + 1
            stack.append(child)
    return order, depth
