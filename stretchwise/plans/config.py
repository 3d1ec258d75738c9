"""The planner's and progression's configurable values, with the direction that is safer.

Pure. A deployment may change them with the `planner:` section of its overlay (or the CLI's
`--config`); a safety threshold may only move towards its safer side, the way the knowledge-base
overlay may only tighten. docs/clinical-knowledge.md lists every value with its source.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class PlannerConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # Time model (not safety values: any sensible number is allowed).
    check_in_seconds: float = Field(180, ge=0, le=1200)
    check_out_seconds: float = Field(120, ge=0, le=1200)
    position_change_seconds: float = Field(45, ge=0, le=300)
    time_tolerance_pct: float = Field(5, ge=1, le=20)
    # Progression (clinical.md §7.3; the safer direction is named in SAFER).
    pain_rise_allowed: float = Field(2, ge=0, le=4, description="Over check-in pain")
    settle_hours: float = Field(24, ge=6, le=48)
    flare_hours: float = Field(48, ge=12, le=96)
    regress_volume_pct: float = Field(40, ge=30, le=60, description="Cut in volume on regress")
    plateau_reassessments: int = Field(2, ge=2, le=4)
    reassess_every_weeks: int = Field(3, ge=2, le=4)
    max_seconds_per_muscle: float = Field(60, ge=30, le=120)
    home_max_items: int = Field(6, ge=2, le=12, description="Self-stretches in the daily routine")


# For each safety value: "lower" or "higher" is the safer direction.
SAFER: dict[str, Literal["lower", "higher"]] = {
    "pain_rise_allowed": "lower",
    "settle_hours": "lower",
    "flare_hours": "lower",
    "regress_volume_pct": "higher",
    "max_seconds_per_muscle": "lower",
}
DEFAULTS = PlannerConfig()


class ConfigError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def configure(overrides: dict[str, Any] | None) -> PlannerConfig:
    """Defaults with a deployment's changes; refuses any that would loosen a safety value."""
    if not overrides:
        return DEFAULTS
    problems = []
    for key, value in overrides.items():
        if key not in PlannerConfig.model_fields:
            problems.append(f"planner.{key}: not a planner setting")
            continue
        direction = SAFER.get(key)
        default = getattr(DEFAULTS, key)
        if direction == "lower" and value > default:
            problems.append(
                f"planner.{key}: {value} would loosen it; it may only go below {default}"
            )
        if direction == "higher" and value < default:
            problems.append(
                f"planner.{key}: {value} would loosen it; it may only go above {default}"
            )
    if problems:
        raise ConfigError(problems)
    return PlannerConfig.model_validate({**DEFAULTS.model_dump(), **overrides})


def from_overlay(path: str | None) -> PlannerConfig:
    """The planner settings of a deployment's overlay file (the same file as the KB's)."""
    import os
    from pathlib import Path

    from stretchwise.library.overlay import read_overlay

    path = path or os.environ.get("STRETCHWISE_KB_OVERLAY", "")
    if not path:
        return DEFAULTS
    overlay, _ = read_overlay(Path(path))
    return configure(dict(overlay.planner))
