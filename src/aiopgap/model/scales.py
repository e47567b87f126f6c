"""The number shapes of every computed document: scores on the 0..scale_max scale, gaps, shares, counts.

A document read back may have been edited by hand, so each number is finite and within the range
scoring can produce.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_SCALE = 10
"""The largest ``scale_max`` a questionnaire may have, so the largest a report may carry."""
MAX_COUNT = 1_000_000

Score = Annotated[float, Field(ge=0, le=MAX_SCALE)]
"""A score or level on the 0..scale_max scale (checked against the report's scale by :func:`report_problems`)."""
WrittenScore = Annotated[float, Field(ge=0, le=MAX_SCALE, strict=True)]
"""A score a person writes in a file (a plan's expected scores): a number, never true/false or quoted text."""
Level = Annotated[int, Field(ge=0, le=MAX_SCALE)]
Gap = Annotated[float, Field(ge=-MAX_SCALE, le=MAX_SCALE)]
Share = Annotated[float, Field(ge=0, le=1)]
Weight = Annotated[float, Field(gt=0, le=100)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Quantity = Annotated[float, Field(ge=-1e9, le=1e9)]
"""Any other number: finite and of a size a report can hold."""

Days = Annotated[int, Field(ge=-MAX_COUNT, le=MAX_COUNT)]
