"""A deployment's settings overlay: it may only tighten safety values, never loosen them.

The overlay is a small YAML file named by STRETCHWISE_KB_OVERLAY (or `--config` on the command
line). Every plan records its hash beside the knowledge-base version. Pure: no Django.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.schema import IntensityWindow, RestrictionType


class OverlayError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class WindowOverlay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sensation_min: float | None = Field(None, ge=0, le=10)
    sensation_max: float | None = Field(None, ge=0, le=10)
    pain_ceiling: float | None = Field(None, ge=0, le=10)


class Overlay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intensity: WindowOverlay | None = None
    intensity_by_condition: dict[str, WindowOverlay] = Field(default_factory=dict)
    movement_limits: dict[str, float] = Field(
        default_factory=dict, description="Forbid a movement from fewer degrees than the default"
    )
    restriction_weeks: dict[str, float] = Field(
        default_factory=dict, description="Keep a time-limited restriction for longer"
    )
    intensity_caps: dict[str, float] = Field(
        default_factory=dict, description="A finding's stretch-intensity cap, lower only"
    )
    position_minutes: dict[str, float] = Field(
        default_factory=dict, description="A finding's minutes allowed in one position, fewer only"
    )
    planner: dict[str, float] = Field(
        default_factory=dict,
        description="Planner and progression settings (stretchwise.plans.config), safer only",
    )


def read_overlay(path: Path) -> tuple[Overlay, str]:
    text = path.read_bytes()
    try:
        overlay = Overlay.model_validate(yaml.safe_load(text) or {})
    except (yaml.YAMLError, ValidationError) as error:
        raise OverlayError([f"{path.name}: {error}"]) from None
    return overlay, hashlib.sha256(text).hexdigest()[:12]


def _tighter_window(
    base: IntensityWindow, change: WindowOverlay, where: str, problems: list[str]
) -> IntensityWindow:
    """Lower numbers are gentler for all three values, so an overlay may only lower them."""
    update: dict[str, Any] = {}
    for name in ("sensation_min", "sensation_max", "pain_ceiling"):
        value = getattr(change, name)
        if value is None:
            continue
        current = getattr(base, name)
        if value > current:
            problems.append(
                f"{where}.{name}: {value} would loosen the default {current}; "
                "an overlay may only tighten"
            )
        else:
            update[name] = value
    window = base.model_copy(update=update)
    if window.sensation_min > window.sensation_max:
        problems.append(f"{where}: sensation_min ends above sensation_max")
    return window


def apply_overlay(kb: KnowledgeBase, overlay: Overlay, overlay_hash: str) -> KnowledgeBase:
    problems: list[str] = []
    intensity = kb.intensity
    if overlay.intensity is not None:
        intensity = _tighter_window(kb.intensity, overlay.intensity, "intensity", problems)
    by_condition = dict(kb.intensity_by_condition)
    for condition, change in overlay.intensity_by_condition.items():
        if condition not in kb.conditions:
            problems.append(f"intensity_by_condition: no condition '{condition}'")
            continue
        base = by_condition.get(condition, intensity)
        by_condition[condition] = _tighter_window(
            base, change, f"intensity_by_condition.{condition}", problems
        )
    movements = dict(kb.movements)
    for movement_id, limit in overlay.movement_limits.items():
        movement = movements.get(movement_id)
        if movement is None or movement.default_limit_deg is None:
            problems.append(f"movement_limits: no angle movement '{movement_id}'")
        elif limit > movement.default_limit_deg:
            problems.append(
                f"movement_limits.{movement_id}: {limit}° would loosen the default "
                f"{movement.default_limit_deg}°; an overlay may only tighten"
            )
        else:
            movements[movement_id] = movement.model_copy(update={"default_limit_deg": limit})
    contraindications = dict(kb.contraindications)
    for finding_id, weeks in overlay.restriction_weeks.items():
        finding = contraindications.get(finding_id)
        if finding is None or finding.duration_weeks is None:
            problems.append(f"restriction_weeks: no time-limited finding '{finding_id}'")
        elif weeks < finding.duration_weeks:
            problems.append(
                f"restriction_weeks.{finding_id}: {weeks} weeks would shorten the default "
                f"{finding.duration_weeks}; an overlay may only lengthen"
            )
        else:
            contraindications[finding_id] = finding.model_copy(update={"duration_weeks": weeks})
    for field, kind, label in (
        ("intensity_caps", RestrictionType.INTENSITY_CAP, "cap"),
        ("position_minutes", RestrictionType.MAX_MINUTES_IN_POSITION, "minutes"),
    ):
        for finding_id, value in getattr(overlay, field).items():
            finding = contraindications.get(finding_id)
            specs = [r for r in finding.restrictions if r.type == kind] if finding else []
            if finding is None or not specs:
                problems.append(
                    f"{field}: no finding '{finding_id}' with a {kind.value} restriction"
                )
                continue
            loosened = [r for r in specs if value > (getattr(r, label) or 0)]
            if loosened:
                problems.append(
                    f"{field}.{finding_id}: {value} would loosen the default "
                    f"{getattr(loosened[0], label)}; an overlay may only tighten"
                )
                continue
            restrictions = [
                r.model_copy(update={label: value}) if r.type == kind else r
                for r in finding.restrictions
            ]
            contraindications[finding_id] = finding.model_copy(
                update={"restrictions": restrictions}
            )
    if problems:
        raise OverlayError(problems)
    return dataclasses.replace(
        kb,
        intensity=intensity,
        intensity_by_condition=by_condition,
        movements=movements,
        contraindications=contraindications,
        overlay_hash=overlay_hash,
    )
