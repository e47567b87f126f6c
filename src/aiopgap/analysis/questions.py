"""Matching the questions of two assessments, and how each matched group changed. Pure, no I/O.

Questions are matched by id, and across questionnaire versions through the ``replaces`` links a
newer question declares (a rename, a split, a merge). Questions found on one side only are listed
as ``added`` or ``removed``; they are never compared with something else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from aiopgap.analysis.changes import change
from aiopgap.model.answers import name_key
from aiopgap.model.base import semver_tuple
from aiopgap.model.diff import AnswerSide, QuestionChange, QuestionKind, ResponseChange
from aiopgap.model.numbers import rounded, weighted_mean
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import QuestionResult, Report
from aiopgap.model.responses import Response

Links = tuple[tuple[str, str], ...]
"""(old question id, new question id) pairs from ``replaces`` declarations."""


def replaces_map(questionnaire: Questionnaire | None) -> dict[str, tuple[str, ...]]:
    """Question id to the ids it replaces, for the questions that declare any."""
    if questionnaire is None:
        return {}
    return {q.id: q.replaces for q in questionnaire.questions() if q.replaces}


def question_mapping(
    old: Report, new: Report, old_questionnaire: Questionnaire | None, new_questionnaire: Questionnaire | None
) -> tuple[Links, list[str]]:
    """The (old id, new id) links from ``replaces``, and notes on how questions were matched.

    ``old_questionnaire``/``new_questionnaire`` are the questionnaires each side answered, when found.
    """
    if (old.questionnaire_id, old.questionnaire_version) == (new.questionnaire_id, new.questionnaire_version):
        return (), []
    if old.questionnaire_id != new.questionnaire_id:
        note = (
            f"the assessments answer different questionnaires ({old.questionnaire_id} and {new.questionnaire_id}); "
            "only questions with the same id are compared"
        )
        return (), [note]
    notes = []
    # the later version declares what it replaced; it is needed, the earlier one is not
    backward = semver_tuple(old.questionnaire_version) > semver_tuple(new.questionnaire_version)
    side, found, report = ("OLD", old_questionnaire, old) if backward else ("NEW", new_questionnaire, new)
    if found is None:
        notes.append(
            f"questionnaire {report.questionnaire_id} {report.questionnaire_version} ({side}) was not found, "
            "so questions it renamed or split are not mapped; pass it with --questionnaire"
        )
    return replacement_links(replaces_map(new_questionnaire), replaces_map(old_questionnaire)), notes


def replacement_links(newer: Mapping[str, Sequence[str]], older: Mapping[str, Sequence[str]] = {}) -> Links:
    """(old id, new id) links from each side's ``replaces`` declarations.

    ``newer`` maps a question id of the NEW side to the ids it replaces. ``older``
    does the same for the OLD side, for a diff run backwards (OLD answered the
    later questionnaire).
    """
    links = [(old_id, qid) for qid, olds in newer.items() for old_id in olds]
    links += [(qid, new_id) for qid, news in older.items() for new_id in news]
    return tuple(sorted(set(links)))


def match_questions(
    old_ids: Sequence[str], new_ids: Sequence[str], links: Iterable[tuple[str, str]] = ()
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Group question ids into (old ids, new ids) pairs: same id, or linked by ``replaces``.

    Groups are the connected components of the links; a group with no old ids is an
    added question, one with no new ids a removed question. Ordered by the new
    questionnaire's order, with removed questions last in the old order.
    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    def union(a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    old_set, new_set = set(old_ids), set(new_ids)
    for qid in old_ids:
        find(("o", qid))
    for qid in new_ids:
        find(("n", qid))
    for qid in old_ids:
        if qid in new_set:
            union(("o", qid), ("n", qid))
    for old_id, new_id in links:
        if old_id in old_set and new_id in new_set:
            union(("o", old_id), ("n", new_id))
    groups: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for qid in new_ids:
        groups.setdefault(find(("n", qid)), ([], []))[1].append(qid)
    for qid in old_ids:
        groups.setdefault(find(("o", qid)), ([], []))[0].append(qid)
    return [(tuple(olds), tuple(news)) for olds, news in groups.values()]


def _kind(old_ids: tuple[str, ...], new_ids: tuple[str, ...]) -> QuestionKind:
    if not old_ids:
        return "added"
    if not new_ids:
        return "removed"
    if len(old_ids) == 1 and len(new_ids) == 1:
        return "same" if old_ids == new_ids else "renamed"
    if len(old_ids) == 1:
        return "split"
    if len(new_ids) == 1:
        return "merged"
    return "restructured"


def _answers_of(name: str, questions: Sequence[QuestionResult]) -> tuple[AnswerSide, ...]:
    return tuple(
        AnswerSide(question=q.id, level=r.level, note=r.note)
        for q in questions
        for r in q.responses
        if name_key(r.respondent) == name
    )


def _response_changes(old_qs: Sequence[QuestionResult], new_qs: Sequence[QuestionResult]) -> tuple[ResponseChange, ...]:
    people: dict[str, Response] = {}
    for q in (*new_qs, *old_qs):
        for r in q.responses:
            people.setdefault(name_key(r.respondent), r)
    changes = []
    for key, response in people.items():
        before, after = _answers_of(key, old_qs), _answers_of(key, new_qs)
        level_changed = [a.level for a in before] != [a.level for a in after]
        note_changed = [a.note for a in before] != [a.note for a in after]
        if level_changed or note_changed:
            changes.append(
                ResponseChange(
                    respondent=response.respondent,
                    role=response.role,
                    before=before,
                    after=after,
                    level_changed=level_changed,
                    note_changed=note_changed,
                )
            )
    return tuple(changes)


def _status(questions: Sequence[QuestionResult]) -> str | None:
    if not questions:
        return None
    statuses = {q.status for q in questions}
    return statuses.pop() if len(statuses) == 1 else "scored" if "scored" in statuses else "mixed"


def _mean_score(questions: Sequence[QuestionResult]) -> float | None:
    """Weighted mean of the scored questions' scores, rounded; None when none is scored."""
    mean = weighted_mean((q.score, q.weight) for q in questions if q.score is not None)
    return None if mean is None else rounded(mean)


def question_changes(old: Report, new: Report, links: Iterable[tuple[str, str]] = ()) -> tuple[QuestionChange, ...]:
    old_qs = {q.id: q for q in old.questions()}
    new_qs = {q.id: q for q in new.questions()}
    result = []
    for old_ids, new_ids in match_questions(list(old_qs), list(new_qs), links):
        before = [old_qs[i] for i in old_ids]
        after = [new_qs[i] for i in new_ids]
        kind = _kind(old_ids, new_ids)
        score = change(_mean_score(before), _mean_score(after))
        responses = _response_changes(before, after)
        status_old, status_new = _status(before), _status(after)
        reference = (after or before)[0]
        result.append(
            QuestionChange(
                kind=kind,
                dimension=reference.dimension,
                old_ids=old_ids,
                new_ids=new_ids,
                prompt=reference.prompt,
                score=score,
                parts=tuple((q.id, q.score) for q in after) if len(after) > 1 else (),
                status_old=status_old,
                status_new=status_new,
                responses=responses,
                changed=kind != "same"
                or score.direction in {"up", "down", "new", "gone"}
                or bool(responses)
                or status_old != status_new,
            )
        )
    return tuple(result)
