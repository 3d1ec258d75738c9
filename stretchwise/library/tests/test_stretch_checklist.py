"""The mechanical points of the stretch checklist (docs/clinical-knowledge.md) and library coverage.

Each test names the checklist point it enforces. A failure message lists every stretch at fault,
so one run shows all of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

import pytest

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.pictogram import render
from stretchwise.library.safety import who_must_not_receive
from stretchwise.library.schema import MovementKind, PhaseKind, Stretch

HOME_TECHNIQUES = {"static", "dynamic"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge_base()


def every(kb: KnowledgeBase) -> list[Stretch]:
    return list(kb.stretches.values())


def words(s: Stretch) -> str:
    return f"{s.id} {s.name}".lower()


def report(faults: list[str]) -> str:
    return f"{len(faults)} stretch(es):\n  " + "\n  ".join(faults)


# ---------------------------------------------------------------- counts (issue #5)


def test_the_library_holds_at_least_80_assisted_and_60_self_stretches(kb: KnowledgeBase) -> None:
    assert len(kb.assisted) >= 80
    assert len(kb.self_stretches) >= 60
    with_twin = [s for s in kb.assisted if s.counterpart]
    assert len(with_twin) >= 60


# ---------------------------------------------------------------- point 1: target and position


def test_1_the_region_is_the_primary_muscles_region(kb: KnowledgeBase) -> None:
    faults = [
        f"{s.id}: region {s.region}, but none of {s.primary} is in it"
        for s in every(kb)
        if not any(kb.muscles[m].region == s.region for m in s.primary)
    ]
    assert not faults, report(faults)


# ---------------------------------------------------------------- point 2: movements loaded


def _angle(s: Stretch, movement: str) -> float:
    return s.peak_angles.get(movement, 0.0)


OBVIOUS_LOADS: list[tuple[str, Callable[[Stretch], bool], str]] = [
    # (what, predicate on the stretch, load movement it must declare)
    (
        "a seated or standing forward fold",
        lambda s: (
            bool(re.search(r"forward[- ]fold|long[- ]sitting|toe[- ]touch", words(s)))
            or (s.position in ("seated", "standing") and "forward-fold" in s.id)
        ),
        "loaded-spinal-flexion",
    ),
    (
        "a kneeling or half-kneeling position",
        lambda s: s.position in ("kneeling", "half-kneeling"),
        "kneeling-on-knee",
    ),
    ("a lunge", lambda s: "lunge" in words(s), "weight-bearing-lunge"),
    (
        "hands and knees",
        lambda s: bool(re.search(r"all[- ]fours|hands[- ]and[- ]knees|quadruped|child", words(s))),
        "weight-bearing-through-wrist",
    ),
    (
        "standing on one leg",
        lambda s: (
            bool(re.search(r"single[- ]leg|one[- ]leg|standing.*quadriceps", words(s)))
            and s.position == "standing"
        ),
        "single-leg-standing",
    ),
    (
        "a straight-knee hamstring stretch with the hip flexed",
        lambda s: (
            "hamstrings" in {m.split("-")[0] for m in s.primary}
            and _angle(s, "hip-flexion") >= 45
            and "knee-flexion" not in s.peak_angles
            and not re.search(r"bent[- ]knee|90-90", words(s))
        ),
        "sciatic-neural-tension",
    ),
]


@pytest.mark.parametrize(
    ("what", "applies", "load"), OBVIOUS_LOADS, ids=[o[0] for o in OBVIOUS_LOADS]
)
def test_2_stretches_that_obviously_load_a_movement_declare_it(
    kb: KnowledgeBase, what: str, applies: Callable[[Stretch], bool], load: str
) -> None:
    assert load in kb.movements
    faults = [
        f"{s.id} is {what} but does not declare {load}"
        for s in every(kb)
        if applies(s) and load not in s.loads
    ]
    assert not faults, report(faults)


def test_2_knee_to_chest_and_figure_four_declare_hip_flexion_past_90(kb: KnowledgeBase) -> None:
    pattern = re.compile(r"knee[- ]to[- ](chest|opposite)|figure[- ]four|figure-4")
    faults = [
        f"{s.id}: hip flexion {_angle(s, 'hip-flexion')}°"
        for s in every(kb)
        if pattern.search(words(s)) and _angle(s, "hip-flexion") <= 90
    ]
    assert not faults, report(faults)


def test_2_a_prone_or_side_lying_knee_bend_with_the_hip_extended_declares_femoral_tension(
    kb: KnowledgeBase,
) -> None:
    faults = [
        s.id
        for s in every(kb)
        if s.position in ("prone", "side-lying", "half-kneeling", "kneeling", "standing")
        and _angle(s, "knee-flexion") >= 90
        and "hip-extension" in s.peak_angles
        and "femoral-neural-tension" not in s.loads
    ]
    assert not faults, report(faults)


def test_2_a_neck_stretch_that_turns_and_tips_back_declares_it(kb: KnowledgeBase) -> None:
    faults = [
        s.id
        for s in every(kb)
        if _angle(s, "cervical-rotation") > 0
        and _angle(s, "cervical-extension") > 0
        and "cervical-extension-with-rotation" not in s.loads
    ]
    assert not faults, report(faults)


def test_2_angles_and_loads_are_in_the_vocabulary_and_not_mixed_up(kb: KnowledgeBase) -> None:
    faults = []
    for s in every(kb):
        for m in s.peak_angles:
            if kb.movements[m].kind != MovementKind.ANGLE:
                faults.append(f"{s.id}: {m} in peak_angles")
        for m in s.loads:
            if kb.movements[m].kind != MovementKind.LOAD:
                faults.append(f"{s.id}: {m} in loads")
        if not s.peak_angles and not s.loads:
            faults.append(f"{s.id}: declares no movement at all")
    assert not faults, report(faults)


# ---------------------------------------------------------------- points 3-5: set-up, cues, stop


HAND = re.compile(r"\bhands?\b|\bpalm|\bfingers|\bforearm\b|\bthumb", re.IGNORECASE)


def test_3_an_assisted_set_up_has_steps_and_says_where_the_hands_go(kb: KnowledgeBase) -> None:
    faults = [
        s.id for s in kb.assisted if len(s.setup) < 2 or not any(HAND.search(t) for t in s.setup)
    ]
    assert not faults, report(faults)


def test_4_cues_are_several_and_short(kb: KnowledgeBase) -> None:
    faults = [
        f"{s.id}: {len(s.cues)} cue(s), longest {max(len(c) for c in s.cues)} characters"
        for s in every(kb)
        if len(s.cues) < 2 or any(len(c) > 160 for c in s.cues)
    ]
    assert not faults, report(faults)


def test_5_the_stop_rule_names_sharp_pain_and_nerve_symptoms(kb: KnowledgeBase) -> None:
    faults = []
    for s in every(kb):
        text = s.stop_if.lower()
        if "sharp" not in text or not re.search(r"tingl|numb|pins and needles", text):
            faults.append(f"{s.id}: stop rule misses sharp pain or tingling/numbness")
        if s.region == "neck" and not ("dizz" in text and re.search(r"vision|visual", text)):
            faults.append(f"{s.id}: a neck stretch must stop for dizziness and visual change")
        if not s.should_feel.strip():
            faults.append(f"{s.id}: says nothing about what to feel")
    assert not faults, report(faults)


# ---------------------------------------------------------------- point 6: dose from the catalogue


def test_6_each_dose_sits_inside_its_techniques_limits(kb: KnowledgeBase) -> None:
    faults = []
    for s in every(kb):
        for d in s.techniques:
            technique = kb.techniques[d.technique]
            if d.repetitions and not (
                technique.repetitions.min <= d.repetitions.min
                and d.repetitions.max <= technique.repetitions.max
            ):
                faults.append(f"{s.id}: {d.technique} repetitions outside the catalogue's")
            longest = max(p.seconds.max for p in technique.phases)
            if d.hold_seconds and d.hold_seconds.max > max(longest, 60):
                faults.append(f"{s.id}: {d.technique} hold beyond {max(longest, 60)} s")
    assert not faults, report(faults)


def test_6_contractions_are_light_and_made_breathing_out(kb: KnowledgeBase) -> None:
    for technique in kb.techniques.values():
        for phase in technique.phases:
            if phase.kind in (PhaseKind.CONTRACT, PhaseKind.ANTAGONIST_CONTRACT):
                assert phase.effort_pct_mvc is not None
                assert phase.effort_pct_mvc.default <= 25, technique.id
                assert "breathe out" in phase.cue.lower(), technique.id


# ---------------------------------------------------------------- point 7: variants


def test_7_every_stretch_has_a_variant_of_the_same_kind_and_target(kb: KnowledgeBase) -> None:
    faults = []
    for s in every(kb):
        if not (s.easier or s.harder):
            faults.append(f"{s.id}: no easier or harder variant")
        for v in s.easier + s.harder:
            other = kb.stretches[v]
            if other.kind != s.kind:
                faults.append(f"{s.id}: variant {v} is {other.kind}")
            if not set(other.primary + other.secondary) & set(s.primary):
                faults.append(f"{s.id}: variant {v} shares no target muscle")
            if v == s.id:
                faults.append(f"{s.id}: is its own variant")
    assert not faults, report(faults)


# ---------------------------------------------------------------- point 8: home versions


def test_8_a_self_stretch_is_safe_to_do_alone(kb: KnowledgeBase) -> None:
    faults = []
    for s in kb.self_stretches:
        twin = kb.stretches[s.counterpart] if s.counterpart else None
        if twin is None or twin.counterpart != s.id:
            faults.append(f"{s.id}: no assisted twin pointing back")
        elif not set(s.primary) & set(twin.primary):
            faults.append(f"{s.id}: targets {s.primary}, its twin {twin.primary}")
        used = {d.technique for d in s.techniques}
        if used - HOME_TECHNIQUES:
            faults.append(f"{s.id}: uses {sorted(used - HOME_TECHNIQUES)} at home")
        if len(s.unsupervised_notes.strip()) < 40:
            faults.append(f"{s.id}: unsupervised_notes do not say what keeps it safe alone")
        if s.position == "standing":
            supported = {"chair", "wall"} & set(s.equipment) or "single-leg-standing" in s.loads
            if not supported:
                faults.append(f"{s.id}: standing without a chair or wall, and no balance load")
    assert not faults, report(faults)


def test_8_an_assisted_stretch_names_a_self_twin_only_of_the_other_kind(kb: KnowledgeBase) -> None:
    for s in kb.assisted:
        if s.counterpart:
            assert kb.stretches[s.counterpart].kind == "self", s.id


# ---------------------------------------------------------------- point 9: contraindications


def test_9_what_a_stretch_loads_keeps_it_from_the_findings_that_forbid_it(
    kb: KnowledgeBase,
) -> None:
    """A stretch that declares a load is refused to every finding forbidding that load."""
    forbidding: dict[str, set[str]] = defaultdict(set)
    for finding in kb.contraindications.values():
        for r in finding.restrictions:
            if r.movement and kb.movements[r.movement].kind == MovementKind.LOAD:
                forbidding[r.movement].add(finding.id)
    faults = []
    for s in every(kb):
        refused = {c.finding.id for c in who_must_not_receive(kb, s)}
        for load in s.loads:
            # Only findings whose restriction is the load itself, not one limited to a region.
            must = {
                f
                for f in forbidding.get(load, set())
                if any(
                    r.movement == load and not r.region
                    for r in kb.contraindications[f].restrictions
                )
            }
            if must - refused:
                faults.append(
                    f"{s.id}: loads {load} yet is not refused to {sorted(must - refused)}"
                )
    assert not faults, report(faults)


# ---------------------------------------------------------------- point 10: a picture


def test_10_every_stretch_has_a_pose_and_its_pictogram_draws(kb: KnowledgeBase) -> None:
    faults = []
    for s in every(kb):
        if s.pose is None:
            faults.append(f"{s.id}: no pose")
            continue
        svg = render(s.pose, s.name)
        if not svg.startswith("<svg") or "<line" not in svg or s.name not in svg:
            faults.append(f"{s.id}: the drawing is empty")
    assert not faults, report(faults)


# ---------------------------------------------------------------- coverage


def test_every_region_has_assisted_stretches_in_two_positions(kb: KnowledgeBase) -> None:
    faults = []
    for region in kb.regions:
        positions = {s.position for s in kb.assisted if s.region == region}
        if len(positions) < 2:
            faults.append(f"{region}: positions {sorted(positions)}")
    assert not faults, report(faults)


def test_every_position_is_used_by_some_stretch(kb: KnowledgeBase) -> None:
    used = {s.position for s in every(kb)}
    assert set(kb.positions) <= used, sorted(set(kb.positions) - used)


def test_every_technique_is_used_by_several_assisted_stretches(kb: KnowledgeBase) -> None:
    for technique in kb.techniques:
        users = [s for s in kb.assisted if technique in {d.technique for d in s.techniques}]
        assert len(users) >= 3, technique


def test_every_condition_priority_muscle_has_two_stretches_in_two_positions(
    kb: KnowledgeBase,
) -> None:
    """So a client who cannot lie prone or supine still has an option for each priority."""
    faults = []
    for condition in kb.conditions.values():
        for priority in condition.priority_muscles:
            serving = [s for s in kb.assisted if priority.muscle in s.primary]
            positions = {s.position for s in serving}
            if len(serving) < 2 or len(positions) < 2:
                faults.append(
                    f"{condition.id} › {priority.muscle}: {len(serving)} stretch(es) in "
                    f"{sorted(positions)}"
                )
    assert not faults, report(faults)


def test_every_condition_priority_muscle_has_a_home_stretch(kb: KnowledgeBase) -> None:
    faults = [
        f"{condition.id} › {priority.muscle}"
        for condition in kb.conditions.values()
        for priority in condition.priority_muscles
        if not any(priority.muscle in s.primary for s in kb.self_stretches)
    ]
    assert not faults, report(faults)


def test_every_preferred_technique_of_a_condition_serves_its_priority_muscles(
    kb: KnowledgeBase,
) -> None:
    faults = []
    for condition in kb.conditions.values():
        targets = {p.muscle for p in condition.priority_muscles}
        for technique in condition.preferred_techniques:
            if not any(
                targets & set(s.primary) and technique in {d.technique for d in s.techniques}
                for s in kb.assisted
            ):
                faults.append(f"{condition.id}: no priority stretch offers {technique}")
    assert not faults, report(faults)


JARGON = re.compile(r"\b(declar\w*|loads?|restriction\w*|finding\w*|counterpart|twin)\b", re.I)


def test_8_a_self_stretch_has_home_tips_in_the_clients_words(kb: KnowledgeBase) -> None:
    """What the printed home programme says about doing it safely alone: plain and short."""
    faults = []
    for s in kb.self_stretches:
        tips = s.home_tips.strip()
        if not tips:
            faults.append(f"{s.id}: no home_tips")
        elif len(tips) > 450 or JARGON.search(tips) or re.search(r"[a-z]+-[a-z]+-[a-z]+", tips):
            faults.append(f"{s.id}: home_tips too long or in clinicians' words")
    assert not faults, report(faults)
