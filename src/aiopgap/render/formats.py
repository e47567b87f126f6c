"""Output formats of the comparison commands (``diff`` and ``trend``).

Kept apart from :class:`aiopgap.render.Format` (the ``report`` formats) so the two
can grow independently; both are StrEnums with the same values where they overlap.
"""

from __future__ import annotations

from enum import StrEnum


class CompareFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"
