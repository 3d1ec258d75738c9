"""The session planner: from a client document, a date and the minutes booked, a safe plan.

Pure and deterministic: the same input always gives the same plan; `seed` varies the choice
between equally good stretches from session to session. Every item is checked against every
restriction in force on the day (DESIGN.md invariant 2) through `library.safety`; a client whose
clearance is incomplete or a referral gets no plan and the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stretchwise.assessment.compare import compare_result, measurement_error
from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.safety import stretch_blocked_by, technique_allowed
from stretchwise.library.schema import (
    IntensityWindow,
    PhaseKind,
    RestrictionSpec,
    RestrictionType,
    Stretch,
)
from stretchwise.plans.config import PlannerConfig
from stretchwise.plans.progression import Level, Progression, progression
from stretchwise.screening.document import ClientDocument, age_on
from stretchwise.screening.engine import Clearance, Restriction, screen

Side = Literal["left", "right"]
# The order positions are visited in: getting down once and up once (standing first, prone last).
POSITION_ORDER = [
    "standing",
    "seated",
    "half-kneeling",
    "kneeling",
    "supine",
    "side-lying",
    "prone",
]
# A nerve sign rules out holding the nerve under tension; gliding (sliders) stays, as in the
# cited trial (plaza-manzano-2020, clinical.md §6).
NERVE_LOADS = {"sustained-sciatic-neural-tension"}
GENTLE = ("static", "dynamic")
REFUSALS = {
    "incomplete": "The screening is incomplete: answer the questions marked as needed first.",
    "refer_before_stretching": (
        "The client is referred: a doctor's or surgeon's clearance is needed first."
    ),
    "urgent_referral": "Urgent referral: no stretching. Follow what to do now on the clearance.",
}


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reason(Out):
    kind: Literal[
        "condition",
        "deficit",
        "pain",
        "goal",
        "progression",
        "warm-up",
        "adjustment",
        "nerve",
        "balance",
    ]
    text: str
    references: list[str] = Field(default_factory=list)


class Dose(Out):
    repetitions: int
    hold_seconds: float
    contract_seconds: float | None = None
    effort_pct_mvc: float | None = None
    rest_seconds: float


class PlanItem(Out):
    order: int
    stretch: str
    name: str
    position: str
    side: Side | None
    technique: str
    role: Literal["warm-up", "main"]
    dose: Dose
    sensation_band: tuple[float, float]
    pain_ceiling: float
    seconds: float
    reasons: list[Reason]
    references: list[str]
    alternatives: list[str] = Field(description="Safe stretches for the same target")


class HomeItem(Out):
    stretch: str
    name: str
    mirrors: str
    side: Side | None
    technique: str
    repetitions: int
    hold_seconds: float
    times_per_day: int = 1
    days_per_week: int = 7
    sensation_band: tuple[float, float]
    pain_ceiling: float
    notes: str


class SessionPlan(Out):
    on: date
    minutes_booked: int
    available_seconds: float = Field(description="Booked time less check-in, check-out, moves")
    check_in_seconds: float
    check_out_seconds: float
    transition_seconds: float
    total_seconds: float = Field(description="Everything, check-in to check-out")
    time_deviation_pct: float = Field(description="Items' time against the time available")
    short: bool = Field(description="Deliberately shorter: too few safe items")
    short_reason: str = ""
    position_changes: int
    items: list[PlanItem]
    home_programme: list[HomeItem]
    withheld_home: list[str] = Field(default_factory=list)
    progression: str
    progression_reasons: list[str]
    sessions_per_week: int
    programme_weeks: int
    intensity: tuple[float, float, float]
    notes: list[str]
    knowledge_base: str
    configuration: str
    seed: int


class PlanResult(Out):
    clearance: Clearance
    plan: SessionPlan | None
    refused: str = ""


# ---------------------------------------------------------------- restrictions


@dataclass
class Limits:
    """Everything that narrows the choice today: restrictions, preferences, adjustments."""

    specs: list[tuple[Restriction, RestrictionSpec]]
    cap: float | None
    position_minutes: dict[str, float]
    cannot: set[str]
    disliked: set[str]
    removed: set[str]
    # Done alone, a stretch on one side is pulled by the other hand or leg: a one-sided area
    # then counts for both sides (home programme).
    alone: bool = False

    def blocked(self, kb: KnowledgeBase, s: Stretch, side: Side | None) -> str | None:
        if s.position in self.cannot:
            return "the client cannot take this position"
        if s.id in self.removed:
            return "the therapist took it out"
        for r, spec in self.specs:
            one_sided = r.type == RestrictionType.EXCLUDED_REGION and r.side != "both" and s.sided
            if one_sided and not self.alone and side is not None and side != r.side:
                continue  # a one-sided area: the other side's stretch works elsewhere
            if r.type == RestrictionType.EXCLUDED_REGION and r.region is None:
                return r.reason
            why = stretch_blocked_by(kb, s, spec)
            if why is not None:
                return f"{why} ({r.reason})"
        return None

    def techniques(self, kb: KnowledgeBase, s: Stretch, side: Side | None) -> list[str]:
        allowed = []
        for d in s.techniques:
            ok = all(
                technique_allowed(kb, d.technique, spec)
                for r, spec in self.specs
                if self.alone
                or not (r.side != "both" and side is not None and side != r.side and s.sided)
            )
            if ok:
                allowed.append(d.technique)
        liked = [t for t in allowed if t not in self.disliked]
        return liked or allowed


def _limits(kb: KnowledgeBase, doc: ClientDocument, clearance: Clearance) -> Limits:
    specs = [(r, r.spec()) for r in clearance.restrictions]
    caps = [
        r.cap for r in clearance.restrictions if r.type == RestrictionType.INTENSITY_CAP and r.cap
    ]
    minutes: dict[str, float] = {}
    for r in clearance.restrictions:
        if r.type == RestrictionType.MAX_MINUTES_IN_POSITION and r.position and r.minutes:
            minutes[r.position] = min(minutes.get(r.position, r.minutes), r.minutes)
    removed = {a.stretch for a in doc.adjustments if a.action == "remove" and a.stretch}
    return Limits(
        specs=specs,
        cap=min(caps) if caps else None,
        position_minutes=minutes,
        cannot=set(doc.intake.positions_cannot_take),
        disliked=set(doc.intake.techniques_disliked),
        removed=removed,
    )


# ---------------------------------------------------------------- targets


@dataclass
class Target:
    muscle: str
    weight: float
    reasons: list[Reason]
    worse_side: Side | None = None
    nerve_sign: bool = False


def _targets(kb: KnowledgeBase, doc: ClientDocument, on: date) -> dict[str, Target]:
    targets: dict[str, Target] = {}

    def add(muscle: str, weight: float, reason: Reason) -> None:
        t = targets.setdefault(muscle, Target(muscle, 0.0, []))
        # Several conditions share a muscle: the highest weight, a little more for each extra.
        t.weight = max(t.weight, weight) + (0.1 if t.weight else 0.0)
        t.reasons.append(reason)

    conditions = [kb.conditions[c] for c in doc.intake.conditions if c in kb.conditions]
    for c in conditions:
        for p in c.priority_muscles:
            add(
                p.muscle,
                p.weight,
                Reason(
                    kind="condition",
                    text=f"a priority muscle for {c.name.lower()}",
                    references=list(c.references[:2]),
                ),
            )
    if not conditions:
        age = age_on(doc.intake, on)
        group = "seniors" if age is not None and age >= 65 else "desk-workers"
        if group in kb.conditions:
            c = kb.conditions[group]
            for p in c.priority_muscles:
                add(
                    p.muscle,
                    p.weight * 0.8,
                    Reason(
                        kind="condition",
                        text=f"no condition recorded: a balanced choice for {c.name.lower()}",
                        references=list(c.references[:2]),
                    ),
                )
    for area_id in doc.intake.pain.regions:
        area = kb.body_areas.get(area_id)
        if area is None:
            continue
        for m in area.muscles:
            if m in targets:
                add(
                    m,
                    0.15,
                    Reason(kind="pain", text=f"the client reports pain at the {area.name.lower()}"),
                )
    goals = " ".join(doc.intake.goals + doc.intake.hard_activities).lower()
    for muscle in kb.muscles.values():
        region = kb.regions[muscle.region].name.lower()
        if muscle.id in targets and (muscle.name.lower() in goals or region in goals):
            add(
                muscle.id, 0.1, Reason(kind="goal", text=f"the client's goal mentions the {region}")
            )
    if doc.assessments:
        latest = doc.assessments[-1]
        age = age_on(doc.intake, on) or 50
        for result in latest.tests:
            test = kb.tests.get(result.test)
            if test is None:
                continue
            reading = compare_result(kb, result, age, doc.intake.sex)
            for m in test.muscles:
                if reading.nerve_sign:
                    t = targets.setdefault(m, Target(m, 0.3, []))
                    t.nerve_sign = True
                    t.reasons.append(
                        Reason(
                            kind="nerve",
                            text=f"{test.name} reproduced nerve symptoms: nerve-friendly "
                            "options only, no longer holds",
                            references=list(test.references[:2]),
                        )
                    )
                elif reading.short or (reading.norm is not None and reading.norm.worse_than_range):
                    add(
                        m,
                        0.3,
                        Reason(
                            kind="deficit",
                            text=f"{test.name} {result.value:g} {reading.unit}"
                            + (f" on the {result.side}" if result.side else "")
                            + " is short of the norm",
                            references=list(test.references[:2]),
                        ),
                    )
        for result in latest.tests:
            if result.side != "left":
                continue
            other = latest.result(result.test, "right")
            test = kb.tests.get(result.test)
            if other is None or test is None:
                continue
            error = measurement_error(test).value
            gap = result.value - other.value
            if abs(gap) > error:
                worse: Side = "left" if (gap < 0) == test.higher_is_better else "right"
                for m in test.muscles:
                    if m in targets and not targets[m].nerve_sign:
                        targets[m].worse_side = worse
    return targets


# ---------------------------------------------------------------- dosing and time


def _window(kb: KnowledgeBase, doc: ClientDocument, limits: Limits) -> IntensityWindow:
    window = kb.intensity
    for c in doc.intake.conditions:
        w = kb.intensity_by_condition.get(c)
        if w is not None and w.sensation_max < window.sensation_max:
            window = w
    cap = limits.cap
    for c in doc.intake.conditions:
        cond = kb.conditions.get(c)
        if cond is not None and cond.intensity_cap is not None:
            cap = min(cap, cond.intensity_cap) if cap is not None else cond.intensity_cap
    if cap is not None and cap < window.sensation_max:
        window = window.model_copy(
            update={
                "sensation_max": cap,
                "sensation_min": min(window.sensation_min, cap),
            }
        )
    return window


def _dose(
    kb: KnowledgeBase, s: Stretch, technique: str, level: Level, config: PlannerConfig
) -> Dose:
    t = kb.techniques[technique]
    dosing = next(d for d in s.techniques if d.technique == technique)
    reps_range = dosing.repetitions or t.repetitions
    hold_phase = next(
        (p for p in t.phases if p.kind in (PhaseKind.HOLD, PhaseKind.PRESSURE, PhaseKind.MOVE)),
        None,
    )
    hold_range = dosing.hold_seconds or (hold_phase.seconds if hold_phase else None)
    reps = round(reps_range.default) + level.extra_reps
    hold = (hold_range.default if hold_range else 0) + 10 * level.extra_hold
    if hold_range:
        hold = min(hold, hold_range.max)
    reps = max(round(reps_range.min), min(round(reps_range.max), reps))
    if level.volume_factor < 1:
        reps = max(round(reps_range.min), int(reps * level.volume_factor))
    # At most about 60 s of stretch per muscle per session (ACSM; config).
    while reps > reps_range.min and reps * hold > config.max_seconds_per_muscle:
        reps -= 1
    contract = next((p for p in t.phases if p.kind in (PhaseKind.CONTRACT,)), None)
    return Dose(
        repetitions=reps,
        hold_seconds=hold,
        contract_seconds=contract.seconds.default if contract else None,
        effort_pct_mvc=contract.effort_pct_mvc.default
        if contract and contract.effort_pct_mvc
        else None,
        rest_seconds=t.rest_between_reps_seconds.default,
    )


def _rep_seconds(kb: KnowledgeBase, technique: str, dose: Dose) -> float:
    t = kb.techniques[technique]
    total = 0.0
    for p in t.phases:
        if p.kind in (PhaseKind.HOLD, PhaseKind.PRESSURE, PhaseKind.MOVE):
            total += dose.hold_seconds
        else:
            total += p.seconds.default
    return total


def _item_seconds(kb: KnowledgeBase, s: Stretch, technique: str, dose: Dose, sides: int) -> float:
    per_side = (
        dose.repetitions * _rep_seconds(kb, technique, dose)
        + max(0, dose.repetitions - 1) * dose.rest_seconds
    )
    return (
        s.time.setup_seconds
        + sides * per_side
        + (s.time.per_side_change_seconds if sides == 2 else 0)
    )


# ---------------------------------------------------------------- choosing


def _rank(seed: int, stretch_id: str) -> str:
    return hashlib.sha256(f"{seed}:{stretch_id}".encode()).hexdigest()


@dataclass
class Choice:
    stretch: Stretch
    technique: str
    sides: list[Side | None]
    target: Target
    dose: Dose
    seconds: float
    role: Literal["warm-up", "main"]
    reasons: list[Reason]
    alternatives: list[str]


def _pick_technique(
    kb: KnowledgeBase,
    allowed: list[str],
    preferred: list[str],
    level: Level,
    gentle: bool,
    nerve: bool,
    turn: int = 0,
) -> str | None:
    if not allowed:
        return None
    if gentle or nerve:
        for t in GENTLE:
            if t in allowed:
                return t
        return None
    order = [t for t in preferred if t in allowed] or allowed
    if level.technique_step:
        # Progressed (or a plateau): PNF first where the condition allows it.
        order = sorted(order, key=lambda t: 0 if kb.techniques[t].family == "pnf" else 1)
    # The condition's technique mix: its preferred techniques in turn, item by item.
    return order[turn % len(order)]


def plan_session(
    kb: KnowledgeBase,
    doc: ClientDocument,
    on: date,
    minutes: int,
    config: PlannerConfig,
    seed: int = 0,
) -> PlanResult:
    clearance = screen(doc, on, kb)
    if not clearance.allows_physical_work:
        reason = REFUSALS.get(clearance.decision, "No plan under this clearance.")
        return PlanResult(clearance=clearance, plan=None, refused=reason)
    limits = _limits(kb, doc, clearance)
    window = _window(kb, doc, limits)
    time_limited = any(
        f.status in ("present", "review_due") and f.ends_on is not None for f in clearance.findings
    )
    prog: Progression = progression(kb, doc, on, config, time_limited)
    level = prog.level
    conditions = [kb.conditions[c] for c in doc.intake.conditions if c in kb.conditions]
    preferred: list[str] = []
    excluded: set[str] = set()
    for cond in conditions:
        preferred += [t for t in cond.preferred_techniques if t not in preferred]
        excluded |= set(cond.excluded_techniques)
    sessions_per_week = max((round(k.sessions_per_week.default) for k in conditions), default=1)
    weeks = max((round(k.programme_weeks.default) for k in conditions), default=8)
    targets = _targets(kb, doc, on)
    preferred_by_adjustment = {
        a.stretch for a in doc.adjustments if a.action == "prefer" and a.stretch
    }
    adjusted = {
        a.stretch: a for a in doc.adjustments if a.action in ("dose", "technique") and a.stretch
    }
    notes: list[str] = []
    sensation_top = window.sensation_max
    if level.gentle:
        sensation_top = max(window.sensation_min, sensation_top - 1)
    elif level.extra_intensity:
        sensation_top = window.sensation_max  # progression never goes above the window
    band = (window.sensation_min, sensation_top)

    safe: dict[str, tuple[list[str], list[Side | None]] | None] = {}

    def safe_use(s: Stretch) -> tuple[list[str], list[Side | None]] | None:
        """The sides a stretch may be done on today and the techniques every one allows."""
        if s.id not in safe:
            sides: list[Side | None] = ["left", "right"] if s.sided else [None]
            ok_sides = [side for side in sides if limits.blocked(kb, s, side) is None]
            result: tuple[list[str], list[Side | None]] | None = None
            if ok_sides:
                # A technique is used only if every side it is done on allows it.
                per_side = [set(limits.techniques(kb, s, side)) for side in ok_sides]
                common = set.intersection(*per_side)
                techs = [
                    d.technique
                    for d in s.techniques
                    if d.technique in common and d.technique not in excluded
                ]
                if techs:
                    result = (techs, ok_sides)
            safe[s.id] = result
        return safe[s.id]

    by_muscle: dict[tuple[str, bool], list[tuple[Stretch, list[str], list[Side | None]]]] = {}

    def candidates(target: Target) -> list[tuple[Stretch, list[str], list[Side | None]]]:
        key = (target.muscle, target.nerve_sign)
        if key not in by_muscle:
            found = []
            for s in kb.assisted:
                if target.muscle not in s.primary:
                    continue
                if target.nerve_sign and NERVE_LOADS & set(s.loads):
                    continue
                use = safe_use(s)
                if use is not None:
                    found.append((s, use[0], use[1]))
            by_muscle[key] = found
        return by_muscle[key]

    ordered_targets = sorted(targets.values(), key=lambda t: (-t.weight, t.muscle))
    available = minutes * 60 - config.check_in_seconds - config.check_out_seconds
    chosen: list[Choice] = []
    used_stretches: set[str] = set()
    warmed: set[str] = set()
    positions_used: list[str] = []

    def make(target: Target, role: Literal["warm-up", "main"]) -> Choice | None:
        options = [o for o in candidates(target) if o[0].id not in used_stretches]
        if not options:
            return None

        def key(
            o: tuple[Stretch, list[str], list[Side | None]],
        ) -> tuple[int, int, int, int, str]:
            s = o[0]
            return (
                0 if s.id in preferred_by_adjustment else 1,
                1 if role == "main" and s.id in warmed else 0,  # the warm-up's stretch last
                0 if s.position in positions_used else 1,
                POSITION_ORDER.index(s.position) if s.position in POSITION_ORDER else 9,
                _rank(seed, s.id),
            )

        options.sort(key=key)
        s, techs, sides = options[0]
        if role == "warm-up":
            tech = "dynamic" if "dynamic" in techs else ("static" if "static" in techs else None)
            if tech is None:
                return None
        else:
            turn = sum(1 for ch in chosen if ch.role == "main")
            tech = _pick_technique(
                kb, techs, preferred, level, level.gentle, target.nerve_sign, turn
            )
        adj = adjusted.get(s.id)
        if adj is not None and adj.technique and adj.technique in techs and role == "main":
            tech = adj.technique
        if tech is None:
            return None
        dose = _dose(kb, s, tech, level, config)
        if role == "warm-up":
            dose = dose.model_copy(update={"repetitions": 1})
        if adj is not None and role == "main":
            dosing = next(d for d in s.techniques if d.technique == tech)
            reps_range = dosing.repetitions or kb.techniques[tech].repetitions
            hold_range = dosing.hold_seconds
            update: dict[str, float | int] = {}
            if adj.repetitions is not None:
                update["repetitions"] = int(
                    max(reps_range.min, min(reps_range.max, adj.repetitions))
                )
            if adj.hold_seconds is not None and hold_range is not None:
                update["hold_seconds"] = max(hold_range.min, min(hold_range.max, adj.hold_seconds))
            dose = dose.model_copy(update=update)
        reasons = list(target.reasons)
        if role == "warm-up":
            reasons = [
                Reason(
                    kind="warm-up",
                    text="a gentle first stretch to warm up",
                    references=["behm-2016"],
                )
            ]
        if adj is not None and role == "main":
            reasons.append(Reason(kind="adjustment", text=f"the therapist's choice: {adj.reason}"))
        if s.id in preferred_by_adjustment:
            reasons.append(Reason(kind="adjustment", text="preferred by the therapist"))
        if prog.verdict in ("progress", "regress", "paused") and role == "main":
            reasons.append(
                Reason(
                    kind="progression",
                    text=f"dose: {prog.verdict}",
                    references=list(prog.references),
                )
            )
        taken = {ch.stretch.id for ch in chosen}
        alternatives = [o[0].id for o in options[1:] if o[0].id not in taken][:3]
        seconds = _item_seconds(kb, s, tech, dose, len(sides))
        if target.worse_side and len(sides) == 2 and not target.nerve_sign and role == "main":
            reasons.append(
                Reason(
                    kind="deficit",
                    text=f"one more repetition on the tighter {target.worse_side} side",
                )
            )
            seconds += _rep_seconds(kb, tech, dose) + dose.rest_seconds
        return Choice(s, tech, sides, target, dose, seconds, role, reasons, alternatives)

    # A warm-up first, from the most important target that allows a gentle technique.
    for t in sorted(ordered_targets, key=lambda t: kb.muscles[t.muscle].region == "neck"):
        warm = make(t, "warm-up")
        if warm is not None:
            chosen.append(warm)
            positions_used.append(warm.stretch.position)  # its stretch may come back as a main
            warmed.add(warm.stretch.id)
            break

    def transitions(items: list[Choice]) -> int:
        return len({c.stretch.position for c in items}) - 1 if items else 0

    def fits(items: list[Choice]) -> float:
        return sum(c.seconds for c in items) + transitions(items) * config.position_change_seconds

    # Then the targets in order of need, one stretch each, while time remains; a stretch serves
    # every primary muscle it has, so a target already covered waits for the second round.
    covered: set[str] = set()
    for t in ordered_targets:
        if t.muscle in covered:
            continue
        c = make(t, "main")
        if c is None:
            continue
        if fits([*chosen, c]) > available:
            continue
        chosen.append(c)
        used_stretches.add(c.stretch.id)
        covered |= set(c.stretch.primary)
        if c.stretch.position not in positions_used:
            positions_used.append(c.stretch.position)
    # Second stretches for the most important targets while time remains (two per region), then
    # a third, then the rest of the body gently, so the time booked is used for the client's
    # needs first and for general flexibility after (ACSM: all major muscle groups).
    general = [
        Target(
            m.id,
            0.1,
            [
                Reason(
                    kind="condition",
                    text="general flexibility of a major muscle group",
                    references=["acsm-2021"],
                )
            ],
        )
        for m in kb.muscles.values()
        if m.id not in targets
    ]

    def fill_repetitions() -> None:
        """Fill the gap with repetitions, within each stretch's range, most important first."""
        grown = True
        while grown and fits(chosen) < available * (1 - config.time_tolerance_pct / 100):
            grown = False
            for ch in sorted(chosen, key=lambda ch: -ch.target.weight):
                fixed = adjusted.get(ch.stretch.id)
                if ch.role != "main" or ch.target.nerve_sign or (fixed and fixed.repetitions):
                    continue
                dosing = next(d for d in ch.stretch.techniques if d.technique == ch.technique)
                top = (dosing.repetitions or kb.techniques[ch.technique].repetitions).max
                if ch.dose.repetitions >= top:
                    continue
                if (ch.dose.repetitions + 1) * ch.dose.hold_seconds > config.max_seconds_per_muscle:
                    continue  # about 60 s of stretch per muscle per session is enough (ACSM)
                extra = len(ch.sides) * (
                    _rep_seconds(kb, ch.technique, ch.dose) + ch.dose.rest_seconds
                )
                if fits(chosen) + extra > available:
                    continue
                ch.dose = ch.dose.model_copy(update={"repetitions": ch.dose.repetitions + 1})
                ch.seconds += extra
                grown = True
                if fits(chosen) >= available * (1 - config.time_tolerance_pct / 100):
                    break

    for group, region_cap in ((ordered_targets, 2), (ordered_targets, 3), (general, 2)):
        if group is general:
            fill_repetitions()  # the client's own targets get their full dose first
        for t in group:
            if fits(chosen) >= available * (1 - config.time_tolerance_pct / 100):
                break
            c = make(t, "main")
            if c is None or fits([*chosen, c]) > available:
                continue
            same_region = [
                ch for ch in chosen if ch.role == "main" and ch.stretch.region == c.stretch.region
            ]
            if len(same_region) >= region_cap:
                continue  # in proportion to need: a few stretches per region
            chosen.append(c)
            used_stretches.add(c.stretch.id)
    fill_repetitions()
    # Group by position: warm-up first, then one sweep through the positions that gets the client
    # up and down once (lying positions together, upright ones together); a capped position
    # comes early, so other positions remain to break it up.
    warmups = [ch for ch in chosen if ch.role == "warm-up"]
    mains = [ch for ch in chosen if ch.role == "main"]
    first_position = warmups[0].stretch.position if warmups else None
    order = _position_order({ch.stretch.position for ch in mains}, first_position, limits)
    grouped = warmups + sorted(
        mains, key=lambda ch: (order.index(ch.stretch.position), -ch.target.weight)
    )
    units = _arrange(_units(kb, grouped), limits.position_minutes, notes)

    def total(us: list[Unit]) -> tuple[int, float]:
        moves = sum(
            1 for x, y in pairwise(us) if x.choice.stretch.position != y.choice.stretch.position
        )
        return moves, sum(u.seconds for u in us) + moves * config.position_change_seconds

    # Keeping a capped position short adds moves: drop the least needed stretches until it fits.
    changes, item_seconds = total(units)
    while item_seconds > available:
        mains_left = [ch for ch in grouped if ch.role == "main"]
        if len(mains_left) <= 1:
            break
        grouped.remove(min(mains_left, key=lambda ch: ch.target.weight))
        units = _arrange(_units(kb, grouped), limits.position_minutes, notes)
        changes, item_seconds = total(units)
    final = [ch for ch in grouped if any(u.choice is ch for u in units)]
    deviation = 100 * (item_seconds - available) / available if available > 0 else 0.0
    short = deviation < -config.time_tolerance_pct
    short_reason = ""
    if short:
        short_reason = (
            "The plan is shorter than the time booked: the restrictions in force leave too few "
            "safe stretches. Use the time for education, breathing and gentle movement; nothing "
            "unsafe was added to fill it."
        )
    items = [
        PlanItem(
            order=n + 1,
            stretch=u.choice.stretch.id,
            name=u.choice.stretch.name,
            position=u.choice.stretch.position,
            side=u.side,
            technique=u.choice.technique,
            role=u.choice.role,
            dose=u.dose,
            sensation_band=band
            if u.choice.role == "main"
            else (window.sensation_min, window.sensation_min),
            pain_ceiling=window.pain_ceiling,
            seconds=round(u.seconds, 1),
            reasons=u.choice.reasons,
            references=sorted(
                {*u.choice.stretch.references, *kb.techniques[u.choice.technique].references}
            ),
            alternatives=u.choice.alternatives,
        )
        for n, u in enumerate(units)
    ]
    home, withheld_home = home_programme(
        kb,
        doc,
        clearance,
        [c for c in final if c.role == "main"],
        band,
        window.pain_ceiling,
        limits,
        sessions_per_week=sessions_per_week + level.extra_sessions,
        max_items=config.home_max_items,
    )
    plan = SessionPlan(
        on=on,
        minutes_booked=minutes,
        available_seconds=available,
        check_in_seconds=config.check_in_seconds,
        check_out_seconds=config.check_out_seconds,
        transition_seconds=changes * config.position_change_seconds,
        total_seconds=round(item_seconds + config.check_in_seconds + config.check_out_seconds, 1),
        time_deviation_pct=round(deviation, 2),
        short=short,
        short_reason=short_reason,
        position_changes=changes,
        items=items,
        home_programme=home,
        withheld_home=withheld_home,
        progression=prog.verdict,
        progression_reasons=prog.reasons,
        sessions_per_week=sessions_per_week + level.extra_sessions,
        programme_weeks=weeks,
        intensity=(band[0], band[1], window.pain_ceiling),
        notes=notes,
        knowledge_base=kb.version,
        configuration=f"{kb.overlay_hash}+{_config_hash(config)}",
        seed=seed,
    )
    return PlanResult(clearance=clearance, plan=plan)


