"""The clinically important facts of the shipped knowledge base, pinned so they cannot drift."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.safety import stretch_blocked_by, who_must_not_receive
from stretchwise.library.schema import (
    ContraindicationClass,
    Decision,
    PhaseKind,
    RestrictionType,
    Urgency,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge_base()


def forbidden(kb: KnowledgeBase, finding: str) -> set[str]:
    return {
        r.movement
        for r in kb.contraindications[finding].restrictions
        if r.type == RestrictionType.FORBIDDEN_MOVEMENT and r.movement
    }


def test_posterior_hip_replacement_forbids_deep_flexion_crossing_and_internal_rotation(
    kb: KnowledgeBase,
) -> None:
    assert {"hip-flexion", "hip-adduction", "hip-internal-rotation"} <= forbidden(
        kb, "hip-replacement-posterior"
    )
    assert kb.movements["hip-flexion"].default_limit_deg == 90
    assert kb.movements["hip-adduction"].default_limit_deg == 0
    finding = kb.contraindications["hip-replacement-posterior"]
    assert finding.duration_weeks is not None
    assert finding.duration_weeks >= 6


def test_an_unknown_hip_approach_gets_every_approachs_precautions(kb: KnowledgeBase) -> None:
    union = (
        forbidden(kb, "hip-replacement-posterior")
        | forbidden(kb, "hip-replacement-anterior")
        | forbidden(kb, "hip-replacement-lateral")
    )
    assert union <= forbidden(kb, "hip-replacement-approach-unknown")


def test_cauda_equina_signs_send_the_client_to_the_emergency_department(kb: KnowledgeBase) -> None:
    finding = kb.contraindications["cauda-equina-signs"]
    assert finding.decision == Decision.URGENT_REFERRAL
    assert finding.urgency == Urgency.EMERGENCY
    assert "emergency" in finding.what_to_do_now.lower()


def test_every_red_flag_is_an_urgent_referral_lifted_only_after_medical_assessment(
    kb: KnowledgeBase,
) -> None:
    flags = [c for c in kb.contraindications.values() if c.klass == ContraindicationClass.RED_FLAG]
    assert len(flags) >= 8
    for flag in flags:
        assert flag.decision == Decision.URGENT_REFERRAL, flag.id
        assert flag.lifted_by == "new_intake_after_medical_assessment", flag.id


def test_a_suspected_clot_stops_the_session_the_same_day(kb: KnowledgeBase) -> None:
    finding = kb.contraindications["suspected-dvt"]
    assert finding.scope == "whole_body"
    assert finding.urgency == Urgency.SAME_DAY


def test_osteoporosis_forbids_loaded_flexion_and_flexion_with_rotation(kb: KnowledgeBase) -> None:
    assert {"loaded-spinal-flexion", "spinal-flexion-with-rotation"} <= forbidden(
        kb, "osteoporosis"
    )


def test_pnf_contraction_defaults_sit_within_the_cited_ranges(kb: KnowledgeBase) -> None:
    for technique_id in ("pnf-contract-relax", "pnf-hold-relax", "pnf-crac"):
        technique = kb.techniques[technique_id]
        contractions = [p for p in technique.phases if p.kind == PhaseKind.CONTRACT]
        assert contractions, technique_id
        for phase in contractions:
            assert 3 <= phase.seconds.default <= 6  # sharman-2006, garber-2011
            assert phase.effort_pct_mvc is not None
            assert phase.effort_pct_mvc.default <= 75  # garber-2011; ~20 % is enough (feland-2004)


def test_post_isometric_relaxation_stays_below_a_quarter_of_maximal_effort(
    kb: KnowledgeBase,
) -> None:
    for phase in kb.techniques["post-isometric-relaxation"].phases:
        if phase.effort_pct_mvc is not None:
            assert phase.effort_pct_mvc.max < 25


def test_the_default_window_is_a_deep_stretch_never_pain(kb: KnowledgeBase) -> None:
    assert kb.intensity.pain_ceiling <= 2
    fibro = kb.intensity_by_condition["fibromyalgia"]
    assert fibro.sensation_max <= kb.intensity.sensation_max
    assert fibro.pain_ceiling <= kb.intensity.pain_ceiling


def test_every_stretch_stops_for_sharp_pain_tingling_or_numbness(kb: KnowledgeBase) -> None:
    for stretch in kb.stretches.values():
        text = stretch.stop_if.lower()
        assert "pain" in text, stretch.id  # "sharp pain", or any pain for a nerve slider
        assert "tingling" in text or "pins and needles" in text, stretch.id
        assert "numb" in text, stretch.id


def test_knee_to_chest_and_figure_four_stretches_declare_deep_hip_flexion(
    kb: KnowledgeBase,
) -> None:
    pattern = re.compile(r"knee[- ]to[- ]chest|figure[- ]four|figure[- ]4")
    matching = [s for s in kb.stretches.values() if pattern.search(f"{s.id} {s.name}".lower())]
    assert matching
    for stretch in matching:
        assert stretch.peak_angles.get("hip-flexion", 0) > 90, stretch.id


def test_seated_forward_folds_declare_loaded_spinal_flexion(kb: KnowledgeBase) -> None:
    folds = [
        s for s in kb.stretches.values() if s.position == "seated" and "fold" in s.name.lower()
    ]
    for stretch in folds:
        assert "loaded-spinal-flexion" in stretch.loads, stretch.id


def test_a_posterior_hip_replacement_rules_out_deep_hip_flexion_stretches(
    kb: KnowledgeBase,
) -> None:
    finding = kb.contraindications["hip-replacement-posterior"]
    deep = [s for s in kb.stretches.values() if s.peak_angles.get("hip-flexion", 0) > 90]
    assert deep
    for stretch in deep:
        reasons = [stretch_blocked_by(kb, stretch, r) for r in finding.restrictions]
        assert any(reasons), stretch.id


def test_every_region_has_at_least_two_assisted_stretches(kb: KnowledgeBase) -> None:
    for region in kb.regions:
        count = sum(1 for s in kb.assisted if s.region == region)
        assert count >= 2, f"{region} has {count}"


def test_the_library_names_who_must_not_receive_a_seated_forward_fold(kb: KnowledgeBase) -> None:
    loaded = [s for s in kb.stretches.values() if "loaded-spinal-flexion" in s.loads]
    assert loaded
    names = {c.finding.id for c in who_must_not_receive(kb, loaded[0])}
    assert "osteoporosis" in names


def test_only_instruments_free_to_use_are_shipped(kb: KnowledgeBase) -> None:
    for banned in ("odi", "ndi", "fiqr", "koos", "start-back", "bpi", "peg"):
        assert not any(banned in i for i in kb.instruments), banned
    assert {"pain-nrs", "psfs"} <= set(kb.instruments)


def test_kb_stats_reports_every_catalogue_the_issue_names() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "stretchwise", "kb", "stats", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stats = json.loads(out)
    keys = {
        "stretches", "self_stretches", "muscles", "body_areas", "movements", "techniques",
        "conditions", "contraindications", "norms", "tests", "instruments", "references",
        "coverage",
    }  # fmt: skip
    assert keys <= set(stats)
    assert stats["stretches"] >= 30
    assert stats["muscles"] >= 40


def test_kb_check_passes_on_the_shipped_base() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stretchwise", "kb", "check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok:")


def blocked_by(kb: KnowledgeBase, finding: str) -> set[str]:
    restrictions = kb.contraindications[finding].restrictions
    return {
        s.id
        for s in kb.stretches.values()
        if any(stretch_blocked_by(kb, s, r) for r in restrictions)
    }


def test_new_sexual_dysfunction_with_back_pain_is_an_emergency(kb: KnowledgeBase) -> None:
    finding = kb.contraindications["new-sexual-dysfunction-with-back-pain"]
    assert finding.urgency == Urgency.EMERGENCY


def test_shoulder_instability_rules_out_the_arm_in_abduction_and_external_rotation(
    kb: KnowledgeBase,
) -> None:
    risky = {
        s.id for s in kb.stretches.values() if "shoulder-external-rotation-in-abduction" in s.loads
    }
    assert risky
    assert risky <= blocked_by(kb, "joint-instability")


def test_after_the_first_trimester_nothing_presses_on_the_abdomen(kb: KnowledgeBase) -> None:
    prone = {s.id for s in kb.stretches.values() if s.position == "prone"}
    assert prone
    for stretch_id in prone:
        assert "abdominal-compression" in kb.stretches[stretch_id].loads, stretch_id
    assert prone <= blocked_by(kb, "pregnancy-after-first-trimester")


def test_nerve_root_symptoms_rule_out_held_straight_leg_stretches_but_not_sliders(
    kb: KnowledgeBase,
) -> None:
    held = {s.id for s in kb.stretches.values() if "sustained-sciatic-neural-tension" in s.loads}
    sliders = {s.id for s in kb.stretches.values() if "slider" in s.id}
    assert held
    assert sliders
    blocked = blocked_by(kb, "radiating-limb-symptoms")
    assert held <= blocked
    assert not sliders & blocked


def test_a_new_knee_replacement_limits_knee_flexion(kb: KnowledgeBase) -> None:
    limits = [
        r.limit_deg
        for r in kb.contraindications["knee-replacement"].restrictions
        if r.movement == "knee-flexion"
    ]
    assert limits
    assert all(limit is not None and limit <= 110 for limit in limits)


def test_possible_upper_neck_instability_rules_out_every_neck_stretch(kb: KnowledgeBase) -> None:
    neck = {s.id for s in kb.stretches.values() if s.region == "neck"}
    assert neck <= blocked_by(kb, "upper-cervical-instability-risk")


def test_radiating_arm_symptoms_keep_straight_arm_wrist_stretches_out(kb: KnowledgeBase) -> None:
    """Held median or radial nerve tension (the upper-limb neurodynamic positions, nee-2012)."""
    assert "sustained-upper-limb-neural-tension" in forbidden(kb, "radiating-limb-symptoms")
    for stretch_id in ("seated-wrist-flexor-stretch", "seated-wrist-extensor-stretch"):
        refused = {c.finding.id for c in who_must_not_receive(kb, kb.stretches[stretch_id])}
        assert "radiating-limb-symptoms" in refused, stretch_id
