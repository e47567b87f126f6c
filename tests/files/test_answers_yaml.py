"""A whole answers file (what ``merge`` and ``import`` write) is, byte for byte, what the round-trip
writer ``assess`` saves with would give for the same answers: same header, layout and quoting."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aiopgap.files.answers_yaml import to_yaml
from aiopgap.files.documents import load_assessment
from aiopgap.files.yaml_reader import parse_text
from aiopgap.files.yaml_scalars import block_text, flow_text, plain_reads_back
from aiopgap.files.yaml_writer import (
    Indentation,
    agreement_value,
    answer_value,
    dump,
    mapping,
    sequence,
    unit_value,
    with_header,
)
from aiopgap.model.answers import Answers
from aiopgap.model.evidence import EVIDENCE_KINDS
from aiopgap.model.inventory import Initiative
from tests.conftest import EXAMPLES, examples
from tests.trust.test_store import YAML_11_SPECIALS, note_text, typed, valid_or_reject

# Text ruamel quotes though our reader takes it as text: numbers and such to YAML 1.2 only, text that
# starts like a 1.2 number but is none ("_", "1_a"), and text where a flow mapping ends plain text.
RUAMEL_ONLY = ["1e3", "+1e3", "0o17", ".5e3", "_", "_1", "1_a", "? x", "? it's", ": 'q'", "?x", "a ?b", "x: y?"]
texts = st.one_of(typed, st.sampled_from(RUAMEL_ONLY), note_text)


def round_trip_text(answers: Answers, inputs: list[str], made_by: str) -> str:
    """The answers file as ruamel's round-trip writer writes it, built from the writer's own parts."""
    doc = mapping(
        {"questionnaire": mapping({"id": answers.questionnaire.id, "version": answers.questionnaire.version})}
    )
    doc["organisation"] = answers.organisation
    if answers.unit is not None:
        doc["unit"] = unit_value(answers.unit)
    doc["period"] = answers.period
    if answers.assessed_on is not None:
        doc["assessed_on"] = answers.assessed_on
    doc["respondents"] = sequence(
        mapping(
            {
                "name": r.name,
                "role": r.role,
                "answers": mapping({q: answer_value(a) for q, a in r.answers.items()}),
            }
        )
        for r in answers.respondents
    )
    if answers.targets:
        doc["targets"] = mapping({d: int(t) if float(t).is_integer() else t for d, t in answers.targets.items()})
    if answers.initiatives:
        doc["initiatives"] = sequence(_initiative(i) for i in answers.initiatives)
    if answers.consensus:
        doc["consensus"] = mapping({q: agreement_value(a) for q, a in answers.consensus.items()})
    return with_header(
        doc,
        f"aiopgap answers: {_comment(answers.organisation)}, {_comment(answers.period)}.\n"
        f"{made_by} from: " + ", ".join(_comment(i) for i in inputs) + ".\nScore it with `aiopgap report FILE`.",
    )


def _comment(text: str) -> str:
    from aiopgap.files.yaml_writer import comment_text

    return comment_text(text)


def _initiative(initiative: Initiative) -> Any:
    fields = initiative.model_dump(mode="json", exclude_defaults=True).items()
    return mapping({key: sequence(item) if isinstance(item, list) else item for key, item in fields})


@given(texts)
@example("")
@example("it's: here")
@example("Who owns it?")
@settings(max_examples=examples(600, 20_000))
def test_a_text_is_quoted_as_the_round_trip_writer_quotes_it(text: str) -> None:
    assert dump(mapping({"k": text}), Indentation()) == f"k: {block_text(text)}\n"
    assert dump(mapping({"k": sequence([text])}), Indentation()) == f"k:\n  - {block_text(text)}\n"
    flow = mapping({"kind": "artifact", "reference": text}, flow=True)
    assert (
        dump(mapping({"k": sequence([flow])}), Indentation())
        == f"k:\n  - {{kind: artifact, reference: {flow_text(text)}}}\n"
    )


@given(texts)
@settings(max_examples=examples(600, 20_000))
def test_text_written_plain_in_a_block_reads_back_as_itself(text: str) -> None:
    if block_text(text) == text:
        assert plain_reads_back(text, False)
        assert parse_text(f"k: {text}\n", "f.yaml").data == {"k": text}


QUESTION_IDS = st.sampled_from(["ownership.owner", "a.b", "1e3.x", "no.yes", "x-1.0x1f"])
SLUGS = st.sampled_from(["ownership", "1e3", "0x1f", "no", "on", "123", "1-2", "y", "a" * 80])
LEVELS = st.one_of(st.integers(0, 5), st.just("n/a"))
DATES = st.dates(datetime.date(1900, 1, 1), datetime.date(2999, 12, 31))
# numbers at the limits an attacker would try: the smallest subnormal, the largest size allowed, just
# under it, a float that is whole, one of 2**53's neighbours, and repr's switch to exponents (1e16, 1e-05)
LIMITS = [
    5e-324,
    2.2250738585072014e-308,
    1e-05,
    0.1 + 0.2,
    1 / 3,
    2.5,
    3.0,
    1e15,
    999_999_999_999_999.9,
    2.0**49 + 0.5,
]
NUMBERS = st.one_of(st.integers(1, 10**15), st.floats(5e-324, 1e15, allow_nan=False), st.sampled_from(LIMITS))
# a target is any finite number to the model (the questionnaire bounds it later): negative, zero, huge
TARGETS = st.one_of(
    st.integers(0, 5),
    st.floats(0, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([-0.0, *LIMITS, 1.7976931348623157e308, -1e16, 2.0**53]),
)
evidence = st.one_of(
    st.sampled_from(EVIDENCE_KINDS),
    st.fixed_dictionaries(
        {"kind": st.sampled_from(EVIDENCE_KINDS)}, optional={"date": DATES, "reference": texts.filter(str.strip)}
    ),
)
answer = st.one_of(
    LEVELS,
    st.fixed_dictionaries({"level": LEVELS}, optional={"note": texts, "evidence": st.lists(evidence, max_size=3)}),
)
respondent = st.fixed_dictionaries(
    {"name": typed, "role": typed, "answers": st.dictionaries(QUESTION_IDS, answer, max_size=4)}
)
dissent = st.one_of(
    typed,
    st.fixed_dictionaries({"name": typed}, optional={"level": LEVELS, "note": texts}),
)
agreement = st.fixed_dictionaries(
    {"level": LEVELS}, optional={"rationale": texts, "dissent": st.lists(dissent, max_size=3)}
)
initiative = st.fixed_dictionaries(
    {
        "name": typed,
        "stage": st.sampled_from(["idea", "pilot", "production", "scaled", "retired"]),
        "horizon": st.sampled_from(["near", "mid", "long"]),
    },
    optional={
        "owners": st.lists(typed, max_size=3),
        "vendor_led": st.booleans(),
        "monitored": st.sampled_from([True, False, None]),
        "months_in_pilot": st.integers(0, 600),
        "note": texts,
    },
)
unit = st.fixed_dictionaries({"name": typed}, optional={"parent": typed, "sizes": st.dictionaries(SLUGS, NUMBERS)})
answers_data = st.fixed_dictionaries(
    {
        "questionnaire": st.fixed_dictionaries({"id": SLUGS, "version": st.sampled_from(["1.1.0", "10.0.3"])}),
        "organisation": typed,
        "period": typed,
        "respondents": st.lists(respondent, max_size=3),
    },
    optional={
        "unit": unit,
        "assessed_on": DATES,
        "targets": st.dictionaries(SLUGS, TARGETS, min_size=1),
        "initiatives": st.lists(initiative, min_size=1, max_size=2),
        "consensus": st.dictionaries(QUESTION_IDS, agreement, min_size=1, max_size=2),
    },
)


@given(
    answers_data, st.lists(typed, min_size=1, max_size=3), st.sampled_from(["Merged by `aiopgap merge`", "Imported"])
)
@settings(max_examples=examples(300, 10_000))
def test_an_answers_file_is_what_the_round_trip_writer_writes(data: Any, inputs: list[str], made_by: str) -> None:
    answers = valid_or_reject(lambda: Answers.model_validate(data))
    assert to_yaml(answers, inputs, made_by) == round_trip_text(answers, inputs, made_by)


@pytest.mark.parametrize(
    "example",
    [
        EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml",
        EXAMPLES / "workshop" / "orbital-insurance-2026-Q3-targets.yaml",
        EXAMPLES / "northbank-2026-Q3.yaml",
        EXAMPLES / "meridian-2026-Q3.yaml",
        EXAMPLES / "lumen-2026-Q3.yaml",
    ],
    ids=lambda path: path.name,
)
def test_the_bundled_examples_are_written_as_before(example: Any) -> None:
    answers = load_assessment(example).answers
    inputs = [example.name, "a file: #1\nwith a line break"]
    assert to_yaml(answers, inputs) == round_trip_text(answers, inputs, "Merged by `aiopgap merge`")


def test_every_yaml_11_special_keeps_its_quotes() -> None:
    # the attack list of the store tests, as every field merge writes text into
    for text in YAML_11_SPECIALS:
        assert dump(mapping({"k": text}), Indentation()) == f"k: {block_text(text)}\n", text