LYING = ("supine", "side-lying", "prone")
UPRIGHT = ("standing", "seated")


def _position_order(positions: set[str], first: str | None, limits: Limits) -> list[str]:
    def group(p: str) -> int:
        return 0 if p in LYING else 1 if p in UPRIGHT else 2

    start = group(first) if first else 0
    groups = [start] + [g for g in (0, 1, 2) if g != start]
    return sorted(
        positions,
        key=lambda p: (
            0 if p in limits.position_minutes else 1 if p == first else 2,
            groups.index(group(p)),
            POSITION_ORDER.index(p) if p in POSITION_ORDER else 9,
        ),
    )


@dataclass
class Unit:
    """One stretch on one side: what the therapist does between two moves."""

    choice: Choice
    side: Side | None
    dose: Dose
    seconds: float


def _units(kb: KnowledgeBase, choices: list[Choice]) -> list[Unit]:
    """Per-side units in order; lying on the side, one side's stretches all come before the
    client turns over for the other side's."""
    units: list[Unit] = []
    for ch in choices:
        per_rep = _rep_seconds(kb, ch.technique, ch.dose)
        for k, side in enumerate(ch.sides):
            dose = ch.dose
            dosing = next(d for d in ch.stretch.techniques if d.technique == ch.technique)
            top = (dosing.repetitions or kb.techniques[ch.technique].repetitions).max
            tighter = side is not None and side == ch.target.worse_side
            if tighter and ch.role == "main" and dose.repetitions < top:
                dose = dose.model_copy(update={"repetitions": dose.repetitions + 1})
            seconds = dose.repetitions * per_rep + max(0, dose.repetitions - 1) * dose.rest_seconds
            time = ch.stretch.time
            seconds += time.setup_seconds if k == 0 else time.per_side_change_seconds
            units.append(Unit(ch, side, dose, seconds))
    ordered: list[Unit] = []
    n = 0
    while n < len(units):
        position = units[n].choice.stretch.position
        block = [u for u in units[n:] if u.choice.stretch.position == position]
        end = n
        while end < len(units) and units[end].choice.stretch.position == position:
            end += 1
        block = units[n:end]
        if position == "side-lying":
            block = sorted(block, key=lambda u: u.side != "left")
        ordered += block
        n = end
    return ordered


