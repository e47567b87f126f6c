"""The answers file while ``aiopgap consensus`` records the room's agreements into it.

The same store as ``assess`` (:class:`~aiopgap.files.store.AnswersStore`): round-trip YAML, so
comments and order survive; every agreement is checked to read back exactly as given, then saved
at once, atomically and under the file's lock, before the next question is shown.
"""

from __future__ import annotations

from pathlib import Path

from aiopgap.files.store import AnswersStore
from aiopgap.files.yaml_writer import CommentedMap, agreement_value
from aiopgap.model.answers import Agreement, Answers
from aiopgap.model.errors import UsageError


class ConsensusStore(AnswersStore):
    """An answers file open for recording workshop agreements."""

    @classmethod
    def open(cls, path: Path, questionnaire_override: Path | None) -> ConsensusStore:
        store = super().open(path, questionnaire_override)
        assert isinstance(store, ConsensusStore)
        return store

    def agree(self, question_id: str, agreement: Agreement | None) -> str | None:
        """Set (or, with None, remove) the agreement on ``question_id`` and save the file at once.

        Returns a notice when another session had changed the file meanwhile; raises an
        :class:`~aiopgap.model.errors.AiopgapError` saying why when the agreement is not saved.
        """

        def change(doc: CommentedMap) -> None:
            consensus = doc.get("consensus")
            if not isinstance(consensus, CommentedMap):
                consensus = CommentedMap()
                doc["consensus"] = consensus
            if agreement is None:
                consensus.pop(question_id, None)
                if not consensus:
                    del doc["consensus"]
                return
            value = agreement_value(agreement)
            if question_id in consensus:
                consensus[question_id] = value
            else:
                consensus.insert(self._position(consensus, question_id), question_id, value)

        def verify(before: Answers | None, after: Answers) -> None:
            if after.consensus.get(question_id) != agreement:
                raise UsageError(f"the agreement on {question_id} would not read back as typed from {self.path}")

        return self._change(change, verify)
