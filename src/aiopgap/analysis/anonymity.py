"""Answers with the respondents' names taken out: roles and numbers instead. Pure, no I/O.

:func:`anonymised` is the one home of anonymity: it turns answers into answers, before anything is
scored, so every format of the report, the workshop section, the perception gaps and the export
follow from the same transformation and no renderer needs to know about it.

* **Labels.** Each respondent is shown as their role and a number ("Chief Risk Officer 2"). A role
  is free text too: a respondent's name in it is taken out like any other (below) before roles are
  compared, so "Assistant to Ana Lima" and "Assistant to Ben Cole" are one role.
* **Folding.** A role given by fewer than :data:`MIN_GROUP` respondents (compared as
  :func:`~aiopgap.model.answers.name_key` compares roles) is folded into :data:`OTHER_ROLES`, numbered
  the same way. When the folded respondents are themselves fewer than three, they are still labelled
  Other roles, but the workshop section gives that group no view of its own
  (:func:`~aiopgap.analysis.workshop.withheld_roles`: its answers count in every score, its view
  would be one or two people's answers), and the report warns that the room may be small enough to
  guess who they are (``Report.small_fold``). A role written "Other roles" joins the fold.
* **Numbering.** Within a role the numbers follow a shuffle seeded by a digest of the whole answers
  file: the same file always gives the same labels (outputs stay byte-identical), yet the numbers
  follow neither the file's order (which may be the order people arrived, or alphabetical after a
  merge) nor the names' alphabetical order, and a person's number changes whenever the file does,
  so "Chief Risk Officer 2" in one quarter is not the same person as in the next. Reading the
  digest back needs every name, note and level of the file: whoever has those has the named file.
* **Scrubbing.** Notes, evidence references, agreement rationales, dissent notes and the
  inventory's initiative names, owners and notes are kept, with every mention of a respondent
  replaced by :data:`REDACTED`: the full name (any spacing) and each part of it with three or more
  letters, as whole words. Names and text are compared folded: in any case ("Groß" matches
  "GROSS"), without accents ("zoe nunez" is "Zoë Ñúñez"; a composed and a decomposed "é" are one
  letter), compatibility forms spelled out (full-width "Ｚｏｅ" is "Zoe") and invisible format
  characters such as a soft hyphen left out; the rest of the text is kept exactly as written.
* **Dissent.** A dissenter is shown by their label.

Anonymity never changes a level, so every score, confidence and inventory fact is the same as in
the named report; only the views *by role* change where folding merges roles into Other roles, or
leaves a too small Other roles out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from aiopgap.model.answers import Agreement, Answer, Answers, Dissent, name_key
from aiopgap.model.evidence import EvidenceItem
from aiopgap.model.inventory import Initiative
from aiopgap.model.workshop import MIN_GROUP, OTHER_ROLES

REDACTED = "[respondent]"
"""What a respondent's name in free text becomes."""
MIN_PART = 3
"""Letters a part of a name needs to be taken out of free text on its own."""

_LETTERS = re.compile(r"[^\W\d_]+")


def shown_roles(roles: Sequence[str]) -> list[str]:
    """The role each respondent is shown under, from the roles as written (names already taken out).

    Roles are one when their text is (``name_key``); a role is shown as first written, or as Other
    roles when fewer than three respondents give it or it is written "Other roles".
    """
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for role in roles:
        key = name_key(role)
        first.setdefault(key, " ".join(role.split()))
        counts[key] = counts.get(key, 0) + 1
    other = name_key(OTHER_ROLES)
    return [
        OTHER_ROLES if name_key(role) == other or counts[name_key(role)] < MIN_GROUP else first[name_key(role)]
        for role in roles
    ]


def _draw(seed: bytes, name: str) -> str:
    return hashlib.sha256(seed + b"\0" + name_key(name).encode()).hexdigest()


def labels(answers: Answers, roles: Sequence[str]) -> list[str]:
    """Each respondent's label (their shown role and a number), in the order of ``answers.respondents``."""
    seed = hashlib.sha256(answers.model_dump_json().encode()).digest()
    members: dict[str, list[int]] = {}
    for index, role in enumerate(roles):
        members.setdefault(role, []).append(index)
    out = [""] * len(roles)
    for role, indices in members.items():
        drawn = sorted(indices, key=lambda i: (_draw(seed, answers.respondents[i].name), i))
        for number, index in enumerate(drawn, start=1):
            out[index] = f"{role} {number}"
    return out


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as names are compared: compatibility forms spelled out (NFKD: a full-width "Ｚ"
    is "Z"), accents dropped (combining marks), case folded ("ß" is "ss")."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(c for c in unicodedata.normalize("NFKD", bare.casefold()) if not unicodedata.combining(c))


