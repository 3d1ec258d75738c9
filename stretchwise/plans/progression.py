"""Pain-contingent progression (clinical.md §7.3): from the session history to today's dose level.

Pure. Each past session with its next-day report moves the client one step: progress one
variable (in the order of §7.3), repeat, or regress and pause until a therapist reviews. A
plateau across re-assessments changes technique. Progression never outruns a time-limited
restriction: while one is in force, only volume and time may grow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Literal

from stretchwise.assessment.compare import change
from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.plans.config import PlannerConfig
from stretchwise.screening.document import ClientDocument, SessionRecord

# The order variables are progressed in (clinical.md §7.3, point 3).
STEPS = ("time", "sessions_per_week", "hold", "technique", "intensity")
Verdict = Literal["start", "progress", "repeat", "regress", "paused"]


@dataclass(frozen=True)
class Level:
    """How far the dose has moved from the knowledge base's defaults."""

    extra_reps: int = 0
    extra_sessions: int = 0
    extra_hold: int = 0  # in 10-second steps
    technique_step: bool = False  # static → PNF where the condition allows
    extra_intensity: int = 0  # points on the 0-10 sensation scale, inside the window
    volume_factor: float = 1.0  # < 1 after a regression
    gentle: bool = False  # after a regression: static only, lower intensity


@dataclass(frozen=True)
class Progression:
    verdict: Verdict
    level: Level
    reasons: list[str] = field(default_factory=list)
    paused: bool = False
    plateau: bool = False
    references: tuple[str, ...] = ("silbernagel-2007", "kisner-2017", "acsm-2021")


def _next(level: Level, allow_intensity_and_technique: bool) -> tuple[Level, str]:
    """One variable up, in §7.3's order, skipping those held back by a time-limited restriction."""
    if level.volume_factor < 1:
        return _replace(level, volume_factor=1.0, gentle=False), "back to the full volume"
    if level.extra_reps < 1:
        return _replace(level, extra_reps=level.extra_reps + 1), "one more repetition per stretch"
    if level.extra_sessions < 1:
        return _replace(level, extra_sessions=1), "one more session a week is suggested"
    if level.extra_hold < 3:
        return _replace(level, extra_hold=level.extra_hold + 1), "holds 10 seconds longer"
    if allow_intensity_and_technique and not level.technique_step:
        return _replace(level, technique_step=True), "a PNF technique where one is allowed"
    if allow_intensity_and_technique and level.extra_intensity < 1:
        return _replace(
            level, extra_intensity=1
        ), "the stretch a little stronger, inside the window"
    return level, "already at the top of the progression; keep the dose"


def _replace(level: Level, **changes: object) -> Level:
    values = {**level.__dict__, **changes}
    return Level(**values)


def _response(s: SessionRecord, config: PlannerConfig) -> tuple[Verdict, str]:
    """progress, repeat or regress, from one session and its next-day report."""
    if s.stopped_for_symptoms:
        return "regress", f"{s.date}: a stretch was stopped for sharp pain, tingling or numbness"
    nd = s.next_day
    if nd is None:
        return "repeat", f"{s.date}: no next-day report, so the dose is repeated"
    if nd.flare_hours is not None and nd.flare_hours > config.settle_hours:
        return "regress", f"{s.date}: a flare lasted {nd.flare_hours:g} hours"
    if nd.settled == "no":
        return "regress", f"{s.date}: pain had not settled by the next morning"
    if nd.settled == "unknown":
        return "repeat", f"{s.date}: not known whether pain settled, so the dose is repeated"
    baseline = s.checkin_pain
    if baseline is None or nd.pain is None:
        return "repeat", f"{s.date}: settled, but pain was not rated, so the dose is repeated"
    if nd.pain <= baseline + config.pain_rise_allowed:
        return "progress", (
            f"{s.date}: next-day pain {nd.pain} was within check-in {baseline} + "
            f"{config.pain_rise_allowed:g} and settled"
        )
    return "repeat", (
        f"{s.date}: next-day pain {nd.pain} was more than {config.pain_rise_allowed:g} above "
        f"check-in {baseline} but settled within {config.settle_hours:g} hours"
    )


def plateau(kb: KnowledgeBase, doc: ClientDocument, config: PlannerConfig) -> bool:
    """No test changed beyond its measurement error across the last re-assessments."""
    needed = config.plateau_reassessments
    if len(doc.assessments) < needed + 1:
        return False
    recent = doc.assessments[-(needed + 1) :]
    for earlier, later in pairwise(recent):
        for result in later.tests:
            before = earlier.result(result.test, result.side)
            if before is not None and change(kb, before, result).beyond_error:
                return False
    return any(a.tests for a in recent)


def progression(
    kb: KnowledgeBase,
    doc: ClientDocument,
    on: date,
    config: PlannerConfig,
    time_limited_in_force: bool,
) -> Progression:
    """Replay the history up to `on` and say where today's dose stands, with the reasons."""
    level = Level()
    reasons: list[str] = []
    verdict: Verdict = "start"
    paused_since: date | None = None
    sessions = sorted((s for s in doc.sessions if s.date < on), key=lambda s: s.date)
    resumes = sorted(a.on for a in doc.adjustments if a.action == "resume" and a.on <= on)
    for s in sessions:
        if paused_since is not None and any(r >= paused_since for r in resumes):
            reasons.append("a therapist reviewed the flare and resumed progression")
            paused_since = None
        result, why = _response(s, config)
        if result == "regress":
            factor = 1 - config.regress_volume_pct / 100
            level = Level(volume_factor=factor, gentle=True)
            paused_since = s.date
            verdict = "regress"
            reasons.append(why + "; volume and intensity down, gentle static only, paused")
            continue
        if paused_since is not None:
            verdict = "paused"
            reasons.append(why + "; progression stays paused until a therapist reviews")
            continue
        if result == "progress":
            level, what = _next(level, not time_limited_in_force)
            verdict = "progress"
            reasons.append(f"{why}: {what}")
        else:
            verdict = "repeat"
            reasons.append(why)
    if paused_since is not None and any(r >= paused_since for r in resumes):
        paused_since = None
        reasons.append("a therapist reviewed the flare and resumed progression")
        if verdict in ("regress", "paused"):
            verdict = "repeat"
    is_plateau = plateau(kb, doc, config)
    if is_plateau and paused_since is None:
        reasons.append(
            f"no test changed beyond its measurement error across {config.plateau_reassessments} "
            "re-assessments: the technique is changed"
        )
        level = _replace(level, technique_step=not level.technique_step)
    if time_limited_in_force and sessions:
        reasons.append("a time-limited restriction is in force: only volume and holds may grow")
    return Progression(
        verdict="paused" if paused_since is not None and verdict != "regress" else verdict,
        level=level,
        reasons=reasons,
        paused=paused_since is not None,
        plateau=is_plateau,
    )
