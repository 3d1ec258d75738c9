"""Does a restriction rule out a stretch or a test? Pure: the one place this is decided.

Screening produces restrictions; the planner, the assessment and the library's "who must not
receive it" all ask these functions, so the answer is the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.schema import (
    Contraindication,
    FlexibilityTest,
    MovementKind,
    RestrictionSpec,
    RestrictionType,
    Stretch,
)


@dataclass(frozen=True)
class Conflict:
    finding: Contraindication
    reason: str


def movement_taken(
    kb: KnowledgeBase,
    movement_id: str,
    limit_deg: float | None,
    loads: list[str],
    peak_angles: dict[str, float],
) -> str | None:
    """Why a stretch or test with these loads and angles takes the movement, or None."""
    movement = kb.movements.get(movement_id)
    if movement is None:
        return None
    if movement.kind == MovementKind.LOAD:
        return f"it loads {movement.name.lower()}" if movement_id in loads else None
    limit = limit_deg if limit_deg is not None else movement.default_limit_deg
    angle = peak_angles.get(movement_id)
    if angle is not None and limit is not None and angle > limit:
        return f"it takes {movement.name.lower()} to about {angle:g}°, beyond {limit:g}°"
    return None


def stretch_blocked_by(kb: KnowledgeBase, stretch: Stretch, r: RestrictionSpec) -> str | None:
    """The reason this restriction rules the whole stretch out, or None.

    A restriction that only rules out some of a stretch's techniques does not block the stretch;
    `techniques_allowed` narrows those.
    """
    t = r.type
    if t == RestrictionType.EXCLUDED_REGION and r.region:
        area = kb.body_areas.get(r.region)
        regions = {r.region} if area is None else {area.region}
        muscles = set(area.muscles) if area else set()
        if stretch.region in regions or muscles & set(stretch.primary):
            return "it works on an excluded area"
        if area is not None and set(area.movements) & (
            set(stretch.loads) | set(stretch.peak_angles)
        ):
            return "it loads an excluded area"
        return None
    if t == RestrictionType.SUPPORTED_POSITIONS_ONLY:
        position = kb.positions.get(stretch.position)
        if position is not None and not position.supported:
            return f"it is done {position.name.lower()}, which is not a supported position"
        return None
    if t == RestrictionType.FORBIDDEN_MOVEMENT and r.movement:
        taken = movement_taken(kb, r.movement, r.limit_deg, stretch.loads, stretch.peak_angles)
        if taken is not None:
            return taken
        return None if techniques_allowed(kb, stretch, [r]) else "none of its techniques is allowed"
    if t == RestrictionType.EXCLUDED_TECHNIQUE or t in (
        RestrictionType.NO_DEEP_PRESSURE,
        RestrictionType.NO_BREATH_HOLDING,
        RestrictionType.NO_END_RANGE,
    ):
        if not techniques_allowed(kb, stretch, [r]):
            return "none of its techniques is allowed"
        return None
    return None


def technique_allowed(kb: KnowledgeBase, technique_id: str, r: RestrictionSpec) -> bool:
    technique = kb.techniques.get(technique_id)
    if technique is None:
        return False
    if r.type == RestrictionType.EXCLUDED_TECHNIQUE:
        return technique_id != r.technique
    if r.type == RestrictionType.FORBIDDEN_MOVEMENT:
        # A technique can add a movement of its own (CRAC takes the joint to end range).
        return r.movement not in technique.adds_movements
    if r.type == RestrictionType.NO_DEEP_PRESSURE:
        return not technique.deep_pressure
    if r.type == RestrictionType.NO_BREATH_HOLDING:
        # Contractions invite a held breath (Valsalva); conservative: leave them out entirely.
        return not technique.contractions
    if r.type == RestrictionType.NO_END_RANGE:
        return not technique.reaches_end_range
    return True


def techniques_allowed(
    kb: KnowledgeBase, stretch: Stretch, restrictions: list[RestrictionSpec]
) -> list[str]:
    return [
        d.technique
        for d in stretch.techniques
        if all(technique_allowed(kb, d.technique, r) for r in restrictions)
    ]


def assessment_blocked_by(
    kb: KnowledgeBase, test: FlexibilityTest, r: RestrictionSpec
) -> str | None:
    """Assessment is screened like treatment: a test that loads what is restricted is withheld."""
    if r.type == RestrictionType.FORBIDDEN_MOVEMENT and r.movement:
        return movement_taken(kb, r.movement, r.limit_deg, test.movements, test.peak_angles)
    if r.type == RestrictionType.EXCLUDED_REGION and r.region:
        area = kb.body_areas.get(r.region)
        region_muscles = {m.id for m in kb.muscles.values() if m.region == r.region}
        muscles = set(area.muscles) if area else region_muscles
        if muscles & set(test.muscles):
            return "it measures muscles in an excluded area"
        loaded = set(test.movements) | set(test.peak_angles)
        if area is not None and set(area.movements) & loaded:
            return "it loads an excluded area"
        return None
    if r.type == RestrictionType.NO_END_RANGE and "end-range-any-joint" in test.movements:
        return "it takes a joint to end range"
    if r.type == RestrictionType.SUPPORTED_POSITIONS_ONLY:
        position = kb.positions.get(test.position)
        if position is not None and not position.supported:
            return f"it is done {position.name.lower()}"
    return None


def who_must_not_receive(kb: KnowledgeBase, stretch: Stretch) -> list[Conflict]:
    """Findings whose default restrictions rule this stretch out, with the reason for each."""
    conflicts = []
    for finding in kb.contraindications.values():
        for r in finding.restrictions:
            reason = stretch_blocked_by(kb, stretch, r)
            if reason is not None:
                conflicts.append(Conflict(finding, reason))
                break
    return conflicts
