"""Placing periods in time for the comparisons: the rules live in :mod:`aiopgap.model.periods`.

They moved down to ``model/`` so that a plan file's checks (:mod:`aiopgap.model.plan_checks`) can
place its quarters too; the analysis keeps importing them from here.
"""

from __future__ import annotations

from aiopgap.model.periods import PeriodKey, is_later, period_key, quarters_after

__all__ = ["PeriodKey", "is_later", "period_key", "quarters_after"]