def _arrange(units: list[Unit], caps: dict[str, float], notes: list[str]) -> list[Unit]:
    """Keep continuous time in a capped position under its cap: another position comes in
    between, and a stretch that cannot be fitted that way is left out rather than overrun."""
    if not caps:
        return units
    result: list[Unit] = []
    pending = list(units)
    while pending:
        u = pending.pop(0)
        position = u.choice.stretch.position
        cap = caps.get(position)
        if cap is not None:
            if u.seconds > cap * 60:
                notes.append(
                    f"{u.choice.stretch.name} left out: one side takes longer than the "
                    f"{cap:g} minutes allowed {position} at a time."
                )
                continue
            run = 0.0
            for prev in reversed(result):
                if prev.choice.stretch.position != position:
                    break
                run += prev.seconds
            if run and run + u.seconds > cap * 60:
                other = next((p for p in pending if p.choice.stretch.position != position), None)
                if other is None:
                    notes.append(
                        f"{u.choice.stretch.name} left out: no other position was left "
                        f"to break up the {cap:g} minutes allowed {position}."
                    )
                    continue
                pending.remove(other)
                result.append(other)
                note = (
                    f"At most {cap:g} minutes at a time {position}: the plan changes "
                    "position in between."
                )
                if note not in notes:
                    notes.append(note)
        result.append(u)
    # Both sides or neither: a sided stretch that lost one side to the cap is left out whole.
    for u in list(result):
        if len(u.choice.sides) == 2 and sum(1 for v in result if v.choice is u.choice) == 1:
            result.remove(u)
            note = f"{u.choice.stretch.name} left out: both sides could not fit under the cap."
            if note not in notes:
                notes.append(note)
    return result


