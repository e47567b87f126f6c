"""Facts computed from an answers file's AI initiative inventory. Pure functions, no I/O.

Retired initiatives are listed but left out of every fact: they say nothing about
how the organisation runs AI today. A fact whose denominator is empty (no
pilots, nothing in production) has no value, so a rule that uses it is
"unknown" rather than silently true or false.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiopgap.model.inventory import FACTS, HORIZONS, Initiative
from aiopgap.model.numbers import rounded
from aiopgap.model.report import FactResult, InitiativeResult, InventoryResult

_PAST_IDEA = ("pilot", "production", "scaled")
_LIVE = ("production", "scaled")


def is_stuck(initiative: Initiative, months: int) -> bool:
    return (
        initiative.stage == "pilot" and initiative.months_in_pilot is not None and initiative.months_in_pilot > months
    )


def _fact(name: str, value: float | None, display: str, initiatives: Sequence[Initiative] = ()) -> FactResult:
    spec = FACTS[name]
    return FactResult(
        name=name,
        label=spec.label,
        kind=spec.kind,
        description=spec.description,
        value=None if value is None else rounded(value),
        display=display,
        initiatives=tuple(i.name for i in initiatives),
    )


def _share(name: str, part: Sequence[Initiative], whole: Sequence[Initiative], empty: str) -> FactResult:
    if not whole:
        return _fact(name, None, empty)
    value = len(part) / len(whole)
    return _fact(name, value, f"{len(part)} of {len(whole)} ({value * 100:.0f}%)", part)


def compute_facts(initiatives: Sequence[Initiative], stuck_pilot_months: int) -> tuple[FactResult, ...]:
    active = [i for i in initiatives if i.stage != "retired"]
    past_idea = [i for i in active if i.stage in _PAST_IDEA]
    live = [i for i in active if i.stage in _LIVE]
    pilots = [i for i in active if i.stage == "pilot"]
    stuck = [i for i in pilots if is_stuck(i, stuck_pilot_months)]
    by_horizon = {h: [i for i in active if i.horizon == h] for h in HORIZONS}
    counts = [len(by_horizon[h]) for h in HORIZONS]
    monitored_known = [i for i in live if i.monitored is not None]

    facts = [
        _fact("initiatives", len(active) if active else None, str(len(active)) if active else "none listed", active),
        _share(
            "pilot_conversion",
            [i for i in past_idea if i.stage in _LIVE],
            past_idea,
            "nothing past the idea stage",
        ),
        _share("scaled_share", [i for i in past_idea if i.stage == "scaled"], past_idea, "nothing past the idea stage"),
        _share("single_owner_share", [i for i in active if len(i.owners) == 1], active, "no initiatives listed"),
    ]
    if active:
        balance = min(counts) / max(counts)
        split = " / ".join(f"{h} {n}" for h, n in zip(HORIZONS, counts, strict=True))
        facts.append(_fact("horizon_balance", balance, f"{balance:.2f} ({split})"))
    else:
        facts.append(_fact("horizon_balance", None, "no initiatives listed"))
    facts += [
        _share("near_term_share", by_horizon["near"], active, "no initiatives listed"),
        _share("vendor_led_share", [i for i in active if i.vendor_led], active, "no initiatives listed"),
        _share(
            "unmonitored_production_share",
            [i for i in monitored_known if i.monitored is False],
            monitored_known,
            "nothing in production with known monitoring",
        ),
    ]
    if initiatives:
        facts.append(_fact("stuck_pilots", len(stuck), f"{len(stuck)} of {len(pilots)} pilots", stuck))
    else:
        facts.append(_fact("stuck_pilots", None, "no initiatives listed"))
    facts.append(_share("stuck_pilot_share", stuck, pilots, "no pilots"))
    return tuple(facts)


def inventory_result(initiatives: Sequence[Initiative], stuck_pilot_months: int) -> InventoryResult:
    """The inventory as listed (in file order) with every computed fact."""
    return InventoryResult(
        stuck_pilot_months=stuck_pilot_months,
        initiatives=tuple(
            InitiativeResult(
                name=i.name,
                stage=i.stage,
                owners=i.owners,
                horizon=i.horizon,
                vendor_led=i.vendor_led,
                monitored=i.monitored,
                months_in_pilot=i.months_in_pilot,
                stuck=is_stuck(i, stuck_pilot_months),
                note=i.note,
            )
            for i in initiatives
        ),
        facts=compute_facts(initiatives, stuck_pilot_months),
    )
