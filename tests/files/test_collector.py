"""The garbage collector is paused while a document is read, and always restored after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiopgap.files.catalogue import answering
from aiopgap.files.collector import collector_paused
from aiopgap.files.documents import open_document
from aiopgap.model.errors import InputError


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _fail_paused() -> None:
    with collector_paused():
        assert not gc.isenabled()
        raise LookupError("stop")


def test_the_collector_waits_inside_the_block_and_runs_again_after_an_error() -> None:
    with pytest.raises(LookupError, match="stop"):
        _fail_paused()
    assert gc.isenabled()


def test_a_nested_block_leaves_the_collector_to_the_outer_one() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_program_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_bad_document_leaves_the_collector_running(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("organisation: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError):
        open_document(path, answering(None))
    assert gc.isenabled()