def _config_hash(config: PlannerConfig) -> str:
    return hashlib.sha256(config.model_dump_json().encode()).hexdigest()[:12]


def home_programme(
    kb: KnowledgeBase,
    doc: ClientDocument,
    clearance: Clearance,
    mains: list[Choice],
    band: tuple[float, float],
    pain_ceiling: float,
    limits: Limits,
    sessions_per_week: int = 1,
    max_items: int = 6,
) -> tuple[list[HomeItem], list[str]]:
    """Self-stretches mirroring the session, each screened in its own right (it is done alone).

    A short daily routine, most needed first: at most `home_max_items`, and a muscle already
    served by an earlier home stretch is not served again.
    """
    from dataclasses import replace

    limits = replace(limits, alone=True)
    items: list[HomeItem] = []
    withheld: list[str] = []
    seen: set[str] = set()
    served: set[str] = set()
    days = max(1, 7 - sessions_per_week)
    for c in sorted(mains, key=lambda c: -c.target.weight):
        twin_id = c.stretch.counterpart
        if not twin_id or twin_id in seen or len(items) >= max_items:
            continue
        if set(kb.stretches[twin_id].primary) <= served:
            continue
        twin = kb.stretches[twin_id]
        seen.add(twin_id)
        sides: list[Side | None] = ["left", "right"] if twin.sided else [None]
        ok = [s for s in sides if limits.blocked(kb, twin, s) is None]
        common = (
            set.intersection(*[set(limits.techniques(kb, twin, side)) for side in ok])
            if ok
            else set()
        )
        techs = [t for t in GENTLE if t in common]
        if not ok or not techs:
            why = next(
                (limits.blocked(kb, twin, s) for s in sides if limits.blocked(kb, twin, s)), None
            )
            withheld.append(f"{twin.name}: {why or 'no technique is safe to do alone'}")
            continue
        tech = "static" if "static" in techs else techs[0]
        served |= set(twin.primary)
        dosing = next(d for d in twin.techniques if d.technique == tech)
        reps = round((dosing.repetitions or kb.techniques[tech].repetitions).default)
        hold = dosing.hold_seconds.default if dosing.hold_seconds else 30.0
        items.append(
            HomeItem(
                stretch=twin.id,
                name=twin.name,
                mirrors=c.stretch.id,
                side=None if len(ok) != 1 else ok[0],
                technique=tech,
                repetitions=reps,
                hold_seconds=hold,
                days_per_week=days,
                sensation_band=band,
                pain_ceiling=pain_ceiling,
                notes=twin.home_tips or twin.unsupervised_notes,
            )
        )
    return items, withheld
