"""The initiative inventory: stages, horizons, one initiative, and the facts computed from them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
)

from aiopgap.model.base import Frozen, ShortText

FactKind = Literal["share", "count", "ratio"]


class FactSpec(BaseModel):
    model_config = ConfigDict(frozen=True)
    label: str
    kind: FactKind
    description: str


FACTS: dict[str, FactSpec] = {
    "initiatives": FactSpec(
        label="Initiatives listed", kind="count", description="Initiatives in the inventory, retired ones excluded."
    ),
    "pilot_conversion": FactSpec(
        label="Pilot-to-production conversion",
        kind="share",
        description="Share of initiatives past the idea stage (pilot, production, scaled) "
        "that are in production or scaled.",
    ),
    "scaled_share": FactSpec(
        label="Scaled share",
        kind="share",
        description="Share of initiatives past the idea stage that run at scale.",
    ),
    "single_owner_share": FactSpec(
        label="Single accountable owner",
        kind="share",
        description="Share of initiatives (retired excluded) with exactly one accountable owner.",
    ),
    "horizon_balance": FactSpec(
        label="Horizon balance",
        kind="ratio",
        description="Initiatives in the least-populated investment horizon divided by those in the most-populated "
        "one: 1 is an even near/mid/long split, 0 means a horizon is empty.",
    ),
    "near_term_share": FactSpec(
        label="Near-term share",
        kind="share",
        description="Share of initiatives (retired excluded) on the near-term horizon.",
    ),
    "vendor_led_share": FactSpec(
        label="Vendor-led share",
        kind="share",
        description="Share of initiatives (retired excluded) led by a vendor.",
    ),
    "unmonitored_production_share": FactSpec(
        label="Unmonitored in production",
        kind="share",
        description="Share of production and scaled initiatives known not to be monitored.",
    ),
    "stuck_pilots": FactSpec(
        label="Stuck pilots",
        kind="count",
        description="Pilots that have been in pilot for longer than the questionnaire's stuck_pilot_months.",
    ),
    "stuck_pilot_share": FactSpec(
        label="Stuck pilot share",
        kind="share",
        description="Share of pilots that have been in pilot for longer than stuck_pilot_months.",
    ),
}
"""Facts computed from an answers file's initiative inventory, by the name rules use."""


Stage = Literal["idea", "pilot", "production", "scaled", "retired"]
Horizon = Literal["near", "mid", "long"]
HORIZONS: tuple[str, ...] = ("near", "mid", "long")


class Initiative(Frozen):
    """One AI initiative in the organisation's inventory."""

    name: ShortText
    stage: Stage
    owners: tuple[ShortText, ...] = Field(default=(), description="The accountable owner(s); ideally exactly one.")
    horizon: Horizon
    vendor_led: bool = False
    monitored: bool | None = Field(default=None, description="For production and scaled initiatives.")
    months_in_pilot: int | None = Field(default=None, ge=0, le=600)
    note: Annotated[str, Field(max_length=4000)] | None = None

    @field_validator("owners", mode="before", json_schema_input_type=str | list[str])
    @classmethod
    def _one_owner_shorthand(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value
