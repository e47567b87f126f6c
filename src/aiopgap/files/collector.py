"""The one place that tunes Python's garbage collector around reading documents.

Parsing a large document makes hundreds of thousands of container objects that all stay alive
until it is converted. Each of them counts towards the collector's next pass, and every pass looks
at everything still young: with the collector running, reading grew faster than the file. None of
that work can free anything (a parsed document holds no reference cycles of its own), so while one
document is read and converted the collector waits, and catches up once after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the garbage collector for the block; restore it as it was, however the block ends.

    Nested blocks leave it to the outermost one: the collector is switched back on only by the block
    that switched it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
