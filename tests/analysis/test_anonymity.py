"""Anonymised answers: labels, folding of small roles, names out of the text, and numbers unchanged."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aiopgap.analysis.anonymity import anonymised, folded, name_pattern, scrubbed
from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.model.answers import Answers
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import QuestionResult, Report
from aiopgap.render.report import mode_statement
from tests.conftest import EXAMPLES, FIXTURES

WORKSHOP_EXAMPLE = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
LEVELS = {"ownership.owner": 1, "ownership.budget": 2, "metrics.learning": 3}


def person(name: str, role: str, shift: int = 0, note: str | None = None) -> dict[str, Any]:
    answers: dict[str, Any] = {q: min(4, level + shift) for q, level in LEVELS.items()}
    if note is not None:
        answers["ownership.owner"] = {"level": answers["ownership.owner"], "note": note}
    return {"name": name, "role": role, "answers": answers}


def answers_of(*people: dict[str, Any], organisation: str = "Acme", **extra: Any) -> Answers:
    return Answers.model_validate(
        {
            "questionnaire": {"id": "mini", "version": "1.2.0"},
            "organisation": organisation,
            "period": "2026-Q3",
            "respondents": list(people),
            **extra,
        }
    )


def mini() -> Questionnaire:
    return load_questionnaire(FIXTURES / "mini-questionnaire.yaml")


def shown(answers: Answers) -> list[tuple[str, str]]:
    return [(r.name, r.role) for r in answers.respondents]


def test_a_role_of_three_keeps_its_name_and_smaller_roles_fold_into_other_roles() -> None:
    a = answers_of(
        person("Ana Lima", "Chief Risk Officer"),
        person("Ben Cole", "CTO"),
        person("Cleo Park", "chief risk  officer"),
        person("Dan Roe", "CFO"),
        person("Eve Sato", "Chief Risk Officer"),
        person("Fay Lund", "CFO"),
    )
    out = shown(anonymised(a))
    assert sorted(out[:3]) == [(f"Chief Risk Officer {n}", "Chief Risk Officer") for n in (1, 2, 3)]
    assert sorted(out[3:]) == [(f"Other roles {n}", "Other roles") for n in (1, 2, 3)]
    assert [name for name, _ in out] == sorted(name for name, _ in out)  # each role in the order of its numbers


@pytest.mark.parametrize("small", [1, 2])
def test_other_roles_with_fewer_than_three_people_is_still_folded_and_the_report_says_so(small: int) -> None:
    others = [person(f"Solo Person{chr(65 + i)}", f"Role {i}") for i in range(small)]
    a = answers_of(*(person(f"Kim Person{c}", "Chief Risk Officer") for c in "XYZ"), *others)
    out = anonymised(a)
    assert [role for _, role in shown(out)].count("Other roles") == small
    assert not any(role.startswith("Role ") for _, role in shown(out))
    report = analyse(mini(), out, anonymised=True)
    assert report.small_fold() == small
    assert f"Other roles holds only {small} respondent" in mode_statement(report)
    assert report.workshop is not None
    # ...but it has no view of its own: one or two people's answers would be read off it
    assert [g.role for g in report.workshop.roles] == ["Chief Risk Officer"]
    assert [(w.role, w.respondents) for w in report.workshop.withheld] == [("Other roles", small)]


def test_no_warning_when_other_roles_has_three_people_or_nobody() -> None:
    three = answers_of(*(person(f"Person {c}", f"Role {c}") for c in "ABC"))
    nobody = answers_of(*(person(f"Person {c}", "Chief Risk Officer") for c in "ABC"))
    for a in (three, nobody):
        report = analyse(mini(), anonymised(a), anonymised=True)
        assert report.small_fold() == 0
        assert report.workshop is not None
        assert report.workshop.withheld == ()
        assert "holds only" not in mode_statement(report)
    assert mode_statement(analyse(mini(), three)).startswith("Named:")


def test_a_role_written_other_roles_joins_the_fold() -> None:
    a = answers_of(*(person(f"Person {c}", "other ROLES") for c in "ABC"), person("Zed Quinn", "CTO"))
    assert sorted(shown(anonymised(a))) == [(f"Other roles {n}", "Other roles") for n in (1, 2, 3, 4)]


def test_names_are_taken_out_of_roles_before_roles_are_compared() -> None:
    a = answers_of(
        person("Ana Lima", "Assistant to Ana Lima"),
        person("Ben Cole", "Assistant to ben cole"),
        person("Cleo Risk", "Assistant to Cleo Risk"),
        *(person(f"{first} Roe", "Chief Risk Officer") for first in ("Dan", "Eve", "Fay")),
    )
    out = shown(anonymised(a))
    assert sorted(out[:3]) == [(f"Assistant to [respondent] {n}", "Assistant to [respondent]") for n in (1, 2, 3)]
    # a name that is also a role word is taken out of the role too: no part of a name is shown
    assert sorted(out[3:]) == [(f"Chief [respondent] Officer {n}", "Chief [respondent] Officer") for n in (1, 2, 3)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spoke with Helen Okafor about it", "Spoke with [respondent] about it"),
        ("HELEN  okafor agreed", "[respondent] agreed"),
        ("Helen\nOkafor agreed", "[respondent] agreed"),
        ("okafor's deck", "[respondent]'s deck"),
        ("Helenka visited Okaforville", "Helenka visited Okaforville"),  # names inside other words stay
        ("José Núñez and JOSÉ", "[respondent] and [respondent]"),
        ("Jose\u0301 said so", "[respondent] said so"),  # a decomposed é is the same letter
        ("GROSSMANN and grossmann said", "[respondent] and [respondent] said"),
        ("Luc and Jean-Luc", "[respondent] and [respondent]-[respondent]"),
        ("Al went to Bo", "Al went to Bo"),  # parts under three letters stay alone...
        ("Al Bo was there", "[respondent] was there"),  # ...but the full name goes
    ],
)
def test_names_are_taken_out_of_text_as_whole_words_in_any_case(text: str, expected: str) -> None:
    pattern = name_pattern(["Helen Okafor", "José Núñez", "Jean-Luc Picard", "Al Bo", "Ida Großmann"])
    assert scrubbed(text, pattern) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As zoe nunez said", "As [respondent] said"),  # accents dropped
        ("ZOE and Nuñez", "[respondent] and [respondent]"),
        ("\uff3a\uff4f\uff45 \uff2e\uff55\uff4e\uff45\uff5a agreed", "[respondent] agreed"),  # full width
        ("Ask \u00d1\u00fa\u00ad\u00f1ez.", "Ask [respondent]."),  # a soft hyphen inside
        ("Zo\u200be N\u00fa\u00f1ez\u200b!", "[respondent]\u200b!"),  # a zero-width space inside, one after
        ("Zoe\u0308 said", "[respondent] said"),  # a decomposed ë goes whole, its accent too
        ("Caf\u00e9 \ufb01ne, Zoë \u00ad left", "Caf\u00e9 \ufb01ne, [respondent] \u00ad left"),  # the rest as written
        ("Zoey and Nunezes stay", "Zoey and Nunezes stay"),
    ],
)
def test_names_are_found_without_accents_compatibility_forms_or_invisible_characters(text: str, expected: str) -> None:
    assert scrubbed(text, name_pattern(["Zoë Ñúñez"])) == expected


def test_a_name_written_with_a_soft_hyphen_is_found_without_it() -> None:
    assert scrubbed("Zoe Nunez came", name_pattern(["Zo\u00ade Nu\u00f1ez"])) == "[respondent] came"


def test_notes_evidence_rationales_dissent_and_inventory_lose_the_names() -> None:
    a = answers_of(
        person("Helen Okafor", "CDO", note="Helen owns it; ask okafor."),
        person("Ravi Shah", "CTO"),
        person("Mia Berg", "CTO"),
        consensus={
            "ownership.owner": {
                "level": 2,
                "rationale": "Ravi showed the register Helen keeps.",
                "dissent": [{"name": "helen okafor", "level": 1, "note": "Mia disagrees with Ravi Shah."}],
            }
        },
        initiatives=[
            {"name": "Helen's copilot", "stage": "pilot", "owners": ["Ravi Shah", "Risk team"], "horizon": "near"}
        ],
    )
    out = anonymised(a)
    text = out.model_dump_json()
    for word in ("Helen", "Okafor", "Ravi", "Shah", "Mia", "Berg"):
        assert word.casefold() not in text.casefold()
    helen = next(r for r in out.respondents if r.answers["ownership.owner"].note)
    assert helen.answers["ownership.owner"].note == "[respondent] owns it; ask [respondent]."
    agreement = out.consensus["ownership.owner"]
    assert agreement.rationale == "[respondent] showed the register [respondent] keeps."
    assert [(d.name, d.level, d.note) for d in agreement.dissent] == [
        (helen.name, 1, "[respondent] disagrees with [respondent].")
    ]
    assert out.initiatives[0].name == "[respondent]'s copilot"
    assert out.initiatives[0].owners == ("[respondent]", "Risk team")


def test_evidence_references_lose_the_names() -> None:
    evidence = [{"kind": "artifact", "reference": "Minutes kept by Ana Lima", "date": "2026-08-01"}]
    a = answers_of(
        {"name": "Ana Lima", "role": "CDO", "answers": {"ownership.owner": {"level": 3, "evidence": evidence}}}
    )
    item = anonymised(a).respondents[0].answers["ownership.owner"].evidence[0]
    assert (item.kind, item.reference, str(item.date)) == ("artifact", "Minutes kept by [respondent]", "2026-08-01")


def test_the_same_file_gives_the_same_labels() -> None:
    a = answers_of(*(person(f"Person {c}", "Chief Risk Officer", i % 3) for i, c in enumerate("ABCDE")))
    again = Answers.model_validate(a.model_dump(mode="json"))
    assert anonymised(a) == anonymised(again)


def test_numbers_follow_neither_the_files_order_nor_the_alphabet_and_change_with_the_file() -> None:
    # Anna, Bert and Carl come in the file in alphabetical order: the number Anna gets must not say so
    anna_numbers = set()
    for quarter in range(30):
        a = answers_of(
            *(person(name, "Chief Risk Officer", shift) for name, shift in (("Anna", 0), ("Bert", 1), ("Carl", 2))),
            organisation=f"Acme {quarter}",
        )
        out = anonymised(a)
        anna = next(r for r in out.respondents if r.answers["ownership.owner"].level == 1)
        anna_numbers.add(anna.name)
    assert anna_numbers == {"Chief Risk Officer 1", "Chief Risk Officer 2", "Chief Risk Officer 3"}


def levels(question: QuestionResult) -> list[int | str]:
    return [r.level for r in question.responses]


def numbers(report: Report) -> Any:
    """Everything a report counts, with who said it left out."""
    return {
        "score": (report.score, report.maturity, report.coverage, report.confidence, report.evidenced_score),
        "dimensions": [
            (
                d.id,
                d.score,
                d.gap,
                d.coverage,
                d.confidence,
                d.unverified,
                [
                    (
                        q.id,
                        q.score,
                        q.median,
                        q.spread,
                        q.status,
                        q.confidence,
                        sorted(str(r.level) for r in q.responses),
                    )
                    for q in d.questions
                ],
            )
            for d in report.dimensions
        ],
        "inventory": None if report.inventory is None else [(f.name, f.value) for f in report.inventory.facts],
        "contradictions": [(c.id, c.status) for c in report.contradictions],
        "recommendations": [(r.practice, r.priority) for r in report.recommendations],
    }


def test_anonymity_changes_no_number_on_the_workshop_example() -> None:
    loaded = load_assessment(WORKSHOP_EXAMPLE, None)
    named = analyse(loaded.questionnaire, loaded.answers)
    anonymous = analyse(loaded.questionnaire, anonymised(loaded.answers))
    assert numbers(anonymous) == numbers(named)
    # every role of the example has one or two people: folding merges them into one role, so the
    # role views collapse to one and no perception gap is left; symptoms that need no disagreement agree
    assert named.workshop is not None
    assert len(named.workshop.gaps) > 0
    assert anonymous.workshop is not None
    assert [g.role for g in anonymous.workshop.roles] == ["Other roles"]
    assert anonymous.workshop.gaps == ()
    for before, after in zip(named.symptoms, anonymous.symptoms, strict=True):
        if not any(e.kind == "disagreement" for e in before.signals):
            assert (after.id, after.status) == (before.id, before.status)


def test_without_folding_the_role_views_and_gaps_are_unchanged() -> None:
    a = answers_of(
        *(person(f"Kim {c}son", "Chief Risk Officer", 0) for c in "ABC"),
        *(person(f"Lee {c}son", "Chief Data Officer", 2) for c in "DEF"),
    )
    named = analyse(mini(), a)
    anonymous = analyse(mini(), anonymised(a))
    assert numbers(anonymous) == numbers(named)
    assert named.workshop is not None
    assert anonymous.workshop is not None
    assert anonymous.workshop.dimensions == named.workshop.dimensions
    assert [g.model_copy(update={"notes": ()}) for g in anonymous.workshop.gaps] == [
        g.model_copy(update={"notes": ()}) for g in named.workshop.gaps
    ]
    assert [s.status for s in anonymous.symptoms] == [s.status for s in named.symptoms]


def test_examples_mini_fixture_folds_and_keeps_its_scores(mini_answers: Path, mini_questionnaire: Path) -> None:
    loaded = load_assessment(mini_answers, mini_questionnaire)
    out = anonymised(loaded.answers)
    assert sorted(shown(out)) == [(f"Other roles {n}", "Other roles") for n in (1, 2, 3)]
    assert numbers(analyse(loaded.questionnaire, out)) == numbers(analyse(loaded.questionnaire, loaded.answers))


@pytest.mark.parametrize("small", [1, 2])
def test_a_small_other_roles_is_left_out_of_the_role_views_and_gaps_but_counts_in_every_score(small: int) -> None:
    # three people of one role answer low, the one or two others high: without the rule the gap
    # "Other roles 4 levels above" would give their answers away
    a = answers_of(
        *(person(f"Kim Person{c}", "Chief Risk Officer") for c in "XYZ"),
        *(person(f"Solo Person{chr(65 + i)}", f"Role {i}", shift=3) for i in range(small)),
    )
    named = analyse(mini(), a)
    anonymous = analyse(mini(), anonymised(a), anonymised=True)
    assert numbers(anonymous) == numbers(named)  # their answers count in every score
    ws = anonymous.workshop
    assert ws is not None
    assert ws.gaps == ()
    assert {r.role for d in ws.dimensions for r in d.by_role} == {"Chief Risk Officer"}
    assert {r.role for q in ws.questions for r in q.by_role} == {"Chief Risk Officer"}
    named_ws = named.workshop
    assert named_ws is not None
    spreads = [(q.median, q.spread, q.iqr) for q in ws.questions]
    assert spreads == [(q.median, q.spread, q.iqr) for q in named_ws.questions]


def test_a_named_report_shows_every_role_however_small() -> None:
    a = answers_of(person("Ana Lima", "CTO"), person("Ben Cole", "CFO", shift=3))
    report = analyse(mini(), a)
    assert report.workshop is not None
    assert [g.role for g in report.workshop.roles] == ["CTO", "CFO"]
    assert report.workshop.withheld == ()
    assert report.workshop.gaps


def test_when_no_role_is_large_enough_the_workshop_shows_none_and_says_so() -> None:
    from aiopgap.render.formats import Format
    from aiopgap.render.report import render

    a = answers_of(person("Ana Lima", "CTO"), person("Ben Cole", "CFO", shift=3))
    report = analyse(mini(), anonymised(a), anonymised=True)
    assert report.workshop is not None
    assert report.workshop.roles == ()
    assert [(w.role, w.respondents) for w in report.workshop.withheld] == [("Other roles", 2)]
    line = "Other roles (2 respondents) not shown separately: too few to stay anonymous"
    for fmt in (Format.terminal, Format.markdown, Format.html):
        text = " ".join(render(report, fmt).split())
        assert line in text, fmt
        assert "score by role" not in text.casefold(), fmt
        assert 'id="heatmap"' not in text, fmt


_SPELLINGS = {
    "as written": lambda name: name,
    "no accents": lambda name: "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)),
    "capitals": str.upper,
    "decomposed": lambda name: unicodedata.normalize("NFD", name),
    "full width": lambda name: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name),
    "soft hyphens": lambda name: "\u00ad".join(name),
}
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(before=_TEXT, after=_TEXT, spelling=st.sampled_from(sorted(_SPELLINGS)))
def test_a_name_in_any_spelling_goes_and_the_text_around_stays(before: str, after: str, spelling: str) -> None:
    name = "Zoë Ñúñez"
    assume(not {"zoe", "nunez"} & set(re.findall(r"\w+", folded(before + " " + after)[0])))
    text = f"{before} {_SPELLINGS[spelling](name)} {after}"
    assert scrubbed(text, name_pattern([name])) == f"{before} [respondent] {after}"
