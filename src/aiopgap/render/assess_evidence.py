"""Evidence on the ``aiopgap assess`` screen: the kind key, the reference and date fields, what is shown.

On a question, ``e`` cycles the kind of evidence for the answer being given (none, artifact,
observed, self-report). While a kind is set, a reference field (a document name or a link) and a
date field (YYYY-MM-DD) appear; ``r`` and ``d`` go to them, and ``+`` keeps the item and starts
another. Going back to an answer with evidence opens its last item for editing; the items before
it are shown and kept as they are. A date or reference the answers file cannot hold is refused
here, on the screen, with the reason; what was typed stays in its field to correct.
"""

from __future__ import annotations

from dataclasses import dataclass

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.widgets import TextArea
from pydantic import ValidationError

from aiopgap.model.answers import Answer
from aiopgap.model.evidence import EVIDENCE_KINDS, MAX_EVIDENCE, EvidenceItem, EvidenceKind, calendar_date
from aiopgap.model.text import typed_text

KINDS: tuple[EvidenceKind | None, ...] = (None, *EVIDENCE_KINDS)
"""What ``e`` steps through, in order, back to none."""
REFERENCE_LIMIT = 500


class EvidenceRefused(ValueError):
    """An evidence field the answers file cannot hold; ``field`` is ``"reference"`` or ``"date"``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def item_text(item: EvidenceItem) -> str:
    """One item as the screen shows it: ``artifact 2026-08-14 RACI v3``."""
    parts = [item.kind, "" if item.date is None else item.date.isoformat(), item.reference or ""]
    return " ".join(part for part in parts if part)


@dataclass
class EvidenceDraft:
    """The evidence of the answer being given: the items kept as they are, and the one being edited."""

    kept: tuple[EvidenceItem, ...] = ()
    kind: EvidenceKind | None = None
    reference: str = ""
    """What the reference field opens with."""
    date: str = ""
    """What the date field opens with."""

    @classmethod
    def of(cls, current: Answer | None) -> EvidenceDraft:
        """The earlier answer's evidence, its last item open for editing."""
        items = current.evidence if current is not None else ()
        if not items:
            return cls(kept=())
        last = items[-1]
        date = "" if last.date is None else last.date.isoformat()
        return cls(kept=items[:-1], kind=last.kind, reference=last.reference or "", date=date)

    def cycle(self) -> None:
        """``e``: the next kind (none, artifact, observed, self-report, none...)."""
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]

    def item(self, reference: str, date: str) -> EvidenceItem | None:
        """The item being edited, with the fields as typed; None when no kind is set.

        Raises :class:`EvidenceRefused` naming the field to correct.
        """
        if self.kind is None:
            return None
        reference = typed_text(reference).strip()
        if len(reference) > REFERENCE_LIMIT:
            raise EvidenceRefused(
                "reference",
                f"Reference: {len(reference):,} characters, and an answers file holds at most {REFERENCE_LIMIT}; "
                "shorten it (r).",
            )
        try:
            day = calendar_date(date.strip() or None)
        except ValueError as exc:
            raise EvidenceRefused("date", f"Date: {exc} (d to correct it, or clear it).") from None
        try:
            return EvidenceItem(kind=self.kind, date=day, reference=reference or None)
        except ValidationError as exc:  # pragma: no cover - every field is checked above
            raise EvidenceRefused("reference", f"Evidence: {exc.errors()[0]['msg']}.") from None

    def items(self, reference: str, date: str) -> tuple[EvidenceItem, ...]:
        """Every item the answer is saved with (raises :class:`EvidenceRefused`)."""
        item = self.item(reference, date)
        return self.kept if item is None else (*self.kept, item)

    def add(self, reference: str, date: str) -> bool:
        """``+``: keep the item being edited and start a new one of the same kind; False when there is none.

        Raises :class:`EvidenceRefused` when a field of the item cannot be kept.
        """
        item = self.item(reference, date)
        if item is None or len(self.kept) + 1 >= MAX_EVIDENCE:
            return False
        self.kept = (*self.kept, item)
        return True

    def lines(self) -> StyleAndTextTuples:
        """The evidence line: the kept items, and the kind being given or how to give one."""
        parts: StyleAndTextTuples = []
        if self.kept:
            parts += [("class:note-label", "Evidence: "), ("", "; ".join(item_text(i) for i in self.kept)), ("", "\n")]
        label = "Evidence: " if not self.kept else "   and:   "
        if self.kind is None:
            return [*parts, ("class:note-label", label), ("class:dim", "none (e: artifact, observed, self-report)")]
        return [*parts, ("class:note-label", label), ("class:evidence", self.kind), ("class:dim", "   (e: change)")]


class EvidenceFields:
    """The reference and date fields, shown while a kind is set."""

    def __init__(self, draft: EvidenceDraft) -> None:
        self.reference = TextArea(
            text=draft.reference, multiline=False, prompt=[("class:note-label", "  Reference: ")], wrap_lines=True
        )
        self.date = TextArea(
            text=draft.date, multiline=False, prompt=[("class:note-label", "  Date (YYYY-MM-DD): ")], wrap_lines=False
        )
        for field in (self.reference, self.date):
            field.buffer.cursor_position = len(field.text)

    def clear(self) -> None:
        self.reference.text = ""
        self.date.text = ""

    def field(self, name: str) -> TextArea:
        return self.date if name == "date" else self.reference
