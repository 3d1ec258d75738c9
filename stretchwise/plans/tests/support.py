"""Shared helpers for the planner tests: planning a document and checking a plan independently.

The safety check here does not trust the planner's own account: every item (and every home item)
is re-checked with `library.safety` against every restriction of the clearance. Sides are taken
into account conservatively: a one-sided restriction counts on both sides of a stretch, except
that a breach caused only by a one-sided restriction on the *other* side is returned as a question
(a clinical judgement), not as a violation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from stretchwise.assessment.measures import Assessment
from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.safety import stretch_blocked_by, technique_allowed
from stretchwise.library.schema import RestrictionSpec, RestrictionType
from stretchwise.plans.config import DEFAULTS, PlannerConfig
from stretchwise.plans.planner import PlanResult, SessionPlan, plan_session
from stretchwise.screening.document import ClientDocument
from stretchwise.screening.engine import Restriction

KB: KnowledgeBase = knowledge_base()
# A nerve sign rules out holding the sciatic nerve under tension; sliders that glide it stay
# (clinical.md §6: sliders before tensioners).
NERVE_LOADS = frozenset({"sustained-sciatic-neural-tension"})


def plan(
    doc: ClientDocument,
    on: dt.date,
    minutes: int = 45,
    seed: int = 0,
    config: PlannerConfig = DEFAULTS,
) -> PlanResult:
    return plan_session(KB, doc, on, minutes, config, seed)


def planned(doc: ClientDocument, on: dt.date, minutes: int = 45, seed: int = 0) -> SessionPlan:
    result = plan(doc, on, minutes, seed)
    assert result.plan is not None, f"refused: {result.refused}; {result.clearance.decision}"
    return result.plan


def assessment(on: dt.date, *tests: dict[str, Any]) -> Assessment:
    return Assessment.model_validate(
        {"on": on.isoformat(), "tests": list(tests)}, context={"knowledge_base": KB}
    )


def with_(doc: ClientDocument, **fields: Any) -> ClientDocument:
    """The document with some top-level fields replaced (re-validated)."""
    data = doc.model_dump(mode="json")
    for key, value in fields.items():
        if isinstance(value, list):
            data[key] = [
                v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value
            ]
        elif hasattr(value, "model_dump"):
            data[key] = value.model_dump(mode="json")
        else:
            data[key] = value
    return ClientDocument.model_validate(data, context={"knowledge_base": KB})


def spec(r: Restriction) -> RestrictionSpec:
    return RestrictionSpec.model_construct(
        type=r.type,
        movement=r.movement,
        limit_deg=r.limit_deg,
        region=r.region,
        technique=r.technique,
        cap=r.cap,
        minutes=r.minutes,
        position=r.position,
        local=False,
    )


@dataclass
class Check:
    violations: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


def _breach(stretch_id: str, technique: str, r: Restriction) -> str | None:
    s = KB.stretches[stretch_id]
    if r.type == RestrictionType.EXCLUDED_REGION and r.region is None:
        return f"whole body excluded ({r.reason})"
    why = stretch_blocked_by(KB, s, spec(r))
    if why is not None:
        return why
    if not technique_allowed(KB, technique, spec(r)):
        return f"technique {technique} not allowed"
    return None


def check_item(
    stretch_id: str, side: str | None, technique: str, restrictions: list[Restriction], out: Check
) -> None:
    """Record any breach of one item on one side (side None on a sided stretch = both sides)."""
    s = KB.stretches[stretch_id]
    sides: list[str | None] = ["left", "right"] if s.sided and side is None else [side]
    for one in sides:
        for r in restrictions:
            why = _breach(stretch_id, technique, r)
            if why is None:
                continue
            what = (
                f"{stretch_id} [{one or '-'}] {technique}: {why} — restriction "
                f"{r.type.value} movement={r.movement} region={r.region} side={r.side} "
                f"technique={r.technique} source={r.source}"
            )
            other_side = r.side != "both" and s.sided and one is not None and one != r.side
            (out.questions if other_side else out.violations).append(what)


def check_plan(plan_: SessionPlan, restrictions: list[Restriction]) -> Check:
    out = Check()
    in_force = list(restrictions)  # in force and review due alike: neither has lapsed
    caps = [r.cap for r in in_force if r.type == RestrictionType.INTENSITY_CAP and r.cap]
    cap = min(caps) if caps else None
    for item in plan_.items:
        check_item(item.stretch, item.side, item.technique, in_force, out)
        if cap is not None and item.sensation_band[1] > cap:
            out.violations.append(f"{item.stretch}: band {item.sensation_band} above cap {cap}")
    supported_only = any(r.type == RestrictionType.SUPPORTED_POSITIONS_ONLY for r in in_force)
    for h in plan_.home_programme:
        check_item(h.stretch, h.side, h.technique, in_force, out)
        if KB.techniques[h.technique].contractions:
            out.violations.append(f"home {h.stretch}: contraction technique {h.technique}")
        where = KB.positions[KB.stretches[h.stretch].position]
        if supported_only and not where.supported:
            out.violations.append(f"home {h.stretch}: {where.id} under supported positions only")
        if cap is not None and h.sensation_band[1] > cap:
            out.violations.append(f"home {h.stretch}: band {h.sensation_band} above cap {cap}")
    for position, cap_minutes in position_caps(in_force).items():
        longest = longest_run(plan_, position)
        if longest > cap_minutes * 60 + 1e-6:
            out.violations.append(f"{longest:g} s continuous {position}, cap {cap_minutes:g} min")
    return out


def position_caps(restrictions: list[Restriction]) -> dict[str, float]:
    caps: dict[str, float] = {}
    for r in restrictions:
        if r.type == RestrictionType.MAX_MINUTES_IN_POSITION and r.position and r.minutes:
            caps[r.position] = min(caps.get(r.position, r.minutes), r.minutes)
    return caps


def longest_run(plan_: SessionPlan, position: str) -> float:
    """The longest continuous time (seconds of items) spent in one position."""
    longest = run = 0.0
    for item in plan_.items:
        run = run + item.seconds if item.position == position else 0.0
        longest = max(longest, run)
    return longest


def position_visits(plan_: SessionPlan) -> dict[str, int]:
    visits: dict[str, int] = {}
    previous = None
    for item in plan_.items:
        if item.position != previous:
            visits[item.position] = visits.get(item.position, 0) + 1
        previous = item.position
    return visits
