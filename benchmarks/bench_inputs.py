"""Generated answers files for the benchmarks: deterministic (seeded), realistic for the bundled questionnaire.

Each respondent skips about 5% of the questions, answers n/a where the question allows it, writes a note
on about a third of the answers and gives a level from 0 to the question's maximum otherwise. Files are
written with libyaml's dumper, so generating 10,000 of them takes seconds, not minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from aiopgap.files.documents import load_questionnaire
from aiopgap.files.resources import default_questionnaire

ROLES = ("CDO", "CPO", "Risk")


@dataclass(frozen=True)
class Question:
    id: str
    max_level: int
    allow_na: bool


@dataclass(frozen=True)
class Bundled:
    """What a generator needs of the bundled questionnaire."""

    id: str
    version: str
    dimensions: tuple[str, ...]
    questions: tuple[Question, ...]


def bundled() -> Bundled:
    questionnaire = load_questionnaire(default_questionnaire())
    questions = tuple(Question(q.id, q.max_level, q.allow_na) for q in questionnaire.questions())
    return Bundled(questionnaire.id, questionnaire.version, tuple(d.id for d in questionnaire.dimensions), questions)


def answers_of(rng: random.Random, bundle: Bundled, tag: str) -> dict[str, object]:
    """One respondent's answers: some missing, some n/a, a third with a note."""
    answers: dict[str, object] = {}
    for q in bundle.questions:
        roll = rng.random()
        if roll < 0.05:
            continue
        if q.allow_na and roll < 0.1:
            answers[q.id] = "n/a"
        elif roll < 0.4:
            answers[q.id] = {"level": rng.randint(0, q.max_level), "note": f"Evidence {tag}: {rng.random():.6f}"}
        else:
            answers[q.id] = rng.randint(0, q.max_level)
    return answers


def respondent(rng: random.Random, bundle: Bundled, tag: str, name: str) -> dict[str, object]:
    return {"name": name, "role": rng.choice(ROLES), "answers": answers_of(rng, bundle, tag)}


def document(
    bundle: Bundled, organisation: str, period: str, respondents: list[dict[str, object]]
) -> dict[str, object]:
    return {
        "questionnaire": {"id": bundle.id, "version": bundle.version},
        "organisation": organisation,
        "period": period,
        "targets": {d: 3 for d in bundle.dimensions},
        "respondents": respondents,
    }


def write(path: Path, doc: dict[str, object]) -> Path:
    text = yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def organisations(folder: Path, bundle: Bundled, count: int, seed: int = 7) -> list[Path]:
    """``count`` files of different organisations, 1 to 4 respondents each (export's input)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        people = [respondent(rng, bundle, f"{i}-{r}", f"Person {r}") for r in range(rng.randint(1, 4))]
        doc = document(bundle, f"Org {i:05d}", f"{2020 + i % 7}-Q{1 + i % 4}", people)
        paths.append(write(folder / f"org-{i:05d}.yaml", doc))
    return paths


def monthly_series(folder: Path, bundle: Bundled, count: int, seed: int = 11) -> Path:
    """``count`` consecutive monthly periods of one organisation in ``folder`` (trend's input)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(count):
        people = [respondent(rng, bundle, f"{i}-{r}", f"Person {r}") for r in range(rng.randint(1, 4))]
        doc = document(bundle, "Series Org", f"{1950 + i // 12}-{1 + i % 12:02d}", people)
        write(folder / f"period-{i:05d}.yaml", doc)
    return folder


def crowd(folder: Path, bundle: Bundled, sizes: list[int], seed: int = 13) -> dict[int, Path]:
    """One answers file per size, with that many respondents; each is a prefix of the largest."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    people = [respondent(rng, bundle, f"r{r}", f"Person {r:05d}") for r in range(max(sizes))]
    return {
        size: write(folder / f"crowd-{size:05d}.yaml", document(bundle, "Crowd Org", "2026-Q3", people[:size]))
        for size in sizes
    }


def singles(folder: Path, bundle: Bundled, count: int, seed: int = 17) -> list[Path]:
    """``count`` one-respondent files of the same organisation and period (merge's input)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        person = respondent(rng, bundle, str(i), f"Respondent {i:04d}")
        doc = document(bundle, "Bench Ltd", "2026-Q3", [person])
        paths.append(write(folder / f"r{i:04d}.yaml", doc))
    return paths