def folded(text: str) -> tuple[str, list[int]]:
    """``text`` as names are compared (:func:`_fold_char`, invisible format characters such as a soft
    hyphen left out), and for each character of it the index of the character of ``text`` it comes from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cf":
            continue
        piece = _fold_char(char)
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """What :func:`scrubbed` looks for in folded text: the full names and their parts of three letters or more."""
    terms: set[str] = set()
    for name in names:
        words = folded(name)[0].split()
        if words:
            terms.add(r"\s+".join(re.escape(w) for w in words))
        terms.update(re.escape(part) for part in _LETTERS.findall(" ".join(words)) if len(part) >= MIN_PART)
    if not terms:
        return None
    alternatives = "|".join(sorted(terms, key=lambda t: (-len(t), t)))  # the full name before its parts
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def scrubbed(text: str | None, pattern: re.Pattern[str] | None) -> str | None:
    """``text`` with every respondent's name replaced by [respondent], the rest of it kept as written.

    Names are found in the folded text (:func:`folded`): "zoe nunez", "ＺＯＥ" and "Ñú\u00adñez" are
    all "Zoë Ñúñez"; a match takes out the characters it comes from, with any accents written after them.
    """
    if text is None or pattern is None:
        return text
    plain, origin = folded(text)
    pieces: list[str] = []
    done = 0
    for match in pattern.finditer(plain):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        if start < done:  # pragma: no cover - a match begins inside the one before (one character, two letters)
            continue
        pieces += [text[done:start], REDACTED]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


class _Scrubber:
    def __init__(self, answers: Answers, pattern: re.Pattern[str] | None, label_of: Sequence[str]) -> None:
        self.pattern = pattern
        self.by_name: dict[str, str] = {}
        for index, r in enumerate(answers.respondents):
            self.by_name.setdefault(name_key(r.name), label_of[index])

    def text(self, value: str | None) -> str | None:
        return scrubbed(value, self.pattern)

    def evidence(self, item: EvidenceItem) -> EvidenceItem:
        return item.model_copy(update={"reference": self.text(item.reference)}) if item.reference else item

    def answer(self, answer: Answer) -> Answer:
        return answer.model_copy(
            update={"note": self.text(answer.note), "evidence": tuple(self.evidence(e) for e in answer.evidence)}
        )

    def dissent(self, dissent: Dissent) -> Dissent:
        label = self.by_name.get(name_key(dissent.name), REDACTED)
        return dissent.model_copy(update={"name": label, "note": self.text(dissent.note)})

    def agreement(self, agreement: Agreement) -> Agreement:
        return agreement.model_copy(
            update={
                "rationale": self.text(agreement.rationale),
                "dissent": tuple(self.dissent(d) for d in agreement.dissent),
            }
        )

    def initiative(self, initiative: Initiative) -> Initiative:
        return initiative.model_copy(
            update={
                "name": self.text(initiative.name),
                "owners": tuple(self.text(o) or o for o in initiative.owners),
                "note": self.text(initiative.note),
            }
        )


def anonymised(answers: Answers) -> Answers:
    """``answers`` with roles and numbers for names, small roles folded and names taken out of the text.

    The respondents come role by role (roles in the order the file first gives them, Other roles
    last), each role's respondents in the order of their numbers.
    """
    pattern = name_pattern(r.name for r in answers.respondents)
    shown_as = shown_roles([scrubbed(r.role, pattern) or r.role for r in answers.respondents])
    label_of = labels(answers, shown_as)
    scrub = _Scrubber(answers, pattern, label_of)
    renamed = [
        r.model_copy(
            update={
                "name": label_of[index],
                "role": shown_as[index],
                "answers": {q: scrub.answer(a) for q, a in r.answers.items()},
            }
        )
        for index, r in enumerate(answers.respondents)
    ]
    roles = [*dict.fromkeys(r.role for r in renamed if r.role != OTHER_ROLES), OTHER_ROLES]
    renamed.sort(key=lambda r: (roles.index(r.role), int(r.name.rsplit(" ", 1)[1])))
    return answers.model_copy(
        update={
            "respondents": tuple(renamed),
            "consensus": {q: scrub.agreement(a) for q, a in answers.consensus.items()},
            "initiatives": tuple(scrub.initiative(i) for i in answers.initiatives),
        }
    )
